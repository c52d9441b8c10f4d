"""SQL for the roster."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

FIELDS = (
    "given_name",
    "family_name",
    "email",
    "birth_date",
    "learner_id",
    "external_id",
    "role",
    "employment_type",
    "covered_by_wcb_account",
    "start_date",
    "end_date",
)
# The role, employment type and coverage shown hold from `attributes_from`; `earlier_terms` held before.
_COLUMNS = (
    "id, employer_id, "
    + ", ".join(FIELDS)
    + ", attributes_from, earlier_terms, created_at, recorded_at AS updated_at"
)
# The roster as it stands: each worker's latest version, unless that says it was entered in error.
CURRENT = "superseded_at IS NULL AND NOT entered_in_error"
_ARRAY_TYPES = {
    "id": "text[]",
    "employer_id": "text[]",
    "given_name": "text[]",
    "family_name": "text[]",
    "email": "text[]",
    "birth_date": "date[]",
    "learner_id": "text[]",
    "external_id": "text[]",
    "role": "text[]",
    "employment_type": "text[]",
    "covered_by_wcb_account": "boolean[]",
    "start_date": "date[]",
    "end_date": "date[]",
    "attributes_from": "date[]",
    "earlier_terms": "text[]",
    "email_key": "text[]",
    "name_key": "text[]",
}
_ALL = list(_ARRAY_TYPES)


def _unnest(columns: Sequence[str]) -> str:
    return (
        "unnest("
        + ", ".join(
            f"CAST(:{c} AS text[])::jsonb[]" if c == "earlier_terms" else f"CAST(:{c} AS {_ARRAY_TYPES[c]})"
            for c in columns
        )
        + ") AS t("
        + ", ".join(columns)
        + ")"
    )


async def insert_many(conn: AsyncConnection, rows: Sequence[dict[str, Any]], at: Any, by: str) -> None:
    if not rows:
        return
    params: dict[str, Any] = {c: [r[c] for r in rows] for c in _ALL}
    await conn.execute(
        text(
            f"INSERT INTO eligibility_worker ({', '.join(_ALL)}, created_at, recorded_at, recorded_by, change) "
            f"SELECT t.*, CAST(:at AS timestamptz), CAST(:at AS timestamptz), :by, 'created' FROM {_unnest(_ALL)}"
        ),
        {**params, "at": at, "by": by},
    )


async def update_many(
    conn: AsyncConnection, rows: Sequence[dict[str, Any]], at: Any, by: str, reason: str | None = None
) -> None:
    """A new version of each given worker (matched on id) with every field as given; the old one is kept."""
    if not rows:
        return
    columns = [c for c in _ALL if c != "employer_id"]
    params: dict[str, Any] = {c: [r[c] for r in rows] for c in columns}
    await conn.execute(
        text(
            f"""
            WITH closed AS (
                UPDATE eligibility_worker w SET superseded_at = :at
                FROM unnest(CAST(:id AS text[])) AS t(id)
                WHERE w.id = t.id AND w.superseded_at IS NULL
                RETURNING w.id, w.employer_id, w.created_at)
            INSERT INTO eligibility_worker ({", ".join(_ALL)}, created_at, recorded_at, recorded_by, change, reason)
            SELECT {", ".join("closed.employer_id" if c == "employer_id" else f"t.{c}" for c in _ALL)},
                   closed.created_at, :at, :by, 'updated', :reason
            FROM {_unnest(columns)} JOIN closed ON closed.id = t.id
            """
        ),
        {**params, "at": at, "by": by, "reason": reason},
    )


# Every column of a version but its own bookkeeping, in one order, for copying a version into the next.
_FACT = [
    "id",
    "employer_id",
    *FIELDS,
    "attributes_from",
    "earlier_terms",
    "email_key",
    "name_key",
    "created_at",
]


def _successor_sql(
    where: str,
    *,
    source: str = "",
    carried: str = "",
    overrides: dict[str, str] | None = None,
    in_error: bool = False,
) -> str:
    """Close the current version of each worker picked by `where` (over `w`, with `source` joined as `t`, whose
    `carried` columns come along) and insert its successor: the same fact but for `overrides` (SQL over the
    closed row, `closed`)."""
    values = [(overrides or {}).get(c, f"closed.{c}") for c in _FACT]
    return f"""
        WITH closed AS (
            UPDATE eligibility_worker w SET superseded_at = :at
            {source}
            WHERE {where} AND w.superseded_at IS NULL AND NOT w.entered_in_error
            RETURNING w.*{carried})
        INSERT INTO eligibility_worker ({", ".join(_FACT)}, entered_in_error, recorded_at, recorded_by, change, reason)
        SELECT {", ".join(values)}, {"true" if in_error else "false"}, :at, :by, :change, :reason
        FROM closed
        RETURNING id
    """


_END = text(
    _successor_sql(
        "w.id = t.id",
        source="FROM unnest(CAST(:ids AS text[]), CAST(:ends AS date[])) AS t(id, end_date)",
        carried=", t.end_date AS new_end_date",
        overrides={"end_date": "closed.new_end_date"},
    )
)
_IN_ERROR = text(_successor_sql("w.id = :id AND w.employer_id = :e", in_error=True))


async def end_many(conn: AsyncConnection, ends: dict[str, Any], at: Any, by: str) -> None:
    """Each worker's employment ended on the given day: a new version; the one before is kept."""
    if ends:
        await conn.execute(
            _END,
            {
                "ids": list(ends),
                "ends": list(ends.values()),
                "at": at,
                "by": by,
                "change": "ended",
                "reason": None,
            },
        )


async def mark_entered_in_error(
    conn: AsyncConnection, employer_id: str, worker_id: str, at: Any, by: str, reason: str | None
) -> bool:
    """The worker was recorded by mistake: kept, with a last version saying so, and no longer counted."""
    result = await conn.execute(
        _IN_ERROR,
        {
            "id": worker_id,
            "e": employer_id,
            "at": at,
            "by": by,
            "change": "entered_in_error",
            "reason": reason,
        },
    )
    return result.first() is not None


async def get(conn: AsyncConnection, employer_id: str, worker_id: str) -> Row[Any] | None:
    result = await conn.execute(
        text(f"SELECT {_COLUMNS} FROM eligibility_worker WHERE id = :id AND employer_id = :e AND {CURRENT}"),
        {"id": worker_id, "e": employer_id},
    )
    return result.first()


async def with_external_ids(conn: AsyncConnection, employer_id: str) -> dict[str, Row[Any]]:
    """Each external id's latest stint (a rehire under the same external id is a stint of its own)."""
    result = await conn.execute(
        text(
            f"SELECT DISTINCT ON (external_id) {_COLUMNS} FROM eligibility_worker "
            f"WHERE employer_id = :e AND external_id IS NOT NULL AND {CURRENT} "
            "ORDER BY external_id, start_date DESC, id DESC"
        ),
        {"e": employer_id},
    )
    return {r.external_id: r for r in result}


async def external_id_taken(
    conn: AsyncConnection,
    employer_id: str,
    external_id: str,
    start_date: Any,
    end_date: Any,
    other_than: str | None,
) -> bool:
    """Whether another stint under this external id overlaps [start_date, end_date]: a rehire under the same id
    is a stint of its own, never at the same time as another."""
    result = await conn.execute(
        text(
            f"SELECT 1 FROM eligibility_worker WHERE employer_id = :e AND external_id = :x AND {CURRENT} "
            "AND (end_date IS NULL OR end_date >= :start) AND (CAST(:end AS date) IS NULL OR start_date <= :end)"
            + (" AND id <> :other" if other_than else "")
        ),
        {"e": employer_id, "x": external_id, "start": start_date, "end": end_date, "other": other_than},
    )
    return result.first() is not None


async def list_page(
    conn: AsyncConnection, employer_id: str, *, employed_on: Any, after: str | None, limit: int
) -> list[Row[Any]]:
    conditions: list[str] = ["employer_id = :e", CURRENT]
    params: dict[str, Any] = {"e": employer_id, "limit": limit + 1}
    if employed_on is not None:
        conditions.append("start_date <= :on AND (end_date IS NULL OR end_date >= :on)")
        params["on"] = employed_on
    if after is not None:
        conditions.append("id > :after")
        params["after"] = after
    sql = (
        f"SELECT {_COLUMNS} FROM eligibility_worker WHERE {' AND '.join(conditions)} ORDER BY id LIMIT :limit"
    )
    return list(await conn.execute(text(sql), params))
