from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.course_create_category import CourseCreateCategory
from ..types import UNSET, Unset

T = TypeVar("T", bound="CourseCreate")


@_attrs_define
class CourseCreate:
    """
    Attributes:
        code (str): Short upper-case code, e.g. SFA
        title (str): The course's title
        category (CourseCreateCategory): The course's category in the program's training rules
        validity_months (int | None | Unset): How long a completion counts
        acsa_course (bool | Unset): Whether ACSA itself delivers this course (ACSA-only rules, such as the SECOR course,
            need it) Default: False.
    """

    code: str
    title: str
    category: CourseCreateCategory
    validity_months: int | None | Unset = UNSET
    acsa_course: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        title = self.title

        category = self.category.value

        validity_months: int | None | Unset
        if isinstance(self.validity_months, Unset):
            validity_months = UNSET
        else:
            validity_months = self.validity_months

        acsa_course = self.acsa_course

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
                "title": title,
                "category": category,
            }
        )
        if validity_months is not UNSET:
            field_dict["validity_months"] = validity_months
        if acsa_course is not UNSET:
            field_dict["acsa_course"] = acsa_course

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        title = d.pop("title")

        category = CourseCreateCategory(d.pop("category"))

        def _parse_validity_months(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        validity_months = _parse_validity_months(d.pop("validity_months", UNSET))

        acsa_course = d.pop("acsa_course", UNSET)

        course_create = cls(
            code=code,
            title=title,
            category=category,
            validity_months=validity_months,
            acsa_course=acsa_course,
        )

        return course_create
