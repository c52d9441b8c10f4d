from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CertificateOverview")


@_attrs_define
class CertificateOverview:
    """
    Attributes:
        active (int): How many are active
        maintenance_due (int): How many have a maintenance submission due
        suspended (int): How many are suspended
        lapsed (int): How many lapsed
        revoked (int): How many were revoked
        expiring_in_90_days (int): Active certificates whose validity ends within 90 days
    """

    active: int
    maintenance_due: int
    suspended: int
    lapsed: int
    revoked: int
    expiring_in_90_days: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        active = self.active

        maintenance_due = self.maintenance_due

        suspended = self.suspended

        lapsed = self.lapsed

        revoked = self.revoked

        expiring_in_90_days = self.expiring_in_90_days

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "active": active,
                "maintenance_due": maintenance_due,
                "suspended": suspended,
                "lapsed": lapsed,
                "revoked": revoked,
                "expiring_in_90_days": expiring_in_90_days,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        active = d.pop("active")

        maintenance_due = d.pop("maintenance_due")

        suspended = d.pop("suspended")

        lapsed = d.pop("lapsed")

        revoked = d.pop("revoked")

        expiring_in_90_days = d.pop("expiring_in_90_days")

        certificate_overview = cls(
            active=active,
            maintenance_due=maintenance_due,
            suspended=suspended,
            lapsed=lapsed,
            revoked=revoked,
            expiring_in_90_days=expiring_in_90_days,
        )

        certificate_overview.additional_properties = d
        return certificate_overview

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
