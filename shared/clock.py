"""An injectable clock, so tests can walk an employer through three years without waiting for them."""

from __future__ import annotations

import datetime as dt
from typing import Protocol


class Clock(Protocol):
    zone: (
        dt.tzinfo
    )  # the program's; also what keeps a datetime (which has now() and today()) from passing for one

    def now(self) -> dt.datetime: ...

    def today(self) -> dt.date:
        """The program's calendar day (SECOR_PROGRAM_TIMEZONE), not UTC's."""
        ...


class SystemClock:
    """The real time, in UTC; its days are the program's (an evening in Edmonton is not tomorrow yet)."""

    def __init__(self, zone: dt.tzinfo = dt.UTC) -> None:
        self.zone = zone

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)

    def today(self) -> dt.date:
        return self.now().astimezone(self.zone).date()
