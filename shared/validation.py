"""String types that refuse what PostgreSQL cannot store (NUL) or what has no place in a name (controls)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, StringConstraints, WithJsonSchema

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


def _no_controls(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("must not contain control characters (tabs, line breaks, NUL)")
    return value


# Dates a program record can mean: wide enough for any real evaluation or certificate, narrow enough that
# calendar arithmetic on them (a year later, a day after) cannot leave the calendar.
EARLIEST_DATE = dt.date(1990, 1, 1)
LATEST_DATE = dt.date(2099, 12, 31)


_ISO_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _written_as_a_day(value: object) -> object:
    """Only a calendar day written YYYY-MM-DD: pydantic would otherwise read `0` or `"1700000000"` as a Unix
    time and answer 1970-01-01 or some day in 2023, which no client meant."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _ISO_DAY.match(value):
        return value
    raise ValueError("must be a date written YYYY-MM-DD")


def _program_date(value: dt.date) -> dt.date:
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValueError(f"must lie between {EARLIEST_DATE} and {LATEST_DATE}")
    return value


def _email(value: str) -> str:
    if not _EMAIL.match(value):
        raise ValueError("is not a well-formed email address")
    return value


Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), AfterValidator(_no_controls)
]
ShortText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), AfterValidator(_no_controls)
]
Identifier = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=128), AfterValidator(_no_controls)
]
Note = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000), AfterValidator(_no_nul)
]
Email = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=3, max_length=254),
    AfterValidator(_no_controls),
    AfterValidator(_email),
    WithJsonSchema({"type": "string", "format": "email", "minLength": 3, "maxLength": 254}),
]
# A day as the API takes it: `YYYY-MM-DD` and nothing else.
Day = Annotated[dt.date, BeforeValidator(_written_as_a_day)]
ProgramDate = Annotated[
    dt.date,
    BeforeValidator(_written_as_a_day),
    AfterValidator(_program_date),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date",
            "formatMinimum": EARLIEST_DATE.isoformat(),
            "formatMaximum": LATEST_DATE.isoformat(),
        }
    ),
]
