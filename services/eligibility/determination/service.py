"""Determinations: is this employer eligible for SECOR on this date, and exactly why not.

Also keeps each employer's current outcome, and announces `employer.eligibility_changed` in the same
transaction as whatever change flipped it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, NamedTuple

import asyncpg
import orjson
from sqlalchemy.ext.asyncio import AsyncConnection

from services.eligibility import terms
from services.eligibility.determination import repository, rules
from services.eligibility.determination.calendar import next_change
from services.eligibility.determination.rules import Check, Declaration, Stint, check_assessor
from services.eligibility.employers import repository as employers
from services.eligibility.employers.schemas import AssessorUpdate
from services.eligibility.matching import email_key, name_key
from services.eligibility.metrics import COMPUTED, STORED
from services.eligibility.settings import EligibilitySettings
from shared.events import EligibilityChanged, FailingCheck
from shared.ids import new_id
from shared.outbox import Event, publish

SOURCE = "eligibility"
# What a writer's refresh knows: every committed fact, including those recorded by writers that committed while
# it waited for the employer's lock (its own clock reading may be earlier than their records'). Not `now`.
EVERYTHING_COMMITTED = dt.datetime.max.replace(tzinfo=dt.UTC)


def _timestamp(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


@dataclass(frozen=True)
class Determination:
    employer_id: str
    as_of: dt.date
    known_at: dt.datetime
    outcome: rules.Outcome
    checks: list[Check]
    evaluated_at: dt.datetime
    completions_through: int

    def kept(self) -> dict[str, Any]:
        """What is stored for today's reads: all but what only the moment of reading can say."""
        return {
            "employer_id": self.employer_id,
            "as_of": self.as_of.isoformat(),
            "program": "SECOR",
            "outcome": self.outcome,
            "checks": [
                {"code": c.code, "status": c.status, "reason": c.reason, "evidence": c.evidence}
                for c in self.checks
            ],
            "evaluated_at": _timestamp(self.evaluated_at),
        }

    def as_dict(self) -> dict[str, Any]:
        return self.kept() | {
            "known_at": _timestamp(self.known_at),
            "completions_through": self.completions_through,
        }


def as_read(kept: str, at: dt.datetime, completions_through: int) -> bytes:
    """A kept determination as answered now: it reflects every committed change (each one rewrites it), so it is
    known at the moment it is read, and through the ledger as far as this service has applied it."""
    return (
        kept[:-1] + f', "known_at": "{_timestamp(at)}", "completions_through": {completions_through}}}'
    ).encode()


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def covered_stints(worker: dict[str, Any]) -> list[Stint]:
    """The days a worker was covered by the account: their employment, less the terms they were not covered."""
    start, end = dt.date.fromisoformat(worker["start_date"]), _date(worker["end_date"])
    held = terms.from_stored(
        worker["latest"], _date(worker["attributes_from"]), worker["earlier_terms"] or []
    )
    found: list[Stint] = []
    for first, last, values in terms.periods(held):
        if not values["covered_by_wcb_account"]:
            continue
        begins = start if first is None else max(first, start)
        ends = last if end is None else (end if last is None else min(last, end))
        if ends is None or begins <= ends:
            found.append(Stint(worker["id"], begins, ends))
    return found


def evaluate(doc: dict[str, Any], as_of: dt.date, settings: EligibilitySettings) -> list[Check]:
    """Every check of docs/rules.md §1 from one loaded document, in the order the API lists them."""
    workers = doc["workers"]
    stints = [stint for w in workers for stint in covered_stints(w)]
    declarations = [
        Declaration(
            d["id"],
            dt.date.fromisoformat(d["period_start"]),
            dt.date.fromisoformat(d["period_end"]),
            d["peak_headcount"],
        )
        for d in doc["declarations"]
    ]
    full_time = [
        w
        for w in workers
        if w["employment_type"] == "full_time"
        and w["covered"]
        and w["role"] in rules.EMPLOYEE_ROLES
        and dt.date.fromisoformat(w["start_date"]) <= as_of
        and (w["end_date"] is None or dt.date.fromisoformat(w["end_date"]) >= as_of)
    ]
    roster_known = bool(workers)
    training = doc["training"]
    return [
        rules.check_headcount(stints, declarations, as_of, settings.headcount_limit),
        rules.check_wcb(doc["wcb"], as_of),
        rules.check_membership(doc["memberships"], as_of),
        rules.check_training(
            "training.management",
            "health and safety management",
            settings.management_courses,
            training,
            full_time,
            as_of,
            roster_known,
        ),
        rules.check_training(
            "training.first_aid",
            "first aid",
            settings.first_aid_courses,
            training,
            full_time,
            as_of,
            roster_known,
        ),
        rules.check_training(
            "training.industry",
            "industry safety training",
            settings.industry_courses,
            training,
            full_time,
            as_of,
            roster_known,
        ),
        rules.check_assessor(
            doc["assessor"],
            doc["assessor_training"],
            settings.assessor_courses,
            as_of,
            settings.assessor_validity_years,
        ),
        rules.check_continuing_education(
            training,
            full_time,
            as_of,
            settings.continuing_education_years,
            roster_known,
            certificate=doc.get("certificate"),
        ),
    ]


async def determine(
    conn: AsyncConnection,
    employer_id: str,
    as_of: dt.date,
    settings: EligibilitySettings,
    now: dt.datetime,
    *,
    known_at: dt.datetime | None = None,
) -> tuple[Determination, dict[str, Any]]:
    """The determination as of `as_of` from the facts as known at `known_at` (default: now). The same pair
    always gives the same answer: what was known at a moment past includes the changes in flight then, so
    they commit first (a change that begins later records a later moment)."""
    known = known_at if known_at is not None else now
    if known is not EVERYTHING_COMMITTED:
        await employers.settle(conn, employer_id)
    doc = await repository.load(
        conn,
        employer_id,
        as_of=as_of,
        known_by=known,
        courses=settings.management_courses + settings.first_aid_courses + settings.industry_courses,
        assessor_courses=settings.assessor_courses,
    )
    checks = evaluate(doc, as_of, settings)
    COMPUTED.inc()
    determination = Determination(
        employer_id, as_of, known, rules.outcome_of(checks), checks, now, doc["completions_through"]
    )
    return determination, doc


async def refresh_outcome(
    conn: AsyncConnection,
    employer_id: str,
    settings: EligibilitySettings,
    now: dt.datetime,
    *,
    correction: bool = False,
    calendar: bool = False,
) -> Determination | None:
    """Re-evaluate as of today after a change; if the outcome flipped, record it and announce it (same
    transaction). `correction`: the change corrects what was recorded before (it says why or marks a record
    entered in error); a flip it causes is a correction for staff to review, and the announcement says so.
    Then every kept determination of the employer is asked again as known now: one whose outcome changed is
    a correction too.

    `calendar`: nothing new was recorded, the day came on which the outcome could change (the scheduler asks).
    Either way the next such day is kept with it.

    The caller holds the employer (`employers.service.hold`), so two changes cannot both miss a flip.
    """
    today = settings.program_date(now)
    determination, doc = await determine(
        conn, employer_id, today, settings, now, known_at=EVERYTHING_COMMITTED
    )
    if doc["employer"] is None:
        return None
    changes_on = next_change(doc, today, settings, await repository.dated_ahead(conn, employer_id, today))
    # Kept for today's reads: every change that can alter it passes through here, holding the employer.
    await repository.keep_today(
        conn,
        employer_id,
        orjson.dumps(determination.kept()).decode(),
        determination.as_of,
        settings.rules_version,
        changes_on,
    )
    previous = doc["employer"]["outcome"]
    events = await _corrections_of_kept(conn, employer_id, settings, now)
    if previous != determination.outcome:
        await repository.set_outcome(conn, employer_id, determination.outcome, now)
        if previous is None:
            pass
        elif correction:
            correction_id = await _record_correction(conn, employer_id, None, previous, determination, now)
            events.insert(
                0,
                _changed(
                    employer_id, previous, determination, now, "correction", correction_id=correction_id
                ),
            )
        else:
            reason = "calendar" if calendar else "change"
            events.insert(0, _changed(employer_id, previous, determination, now, reason))
    await publish(conn, SOURCE, events)
    return determination


def _changed(
    employer_id: str,
    previous: str,
    determination: Determination,
    now: dt.datetime,
    reason: str,
    **extra: Any,
) -> Event:
    return Event(
        EligibilityChanged(
            employer_id=employer_id,
            old_outcome=previous,
            new_outcome=determination.outcome,
            failing_checks=[
                FailingCheck(code=c.code, status=c.status, reason=c.reason)
                for c in determination.checks
                if c.status != "pass"
            ],
            as_of=determination.as_of,
            evaluated_at=now,
            reason=reason,
            **extra,
        ),
        employer_id=employer_id,
        ordering_key=f"employer:{employer_id}",
    )


async def _corrections_of_kept(
    conn: AsyncConnection, employer_id: str, settings: EligibilitySettings, now: dt.datetime
) -> list[Event]:
    """A kept determination (what an evaluation was judged on) whose outcome is different now, as known now:
    a correction, recorded once per new outcome, and announced."""
    events = []
    for kept in await repository.kept_for_employer(conn, employer_id):
        standing = kept.corrected_outcome or kept.outcome
        again, _ = await determine(
            conn, employer_id, kept.as_of, settings, now, known_at=EVERYTHING_COMMITTED
        )
        if again.outcome == standing:
            continue
        correction_id = await _record_correction(conn, employer_id, kept.id, standing, again, now)
        events.append(
            _changed(
                employer_id,
                standing,
                again,
                now,
                "correction",
                determination_id=kept.id,
                correction_id=correction_id,
            )
        )
    return events


async def _record_correction(
    conn: AsyncConnection,
    employer_id: str,
    determination_id: str | None,
    standing: str,
    again: Determination,
    now: dt.datetime,
) -> str:
    """A correction for staff to review: an outcome (a kept determination's, or today's when
    `determination_id` is None) that is different now, and why."""
    correction_id = new_id("cor")
    failing = [
        {"code": c.code, "status": c.status, "reason": c.reason} for c in again.checks if c.status != "pass"
    ]
    await repository.add_correction(
        conn,
        {
            "id": correction_id,
            "employer_id": employer_id,
            "determination_id": determination_id,
            "as_of": again.as_of,
            "old_outcome": standing,
            "new_outcome": again.outcome,
            "failing_checks": orjson.dumps(failing).decode(),
            "found_at": now,
        },
    )
    return correction_id


async def keep(
    conn: AsyncConnection,
    determination: Determination,
    *,
    purpose: str,
    submission_id: str | None,
    by: str,
    now: dt.datetime,
) -> str:
    """Keep a determination something is decided on; its id is how the decision refers to it."""
    determination_id = new_id("det")
    await repository.keep(
        conn,
        {
            "id": determination_id,
            "employer_id": determination.employer_id,
            "as_of": determination.as_of,
            "known_at": determination.known_at,
            "outcome": determination.outcome,
            "determination": orjson.dumps(determination.as_dict() | {"id": determination_id}).decode(),
            "purpose": purpose,
            "submission_id": submission_id,
            "kept_at": now,
            "kept_by": by,
        },
    )
    return determination_id


async def keep_if_older(
    conn: AsyncConnection, employer_id: str, determination_json: str, on: dt.date, rules_version: str
) -> None:
    """Keep a determination made by a read, unless what is kept is already today's under these rules: a
    change that committed meanwhile kept a newer one, and it must win."""
    await repository.keep_if_older(conn, employer_id, determination_json, on, rules_version)


class KeptToday(NamedTuple):
    registered_at: dt.datetime
    answer: bytes | None  # today's kept determination as answered now; None when none is current


async def kept_for_today(
    conn: asyncpg.Connection,
    employer_id: str,
    *,
    see_all: bool,
    integrator_id: str | None,
    today: dt.date,
    rules_version: str,
    at: dt.datetime,
) -> KeptToday | None:
    """The employer as this caller may see it (None: not at all) with today's kept determination.

    One indexed read, on a plain asyncpg connection, that also checks the caller may see the employer; before
    it, the changes in flight commit (`settle`). What is kept reflects every committed change, and the last
    of them was recorded at its `evaluated_at`: the answer is known at `at` (read before settling, so a change
    that began after is recorded later), or at that moment when it is the later one.
    """
    await employers.settle_on_driver(conn, employer_id)
    row = await repository.kept_today(conn, employer_id, see_all, integrator_id)
    if row is None:
        return None
    current = row["determination_on"] == today and row["rules_version"] == rules_version
    if current:
        STORED.inc()
    known = max(at, row["kept_at"]) if row["kept_at"] is not None else at
    return KeptToday(
        row["created_at"],
        as_read(row["determination"], known, row["completions_through"]) if current else None,
    )


async def named_assessor_check(
    conn: AsyncConnection,
    employer_id: str,
    assessor: AssessorUpdate,
    on: dt.date,
    settings: EligibilitySettings,
    known_at: dt.datetime,
) -> Check:
    """§1.5 for the person named on an evaluation, by the same rule as the determination's `assessor` check."""
    training = await repository.named_assessor_training(
        conn,
        employer_id,
        learner_id=assessor.learner_id,
        email_key=email_key(assessor.email),
        name_key=name_key(assessor.given_name, assessor.family_name),
        known_by=known_at,
        assessor_courses=settings.assessor_courses,
    )
    return check_assessor(
        assessor.model_dump(), training, settings.assessor_courses, on, settings.assessor_validity_years
    )
