from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SyncReport")


@_attrs_define
class SyncReport:
    """
    Attributes:
        created (list[str]): How many were created
        updated (list[str]): Ids of the workers the sync changed
        ended (list[str]): Ids of the workers whose employment the sync ended
        unchanged (int): How many were already as sent
    """

    created: list[str]
    updated: list[str]
    ended: list[str]
    unchanged: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created = self.created

        updated = self.updated

        ended = self.ended

        unchanged = self.unchanged

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created": created,
                "updated": updated,
                "ended": ended,
                "unchanged": unchanged,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created = cast(list[str], d.pop("created"))

        updated = cast(list[str], d.pop("updated"))

        ended = cast(list[str], d.pop("ended"))

        unchanged = d.pop("unchanged")

        sync_report = cls(
            created=created,
            updated=updated,
            ended=ended,
            unchanged=unchanged,
        )

        sync_report.additional_properties = d
        return sync_report

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
