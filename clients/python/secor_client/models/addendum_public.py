from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.addendum_public_status import AddendumPublicStatus

if TYPE_CHECKING:
    from ..models.intake_report import IntakeReport
    from ..models.package_info import PackageInfo


T = TypeVar("T", bound="AddendumPublic")


@_attrs_define
class AddendumPublic:
    """
    Attributes:
        id (str): Its id
        status (AddendumPublicStatus): Its status now
        received_at (datetime.datetime): When it was received (RFC 3339, UTC)
        package (PackageInfo):
        intake_report (IntakeReport | None): What intake found in the package, once it has checked it
    """

    id: str
    status: AddendumPublicStatus
    received_at: datetime.datetime
    package: PackageInfo
    intake_report: IntakeReport | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.intake_report import IntakeReport  # noqa: PLC0415

        id = self.id

        status = self.status.value

        received_at = self.received_at.isoformat()

        package = self.package.to_dict()

        intake_report: dict[str, Any] | None
        if isinstance(self.intake_report, IntakeReport):
            intake_report = self.intake_report.to_dict()
        else:
            intake_report = self.intake_report

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "status": status,
                "received_at": received_at,
                "package": package,
                "intake_report": intake_report,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.intake_report import IntakeReport  # noqa: PLC0415
        from ..models.package_info import PackageInfo  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        status = AddendumPublicStatus(d.pop("status"))

        received_at = datetime.datetime.fromisoformat(d.pop("received_at"))

        package = PackageInfo.from_dict(d.pop("package"))

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

        addendum_public = cls(
            id=id,
            status=status,
            received_at=received_at,
            package=package,
            intake_report=intake_report,
        )

        addendum_public.additional_properties = d
        return addendum_public

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
