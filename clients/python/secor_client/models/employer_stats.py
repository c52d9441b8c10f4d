from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.employer_stats_by_outcome import EmployerStatsByOutcome
    from ..models.outcome_count import OutcomeCount


T = TypeVar("T", bound="EmployerStats")


@_attrs_define
class EmployerStats:
    """
    Attributes:
        total (int): The total
        by_outcome (EmployerStatsByOutcome): Counts by eligibility outcome
        data (list[OutcomeCount]): The items of this page or table
    """

    total: int
    by_outcome: EmployerStatsByOutcome
    data: list[OutcomeCount]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        total = self.total

        by_outcome = self.by_outcome.to_dict()

        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "total": total,
                "by_outcome": by_outcome,
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.employer_stats_by_outcome import EmployerStatsByOutcome  # noqa: PLC0415
        from ..models.outcome_count import OutcomeCount  # noqa: PLC0415

        d = dict(src_dict)
        total = d.pop("total")

        by_outcome = EmployerStatsByOutcome.from_dict(d.pop("by_outcome"))

        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = OutcomeCount.from_dict(data_item_data)

            data.append(data_item)

        employer_stats = cls(
            total=total,
            by_outcome=by_outcome,
            data=data,
        )

        employer_stats.additional_properties = d
        return employer_stats

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
