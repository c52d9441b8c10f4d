from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.submission_overview_by_channel import SubmissionOverviewByChannel
    from ..models.submission_overview_by_status import SubmissionOverviewByStatus


T = TypeVar("T", bound="SubmissionOverview")


@_attrs_define
class SubmissionOverview:
    """
    Attributes:
        total (int): The total
        by_status (SubmissionOverviewByStatus): Counts by status
        by_channel (SubmissionOverviewByChannel): By how they came: `api` or `email`
        in_qa_now (int): Submissions in QA review now
        median_days_in_qa (float | None): The median days a submission spent in QA
    """

    total: int
    by_status: SubmissionOverviewByStatus
    by_channel: SubmissionOverviewByChannel
    in_qa_now: int
    median_days_in_qa: float | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        total = self.total

        by_status = self.by_status.to_dict()

        by_channel = self.by_channel.to_dict()

        in_qa_now = self.in_qa_now

        median_days_in_qa: float | None
        median_days_in_qa = self.median_days_in_qa

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "total": total,
                "by_status": by_status,
                "by_channel": by_channel,
                "in_qa_now": in_qa_now,
                "median_days_in_qa": median_days_in_qa,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.submission_overview_by_channel import SubmissionOverviewByChannel  # noqa: PLC0415
        from ..models.submission_overview_by_status import SubmissionOverviewByStatus  # noqa: PLC0415

        d = dict(src_dict)
        total = d.pop("total")

        by_status = SubmissionOverviewByStatus.from_dict(d.pop("by_status"))

        by_channel = SubmissionOverviewByChannel.from_dict(d.pop("by_channel"))

        in_qa_now = d.pop("in_qa_now")

        def _parse_median_days_in_qa(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        median_days_in_qa = _parse_median_days_in_qa(d.pop("median_days_in_qa"))

        submission_overview = cls(
            total=total,
            by_status=by_status,
            by_channel=by_channel,
            in_qa_now=in_qa_now,
            median_days_in_qa=median_days_in_qa,
        )

        submission_overview.additional_properties = d
        return submission_overview

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
