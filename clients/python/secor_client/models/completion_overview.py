from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.completion_overview_by_category import CompletionOverviewByCategory


T = TypeVar("T", bound="CompletionOverview")


@_attrs_define
class CompletionOverview:
    """
    Attributes:
        since (datetime.date): The first day counted
        total (int): The total
        by_category (CompletionOverviewByCategory): Counts by course category
    """

    since: datetime.date
    total: int
    by_category: CompletionOverviewByCategory
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        since = self.since.isoformat()

        total = self.total

        by_category = self.by_category.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "since": since,
                "total": total,
                "by_category": by_category,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.completion_overview_by_category import CompletionOverviewByCategory  # noqa: PLC0415

        d = dict(src_dict)
        since = datetime.date.fromisoformat(d.pop("since"))

        total = d.pop("total")

        by_category = CompletionOverviewByCategory.from_dict(d.pop("by_category"))

        completion_overview = cls(
            since=since,
            total=total,
            by_category=by_category,
        )

        completion_overview.additional_properties = d
        return completion_overview

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
