"""SQL for employers and the records kept about them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import asyncpg
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


# The employer lock is an advisory lock, not the row's: a reader waits for the writers in flight with a shared
# one, which costs no transaction id, no WAL and no write to the row (docs/rules.md, "known when committed").
_HOLD_SPACE = 0x5EC1
_SETTLE_ON_DRIVER = f"SELECT pg_advisory_xact_lock_shared({_HOLD_SPACE}, hashtext($1))"


async def hold(conn: AsyncConnection, employer_id: str) -> None:
    """Until commit, nobody else changes this employer's facts, and no reader settles on it."""
    await conn.execute(
        text(f"SELECT pg_advisory_xact_lock({_HOLD_SPACE}, hashtext(:employer_id))"),
        {"employer_id": employer_id},
    )


async def settle(conn: AsyncConnection, employer_id: str) -> None:
    """Wait for the changes to this employer in flight to commit, and keep new ones out until this transaction
    ends (a shared hold)."""
    await conn.execute(
        text(f"SELECT pg_advisory_xact_lock_shared({_HOLD_SPACE}, hashtext(:employer_id))"),
        {"employer_id": employer_id},
    )


async def get(conn: AsyncConnection, employer_id: str, *, for_update: bool = False) -> Row[Any] | None:
    """The employer; `for_update` holds it first, so what is read is what every earlier change committed."""
    if for_update:
        await hold(conn, employer_id)
    sql = f"SELECT {_COLUMNS} FROM eligibility_employer WHERE id = :id"
    return (await conn.execute(text(sql), {"id": employer_id})).first()


async def has_access(conn: AsyncConnection, employer_id: str, integrator_id: str) -> bool:
    result = await conn.execute(
        text(
            "SELECT 1 FROM eligibility_integrator_access "
            "WHERE employer_id = :e AND integrator_id = :i AND withdrawn_at IS NULL"
        ),
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
    contact_email: str | None = None,
) -> list[Row[Any]]:
    conditions: list[str] = ["TRUE"]
    params: dict[str, Any] = {"limit": limit + 1}
    if integrator_id is not None:
        conditions.append(
            "EXISTS (SELECT 1 FROM eligibility_integrator_access a "
            "WHERE a.employer_id = e.id AND a.integrator_id = :i AND a.withdrawn_at IS NULL)"
        )
        params["i"] = integrator_id
    if wcb is not None:
        conditions.append("e.wcb_account_number = :wcb")
        params["wcb"] = wcb
    if outcome is not None:
        conditions.append("e.outcome = :outcome")
        params["outcome"] = outcome
    if contact_email is not None:
        conditions.append("lower(e.contact_email) = lower(:contact_email)")
        params["contact_email"] = contact_email.strip()
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
            ON CONFLICT (employer_id, integrator_id) WHERE withdrawn_at IS NULL
                DO UPDATE SET employer_id = EXCLUDED.employer_id
            RETURNING employer_id, integrator_id, granted_at, (xmax = 0) AS created
            """
        ),
        {"e": employer_id, "i": integrator_id, "by": by, "at": at},
    )
    return result.one()


async def withdraw(
    conn: AsyncConnection, employer_id: str, integrator_id: str, by: str, at: dt.datetime
) -> bool:
    """Access ends; the grant and its end stay on record."""
    result = await conn.execute(
        text(
            "UPDATE eligibility_integrator_access SET withdrawn_at = :at, withdrawn_by = :by "
            "WHERE employer_id = :e AND integrator_id = :i AND withdrawn_at IS NULL"
        ),
        {"e": employer_id, "i": integrator_id, "by": by, "at": at},
    )
    return bool(result.rowcount)


async def list_access(conn: AsyncConnection, employer_id: str) -> list[Row[Any]]:
    result = await conn.execute(
        text(
            "SELECT employer_id, integrator_id, granted_at FROM eligibility_integrator_access "
            "WHERE employer_id = :e AND withdrawn_at IS NULL ORDER BY granted_at"
        ),
        {"e": employer_id},
    )
    return list(result)


async def add_wcb_status(conn: AsyncConnection, row: dict[str, Any]) -> None:
    await conn.execute(
        text(
            """
            INSERT INTO eligibility_wcb_status (id, employer_id, status, as_of, recorded_by, recorded_at, reason)
            VALUES (:id, :employer_id, :status, :as_of, :recorded_by, :recorded_at, :reason)
            """
        ),
        row,
    )


async def add_membership(conn: AsyncConnection, row: dict[str, Any]) -> None:
    """A membership recorded again under its number is a new version of it (its dates corrected)."""
    await conn.execute(
        text(
            """
            WITH closed AS (
                UPDATE eligibility_acsa_membership SET superseded_at = :recorded_at
                WHERE employer_id = :employer_id AND member_number = :member_number AND superseded_at IS NULL
                RETURNING id)
            INSERT INTO eligibility_acsa_membership
                (id, employer_id, member_number, valid_from, valid_until, recorded_by, recorded_at, change, reason)
            SELECT coalesce((SELECT min(id) FROM closed), :id), :employer_id, :member_number, :valid_from,
                   :valid_until, :recorded_by, :recorded_at,
                   CASE WHEN EXISTS (SELECT 1 FROM closed) THEN 'updated' ELSE 'created' END, :reason
            """
        ),
        row,
    )


_ASSESSOR_FIELDS = "given_name, family_name, email, learner_id, internal, email_key, name_key"


async def current_assessor(conn: AsyncConnection, employer_id: str) -> Row[Any] | None:
    """The assessor on file now, with who was on file before its day (None: none, or entered in error)."""
    result = await conn.execute(
        text(
            f"SELECT {_ASSESSOR_FIELDS}, effective_from, earlier FROM eligibility_assessor "
            "WHERE employer_id = :e AND superseded_at IS NULL AND NOT entered_in_error"
        ),
        {"e": employer_id},
    )
    return result.first()


async def set_assessor(conn: AsyncConnection, row: dict[str, Any]) -> None:
    """The assessor named from `effective_from`; who was named before stays on record."""
    await conn.execute(
        text(
            f"""
            WITH closed AS (
                UPDATE eligibility_assessor SET superseded_at = :recorded_at
                WHERE employer_id = :employer_id AND superseded_at IS NULL
                RETURNING 1)
            INSERT INTO eligibility_assessor
                (employer_id, {_ASSESSOR_FIELDS}, effective_from, earlier, recorded_by, recorded_at, change, reason)
            SELECT :employer_id, :given_name, :family_name, :email, :learner_id, :internal, :email_key, :name_key,
                   :effective_from, CAST(:earlier AS jsonb), :recorded_by, :recorded_at,
                   CASE WHEN EXISTS (SELECT 1 FROM closed) THEN 'updated' ELSE 'created' END, :reason
            """
        ),
        row,
    )


async def add_declaration(conn: AsyncConnection, row: dict[str, Any]) -> None:
    await conn.execute(
        text(
            """
            INSERT INTO eligibility_headcount_declaration
                (id, employer_id, period_start, period_end, peak_headcount, recorded_by, recorded_at)
            VALUES (:id, :employer_id, :period_start, :period_end, :peak_headcount, :recorded_by, :recorded_at)
            """
        ),
        row,
    )


async def declaration_in_error(
    conn: AsyncConnection, employer_id: str, declaration_id: str, at: dt.datetime, by: str, reason: str | None
) -> bool:
    """A declaration made by mistake: kept, with a last version saying so, and no longer counted."""
    result = await conn.execute(
        text(
            """
            WITH closed AS (
                UPDATE eligibility_headcount_declaration SET superseded_at = :at
                WHERE id = :id AND employer_id = :e AND superseded_at IS NULL AND NOT entered_in_error
                RETURNING *)
            INSERT INTO eligibility_headcount_declaration
                (id, employer_id, period_start, period_end, peak_headcount, recorded_by, recorded_at, change, reason,
                 entered_in_error)
            SELECT id, employer_id, period_start, period_end, peak_headcount, :by, :at, 'entered_in_error', :reason,
                   true
            FROM closed
            RETURNING id
            """
        ),
        {"id": declaration_id, "e": employer_id, "at": at, "by": by, "reason": reason},
    )
    return result.first() is not None


async def membership_in_error(
    conn: AsyncConnection, employer_id: str, member_number: str, at: dt.datetime, by: str, reason: str | None
) -> bool:
    """A membership recorded by mistake: kept, with a last version saying so, and no longer counted."""
    result = await conn.execute(
        text(
            """
            WITH closed AS (
                UPDATE eligibility_acsa_membership SET superseded_at = :at
                WHERE employer_id = :e AND member_number = :number AND superseded_at IS NULL
                  AND NOT entered_in_error
                RETURNING *)
            INSERT INTO eligibility_acsa_membership
                (id, employer_id, member_number, valid_from, valid_until, recorded_by, recorded_at, change, reason,
                 entered_in_error)
            SELECT id, employer_id, member_number, valid_from, valid_until, :by, :at, 'entered_in_error', :reason,
                   true
            FROM closed
            RETURNING id
            """
        ),
        {"e": employer_id, "number": member_number, "at": at, "by": by, "reason": reason},
    )
    return result.first() is not None


async def assessor_in_error(
    conn: AsyncConnection, employer_id: str, at: dt.datetime, by: str, reason: str | None
) -> bool:
    """The assessor on file named by mistake: kept, with a last version saying so; no assessor from then on."""
    result = await conn.execute(
        text(
            """
            WITH closed AS (
                UPDATE eligibility_assessor SET superseded_at = :at
                WHERE employer_id = :e AND superseded_at IS NULL AND NOT entered_in_error
                RETURNING *)
            INSERT INTO eligibility_assessor
                (employer_id, given_name, family_name, email, learner_id, internal, email_key, name_key,
                 effective_from, earlier, recorded_by, recorded_at, change, reason, entered_in_error)
            SELECT employer_id, given_name, family_name, email, learner_id, internal, email_key, name_key,
                   effective_from, earlier, :by, :at, 'entered_in_error', :reason, true
            FROM closed
            RETURNING employer_id
            """
        ),
        {"e": employer_id, "at": at, "by": by, "reason": reason},
    )
    return result.first() is not None


async def wcb_status_in_error(
    conn: AsyncConnection,
    employer_id: str,
    as_of: dt.date | None,
    at: dt.datetime,
    by: str,
    reason: str | None,
) -> Row[Any] | None:
    """The latest WCB record (for `as_of`, if given) marked entered in error: kept, counted until `at`."""
    result = await conn.execute(
        text(
            """
            UPDATE eligibility_wcb_status
            SET entered_in_error_at = :at, entered_in_error_by = :by, entered_in_error_reason = :reason
            WHERE id = (SELECT id FROM eligibility_wcb_status
                        WHERE employer_id = :e AND entered_in_error_at IS NULL
                          AND (CAST(:as_of AS date) IS NULL OR as_of = :as_of)
                        ORDER BY recorded_at DESC, id DESC LIMIT 1)
            RETURNING status, as_of
            """
        ),
        {"e": employer_id, "as_of": as_of, "at": at, "by": by, "reason": reason},
    )
    return result.first()


async def declarations(conn: AsyncConnection, employer_id: str) -> list[Row[Any]]:
    result = await conn.execute(
        text(
            "SELECT id, employer_id, period_start, period_end, peak_headcount, recorded_at AS created_at "
            "FROM eligibility_headcount_declaration "
            "WHERE employer_id = :e AND superseded_at IS NULL AND NOT entered_in_error ORDER BY period_start, id"
        ),
        {"e": employer_id},
    )
    return list(result)


def _state(*columns: str, alias: str) -> str:
    return "jsonb_build_object(" + ", ".join(f"'{c}', {alias}.{c}" for c in columns) + ")"


_WORKER_STATE = _state(
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
    "attributes_from",
    "earlier_terms",
    alias="w",
)

_ASSESSOR_STATE = _state(
    "given_name", "family_name", "email", "learner_id", "internal", "effective_from", "earlier", alias="a"
)

# Every change to the facts a determination reads, as one list: (at, fact, id, seq) orders it; `before` is the
# version it replaced, `after` what holds from then on (null when a record was entered in error or ended).
_HISTORY = text(
    f"""
    WITH entries AS (
        SELECT w.recorded_at AS at, 'worker' AS fact, w.id, w.version_id AS seq, w.recorded_by AS by, w.change,
               lag({_WORKER_STATE}) OVER (PARTITION BY w.id ORDER BY w.version_id) AS before,
               CASE WHEN w.entered_in_error THEN NULL ELSE {_WORKER_STATE} END AS after, w.reason
        FROM eligibility_worker w WHERE w.employer_id = :e
      UNION ALL
        SELECT d.recorded_at, 'headcount_declaration', d.id, d.version_id, d.recorded_by, d.change,
               lag({_state("period_start", "period_end", "peak_headcount", alias="d")})
                   OVER (PARTITION BY d.id ORDER BY d.version_id),
               CASE WHEN d.entered_in_error THEN NULL
                    ELSE {_state("period_start", "period_end", "peak_headcount", alias="d")} END,
               d.reason
        FROM eligibility_headcount_declaration d WHERE d.employer_id = :e
      UNION ALL
        SELECT a.recorded_at, 'assessor', 'assessor', a.version_id, a.recorded_by, a.change,
               lag({_ASSESSOR_STATE}) OVER (ORDER BY a.version_id),
               CASE WHEN a.entered_in_error THEN NULL ELSE {_ASSESSOR_STATE} END,
               a.reason
        FROM eligibility_assessor a WHERE a.employer_id = :e
      UNION ALL
        SELECT m.recorded_at, 'acsa_membership', m.id, m.version_id, m.recorded_by, m.change,
               lag({_state("member_number", "valid_from", "valid_until", alias="m")})
                   OVER (PARTITION BY m.id ORDER BY m.version_id),
               CASE WHEN m.entered_in_error THEN NULL
                    ELSE {_state("member_number", "valid_from", "valid_until", alias="m")} END,
               m.reason
        FROM eligibility_acsa_membership m WHERE m.employer_id = :e
      UNION ALL
        SELECT s.recorded_at, 'wcb_account', s.id, 0, s.recorded_by,
               CASE WHEN lag(s.id) OVER (PARTITION BY s.as_of ORDER BY s.recorded_at) IS NULL THEN 'created'
                    ELSE 'updated' END,
               lag({_state("status", "as_of", alias="s")}) OVER (PARTITION BY s.as_of ORDER BY s.recorded_at),
               {_state("status", "as_of", alias="s")}, s.reason
        FROM eligibility_wcb_status s WHERE s.employer_id = :e
      UNION ALL
        SELECT s.entered_in_error_at, 'wcb_account', s.id, 1, s.entered_in_error_by, 'entered_in_error',
               {_state("status", "as_of", alias="s")}, NULL, s.entered_in_error_reason
        FROM eligibility_wcb_status s WHERE s.employer_id = :e AND s.entered_in_error_at IS NOT NULL
      UNION ALL
        SELECT g.granted_at, 'integrator_access', g.integrator_id, g.version_id * 2, g.granted_by, 'created', NULL,
               jsonb_build_object('integrator_id', g.integrator_id), NULL
        FROM eligibility_integrator_access g WHERE g.employer_id = :e
      UNION ALL
        SELECT g.withdrawn_at, 'integrator_access', g.integrator_id, g.version_id * 2 + 1, g.withdrawn_by, 'ended',
               jsonb_build_object('integrator_id', g.integrator_id), NULL, NULL
        FROM eligibility_integrator_access g WHERE g.employer_id = :e AND g.withdrawn_at IS NOT NULL
      UNION ALL
        SELECT l.linked_at, 'completion_link', l.completion_id, l.version_id * 2, l.linked_by, 'created', NULL,
               jsonb_build_object('completion_id', l.completion_id, 'worker_id', l.worker_id), NULL
        FROM eligibility_completion_link l WHERE l.employer_id = :e
      UNION ALL
        SELECT l.unlinked_at, 'completion_link', l.completion_id, l.version_id * 2 + 1, l.unlinked_by, 'ended',
               jsonb_build_object('completion_id', l.completion_id, 'worker_id', l.worker_id), NULL, NULL
        FROM eligibility_completion_link l WHERE l.employer_id = :e AND l.unlinked_at IS NOT NULL
    )
    SELECT at, fact, id, seq, by, change, before, after, reason FROM entries
    WHERE CAST(:at AS timestamptz) IS NULL OR (at, fact, seq) < (CAST(:at AS timestamptz), :fact, :seq)
    ORDER BY at DESC, fact DESC, seq DESC
    LIMIT :limit
    """
)


async def history(
    conn: AsyncConnection, employer_id: str, *, before: tuple[dt.datetime, str, int] | None, limit: int
) -> list[Row[Any]]:
    """The employer's facts' changes, newest first, from just `before` (at, fact, seq) when paging on."""
    at, fact, seq = before if before is not None else (None, "", 0)
    result = await conn.execute(
        _HISTORY, {"e": employer_id, "at": at, "fact": fact, "seq": seq, "limit": limit + 1}
    )
    return list(result)


async def settle_on_driver(driver: asyncpg.Connection, employer_id: str) -> None:
    """`settle` on a plain asyncpg connection (the fast path), inside the transaction the caller began."""
    await driver.execute(_SETTLE_ON_DRIVER, employer_id)
