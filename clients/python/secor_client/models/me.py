from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Me")


@_attrs_define
class Me:
    """
    Attributes:
        kind (str): What kind of key this is
        id (str): Its id
        name (str): Its name
        scopes (list[str]): What the key may do
        role (None | str | Unset): The role
        provider_id (None | str | Unset): The training provider's id
        integrator_id (None | str | Unset): The integrator's id
    """

    kind: str
    id: str
    name: str
    scopes: list[str]
    role: None | str | Unset = UNSET
    provider_id: None | str | Unset = UNSET
    integrator_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind

        id = self.id

        name = self.name

        scopes = self.scopes

        role: None | str | Unset
        if isinstance(self.role, Unset):
            role = UNSET
        else:
            role = self.role

        provider_id: None | str | Unset
        if isinstance(self.provider_id, Unset):
            provider_id = UNSET
        else:
            provider_id = self.provider_id

        integrator_id: None | str | Unset
        if isinstance(self.integrator_id, Unset):
            integrator_id = UNSET
        else:
            integrator_id = self.integrator_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "kind": kind,
                "id": id,
                "name": name,
                "scopes": scopes,
            }
        )
        if role is not UNSET:
            field_dict["role"] = role
        if provider_id is not UNSET:
            field_dict["provider_id"] = provider_id
        if integrator_id is not UNSET:
            field_dict["integrator_id"] = integrator_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = d.pop("kind")

        id = d.pop("id")

        name = d.pop("name")

        scopes = cast(list[str], d.pop("scopes"))

        def _parse_role(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        role = _parse_role(d.pop("role", UNSET))

        def _parse_provider_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        provider_id = _parse_provider_id(d.pop("provider_id", UNSET))

        def _parse_integrator_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        integrator_id = _parse_integrator_id(d.pop("integrator_id", UNSET))

        me = cls(
            kind=kind,
            id=id,
            name=name,
            scopes=scopes,
            role=role,
            provider_id=provider_id,
            integrator_id=integrator_id,
        )

        me.additional_properties = d
        return me

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
