from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.refusal_public_errors_item import RefusalPublicErrorsItem


T = TypeVar("T", bound="RefusalPublic")


@_attrs_define
class RefusalPublic:
    """
    Attributes:
        type_ (str): The problem type's last segment, e.g. not-eligible
        detail (str): What happened, in a sentence
        errors (list[RefusalPublicErrorsItem]): One entry per reason
    """

    type_: str
    detail: str
    errors: list[RefusalPublicErrorsItem]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        detail = self.detail

        errors = []
        for errors_item_data in self.errors:
            errors_item = errors_item_data.to_dict()
            errors.append(errors_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "detail": detail,
                "errors": errors,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.refusal_public_errors_item import RefusalPublicErrorsItem  # noqa: PLC0415

        d = dict(src_dict)
        type_ = d.pop("type")

        detail = d.pop("detail")

        errors = []
        _errors = d.pop("errors")
        for errors_item_data in _errors:
            errors_item = RefusalPublicErrorsItem.from_dict(errors_item_data)

            errors.append(errors_item)

        refusal_public = cls(
            type_=type_,
            detail=detail,
            errors=errors,
        )

        refusal_public.additional_properties = d
        return refusal_public

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
