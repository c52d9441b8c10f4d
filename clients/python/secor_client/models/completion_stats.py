from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.completion_group import CompletionGroup


T = TypeVar("T", bound="CompletionStats")


@_attrs_define
class CompletionStats:
    """
    Attributes:
        group_by (str): How the rows are grouped
        completed_from (datetime.date | None): Only completions on or after this day
        completed_to (datetime.date | None): Only completions on or before this day
        total (int): The total
        data (list[CompletionGroup]): The items of this page or table
    """

    group_by: str
    completed_from: datetime.date | None
    completed_to: datetime.date | None
    total: int
    data: list[CompletionGroup]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        group_by = self.group_by

        completed_from: None | str
        if isinstance(self.completed_from, datetime.date):
            completed_from = self.completed_from.isoformat()
        else:
            completed_from = self.completed_from

        completed_to: None | str
        if isinstance(self.completed_to, datetime.date):
            completed_to = self.completed_to.isoformat()
        else:
            completed_to = self.completed_to

        total = self.total

        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "group_by": group_by,
                "completed_from": completed_from,
                "completed_to": completed_to,
                "total": total,
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.completion_group import CompletionGroup  # noqa: PLC0415

        d = dict(src_dict)
        group_by = d.pop("group_by")

        def _parse_completed_from(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                completed_from_type_0 = datetime.date.fromisoformat(data)

                return completed_from_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        completed_from = _parse_completed_from(d.pop("completed_from"))

        def _parse_completed_to(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                completed_to_type_0 = datetime.date.fromisoformat(data)

                return completed_to_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        completed_to = _parse_completed_to(d.pop("completed_to"))

        total = d.pop("total")

        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = CompletionGroup.from_dict(data_item_data)

            data.append(data_item)

        completion_stats = cls(
            group_by=group_by,
            completed_from=completed_from,
            completed_to=completed_to,
            total=total,
            data=data,
        )

        completion_stats.additional_properties = d
        return completion_stats

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
