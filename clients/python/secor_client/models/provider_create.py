from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ProviderCreate")


@_attrs_define
class ProviderCreate:
    """
    Attributes:
        name (str): The provider's name
        is_acsa (bool | Unset): ACSA itself: its courses count as continuing education Default: False.
        approved_course_codes (list[str] | Unset): The course codes this provider may post completions for
    """

    name: str
    is_acsa: bool | Unset = False
    approved_course_codes: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        is_acsa = self.is_acsa

        approved_course_codes: list[str] | Unset = UNSET
        if not isinstance(self.approved_course_codes, Unset):
            approved_course_codes = self.approved_course_codes

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if is_acsa is not UNSET:
            field_dict["is_acsa"] = is_acsa
        if approved_course_codes is not UNSET:
            field_dict["approved_course_codes"] = approved_course_codes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        is_acsa = d.pop("is_acsa", UNSET)

        approved_course_codes = cast(list[str], d.pop("approved_course_codes", UNSET))

        provider_create = cls(
            name=name,
            is_acsa=is_acsa,
            approved_course_codes=approved_course_codes,
        )

        return provider_create
