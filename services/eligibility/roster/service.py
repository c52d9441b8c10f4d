"""The roster: people employed by an employer, one at a time or synced whole from HSMS software."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import TypeAdapter, ValidationError
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from services.eligibility import people
from services.eligibility.determination.service import refresh_outcome
from services.eligibility.employers.service import visible
from services.eligibility.matching import email_key, name_key
from services.eligibility.roster import repository
from services.eligibility.roster.schemas import RosterSync, SyncReport, WorkerCreate, WorkerUpdate
from services.eligibility.settings import EligibilitySettings
from shared.ids import new_id
from shared.principal import Principal
from shared.problems import ProblemError, validation_errors

_WORKERS = TypeAdapter(list[WorkerCreate])


def _person_keys(workers: list[dict[str, Any]]) -> set[str]:
    """What the people as they will be can be matched by (see services.eligibility.people)."""
    found: set[str] = set()
    for w in workers:
        found |= people.keys(learner_id=w.get("learner_id"), email_key=email_key(w.get("email")))
    return found


def _row(employer_id: str, worker_id: str, fields: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": worker_id,
        "employer_id": employer_id,
        **{f: fields.get(f) for f in repository.FIELDS},
        "email_key": email_key(fields.get("email")),
        "name_key": name_key(fields["given_name"], fields["family_name"]),
    }


async def _ensure_external_id_free(
    conn: AsyncConnection, employer_id: str, external_id: str | None, other_than: str | None = None
) -> None:
    if external_id and await repository.external_id_taken(conn, employer_id, external_id, other_than):
        raise ProblemError(
            409,
            f"Another worker of this employer already has external_id {external_id!r}.",
            errors=[{"pointer": "/external_id", "detail": "already used", "location": "body"}],
        )


async def add(
    conn: AsyncConnection,
    principal: Principal,
    employer_id: str,
    data: WorkerCreate,
    settings: EligibilitySettings,
    now: dt.datetime,
) -> Row[Any]:
    await people.lock(conn, _person_keys([data.model_dump()]))
    await visible(conn, principal, employer_id, for_update=True)
    await _ensure_external_id_free(conn, employer_id, data.external_id)
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
    now: dt.datetime,
) -> Row[Any]:
    await people.lock(conn, _person_keys([data.model_dump(exclude_unset=True)]))
    await visible(conn, principal, employer_id, for_update=True)
    current = await repository.get(conn, employer_id, worker_id)
    if current is None:
        raise ProblemError(404, f"Employer {employer_id} has no worker {worker_id}.")
    changes = data.model_dump(exclude_unset=True)
    reason = changes.pop("reason", None)
    for required in (
        "given_name",
        "family_name",
        "role",
        "employment_type",
        "covered_by_wcb_account",
        "start_date",
    ):
        if required in changes and changes[required] is None:
            raise ProblemError(
                422,
                f"{required} cannot be emptied.",
                title="Validation Failed",
                errors=[{"pointer": f"/{required}", "detail": "cannot be null", "location": "body"}],
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
    if "external_id" in changes:
        await _ensure_external_id_free(conn, employer_id, changes["external_id"], other_than=worker_id)
    await repository.update_many(conn, [_row(employer_id, worker_id, merged)], now, principal.id, reason)
    await refresh_outcome(conn, employer_id, settings, now, correction=reason is not None)
    row = await repository.get(conn, employer_id, worker_id)
    assert row is not None
    return row


async def remove(
    conn: AsyncConnection,
    principal: Principal,
    employer_id: str,
    worker_id: str,
    settings: EligibilitySettings,
    now: dt.datetime,
    reason: str | None = None,
) -> None:
    """A worker recorded by mistake: kept in the history, marked entered in error, no longer counted from now
    on (someone who left is ended, not removed)."""
    await visible(conn, principal, employer_id, for_update=True)
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
    now: dt.datetime,
) -> SyncReport:
    """Make the roster's external ids say what `workers` says: create, update, and end the missing ones.

    One transaction; workers added without an external_id are left as they are.
    """
    await people.lock(conn, _person_keys([w.model_dump() for w in workers]))
    await visible(conn, principal, employer_id, for_update=True)
    existing = await repository.with_external_ids(conn, employer_id)
    to_insert, to_update, unchanged = [], [], 0
    for w in workers:
        fields = w.model_dump()
        current = existing.get(w.external_id or "")
        if current is None:
            to_insert.append(_row(employer_id, new_id("wkr"), fields))
        elif any(getattr(current, f) != fields[f] for f in repository.FIELDS):
            to_update.append(_row(employer_id, current.id, fields))
        else:
            unchanged += 1
    synced = {w.external_id for w in workers}
    ends = {
        row.id: max(row.start_date, ended_on)
        for ext, row in existing.items()
        if ext not in synced and (row.end_date is None or row.end_date > max(row.start_date, ended_on))
    }
    await repository.insert_many(conn, to_insert, now, principal.id)
    await repository.update_many(conn, to_update, now, principal.id)
    await repository.end_many(conn, ends, now, principal.id)
    await refresh_outcome(conn, employer_id, settings, now)
    return SyncReport(
        created=[r["id"] for r in to_insert],
        updated=[r["id"] for r in to_update],
        ended=list(ends),
        unchanged=unchanged,
    )
