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
_COLUMNS = "id, employer_id, " + ", ".join(FIELDS) + ", created_at, updated_at"
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
    "email_key": "text[]",
    "name_key": "text[]",
}
_ALL = list(_ARRAY_TYPES)


def _unnest(columns: Sequence[str]) -> str:
    return (
        "unnest("
        + ", ".join(f"CAST(:{c} AS {_ARRAY_TYPES[c]})" for c in columns)
        + ") AS t("
        + ", ".join(columns)
        + ")"
    )


async def insert_many(conn: AsyncConnection, rows: Sequence[dict[str, Any]], at: Any) -> None:
    if not rows:
        return
    params: dict[str, Any] = {c: [r[c] for r in rows] for c in _ALL}
    await conn.execute(
        text(
            f"INSERT INTO eligibility_worker ({', '.join(_ALL)}, created_at, updated_at) "
            f"SELECT t.*, CAST(:at AS timestamptz), CAST(:at AS timestamptz) FROM {_unnest(_ALL)}"
        ),
        {**params, "at": at},
    )


async def update_many(conn: AsyncConnection, rows: Sequence[dict[str, Any]], at: Any) -> None:
    """Rewrite every field of the given workers (matched on id)."""
    if not rows:
        return
    columns = [c for c in _ALL if c != "employer_id"]
    params: dict[str, Any] = {c: [r[c] for r in rows] for c in columns}
    assignments = ", ".join(f"{c} = t.{c}" for c in columns if c != "id")
    await conn.execute(
        text(
            f"UPDATE eligibility_worker w SET {assignments}, updated_at = :at FROM {_unnest(columns)} WHERE w.id = t.id"
        ),
        {**params, "at": at},
    )


async def end_many(conn: AsyncConnection, ends: dict[str, Any], at: Any) -> None:
    if not ends:
        return
    await conn.execute(
        text(
            "UPDATE eligibility_worker w SET end_date = t.end_date, updated_at = :at "
            "FROM unnest(CAST(:ids AS text[]), CAST(:ends AS date[])) AS t(id, end_date) WHERE w.id = t.id"
        ),
        {"ids": list(ends), "ends": list(ends.values()), "at": at},
    )


async def get(conn: AsyncConnection, employer_id: str, worker_id: str) -> Row[Any] | None:
    result = await conn.execute(
        text(f"SELECT {_COLUMNS} FROM eligibility_worker WHERE id = :id AND employer_id = :e"),
        {"id": worker_id, "e": employer_id},
    )
    return result.first()


async def with_external_ids(conn: AsyncConnection, employer_id: str) -> dict[str, Row[Any]]:
    result = await conn.execute(
        text(f"SELECT {_COLUMNS} FROM eligibility_worker WHERE employer_id = :e AND external_id IS NOT NULL"),
        {"e": employer_id},
    )
    return {r.external_id: r for r in result}


async def external_id_taken(
    conn: AsyncConnection, employer_id: str, external_id: str, other_than: str | None
) -> bool:
    result = await conn.execute(
        text(
            "SELECT 1 FROM eligibility_worker WHERE employer_id = :e AND external_id = :x"
            + (" AND id <> :other" if other_than else "")
        ),
        {"e": employer_id, "x": external_id, "other": other_than},
    )
    return result.first() is not None


async def delete(conn: AsyncConnection, employer_id: str, worker_id: str) -> bool:
    result = await conn.execute(
        text("DELETE FROM eligibility_worker WHERE id = :id AND employer_id = :e"),
        {"id": worker_id, "e": employer_id},
    )
    return bool(result.rowcount)


async def list_page(
    conn: AsyncConnection, employer_id: str, *, employed_on: Any, after: str | None, limit: int
) -> list[Row[Any]]:
    conditions: list[str] = ["employer_id = :e"]
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
