from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="MaintenanceWindow")


@_attrs_define
class MaintenanceWindow:
    """
    Attributes:
        year (int): The certificate year (1 is the first year of validity)
        due_on (datetime.date): The day it falls due
        receivable_from (datetime.date): The first day a maintenance submission is received for it
        receive_by (datetime.date): The last day the evaluation's package may arrive (due date + grace)
        previous_audit_period_end (datetime.date | None): The end of the audit period of the evaluation before
    """

    year: int
    due_on: datetime.date
    receivable_from: datetime.date
    receive_by: datetime.date
    previous_audit_period_end: datetime.date | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        year = self.year

        due_on = self.due_on.isoformat()

        receivable_from = self.receivable_from.isoformat()

        receive_by = self.receive_by.isoformat()

        previous_audit_period_end: None | str
        if isinstance(self.previous_audit_period_end, datetime.date):
            previous_audit_period_end = self.previous_audit_period_end.isoformat()
        else:
            previous_audit_period_end = self.previous_audit_period_end

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "year": year,
                "due_on": due_on,
                "receivable_from": receivable_from,
                "receive_by": receive_by,
                "previous_audit_period_end": previous_audit_period_end,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        year = d.pop("year")

        due_on = datetime.date.fromisoformat(d.pop("due_on"))

        receivable_from = datetime.date.fromisoformat(d.pop("receivable_from"))

        receive_by = datetime.date.fromisoformat(d.pop("receive_by"))

        def _parse_previous_audit_period_end(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                previous_audit_period_end_type_0 = datetime.date.fromisoformat(data)

                return previous_audit_period_end_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        previous_audit_period_end = _parse_previous_audit_period_end(d.pop("previous_audit_period_end"))

        maintenance_window = cls(
            year=year,
            due_on=due_on,
            receivable_from=receivable_from,
            receive_by=receive_by,
            previous_audit_period_end=previous_audit_period_end,
        )

        maintenance_window.additional_properties = d
        return maintenance_window

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
