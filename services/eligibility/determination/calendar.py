"""The next day on which an employer's outcome could change with no new fact (docs/rules.md §1).

Facts hold between dates: a membership runs to its last day, a course counts until it expires, a worker's
terms begin on their day, a headcount peak counts for 12 months, the assessor's training for three years. The
first of those days after today is when the scheduler asks again; asked early it finds nothing new and moves
on, so every boundary is given generously (a day early rather than a day late).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from services.eligibility.settings import EligibilitySettings
from shared.dates import add_years

# Stored when nothing dated lies ahead: no calendar day will change the outcome.
NEVER = dt.date.max


def _day(value: Any) -> dt.date | None:
    if value is None:
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _day_after(value: Any) -> dt.date | None:
    day = _day(value)
    return None if day is None or day == dt.date.max else day + dt.timedelta(days=1)


def _rolled_out(value: Any) -> Iterator[dt.date | None]:
    """A period ending on `value` leaves the 12-month headcount window about a year later."""
    day = _day(value)
    if day is not None and day.year < dt.MAXYEAR:
        yield add_years(day, 1)
        yield add_years(day, 1) + dt.timedelta(days=1)


def boundaries(doc: dict[str, Any], settings: EligibilitySettings) -> Iterator[dt.date | None]:
    """Every day on which something in the determination's document starts or stops counting."""
    for w in doc["workers"]:
        yield _day(w["start_date"])
        yield _day_after(w["end_date"])
        yield from _rolled_out(w["end_date"])
        yield _day(w.get("attributes_from"))
        for term in w.get("earlier_terms") or []:
            yield _day(term.get("until"))
    for d in doc["declarations"]:
        yield _day(d["period_start"])
        yield from _rolled_out(d["period_end"])
    for m in doc["memberships"]:
        yield _day(m["valid_from"])
        yield _day_after(m["valid_until"])
    for c in doc["training"]:
        yield _day(c.get("expires_on"))
        completed = _day(c["completed_on"])
        if completed is not None and completed.year + settings.continuing_education_years < dt.MAXYEAR:
            yield add_years(completed, settings.continuing_education_years)
    for c in doc["assessor_training"]:
        completed = _day(c["completed_on"])
        if completed is not None and completed.year + settings.assessor_validity_years < dt.MAXYEAR:
            yield add_years(completed, settings.assessor_validity_years)
    certificate = doc.get("certificate")
    if certificate:
        yield _day_after(certificate["valid_until"])


def next_change(
    doc: dict[str, Any], today: dt.date, settings: EligibilitySettings, also: Iterable[dt.date | None] = ()
) -> dt.date:
    """The first day after `today` on which the outcome could change (NEVER if none); `also` adds days the
    document does not hold (facts dated ahead of today: a WCB status, the next assessor)."""
    ahead = [d for d in (*boundaries(doc, settings), *also) if d is not None and d > today]
    return min(ahead, default=NEVER)
