from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PackageFileEntry")


@_attrs_define
class PackageFileEntry:
    """
    Attributes:
        path (str): The document's path in the package, as the intake report names it
        size (int): Bytes, unpacked
        element (None | str): The element whose folder holds it (null: none)
        modified (None | str): The time stamp the zip gives it: local time, YYYY-MM-DDTHH:MM:SS, no zone
    """

    path: str
    size: int
    element: None | str
    modified: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        path = self.path

        size = self.size

        element: None | str
        element = self.element

        modified: None | str
        modified = self.modified

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "path": path,
                "size": size,
                "element": element,
                "modified": modified,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        path = d.pop("path")

        size = d.pop("size")

        def _parse_element(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        element = _parse_element(d.pop("element"))

        def _parse_modified(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        modified = _parse_modified(d.pop("modified"))

        package_file_entry = cls(
            path=path,
            size=size,
            element=element,
            modified=modified,
        )

        package_file_entry.additional_properties = d
        return package_file_entry

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
