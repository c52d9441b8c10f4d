from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ProviderPublic")


@_attrs_define
class ProviderPublic:
    """
    Attributes:
        id (str): Its id
        name (str): The provider's name
        is_acsa (bool): Whether this provider is ACSA itself
        approved_course_codes (list[str]): The course codes this provider may post completions for
        created_at (datetime.datetime): When it was created (RFC 3339, UTC)
        updated_at (datetime.datetime): When it last changed (RFC 3339, UTC)
    """

    id: str
    name: str
    is_acsa: bool
    approved_course_codes: list[str]
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        is_acsa = self.is_acsa

        approved_course_codes = self.approved_course_codes

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "is_acsa": is_acsa,
                "approved_course_codes": approved_course_codes,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        is_acsa = d.pop("is_acsa")

        approved_course_codes = cast(list[str], d.pop("approved_course_codes"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        provider_public = cls(
            id=id,
            name=name,
            is_acsa=is_acsa,
            approved_course_codes=approved_course_codes,
            created_at=created_at,
            updated_at=updated_at,
        )

        provider_public.additional_properties = d
        return provider_public

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
