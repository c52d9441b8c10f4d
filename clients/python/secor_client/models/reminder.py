from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.reminder_due import ReminderDue
from ..models.reminder_status import ReminderStatus

T = TypeVar("T", bound="Reminder")


@_attrs_define
class Reminder:
    """
    Attributes:
        due (ReminderDue): What is due
        year (int | None): The certificate year (1 is the first year of validity)
        due_on (datetime.date): The day it falls due
        days_before (int): How many days before the date it reminds of
        send_on (datetime.date): The day the reminder is sent
        status (ReminderStatus): Its status now
        sent_at (datetime.datetime | None): When it was sent (RFC 3339, UTC)
        note (None | str): What the reminder says
    """

    due: ReminderDue
    year: int | None
    due_on: datetime.date
    days_before: int
    send_on: datetime.date
    status: ReminderStatus
    sent_at: datetime.datetime | None
    note: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        due = self.due.value

        year: int | None
        year = self.year

        due_on = self.due_on.isoformat()

        days_before = self.days_before

        send_on = self.send_on.isoformat()

        status = self.status.value

        sent_at: None | str
        if isinstance(self.sent_at, datetime.datetime):
            sent_at = self.sent_at.isoformat()
        else:
            sent_at = self.sent_at

        note: None | str
        note = self.note

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "due": due,
                "year": year,
                "due_on": due_on,
                "days_before": days_before,
                "send_on": send_on,
                "status": status,
                "sent_at": sent_at,
                "note": note,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        due = ReminderDue(d.pop("due"))

        def _parse_year(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        year = _parse_year(d.pop("year"))

        due_on = datetime.date.fromisoformat(d.pop("due_on"))

        days_before = d.pop("days_before")

        send_on = datetime.date.fromisoformat(d.pop("send_on"))

        status = ReminderStatus(d.pop("status"))

        def _parse_sent_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                sent_at_type_0 = datetime.datetime.fromisoformat(data)

                return sent_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        sent_at = _parse_sent_at(d.pop("sent_at"))

        def _parse_note(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        note = _parse_note(d.pop("note"))

        reminder = cls(
            due=due,
            year=year,
            due_on=due_on,
            days_before=days_before,
            send_on=send_on,
            status=status,
            sent_at=sent_at,
            note=note,
        )

        reminder.additional_properties = d
        return reminder

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
