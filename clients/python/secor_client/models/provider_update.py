from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ProviderUpdate")


@_attrs_define
class ProviderUpdate:
    """
    Attributes:
        name (None | str | Unset): The provider's name
        is_acsa (bool | None | Unset): Whether this provider is ACSA itself
        approved_course_codes (list[str] | None | Unset): The course codes this provider may post completions for
    """

    name: None | str | Unset = UNSET
    is_acsa: bool | None | Unset = UNSET
    approved_course_codes: list[str] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        is_acsa: bool | None | Unset
        if isinstance(self.is_acsa, Unset):
            is_acsa = UNSET
        else:
            is_acsa = self.is_acsa

        approved_course_codes: list[str] | None | Unset
        if isinstance(self.approved_course_codes, Unset):
            approved_course_codes = UNSET
        elif isinstance(self.approved_course_codes, list):
            approved_course_codes = self.approved_course_codes

        else:
            approved_course_codes = self.approved_course_codes

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if is_acsa is not UNSET:
            field_dict["is_acsa"] = is_acsa
        if approved_course_codes is not UNSET:
            field_dict["approved_course_codes"] = approved_course_codes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_is_acsa(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        is_acsa = _parse_is_acsa(d.pop("is_acsa", UNSET))

        def _parse_approved_course_codes(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                approved_course_codes_type_0 = cast(list[str], data)

                return approved_course_codes_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        approved_course_codes = _parse_approved_course_codes(d.pop("approved_course_codes", UNSET))

        provider_update = cls(
            name=name,
            is_acsa=is_acsa,
            approved_course_codes=approved_course_codes,
        )

        return provider_update
