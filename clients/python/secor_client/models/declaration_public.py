from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DeclarationPublic")


@_attrs_define
class DeclarationPublic:
    """
    Attributes:
        period_start (datetime.date): The first day of the declared period
        period_end (datetime.date): The last day of the declared period
        peak_headcount (int): The most people covered at one time in the period
        id (str): Its id
        employer_id (str): The employer's id
        created_at (datetime.datetime): When it was created (RFC 3339, UTC)
    """

    period_start: datetime.date
    period_end: datetime.date
    peak_headcount: int
    id: str
    employer_id: str
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        period_start = self.period_start.isoformat()

        period_end = self.period_end.isoformat()

        peak_headcount = self.peak_headcount

        id = self.id

        employer_id = self.employer_id

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "period_start": period_start,
                "period_end": period_end,
                "peak_headcount": peak_headcount,
                "id": id,
                "employer_id": employer_id,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        period_start = datetime.date.fromisoformat(d.pop("period_start"))

        period_end = datetime.date.fromisoformat(d.pop("period_end"))

        peak_headcount = d.pop("peak_headcount")

        id = d.pop("id")

        employer_id = d.pop("employer_id")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        declaration_public = cls(
            period_start=period_start,
            period_end=period_end,
            peak_headcount=peak_headcount,
            id=id,
            employer_id=employer_id,
            created_at=created_at,
        )

        declaration_public.additional_properties = d
        return declaration_public

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
