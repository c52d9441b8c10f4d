from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="DeclarationCreate")


@_attrs_define
class DeclarationCreate:
    """
    Attributes:
        period_start (datetime.date): The first day of the declared period
        period_end (datetime.date): The last day of the declared period
        peak_headcount (int): The most people covered at one time in the period
    """

    period_start: datetime.date
    period_end: datetime.date
    peak_headcount: int

    def to_dict(self) -> dict[str, Any]:
        period_start = self.period_start.isoformat()

        period_end = self.period_end.isoformat()

        peak_headcount = self.peak_headcount

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "period_start": period_start,
                "period_end": period_end,
                "peak_headcount": peak_headcount,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        period_start = datetime.date.fromisoformat(d.pop("period_start"))

        period_end = datetime.date.fromisoformat(d.pop("period_end"))

        peak_headcount = d.pop("peak_headcount")

        declaration_create = cls(
            period_start=period_start,
            period_end=period_end,
            peak_headcount=peak_headcount,
        )

        return declaration_create
