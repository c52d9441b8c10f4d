"""SQL for completions: set-based inserts, reads with their derived status and ledger position."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.outbox import PUBLISH_ARGUMENTS, Event, event_arrays

_SELECT = """
    SELECT c.id, c.provider_id, c.provider_record_id, c.course_code, c.completed_on,
           c.learner_given_name, c.learner_family_name, c.learner_email, c.learner_birth_date, c.learner_id,
           c.employer_wcb_account_number, c.certificate_number, c.expires_on, c.recorded_at,
           r.revoked_at, r.reason AS revocation_reason,
           (SELECT l.seq FROM training_ledger_entry l
             WHERE l.completion_id = c.id AND l.kind = 'recorded') AS ledger_seq
    FROM training_completion c
    LEFT JOIN training_revocation r ON r.completion_id = c.id
"""

_COURSES = text(
    """
    SELECT c.code, c.validity_months, c.category, pc.provider_id IS NOT NULL AS approved,
           (SELECT p.is_acsa FROM training_provider p WHERE p.id = :provider_id) AS provider_is_acsa
    FROM training_course c
    LEFT JOIN training_provider_course pc ON pc.course_code = c.code AND pc.provider_id = :provider_id
    """
)

_RECORD = text(
    f"""
    SELECT completion_id, seq FROM training_record_completions(
        CAST(:id AS text[]), :provider_id, CAST(:provider_record_id AS text[]), CAST(:course_code AS text[]),
        CAST(:completed_on AS date[]), CAST(:given AS text[]), CAST(:family AS text[]), CAST(:email AS text[]),
        CAST(:birth AS date[]), CAST(:learner_id AS text[]), CAST(:wcb AS text[]), CAST(:certificate AS text[]),
        CAST(:expires AS date[]), :recorded_at, :source, {PUBLISH_ARGUMENTS})
    """
)

_APPEND = text(
    """
    SELECT completion_id, seq FROM training_ledger_append(
        :kind, CAST(:ids AS text[]), CAST(CAST(:payloads AS text[]) AS jsonb[]), :at)
    """
)


async def course_rules(conn: AsyncConnection, provider_id: str) -> dict[str, Row[Any]]:
    """Every course with its validity and whether this provider is approved for it."""
    rows = await conn.execute(_COURSES, {"provider_id": provider_id})
    return {r.code: r for r in rows}


async def record_many(
    conn: AsyncConnection,
    provider_id: str,
    rows: Sequence[dict[str, Any]],
    recorded_at: dt.datetime,
    *,
    source: str,
    events: list[Event],
) -> dict[str, int]:
    """Insert completions, publish the events of those inserted and chain them onto the ledger (locked until
    commit), in one round trip. `events[i]` belongs to `rows[i]`.

    A (provider, provider_record_id) already stored is skipped. Returns the new ids and their sequence numbers.
    """
    if not rows:
        return {}
    columns: dict[str, list[Any]] = {
        "id": [],
        "provider_record_id": [],
        "course_code": [],
        "completed_on": [],
        "given": [],
        "family": [],
        "email": [],
        "birth": [],
        "learner_id": [],
        "wcb": [],
        "certificate": [],
        "expires": [],
    }
    for row in rows:
        learner = row["learner"]
        columns["id"].append(row["id"])
        columns["provider_record_id"].append(row["provider_record_id"])
        columns["course_code"].append(row["course_code"])
        columns["completed_on"].append(row["completed_on"])
        columns["given"].append(learner["given_name"])
        columns["family"].append(learner["family_name"])
        columns["email"].append(learner["email"])
        columns["birth"].append(learner["birth_date"])
        columns["learner_id"].append(learner["learner_id"])
        columns["wcb"].append(row["employer_wcb_account_number"])
        columns["certificate"].append(row["certificate_number"])
        columns["expires"].append(row["expires_on"])
    result = await conn.execute(
        _RECORD,
        {
            **columns,
            "provider_id": provider_id,
            "recorded_at": recorded_at,
            "source": source,
            **event_arrays(events),
        },
    )
    return {r.completion_id: r.seq for r in result}


async def append_ledger(
    conn: AsyncConnection, kind: str, entries: Sequence[tuple[str, dict[str, Any]]], at: dt.datetime
) -> dict[str, int]:
    """Chain entries onto the ledger (locking its head until commit); returns each completion's sequence number."""
    if not entries:
        return {}
    result = await conn.execute(
        _APPEND,
        {
            "kind": kind,
            "ids": [cid for cid, _ in entries],
            "payloads": [json.dumps(p, separators=(",", ":"), default=str) for _, p in entries],
            "at": at,
        },
    )
    return {r.completion_id: r.seq for r in result}


async def by_record_ids(
    conn: AsyncConnection, provider_id: str, record_ids: Sequence[str]
) -> dict[str, Row[Any]]:
    rows = await conn.execute(
        text(
            _SELECT
            + " WHERE c.provider_id = :provider_id AND c.provider_record_id = ANY(CAST(:ids AS text[]))"
        ),
        {"provider_id": provider_id, "ids": list(record_ids)},
    )
    return {r.provider_record_id: r for r in rows}


async def get(conn: AsyncConnection, completion_id: str) -> Row[Any] | None:
    result = await conn.execute(text(_SELECT + " WHERE c.id = :id"), {"id": completion_id})
    return result.first()


async def insert_revocation(
    conn: AsyncConnection, completion_id: str, *, reason: str, revoked_by: str, at: dt.datetime
) -> bool:
    """Record a revocation; False if the completion was already revoked."""
    result = await conn.execute(
        text(
            """
            INSERT INTO training_revocation (completion_id, reason, revoked_by, revoked_at)
            VALUES (:id, :reason, :by, :at) ON CONFLICT (completion_id) DO NOTHING
            """
        ),
        {"id": completion_id, "reason": reason, "by": revoked_by, "at": at},
    )
    return bool(result.rowcount)


async def list_page(
    conn: AsyncConnection,
    *,
    provider_id: str | None,
    course_code: str | None,
    wcb: str | None,
    email: str | None,
    completed_from: dt.date | None,
    completed_to: dt.date | None,
    status: str | None,
    after: str | None,
    limit: int | None,
    ids: list[str] | None = None,
) -> list[Row[Any]]:
    conditions = ["TRUE"]
    params: dict[str, Any] = {}
    if ids is not None:
        conditions.append("c.id = ANY(:ids)")
        params["ids"] = ids
    for column, name, value in (
        ("c.provider_id", "provider_id", provider_id),
        ("c.course_code", "course_code", course_code),
        ("c.employer_wcb_account_number", "wcb", wcb),
    ):
        if value is not None:
            conditions.append(f"{column} = :{name}")
            params[name] = value
    if email is not None:
        conditions.append("lower(c.learner_email) = lower(:email)")
        params["email"] = email
    if completed_from is not None:
        conditions.append("c.completed_on >= :completed_from")
        params["completed_from"] = completed_from
    if completed_to is not None:
        conditions.append("c.completed_on <= :completed_to")
        params["completed_to"] = completed_to
    if status == "active":
        conditions.append("r.completion_id IS NULL")
    elif status == "revoked":
        conditions.append("r.completion_id IS NOT NULL")
    if after is not None:
        conditions.append("c.id > :after")
        params["after"] = after
    sql = _SELECT + " WHERE " + " AND ".join(conditions) + " ORDER BY c.id"
    if limit is not None:
        sql += " LIMIT :limit"
        params["limit"] = limit + 1
    return list(await conn.execute(text(sql), params))
