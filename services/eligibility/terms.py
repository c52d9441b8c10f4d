"""Facts in force from a day (docs/rules.md §1, facts hold from a day), as pure functions.

A record (a worker's role, employment type and coverage; the assessor on file) keeps the values in force from
`current_from` (None: from the start) and, before them, `earlier` terms, each `{"until": "YYYY-MM-DD", ...}` in
force on the days before `until` and from the previous term's `until` (the first one from the start). A term
`{"until": ..., "absent": true}` says nothing was on file then (an assessor first named from a day). A change
from a day truncates what held from that day on and puts the new values there; a correction (from the start)
replaces every term.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from services.eligibility.settings import EligibilitySettings
from shared.problems import invalid_field

ABSENT = {"absent": True}


@dataclass(frozen=True)
class Terms:
    current: dict[str, Any]
    current_from: dt.date | None
    earlier: list[dict[str, Any]]

    def as_stored(self) -> tuple[dt.date | None, list[dict[str, Any]]]:
        return self.current_from, self.earlier


def _until(term: Mapping[str, Any]) -> dt.date:
    value = term["until"]
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def periods(terms: Terms) -> list[tuple[dt.date | None, dt.date | None, dict[str, Any]]]:
    """Every term as (first day or None for the start, last day or None for open-ended, values); a record
    first in force from a day has an absent term before it."""
    found: list[tuple[dt.date | None, dt.date | None, dict[str, Any]]] = []
    first: dt.date | None = None
    for term in terms.earlier:
        until = _until(term)
        found.append((first, until - dt.timedelta(days=1), {k: v for k, v in term.items() if k != "until"}))
        first = until
    current_from = terms.current_from if terms.current_from is not None else first
    if not found and current_from is not None:
        found.append((None, current_from - dt.timedelta(days=1), dict(ABSENT)))
    found.append((current_from, None, terms.current))
    return found


def in_force(terms: Terms, on: dt.date) -> dict[str, Any]:
    """The values in force on `on` (before the first term's day, the first term's)."""
    for term in terms.earlier:
        if on < _until(term):
            return {k: v for k, v in term.items() if k != "until"}
    return terms.current


def changed(
    terms: Terms, values: Mapping[str, Any], *, from_day: dt.date | None, starts: dt.date | None
) -> Terms:
    """`terms` with `values` in force from `from_day` (None: a correction, from the start). A day on or before
    the record's own start (`starts`, when it has one) is the start."""
    new = dict(values)
    if from_day is None or (starts is not None and from_day <= starts):
        return Terms(new, None, [])
    kept: list[tuple[dt.date | None, dict[str, Any]]] = [
        (first, held) for first, _, held in periods(terms) if first is None or first < from_day
    ]
    kept.append((from_day, new))
    # Neighbouring terms with the same values are one term.
    merged: list[tuple[dt.date | None, dict[str, Any]]] = []
    for first, held in kept:
        if merged and merged[-1][1] == held:
            continue
        merged.append((first, held))
    if merged[0][0] is not None:
        merged.insert(0, (None, ABSENT))
    earlier = [
        {"until": next_first.isoformat(), **held}
        for (_, held), (next_first, _) in itertools.pairwise(merged)
        if next_first is not None
    ]
    last_from, last = merged[-1]
    return Terms(last, last_from, earlier)


def from_stored(
    current: Mapping[str, Any], current_from: dt.date | None, earlier: Sequence[Any] | str | bytes
) -> Terms:
    """Terms as a row keeps them (`earlier` as the JSON array, or as the driver decoded it)."""
    kept: Sequence[Any] = orjson.loads(earlier) if isinstance(earlier, str | bytes) else earlier
    return Terms(dict(current), current_from, [dict(t) for t in kept])


def effective_day(
    effective_on: dt.date | None, reason: str | None, settings: EligibilitySettings, now: dt.datetime
) -> dt.date:
    """The day a change holds from: today unless said; an earlier day reaches back, which only a correction
    with its reason may do."""
    today = settings.program_date(now)
    if effective_on is None:
        return today
    if effective_on < today and reason is None:
        raise invalid_field(
            "/effective_on",
            f"effective_on {effective_on} is before today ({today}): a change that reaches back corrects what "
            "was recorded, so it needs a reason.",
            "before today without a reason",
        )
    if effective_on > today + dt.timedelta(days=settings.max_future_as_of_days):
        raise invalid_field(
            "/effective_on",
            f"effective_on is at most {settings.max_future_as_of_days} days ahead.",
            "too far in the future",
        )
    return effective_on
