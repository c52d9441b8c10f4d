"""SQL for certificates, their maintenance years and reminders."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

IN_FORCE = ("active", "maintenance_due", "suspended")

_COLUMNS = """
    c.number, c.employer_id, e.legal_name AS holder_legal_name, e.contact_email, c.program, c.status,
    c.status_reason, c.status_changed_at, c.valid_from, c.valid_until, c.documentation_months,
    c.audit_period_start, c.audit_period_end, c.submission_id, c.qa_score, c.issued_at, c.source, c.import_item,
    c.determination_id
"""


async def next_serial(conn: AsyncConnection) -> int:
    return int((await conn.execute(text("SELECT nextval('eligibility_certificate_serial')"))).scalar_one())


async def insert(conn: AsyncConnection, row: dict[str, Any]) -> bool:
    """False if this submission already issued a certificate (an event delivered twice)."""
    result = await conn.execute(
        text(
            """
            INSERT INTO eligibility_certificate (number, employer_id, submission_id, status, status_changed_at,
                valid_from, valid_until, documentation_months, audit_period_start, audit_period_end, qa_score,
                issued_at, determination_id)
            VALUES (:number, :employer_id, :submission_id, 'active', :issued_at, :valid_from, :valid_until,
                :documentation_months, :audit_period_start, :audit_period_end, :qa_score, :issued_at,
                :determination_id)
            ON CONFLICT (submission_id) DO NOTHING
            RETURNING number
            """
        ),
        row,
    )
    return result.first() is not None


async def insert_imported(conn: AsyncConnection, row: dict[str, Any]) -> None:
    await conn.execute(
        text(
            """
            INSERT INTO eligibility_certificate (number, employer_id, submission_id, status, status_reason,
                status_changed_at, valid_from, valid_until, documentation_months, audit_period_start,
                audit_period_end, issued_at, source, import_item)
            VALUES (:number, :employer_id, NULL, :status, :status_reason, :now, :valid_from, :valid_until,
                :documentation_months, :audit_period_start, :audit_period_end, :now, 'import',
                CAST(:import_item AS jsonb))
            """
        ),
        row | {"import_item": json.dumps(row["import_item"])},
    )


async def number_taken(conn: AsyncConnection, number: str) -> bool:
    found = await conn.execute(text("SELECT 1 FROM eligibility_certificate WHERE number = :n"), {"n": number})
    return found.first() is not None


async def insert_schedule(
    conn: AsyncConnection, number: str, years: list[dict[str, Any]], reminders: list[dict[str, Any]]
) -> None:
    if years:
        await conn.execute(
            text(
                "INSERT INTO eligibility_certificate_maintenance (certificate_number, year, due_on, status) "
                "VALUES (:number, :year, :due_on, :status)"
            ),
            [{"number": number, "status": "pending"} | y for y in years],
        )
    if reminders:
        await conn.execute(
            text(
                """
                INSERT INTO eligibility_certificate_reminder (certificate_number, due, year, due_on, days_before,
                    send_on)
                VALUES (:number, :due, :year, :due_on, :days_before, :send_on)
                """
            ),
            [{"number": number} | r for r in reminders],
        )


async def get(conn: AsyncConnection, number: str, *, for_update: bool = False) -> Row[Any] | None:
    sql = (
        f"SELECT {_COLUMNS} FROM eligibility_certificate c JOIN eligibility_employer e ON e.id = c.employer_id "
        "WHERE c.number = :number"
    )
    if for_update:
        sql += " FOR UPDATE OF c"
    return (await conn.execute(text(sql), {"number": number})).first()


async def verification(conn: AsyncConnection, number: str) -> Row[Any] | None:
    """Only what the public may know of a certificate."""
    result = await conn.execute(
        text(
            """
            SELECT c.number, e.legal_name AS holder_legal_name, c.program, c.status, c.valid_from, c.valid_until
            FROM eligibility_certificate c JOIN eligibility_employer e ON e.id = c.employer_id
            WHERE c.number = :number
            """
        ),
        {"number": number},
    )
    return result.first()


async def current_for_employer(
    conn: AsyncConnection, employer_id: str, *, for_update: bool = False
) -> Row[Any] | None:
    """The employer's certificate in force (active, due for maintenance or suspended), the newest if several."""
    sql = f"""
        SELECT {_COLUMNS} FROM eligibility_certificate c JOIN eligibility_employer e ON e.id = c.employer_id
        WHERE c.employer_id = :employer_id AND c.status IN ('active', 'maintenance_due', 'suspended')
        ORDER BY c.valid_from DESC, c.issued_at DESC LIMIT 1
    """
    if for_update:
        sql += " FOR UPDATE OF c"
    return (await conn.execute(text(sql), {"employer_id": employer_id})).first()


async def others_in_force(conn: AsyncConnection, employer_id: str, number: str) -> list[Row[Any]]:
    result = await conn.execute(
        text(
            f"""
            SELECT {_COLUMNS} FROM eligibility_certificate c JOIN eligibility_employer e ON e.id = c.employer_id
            WHERE c.employer_id = :employer_id AND c.number <> :number
              AND c.status IN ('active', 'maintenance_due', 'suspended')
            FOR UPDATE OF c
            """
        ),
        {"employer_id": employer_id, "number": number},
    )
    return list(result)


async def list_page(
    conn: AsyncConnection,
    *,
    status: str | None,
    expiring_before: dt.date | None,
    employer_id: str | None,
    after: str | None,
    limit: int,
) -> list[Row[Any]]:
    conditions = ["TRUE"]
    params: dict[str, Any] = {"limit": limit + 1}
    if status is not None:
        conditions.append("c.status = :status")
        params["status"] = status
    if expiring_before is not None:
        conditions.append(
            "c.valid_until < :expiring_before AND c.status IN ('active', 'maintenance_due', 'suspended')"
        )
        params["expiring_before"] = expiring_before
    if employer_id is not None:
        conditions.append("c.employer_id = :employer_id")
        params["employer_id"] = employer_id
    if after is not None:
        conditions.append("c.number > :after")
        params["after"] = after
    sql = f"""
        SELECT {_COLUMNS} FROM eligibility_certificate c JOIN eligibility_employer e ON e.id = c.employer_id
        WHERE {" AND ".join(conditions)} ORDER BY c.number LIMIT :limit
    """
    return list(await conn.execute(text(sql), params))


async def maintenance_years(conn: AsyncConnection, numbers: list[str]) -> list[Row[Any]]:
    result = await conn.execute(
        text(
            """
            SELECT certificate_number, year, due_on, status, maintained_on, submission_id, pir_refund_eligible,
                   received_on, audit_period_start, audit_period_end, determination_id
            FROM eligibility_certificate_maintenance WHERE certificate_number = ANY(:numbers)
            ORDER BY certificate_number, year
            """
        ),
        {"numbers": numbers},
    )
    return list(result)


async def reminders(conn: AsyncConnection, numbers: list[str]) -> list[Row[Any]]:
    result = await conn.execute(
        text(
            """
            SELECT certificate_number, due, year, due_on, days_before, send_on, status, sent_at, note
            FROM eligibility_certificate_reminder WHERE certificate_number = ANY(:numbers)
            ORDER BY certificate_number, send_on, id
            """
        ),
        {"numbers": numbers},
    )
    return list(result)


async def set_status(
    conn: AsyncConnection, number: str, status: str, reason: str | None, at: dt.datetime
) -> None:
    await conn.execute(
        text(
            "UPDATE eligibility_certificate SET status = :status, status_reason = :reason, status_changed_at = :at "
            "WHERE number = :number"
        ),
        {"number": number, "status": status, "reason": reason, "at": at},
    )


async def first_pending_year(conn: AsyncConnection, number: str) -> Row[Any] | None:
    result = await conn.execute(
        text(
            """
            SELECT year, due_on, status, submission_id FROM eligibility_certificate_maintenance
            WHERE certificate_number = :number AND status = 'pending' ORDER BY year LIMIT 1 FOR UPDATE
            """
        ),
        {"number": number},
    )
    return result.first()


async def year_for_update(conn: AsyncConnection, number: str, year: int) -> Row[Any] | None:
    result = await conn.execute(
        text(
            """
            SELECT year, due_on, status, submission_id FROM eligibility_certificate_maintenance
            WHERE certificate_number = :number AND year = :year FOR UPDATE
            """
        ),
        {"number": number, "year": year},
    )
    return result.first()


async def mark_maintained(conn: AsyncConnection, number: str, year: int, row: dict[str, Any]) -> None:
    await conn.execute(
        text(
            """
            UPDATE eligibility_certificate_maintenance
            SET status = 'maintained', maintained_on = :maintained_on, submission_id = :submission_id,
                pir_refund_eligible = :pir_refund_eligible, received_on = :received_on,
                audit_period_start = :audit_period_start, audit_period_end = :audit_period_end,
                determination_id = :determination_id
            WHERE certificate_number = :number AND year = :year
            """
        ),
        {"number": number, "year": year} | row,
    )


async def set_year_status(conn: AsyncConnection, number: str, year: int, status: str) -> None:
    await conn.execute(
        text(
            "UPDATE eligibility_certificate_maintenance SET status = :status "
            "WHERE certificate_number = :number AND year = :year"
        ),
        {"number": number, "year": year, "status": status},
    )


async def add_history(conn: AsyncConnection, entries: list[dict[str, Any]]) -> None:
    """Decisions about certificates: each `{certificate_number, at, by, action, status, year?, submission_id?,
    note}`."""
    if entries:
        await conn.execute(
            text(
                """
                INSERT INTO eligibility_certificate_history
                    (certificate_number, at, by, action, status, year, submission_id, note)
                VALUES (:certificate_number, :at, :by, :action, :status, :year, :submission_id, :note)
                """
            ),
            [{"year": None, "submission_id": None} | e for e in entries],
        )


async def history(conn: AsyncConnection, numbers: list[str]) -> list[Row[Any]]:
    result = await conn.execute(
        text(
            """
            SELECT certificate_number, at, by, action, status, year, submission_id, note
            FROM eligibility_certificate_history WHERE certificate_number = ANY(:numbers)
            ORDER BY certificate_number, id
            """
        ),
        {"numbers": numbers},
    )
    return list(result)


async def track_submission(conn: AsyncConnection, row: dict[str, Any]) -> None:
    """What this service knows of a submission, from its status events (a late, older event changes nothing)."""
    await conn.execute(
        text(
            """
            INSERT INTO eligibility_submission (submission_id, employer_id, kind, status, received_on,
                certificate_number, maintenance_year, changed_at)
            VALUES (:submission_id, :employer_id, :kind, :status, :received_on, :certificate_number,
                :maintenance_year, :changed_at)
            ON CONFLICT (submission_id) DO UPDATE SET status = EXCLUDED.status, received_on = EXCLUDED.received_on,
                certificate_number = EXCLUDED.certificate_number, maintenance_year = EXCLUDED.maintenance_year,
                changed_at = EXCLUDED.changed_at,
                -- A move after a refused approval is a decision to come again (an assignment is no move).
                approval_refused_at = CASE WHEN eligibility_submission.status = EXCLUDED.status
                                           THEN eligibility_submission.approval_refused_at END
            WHERE eligibility_submission.changed_at <= EXCLUDED.changed_at
            """
        ),
        row,
    )


async def refuse_tracked(conn: AsyncConnection, row: dict[str, Any]) -> None:
    """QA's approval of a submission was refused by the program's rules: while it stays so, a maintenance holds
    its year no longer (a late refusal, older than the submission's last move, changes nothing)."""
    await conn.execute(
        text(
            """
            INSERT INTO eligibility_submission (submission_id, employer_id, kind, status, received_on,
                certificate_number, maintenance_year, changed_at, approval_refused_at)
            VALUES (:submission_id, :employer_id, :kind, :status, :received_on, :certificate_number,
                :maintenance_year, :at, :at)
            ON CONFLICT (submission_id) DO UPDATE SET approval_refused_at = EXCLUDED.approval_refused_at,
                changed_at = EXCLUDED.changed_at
            WHERE eligibility_submission.changed_at <= EXCLUDED.changed_at
            """
        ),
        row,
    )


async def tracked_submission(conn: AsyncConnection, submission_id: str) -> Row[Any] | None:
    result = await conn.execute(
        text(
            "SELECT status, received_on, certificate_number, maintenance_year, approval_refused_at "
            "FROM eligibility_submission "
            "WHERE submission_id = :id"
        ),
        {"id": submission_id},
    )
    return result.first()


# A maintenance received in time and still in intake or QA holds its year: the certificate is not cancelled
# for it, and no reminder nags about it. `m` is the maintenance year's row.
HOLDING_STATUSES = ("validating", "in_qa", "information_requested")
_HELD = f"""EXISTS (
    SELECT 1 FROM eligibility_submission h
    WHERE h.certificate_number = m.certificate_number AND h.maintenance_year = m.year AND h.kind = 'maintenance'
      AND h.status IN ({", ".join(f"'{status}'" for status in HOLDING_STATUSES)})
      AND h.received_on <= m.due_on + CAST(:grace_days AS integer) AND h.approval_refused_at IS NULL)"""


# The scheduler's transitions. Each takes the rows it changes with SKIP LOCKED, so schedulers in several
# processes share the work and never change one certificate twice; each returns what it changed. Expiring and
# cancelling change what a determination reads, so they run for one employer at a time, held
# (`lapsing_employers`); `:employer_id` NULL means every employer.

# A certificate `c` past its validity, still in force.
_EXPIRING = "c.status IN ('active', 'maintenance_due', 'suspended') AND c.valid_until < :today"
# A certificate `c` in force with a year past its due date and grace, neither maintained nor held.
_MISSED = f"""c.status IN ('active', 'maintenance_due') AND EXISTS (
        SELECT 1 FROM eligibility_certificate_maintenance m
        WHERE m.certificate_number = c.number AND m.status = 'pending'
          AND m.due_on + CAST(:grace_days AS integer) < :today AND NOT {_HELD})"""
_OF_EMPLOYER = "(CAST(:employer_id AS text) IS NULL OR c.employer_id = :employer_id)"

_LAPSING = text(
    f"""
    SELECT DISTINCT c.employer_id FROM eligibility_certificate c
    WHERE ({_EXPIRING}) OR ({_MISSED})
    ORDER BY c.employer_id LIMIT :limit
    """
)

_EXPIRE = text(
    f"""
    WITH due AS (
        SELECT c.number, c.status FROM eligibility_certificate c
        WHERE {_EXPIRING} AND {_OF_EMPLOYER}
        ORDER BY c.valid_until LIMIT :limit FOR UPDATE SKIP LOCKED)
    UPDATE eligibility_certificate c
    SET status = 'expired', status_reason = 'valid until ' || c.valid_until || ', not renewed', status_changed_at = :now
    FROM due WHERE c.number = due.number
    RETURNING c.number, c.employer_id, due.status AS old_status, c.status AS new_status, c.status_reason AS reason
    """
)

# Cancelling is two statements in one transaction: the first locks the candidates, the second (a fresh
# snapshot, taken once they are locked) checks again that nothing holds their year. A maintenance whose news was
# committed in between is seen by the second; one committed after it waits on the lock and then withdraws the
# cancellation (service.track_submission).
_LOCK_MISSED = text(
    f"""
    SELECT c.number FROM eligibility_certificate c
    WHERE {_MISSED} AND (CAST(:number AS text) IS NULL OR c.number = :number) AND {_OF_EMPLOYER}
    ORDER BY c.number LIMIT :limit FOR UPDATE SKIP LOCKED
    """
)

_CANCEL = text(
    f"""
    WITH locked AS (
        SELECT c.number, c.status FROM eligibility_certificate c WHERE c.number = ANY(:numbers)),
    missed AS (
        UPDATE eligibility_certificate_maintenance m SET status = 'missed'
        FROM locked WHERE m.certificate_number = locked.number AND m.status = 'pending'
          AND m.due_on + CAST(:grace_days AS integer) < :today AND NOT {_HELD}
        RETURNING m.certificate_number, m.year, m.due_on),
    first_missed AS (
        SELECT DISTINCT ON (certificate_number) certificate_number, year, due_on FROM missed
        ORDER BY certificate_number, year)
    UPDATE eligibility_certificate c
    SET status = 'cancelled',
        status_reason = 'the year ' || f.year || ' maintenance evaluation due on ' || f.due_on
            || ' was not received in time, or what was received was not approved',
        status_changed_at = :now
    FROM locked JOIN first_missed f ON f.certificate_number = locked.number
    WHERE c.number = locked.number
    RETURNING c.number, c.employer_id, locked.status AS old_status, c.status AS new_status, c.status_reason AS reason
    """
)

# While a certificate is suspended its years still come due: one missed then is marked so (the certificate stays
# suspended, as staff left it; reinstating it cancels it).
_MISS_WHILE_SUSPENDED = text(
    f"""
    WITH locked AS (
        SELECT c.number, c.employer_id FROM eligibility_certificate c
        WHERE c.status = 'suspended' AND (CAST(:number AS text) IS NULL OR c.number = :number) AND EXISTS (
            SELECT 1 FROM eligibility_certificate_maintenance m
            WHERE m.certificate_number = c.number AND m.status = 'pending'
              AND m.due_on + CAST(:grace_days AS integer) < :today AND NOT {_HELD})
        ORDER BY c.number LIMIT :limit FOR UPDATE SKIP LOCKED)
    UPDATE eligibility_certificate_maintenance m SET status = 'missed'
    FROM locked WHERE m.certificate_number = locked.number AND m.status = 'pending'
      AND m.due_on + CAST(:grace_days AS integer) < :today AND NOT {_HELD}
    RETURNING m.certificate_number, locked.employer_id, m.year, m.due_on
    """
)

_DUE = text(
    """
    WITH locked AS (
        SELECT c.number FROM eligibility_certificate c
        WHERE c.status = 'active' AND EXISTS (
            SELECT 1 FROM eligibility_certificate_maintenance m
            WHERE m.certificate_number = c.number AND m.status = 'pending' AND m.due_on - CAST(:window_days AS integer) <= :today)
        ORDER BY c.number LIMIT :limit FOR UPDATE SKIP LOCKED),
    due AS (
        SELECT DISTINCT ON (m.certificate_number) m.certificate_number, m.year, m.due_on
        FROM eligibility_certificate_maintenance m JOIN locked ON locked.number = m.certificate_number
        WHERE m.status = 'pending' ORDER BY m.certificate_number, m.year)
    UPDATE eligibility_certificate c
    SET status = 'maintenance_due',
        status_reason = 'the year ' || due.year || ' maintenance evaluation is due on or before ' || due.due_on,
        status_changed_at = :now
    FROM due WHERE c.number = due.certificate_number
    RETURNING c.number, c.employer_id, 'active' AS old_status, c.status AS new_status, c.status_reason AS reason
    """
)


async def lapsing_employers(conn: AsyncConnection, today: dt.date, grace_days: int, limit: int) -> list[str]:
    """Employers with a certificate to expire or cancel today, in id order."""
    params = {"today": today, "grace_days": grace_days, "limit": limit}
    return list((await conn.execute(_LAPSING, params)).scalars())


async def expire(
    conn: AsyncConnection, today: dt.date, now: dt.datetime, limit: int, *, employer_id: str | None = None
) -> list[Row[Any]]:
    return list(
        await conn.execute(_EXPIRE, {"today": today, "now": now, "limit": limit, "employer_id": employer_id})
    )


async def cancel_missed(
    conn: AsyncConnection,
    today: dt.date,
    now: dt.datetime,
    grace_days: int,
    limit: int,
    *,
    number: str | None = None,
    employer_id: str | None = None,
) -> list[Row[Any]]:
    """Cancel certificates (all, or just `number`, or the employer's) with a year past its due date and grace,
    not maintained and not held by a maintenance received in time."""
    params = {
        "today": today,
        "now": now,
        "grace_days": grace_days,
        "limit": limit,
        "number": number,
        "employer_id": employer_id,
    }
    numbers = list((await conn.execute(_LOCK_MISSED, params)).scalars())
    if not numbers:
        return []
    return list(
        await conn.execute(
            _CANCEL, {"today": today, "now": now, "grace_days": grace_days, "numbers": numbers}
        )
    )


async def miss_while_suspended(
    conn: AsyncConnection,
    today: dt.date,
    grace_days: int,
    limit: int,
    *,
    number: str | None = None,
) -> list[Row[Any]]:
    """Mark the years of suspended certificates (all, or just `number`) whose due date and grace passed with
    nothing received in time; the certificates stay suspended."""
    params = {"today": today, "grace_days": grace_days, "limit": limit, "number": number}
    return list(await conn.execute(_MISS_WHILE_SUSPENDED, params))


async def mark_due(
    conn: AsyncConnection, today: dt.date, now: dt.datetime, window_days: int, limit: int
) -> list[Row[Any]]:
    params = {"today": today, "now": now, "window_days": window_days, "limit": limit}
    return list(await conn.execute(_DUE, params))


async def claim_reminders(
    conn: AsyncConnection, today: dt.date, limit: int, grace_days: int
) -> list[Row[Any]]:
    """Reminders due to go out by today, locked for this transaction, with what decides whether they still
    should: the certificate's status, the maintenance year's, and whether its evaluation is already in."""
    result = await conn.execute(
        text(
            f"""
            SELECT r.id, r.certificate_number, r.due, r.year, r.due_on, r.days_before, c.status AS certificate_status,
                   c.employer_id, c.valid_until, e.legal_name, e.contact_email, m.status AS year_status,
                   m.year IS NOT NULL AND {_HELD} AS year_held
            FROM eligibility_certificate_reminder r
            JOIN eligibility_certificate c ON c.number = r.certificate_number
            JOIN eligibility_employer e ON e.id = c.employer_id
            LEFT JOIN eligibility_certificate_maintenance m
              ON m.certificate_number = r.certificate_number AND m.year = r.year
            -- A suspended certificate's reminders wait: on reinstatement those still ahead of their date go out.
            WHERE r.status = 'pending' AND r.send_on <= :today AND c.status <> 'suspended'
            ORDER BY r.send_on, r.id LIMIT :limit
            FOR UPDATE OF r SKIP LOCKED
            """
        ),
        {"today": today, "limit": limit, "grace_days": grace_days},
    )
    return list(result)


async def finish_reminders(conn: AsyncConnection, outcomes: list[dict[str, Any]]) -> None:
    if outcomes:
        await conn.execute(
            text(
                "UPDATE eligibility_certificate_reminder SET status = :status, sent_at = :sent_at, note = :note "
                "WHERE id = :id"
            ),
            outcomes,
        )


async def contacts(conn: AsyncConnection, employer_ids: list[str]) -> dict[str, str]:
    if not employer_ids:
        return {}
    result = await conn.execute(
        text("SELECT id, contact_email FROM eligibility_employer WHERE id = ANY(:ids)"), {"ids": employer_ids}
    )
    return {r.id: r.contact_email for r in result}
