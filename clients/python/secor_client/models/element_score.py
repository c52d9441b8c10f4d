from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ElementScore")


@_attrs_define
class ElementScore:
    """
    Attributes:
        element (str): An element code of the instrument (GET /v1/instruments/current)
        earned (float): Points the evaluation gives the element
        possible (float): The element's points in the instrument
    """

    element: str
    earned: float
    possible: float

    def to_dict(self) -> dict[str, Any]:
        element = self.element

        earned = self.earned

        possible = self.possible

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "element": element,
                "earned": earned,
                "possible": possible,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        element = d.pop("element")

        earned = d.pop("earned")

        possible = d.pop("possible")

        element_score = cls(
            element=element,
            earned=earned,
            possible=possible,
        )

        return element_score
