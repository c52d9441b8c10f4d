from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.certificate_group import CertificateGroup
    from ..models.certificate_summary import CertificateSummary


T = TypeVar("T", bound="CertificateStats")


@_attrs_define
class CertificateStats:
    """
    Attributes:
        group_by (str): How the rows are grouped
        summary (CertificateSummary):
        data (list[CertificateGroup]): The items of this page or table
    """

    group_by: str
    summary: CertificateSummary
    data: list[CertificateGroup]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        group_by = self.group_by

        summary = self.summary.to_dict()

        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "group_by": group_by,
                "summary": summary,
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.certificate_group import CertificateGroup  # noqa: PLC0415
        from ..models.certificate_summary import CertificateSummary  # noqa: PLC0415

        d = dict(src_dict)
        group_by = d.pop("group_by")

        summary = CertificateSummary.from_dict(d.pop("summary"))

        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = CertificateGroup.from_dict(data_item_data)

            data.append(data_item)

        certificate_stats = cls(
            group_by=group_by,
            summary=summary,
            data=data,
        )

        certificate_stats.additional_properties = d
        return certificate_stats

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
