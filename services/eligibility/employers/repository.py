"""SQL for employers and the records kept about them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

_COLUMNS = (
    "id, wcb_account_number, legal_name, trade_name, industry, contact_email, outcome, outcome_at, "
    "created_at, updated_at"
)


async def insert(conn: AsyncConnection, row: dict[str, Any]) -> bool:
    """Insert an employer; False when its WCB number is already registered."""
    result = await conn.execute(
        text(
            """
            INSERT INTO eligibility_employer
                (id, wcb_account_number, legal_name, trade_name, industry, contact_email, registered_by,
                 created_at, updated_at)
            VALUES (:id, :wcb_account_number, :legal_name, :trade_name, :industry, :contact_email, :registered_by,
                    :created_at, :updated_at)
            ON CONFLICT (wcb_account_number) DO NOTHING
            """
        ),
        row,
    )
    return bool(result.rowcount)


async def id_by_wcb(conn: AsyncConnection, wcb: str) -> str | None:
    return (
        await conn.execute(
            text("SELECT id FROM eligibility_employer WHERE wcb_account_number = :w"), {"w": wcb}
        )
    ).scalar_one_or_none()


async def get(conn: AsyncConnection, employer_id: str, *, for_update: bool = False) -> Row[Any] | None:
    sql = f"SELECT {_COLUMNS} FROM eligibility_employer WHERE id = :id" + (
        " FOR UPDATE" if for_update else ""
    )
    return (await conn.execute(text(sql), {"id": employer_id})).first()


async def has_access(conn: AsyncConnection, employer_id: str, integrator_id: str) -> bool:
    result = await conn.execute(
        text("SELECT 1 FROM eligibility_integrator_access WHERE employer_id = :e AND integrator_id = :i"),
        {"e": employer_id, "i": integrator_id},
    )
    return result.first() is not None


async def update(conn: AsyncConnection, employer_id: str, changes: dict[str, Any], at: dt.datetime) -> None:
    assignments = ", ".join(f"{k} = :{k}" for k in changes)
    await conn.execute(
        text(f"UPDATE eligibility_employer SET {assignments}, updated_at = :at WHERE id = :id"),
        {**changes, "at": at, "id": employer_id},
    )


async def list_page(
    conn: AsyncConnection,
    *,
    integrator_id: str | None,
    wcb: str | None,
    outcome: str | None,
    after: str | None,
    limit: int,
) -> list[Row[Any]]:
    conditions: list[str] = ["TRUE"]
    params: dict[str, Any] = {"limit": limit + 1}
    if integrator_id is not None:
        conditions.append(
            "EXISTS (SELECT 1 FROM eligibility_integrator_access a WHERE a.employer_id = e.id AND a.integrator_id = :i)"
        )
        params["i"] = integrator_id
    if wcb is not None:
        conditions.append("e.wcb_account_number = :wcb")
        params["wcb"] = wcb
    if outcome is not None:
        conditions.append("e.outcome = :outcome")
        params["outcome"] = outcome
    if after is not None:
        conditions.append("e.id > :after")
        params["after"] = after
    sql = f"SELECT {_COLUMNS} FROM eligibility_employer e WHERE {' AND '.join(conditions)} ORDER BY e.id LIMIT :limit"
    return list(await conn.execute(text(sql), params))


async def grant(
    conn: AsyncConnection, employer_id: str, integrator_id: str, by: str, at: dt.datetime
) -> Row[Any]:
    result = await conn.execute(
        text(
            """
            INSERT INTO eligibility_integrator_access (employer_id, integrator_id, granted_by, granted_at)
            VALUES (:e, :i, :by, :at)
            ON CONFLICT (employer_id, integrator_id) DO UPDATE SET employer_id = EXCLUDED.employer_id
            RETURNING employer_id, integrator_id, granted_at, (xmax = 0) AS created
            """
        ),
        {"e": employer_id, "i": integrator_id, "by": by, "at": at},
    )
    return result.one()


async def withdraw(conn: AsyncConnection, employer_id: str, integrator_id: str) -> bool:
    result = await conn.execute(
        text("DELETE FROM eligibility_integrator_access WHERE employer_id = :e AND integrator_id = :i"),
        {"e": employer_id, "i": integrator_id},
    )
    return bool(result.rowcount)


async def list_access(conn: AsyncConnection, employer_id: str) -> list[Row[Any]]:
    result = await conn.execute(
        text(
            "SELECT employer_id, integrator_id, granted_at FROM eligibility_integrator_access "
            "WHERE employer_id = :e ORDER BY granted_at"
        ),
        {"e": employer_id},
    )
    return list(result)


async def add_wcb_status(conn: AsyncConnection, row: dict[str, Any]) -> None:
    await conn.execute(
        text(
            """
            INSERT INTO eligibility_wcb_status (id, employer_id, status, as_of, recorded_by, recorded_at)
            VALUES (:id, :employer_id, :status, :as_of, :recorded_by, :recorded_at)
            """
        ),
        row,
    )


async def add_membership(conn: AsyncConnection, row: dict[str, Any]) -> None:
    await conn.execute(
        text(
            """
            INSERT INTO eligibility_acsa_membership
                (id, employer_id, member_number, valid_from, valid_until, recorded_by, recorded_at)
            VALUES (:id, :employer_id, :member_number, :valid_from, :valid_until, :recorded_by, :recorded_at)
            """
        ),
        row,
    )


async def set_assessor(conn: AsyncConnection, row: dict[str, Any]) -> None:
    await conn.execute(
        text(
            """
            INSERT INTO eligibility_assessor
                (employer_id, given_name, family_name, email, learner_id, internal, email_key, name_key,
                 updated_by, updated_at)
            VALUES (:employer_id, :given_name, :family_name, :email, :learner_id, :internal, :email_key, :name_key,
                    :updated_by, :updated_at)
            ON CONFLICT (employer_id) DO UPDATE SET
                given_name = EXCLUDED.given_name, family_name = EXCLUDED.family_name, email = EXCLUDED.email,
                learner_id = EXCLUDED.learner_id, internal = EXCLUDED.internal, email_key = EXCLUDED.email_key,
                name_key = EXCLUDED.name_key, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
            """
        ),
        row,
    )


async def add_declaration(conn: AsyncConnection, row: dict[str, Any]) -> None:
    await conn.execute(
        text(
            """
            INSERT INTO eligibility_headcount_declaration
                (id, employer_id, period_start, period_end, peak_headcount, declared_by, created_at)
            VALUES (:id, :employer_id, :period_start, :period_end, :peak_headcount, :declared_by, :created_at)
            """
        ),
        row,
    )


async def declarations(conn: AsyncConnection, employer_id: str) -> list[Row[Any]]:
    result = await conn.execute(
        text(
            "SELECT id, employer_id, period_start, period_end, peak_headcount, created_at "
            "FROM eligibility_headcount_declaration WHERE employer_id = :e ORDER BY period_start, id"
        ),
        {"e": employer_id},
    )
    return list(result)
