from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="NamedDocumentPublic")


@_attrs_define
class NamedDocumentPublic:
    """A document every package holds, and how its file name is recognised.

    Attributes:
        pattern (str): A self-contained regular expression (flags inline, e.g. `(?i)`) a file name matching the
            vocabulary matches; `example` matches it under plain `re.search`
        example (str): An example file name
        vocabulary (list[str]): The name says one of these phrases, compared after folding case, accents, separators and
            punctuation, as whole words
        extensions (list[str]): File extensions accepted for it
    """

    pattern: str
    example: str
    vocabulary: list[str]
    extensions: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        pattern = self.pattern

        example = self.example

        vocabulary = self.vocabulary

        extensions = self.extensions

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "pattern": pattern,
                "example": example,
                "vocabulary": vocabulary,
                "extensions": extensions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        pattern = d.pop("pattern")

        example = d.pop("example")

        vocabulary = cast(list[str], d.pop("vocabulary"))

        extensions = cast(list[str], d.pop("extensions"))

        named_document_public = cls(
            pattern=pattern,
            example=example,
            vocabulary=vocabulary,
            extensions=extensions,
        )

        named_document_public.additional_properties = d
        return named_document_public

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
