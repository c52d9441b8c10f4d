from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.certificate_overview import CertificateOverview
    from ..models.completion_overview import CompletionOverview
    from ..models.overview_employers import OverviewEmployers
    from ..models.submission_overview import SubmissionOverview


T = TypeVar("T", bound="Overview")


@_attrs_define
class Overview:
    """
    Attributes:
        as_of (datetime.date): The day (or instant) the figures or the fact hold from
        employers (OverviewEmployers): Employers by current outcome, and `total`
        certificates (CertificateOverview):
        submissions (SubmissionOverview):
        completions_last_30_days (CompletionOverview):
    """

    as_of: datetime.date
    employers: OverviewEmployers
    certificates: CertificateOverview
    submissions: SubmissionOverview
    completions_last_30_days: CompletionOverview
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        as_of = self.as_of.isoformat()

        employers = self.employers.to_dict()

        certificates = self.certificates.to_dict()

        submissions = self.submissions.to_dict()

        completions_last_30_days = self.completions_last_30_days.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "as_of": as_of,
                "employers": employers,
                "certificates": certificates,
                "submissions": submissions,
                "completions_last_30_days": completions_last_30_days,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.certificate_overview import CertificateOverview  # noqa: PLC0415
        from ..models.completion_overview import CompletionOverview  # noqa: PLC0415
        from ..models.overview_employers import OverviewEmployers  # noqa: PLC0415
        from ..models.submission_overview import SubmissionOverview  # noqa: PLC0415

        d = dict(src_dict)
        as_of = datetime.date.fromisoformat(d.pop("as_of"))

        employers = OverviewEmployers.from_dict(d.pop("employers"))

        certificates = CertificateOverview.from_dict(d.pop("certificates"))

        submissions = SubmissionOverview.from_dict(d.pop("submissions"))

        completions_last_30_days = CompletionOverview.from_dict(d.pop("completions_last_30_days"))

        overview = cls(
            as_of=as_of,
            employers=employers,
            certificates=certificates,
            submissions=submissions,
            completions_last_30_days=completions_last_30_days,
        )

        overview.additional_properties = d
        return overview

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
