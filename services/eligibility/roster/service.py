"""The roster: people employed by an employer, one at a time or synced whole from HSMS software."""

from __future__ import annotations

import datetime as dt
from typing import Any

import orjson
from pydantic import TypeAdapter, ValidationError
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from services.eligibility import people, terms
from services.eligibility.determination.service import refresh_outcome
from services.eligibility.employers.service import hold_visible, visible
from services.eligibility.matching import email_key, name_key
from services.eligibility.roster import repository
from services.eligibility.roster.schemas import RosterSync, SyncReport, WorkerCreate, WorkerUpdate
from services.eligibility.settings import EligibilitySettings
from shared.clock import Clock
from shared.ids import new_id
from shared.principal import Principal
from shared.problems import ProblemError, invalid_field, validation_errors

_WORKERS = TypeAdapter(list[WorkerCreate])


def _person_keys(workers: list[dict[str, Any]]) -> set[str]:
    """What the people as they will be can be matched by (see services.eligibility.people)."""
    found: set[str] = set()
    for w in workers:
        found |= people.keys(learner_id=w.get("learner_id"), email_key=email_key(w.get("email")))
    return found


# What holds from a day rather than for the whole employment (docs/rules.md §1, facts hold from a day).
ATTRIBUTES = ("role", "employment_type", "covered_by_wcb_account")


def _row(
    employer_id: str, worker_id: str, fields: dict[str, Any], held: terms.Terms | None = None
) -> dict[str, Any]:
    attributes_from, earlier = held.as_stored() if held is not None else (None, [])
    return {
        "id": worker_id,
        "employer_id": employer_id,
        **{f: fields.get(f) for f in repository.FIELDS},
        "attributes_from": attributes_from,
        "earlier_terms": orjson.dumps(earlier).decode(),
        "email_key": email_key(fields.get("email")),
        "name_key": name_key(fields["given_name"], fields["family_name"]),
    }


def held_terms(row: Row[Any]) -> terms.Terms:
    """The worker's role, employment type and coverage, each in force from its day."""
    return terms.from_stored({a: getattr(row, a) for a in ATTRIBUTES}, row.attributes_from, row.earlier_terms)


def _reaching_back(current: Row[Any], changes: dict[str, Any], today: dt.date) -> str | None:
    """The pointer of a date change that rewrites days before today (a correction, which needs a reason)."""
    if "start_date" in changes and changes["start_date"] != current.start_date:
        return "/start_date"
    if "end_date" in changes and changes["end_date"] != current.end_date:
        earliest = min(d for d in (changes["end_date"], current.end_date, dt.date.max) if d is not None)
        if earliest < today:
            return "/end_date"
    return None


async def _ensure_external_id_free(
    conn: AsyncConnection,
    employer_id: str,
    external_id: str | None,
    start_date: dt.date,
    end_date: dt.date | None,
    other_than: str | None = None,
) -> None:
    if external_id and await repository.external_id_taken(
        conn, employer_id, external_id, start_date, end_date, other_than
    ):
        raise ProblemError(
            409,
            f"Another worker of this employer has external_id {external_id!r} and is employed at the same time "
            "(a rehire under the same external_id is a stint of its own, after the earlier one ended).",
            errors=[{"pointer": "/external_id", "detail": "already used", "location": "body"}],
        )


async def add(
    conn: AsyncConnection,
    principal: Principal,
    employer_id: str,
    data: WorkerCreate,
    settings: EligibilitySettings,
    clock: Clock,
) -> Row[Any]:
    await people.lock(conn, _person_keys([data.model_dump()]))
    now = await hold_visible(conn, principal, employer_id, clock)
    await _ensure_external_id_free(conn, employer_id, data.external_id, data.start_date, data.end_date)
    worker_id = new_id("wkr")
    await repository.insert_many(conn, [_row(employer_id, worker_id, data.model_dump())], now, principal.id)
    await refresh_outcome(conn, employer_id, settings, now)
    row = await repository.get(conn, employer_id, worker_id)
    assert row is not None
    return row


async def get(conn: AsyncConnection, principal: Principal, employer_id: str, worker_id: str) -> Row[Any]:
    await visible(conn, principal, employer_id)
    row = await repository.get(conn, employer_id, worker_id)
    if row is None:
        raise ProblemError(404, f"Employer {employer_id} has no worker {worker_id}.")
    return row


async def change(
    conn: AsyncConnection,
    principal: Principal,
    employer_id: str,
    worker_id: str,
    data: WorkerUpdate,
    settings: EligibilitySettings,
    clock: Clock,
) -> Row[Any]:
    await people.lock(conn, _person_keys([data.model_dump(exclude_unset=True)]))
    now = await hold_visible(conn, principal, employer_id, clock)
    current = await repository.get(conn, employer_id, worker_id)
    if current is None:
        raise ProblemError(404, f"Employer {employer_id} has no worker {worker_id}.")
    changes = data.model_dump(exclude_unset=True)
    reason = changes.pop("reason", None)
    correction = changes.pop("correction", False)
    effective_on = changes.pop("effective_on", None)
    for required in (
        "given_name",
        "family_name",
        "role",
        "employment_type",
        "covered_by_wcb_account",
        "start_date",
    ):
        if required in changes and changes[required] is None:
            raise invalid_field(f"/{required}", f"{required} cannot be emptied.", "cannot be null")
    if correction and reason is None:
        raise invalid_field("/reason", "A correction says why: give a reason.", "required with correction")
    if correction and effective_on is not None:
        raise invalid_field(
            "/effective_on",
            "A correction holds from the start; leave effective_on out, or drop correction to change from a day.",
            "not with correction",
        )
    if effective_on is not None and not ATTRIBUTES & changes.keys():
        raise invalid_field(
            "/effective_on",
            "effective_on dates a change of role, employment_type or covered_by_wcb_account; none is given.",
            "nothing to date",
        )
    from_day = None if correction else terms.effective_day(effective_on, reason, settings, now)
    back = _reaching_back(current, changes, settings.program_date(now))
    if back is not None and reason is None:
        raise invalid_field(
            back,
            f"Changing {back[1:]} rewrites days before today: that corrects what was recorded, so it needs a "
            "reason (someone who left and came back is a new worker, not a new start date).",
            "a correction without a reason",
        )
    merged = {f: getattr(current, f) for f in repository.FIELDS} | changes
    try:
        WorkerCreate.model_validate(merged)
    except ValidationError as exc:
        raise ProblemError(
            422,
            "The change would leave the worker invalid: "
            + "; ".join(e["detail"] for e in validation_errors(exc.errors())),
            title="Validation Failed",
            errors=validation_errors(exc.errors()),
        ) from exc
    if changes.keys() & {"external_id", "start_date", "end_date"}:
        await _ensure_external_id_free(
            conn,
            employer_id,
            merged["external_id"],
            merged["start_date"],
            merged["end_date"],
            other_than=worker_id,
        )
    held = _held_after(
        current,
        merged,
        from_day,
        dated=correction or effective_on is not None or bool(ATTRIBUTES & changes.keys()),
    )
    await repository.update_many(
        conn, [_row(employer_id, worker_id, merged, held)], now, principal.id, reason
    )
    await refresh_outcome(conn, employer_id, settings, now, correction=reason is not None)
    row = await repository.get(conn, employer_id, worker_id)
    assert row is not None
    return row


def _held_after(
    current: Row[Any], merged: dict[str, Any], from_day: dt.date | None, *, dated: bool
) -> terms.Terms:
    """The worker's terms once `merged` holds from `from_day` (None: from the start). Values that are already the
    latest, when no day was asked for (`dated`), leave the terms as they are: a change already dated ahead
    stays on its day."""
    values = {a: merged[a] for a in ATTRIBUTES}
    before = held_terms(current)
    if not dated and values == before.current:
        return before
    return terms.changed(before, values, from_day=from_day, starts=merged["start_date"])


async def remove(
    conn: AsyncConnection,
    principal: Principal,
    employer_id: str,
    worker_id: str,
    settings: EligibilitySettings,
    clock: Clock,
    reason: str | None = None,
) -> None:
    """A worker recorded by mistake: kept in the history, marked entered in error, no longer counted from now
    on (someone who left is ended, not removed)."""
    now = await hold_visible(conn, principal, employer_id, clock)
    if not await repository.mark_entered_in_error(conn, employer_id, worker_id, now, principal.id, reason):
        raise ProblemError(404, f"Employer {employer_id} has no worker {worker_id}.")
    await refresh_outcome(conn, employer_id, settings, now, correction=True)


def validate_sync(body: RosterSync, limit: int) -> list[WorkerCreate]:
    if len(body.workers) > limit:
        raise ProblemError(
            413,
            f"A roster sync holds at most {limit} workers; this one has {len(body.workers)}. Nothing was changed.",
            title="Content Too Large",
            limit_items=limit,
        )
    try:
        workers = _WORKERS.validate_python(body.workers)
    except ValidationError as exc:
        errors = validation_errors(exc.errors())
        for e in errors:
            e["pointer"] = "/workers" + e["pointer"]
        raise ProblemError(
            422,
            f"{len(errors)} invalid field(s) in the roster; nothing was changed (first: {errors[0]['pointer']}: "
            f"{errors[0]['detail']}).",
            title="Validation Failed",
            errors=errors[:100],
        ) from exc
    seen: dict[str, int] = {}
    problems = []
    for i, w in enumerate(workers):
        if not w.external_id:
            problems.append(
                {"pointer": f"/workers/{i}/external_id", "detail": "required in a sync", "location": "body"}
            )
        elif w.external_id in seen:
            problems.append(
                {
                    "pointer": f"/workers/{i}/external_id",
                    "detail": f"repeats item {seen[w.external_id]}",
                    "location": "body",
                }
            )
        else:
            seen[w.external_id] = i
    if problems:
        raise ProblemError(
            422,
            "Every worker in a sync needs its own external_id; nothing was changed.",
            title="Validation Failed",
            errors=problems[:100],
        )
    return workers


async def sync(
    conn: AsyncConnection,
    principal: Principal,
    employer_id: str,
    workers: list[WorkerCreate],
    ended_on: dt.date,
    settings: EligibilitySettings,
    clock: Clock,
    *,
    effective_on: dt.date | None = None,
    reason: str | None = None,
) -> SyncReport:
    """Make the roster's external ids say what `workers` says: create, update, and end the missing ones.

    One transaction; workers added without an external_id are left as they are. A changed role, employment
    type or coverage holds from `effective_on` (default today); someone listed again with a start date after
    their last stint ended is rehired: a new stint, the old one kept as it was.
    """
    await people.lock(conn, _person_keys([w.model_dump() for w in workers]))
    now = await hold_visible(conn, principal, employer_id, clock)
    from_day = terms.effective_day(effective_on, reason, settings, now)
    existing = await repository.with_external_ids(conn, employer_id)
    to_insert, to_update, unchanged = [], [], 0
    for w in workers:
        fields = w.model_dump()
        current = existing.get(w.external_id or "")
        if current is None or (current.end_date is not None and w.start_date > current.end_date):
            to_insert.append(_row(employer_id, new_id("wkr"), fields))
        elif (held := _held_after(current, fields, from_day, dated=effective_on is not None)) != held_terms(
            current
        ) or any(getattr(current, f) != fields[f] for f in repository.FIELDS):
            to_update.append(_row(employer_id, current.id, fields, held))
        else:
            unchanged += 1
    synced = {w.external_id for w in workers}
    ends = {
        row.id: max(row.start_date, ended_on)
        for ext, row in existing.items()
        if ext not in synced and (row.end_date is None or row.end_date > max(row.start_date, ended_on))
    }
    await repository.insert_many(conn, to_insert, now, principal.id)
    await repository.update_many(conn, to_update, now, principal.id, reason)
    await repository.end_many(conn, ends, now, principal.id)
    await refresh_outcome(conn, employer_id, settings, now, correction=reason is not None)
    return SyncReport(
        created=[r["id"] for r in to_insert],
        updated=[r["id"] for r in to_update],
        ended=list(ends),
        unchanged=unchanged,
    )
