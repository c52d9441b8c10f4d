from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="Element")


@_attrs_define
class Element:
    """
    Attributes:
        code (str): The element's code (`E01`...)
        number (int): The element's number, its place in the instrument
        name (str): The element's name
        folder_name (str): The folder a package uses for this element
        points (int): The points the element is worth in the evaluation tool
        aliases (list[str] | Unset): Other words an unnumbered folder may use for this element (compared folded, as
            whole words)
    """

    code: str
    number: int
    name: str
    folder_name: str
    points: int
    aliases: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        number = self.number

        name = self.name

        folder_name = self.folder_name

        points = self.points

        aliases: list[str] | Unset = UNSET
        if not isinstance(self.aliases, Unset):
            aliases = self.aliases

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
                "number": number,
                "name": name,
                "folder_name": folder_name,
                "points": points,
            }
        )
        if aliases is not UNSET:
            field_dict["aliases"] = aliases

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        number = d.pop("number")

        name = d.pop("name")

        folder_name = d.pop("folder_name")

        points = d.pop("points")

        aliases = cast(list[str], d.pop("aliases", UNSET))

        element = cls(
            code=code,
            number=number,
            name=name,
            folder_name=folder_name,
            points=points,
            aliases=aliases,
        )

        return element
