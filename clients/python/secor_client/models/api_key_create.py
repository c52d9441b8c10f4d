from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.api_key_create_kind import ApiKeyCreateKind
from ..models.api_key_create_role_type_0 import ApiKeyCreateRoleType0
from ..types import UNSET, Unset

T = TypeVar("T", bound="ApiKeyCreate")


@_attrs_define
class ApiKeyCreate:
    """
    Attributes:
        name (str): Who or what uses the key
        kind (ApiKeyCreateKind): What kind of key: for a provider, an integrator, or staff
        role (ApiKeyCreateRoleType0 | None | Unset): Required for staff keys, refused otherwise
        provider_id (None | str | Unset): Required for provider keys
        integrator_id (None | str | Unset): Integrator keys: add a key for an existing integrator; omitted, a new
            integrator is created
        rate_limit_per_minute (int | None | Unset): Requests per minute this key may make (null: the default)
    """

    name: str
    kind: ApiKeyCreateKind
    role: ApiKeyCreateRoleType0 | None | Unset = UNSET
    provider_id: None | str | Unset = UNSET
    integrator_id: None | str | Unset = UNSET
    rate_limit_per_minute: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        kind = self.kind.value

        role: None | str | Unset
        if isinstance(self.role, Unset):
            role = UNSET
        elif isinstance(self.role, ApiKeyCreateRoleType0):
            role = self.role.value
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

        rate_limit_per_minute: int | None | Unset
        if isinstance(self.rate_limit_per_minute, Unset):
            rate_limit_per_minute = UNSET
        else:
            rate_limit_per_minute = self.rate_limit_per_minute

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "kind": kind,
            }
        )
        if role is not UNSET:
            field_dict["role"] = role
        if provider_id is not UNSET:
            field_dict["provider_id"] = provider_id
        if integrator_id is not UNSET:
            field_dict["integrator_id"] = integrator_id
        if rate_limit_per_minute is not UNSET:
            field_dict["rate_limit_per_minute"] = rate_limit_per_minute

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        kind = ApiKeyCreateKind(d.pop("kind"))

        def _parse_role(data: object) -> ApiKeyCreateRoleType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                role_type_0 = ApiKeyCreateRoleType0(data)

                return role_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ApiKeyCreateRoleType0 | None | Unset, data)

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

        def _parse_rate_limit_per_minute(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        rate_limit_per_minute = _parse_rate_limit_per_minute(d.pop("rate_limit_per_minute", UNSET))

        api_key_create = cls(
            name=name,
            kind=kind,
            role=role,
            provider_id=provider_id,
            integrator_id=integrator_id,
            rate_limit_per_minute=rate_limit_per_minute,
        )

        return api_key_create
