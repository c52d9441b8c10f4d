"""Calendar arithmetic the program's rules are written in: months and years, not days."""

from __future__ import annotations

import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (or earlier), clamped to the month's end (Feb 29 + 12 months → Feb 28)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: dt.date, years: int) -> dt.date:
    return add_months(day, 12 * years)


def end_of_day(day: dt.date, zone: dt.tzinfo = dt.UTC) -> dt.datetime:
    """The last instant of `day` in `zone`: what was recorded by then was known on that day."""
    return dt.datetime.combine(day, dt.time.max, tzinfo=zone)
