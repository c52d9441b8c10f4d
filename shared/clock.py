"""An injectable clock, so tests can walk an employer through three years without waiting for them."""

from __future__ import annotations

import datetime as dt
from typing import Protocol


class Clock(Protocol):
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


class FixedClock:
    """A clock that says what it is told; tests move it with `set` or `advance`."""

    def __init__(self, at: dt.datetime | dt.date) -> None:
        self._now = _as_datetime(at)

    def now(self) -> dt.datetime:
        return self._now

    def today(self) -> dt.date:
        return self._now.date()

    def set(self, at: dt.datetime | dt.date) -> None:
        self._now = _as_datetime(at)

    def advance(self, **delta: float) -> None:
        self._now += dt.timedelta(**delta)


def _as_datetime(at: dt.datetime | dt.date) -> dt.datetime:
    if isinstance(at, dt.datetime):
        return at if at.tzinfo else at.replace(tzinfo=dt.UTC)
    return dt.datetime(at.year, at.month, at.day, 12, tzinfo=dt.UTC)
