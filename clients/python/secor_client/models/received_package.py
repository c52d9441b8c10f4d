from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.received_package_kind import ReceivedPackageKind
from ..models.received_package_outcome import ReceivedPackageOutcome
from ..models.received_package_source import ReceivedPackageSource
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.intake_report import IntakeReport


T = TypeVar("T", bound="ReceivedPackage")


@_attrs_define
class ReceivedPackage:
    """
    Attributes:
        id (str): `pkg_...` for a package, `add_...` for an addendum
        kind (ReceivedPackageKind): Its kind
        received_at (datetime.datetime): When it was received (RFC 3339, UTC)
        by (str): The key (or mailbox) it came from
        source (ReceivedPackageSource): Where it came from
        bytes_ (int | None): Its size as stored (null: a link not yet downloaded)
        sha256 (None | str): Hex SHA-256 of the stored zip (null: not yet downloaded)
        outcome (ReceivedPackageOutcome): validating until intake has checked it, then its report's outcome
        intake_report (IntakeReport | None): What intake found in the package, once it has checked it
        url (None | str | Unset): The link it was fetched from, for a link
    """

    id: str
    kind: ReceivedPackageKind
    received_at: datetime.datetime
    by: str
    source: ReceivedPackageSource
    bytes_: int | None
    sha256: None | str
    outcome: ReceivedPackageOutcome
    intake_report: IntakeReport | None
    url: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.intake_report import IntakeReport  # noqa: PLC0415

        id = self.id

        kind = self.kind.value

        received_at = self.received_at.isoformat()

        by = self.by

        source = self.source.value

        bytes_: int | None
        bytes_ = self.bytes_

        sha256: None | str
        sha256 = self.sha256

        outcome = self.outcome.value

        intake_report: dict[str, Any] | None
        if isinstance(self.intake_report, IntakeReport):
            intake_report = self.intake_report.to_dict()
        else:
            intake_report = self.intake_report

        url: None | str | Unset
        if isinstance(self.url, Unset):
            url = UNSET
        else:
            url = self.url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "kind": kind,
                "received_at": received_at,
                "by": by,
                "source": source,
                "bytes": bytes_,
                "sha256": sha256,
                "outcome": outcome,
                "intake_report": intake_report,
            }
        )
        if url is not UNSET:
            field_dict["url"] = url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.intake_report import IntakeReport  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        kind = ReceivedPackageKind(d.pop("kind"))

        received_at = datetime.datetime.fromisoformat(d.pop("received_at"))

        by = d.pop("by")

        source = ReceivedPackageSource(d.pop("source"))

        def _parse_bytes_(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        bytes_ = _parse_bytes_(d.pop("bytes"))

        def _parse_sha256(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        sha256 = _parse_sha256(d.pop("sha256"))

        outcome = ReceivedPackageOutcome(d.pop("outcome"))

        def _parse_intake_report(data: object) -> IntakeReport | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                intake_report_type_0 = IntakeReport.from_dict(data)

                return intake_report_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(IntakeReport | None, data)

        intake_report = _parse_intake_report(d.pop("intake_report"))

        def _parse_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        url = _parse_url(d.pop("url", UNSET))

        received_package = cls(
            id=id,
            kind=kind,
            received_at=received_at,
            by=by,
            source=source,
            bytes_=bytes_,
            sha256=sha256,
            outcome=outcome,
            intake_report=intake_report,
            url=url,
        )

        received_package.additional_properties = d
        return received_package

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
