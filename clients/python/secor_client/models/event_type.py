from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.event_type_schema import EventTypeSchema


T = TypeVar("T", bound="EventType")


@_attrs_define
class EventType:
    """
    Attributes:
        type_ (str): The event type's name
        description (str): What the event means
        ordered_by (None | str): Events with the same value of this arrive in `sequence` order
        schema (EventTypeSchema): The JSON Schema of the event's `data`
    """

    type_: str
    description: str
    ordered_by: None | str
    schema: EventTypeSchema
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        description = self.description

        ordered_by: None | str
        ordered_by = self.ordered_by

        schema = self.schema.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "description": description,
                "ordered_by": ordered_by,
                "schema": schema,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.event_type_schema import EventTypeSchema  # noqa: PLC0415

        d = dict(src_dict)
        type_ = d.pop("type")

        description = d.pop("description")

        def _parse_ordered_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        ordered_by = _parse_ordered_by(d.pop("ordered_by"))

        schema = EventTypeSchema.from_dict(d.pop("schema"))

        event_type = cls(
            type_=type_,
            description=description,
            ordered_by=ordered_by,
            schema=schema,
        )

        event_type.additional_properties = d
        return event_type

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
