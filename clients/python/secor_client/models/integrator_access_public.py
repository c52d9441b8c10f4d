from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="IntegratorAccessPublic")


@_attrs_define
class IntegratorAccessPublic:
    """
    Attributes:
        employer_id (str): The employer's id
        integrator_id (str): The integrator's id
        granted_at (datetime.datetime): When the access was granted (RFC 3339, UTC)
    """

    employer_id: str
    integrator_id: str
    granted_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        employer_id = self.employer_id

        integrator_id = self.integrator_id

        granted_at = self.granted_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "employer_id": employer_id,
                "integrator_id": integrator_id,
                "granted_at": granted_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        employer_id = d.pop("employer_id")

        integrator_id = d.pop("integrator_id")

        granted_at = datetime.datetime.fromisoformat(d.pop("granted_at"))

        integrator_access_public = cls(
            employer_id=employer_id,
            integrator_id=integrator_id,
            granted_at=granted_at,
        )

        integrator_access_public.additional_properties = d
        return integrator_access_public

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
