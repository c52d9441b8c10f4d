"""An injectable clock, so tests can walk an employer through three years without waiting for them."""

from __future__ import annotations

import datetime as dt
from typing import Protocol


class Clock(Protocol):
    def now(self) -> dt.datetime: ...

    def today(self) -> dt.date: ...


class SystemClock:
    """The real time, in UTC."""

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)

    def today(self) -> dt.date:
        return self.now().date()


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
