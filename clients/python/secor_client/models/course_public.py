from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.course_public_category import CoursePublicCategory

T = TypeVar("T", bound="CoursePublic")


@_attrs_define
class CoursePublic:
    """
    Attributes:
        code (str): The course's code
        title (str): The course's title
        category (CoursePublicCategory): The course's category in the program's training rules
        validity_months (int | None): How many months a completion of the course counts (null: it does not expire)
        acsa_course (bool): Whether ACSA itself delivers this course (ACSA-only rules, such as the SECOR course, need
            it)
        created_at (datetime.datetime): When it was created (RFC 3339, UTC)
    """

    code: str
    title: str
    category: CoursePublicCategory
    validity_months: int | None
    acsa_course: bool
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        title = self.title

        category = self.category.value

        validity_months: int | None
        validity_months = self.validity_months

        acsa_course = self.acsa_course

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "title": title,
                "category": category,
                "validity_months": validity_months,
                "acsa_course": acsa_course,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        title = d.pop("title")

        category = CoursePublicCategory(d.pop("category"))

        def _parse_validity_months(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        validity_months = _parse_validity_months(d.pop("validity_months"))

        acsa_course = d.pop("acsa_course")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        course_public = cls(
            code=code,
            title=title,
            category=category,
            validity_months=validity_months,
            acsa_course=acsa_course,
            created_at=created_at,
        )

        course_public.additional_properties = d
        return course_public

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
