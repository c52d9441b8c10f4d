"""SQL for submissions, their history and addenda, and the access projection."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

_COLUMNS = """
    id, employer_id, kind, audit_period_start, audit_period_end, contact_email, assessor, element_scores,
    instrument_version, status, package, intake_report, qa_analyst, qa_score, created_by, creator_integrator,
    created_at, updated_at, received_on, certificate_number, maintenance_year, receive_by, determination_id,
    approval_determination_id, approval_refused, channel, mail
"""

# An integrator sees an employer's submissions if it has access, or created the submission and access has not
# been withdrawn since (the access event may still be on its way); never a mailed one staff have not triaged,
# whose employer is only what the mail claims.
_VISIBLE_TO_INTEGRATOR = """
    (s.status NOT IN ('awaiting_triage', 'discarded') AND (
        EXISTS (SELECT 1 FROM submission_employer_access a
                WHERE a.employer_id = s.employer_id AND a.integrator_id = :integrator AND a.granted)
        OR (s.creator_integrator = :integrator AND NOT EXISTS (
                SELECT 1 FROM submission_employer_access a
                WHERE a.employer_id = s.employer_id AND a.integrator_id = :integrator))))
"""


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, default=str)


async def insert(conn: AsyncConnection, row: dict[str, Any]) -> None:
    await conn.execute(
        text(
            """
            INSERT INTO submission_submission (id, employer_id, kind, audit_period_start, audit_period_end,
                contact_email, assessor, element_scores, instrument_version, status, certificate_number,
                maintenance_year, receive_by, created_by, creator_integrator, created_at, updated_at)
            VALUES (:id, :employer_id, :kind, :audit_period_start, :audit_period_end, :contact_email,
                CAST(:assessor AS jsonb), CAST(:element_scores AS jsonb), :instrument_version, :status,
                :certificate_number, :maintenance_year, :receive_by, :created_by, :creator_integrator, :now, :now)
            """
        ),
        row | {"assessor": _json(row["assessor"]), "element_scores": _json(row["element_scores"])},
    )


async def insert_mailed(conn: AsyncConnection, row: dict[str, Any]) -> None:
    """A submission from the COR mailbox: its package in hand, everything else to be confirmed at triage."""
    await conn.execute(
        text(
            """
            INSERT INTO submission_submission (id, employer_id, channel, mail, package, status, created_by,
                created_at, updated_at)
            VALUES (:id, :employer_id, 'email', CAST(:mail AS jsonb), CAST(:package AS jsonb), 'awaiting_triage',
                :created_by, :now, :now)
            """
        ),
        row | {"mail": _json(row["mail"]), "package": _json(row["package"])},
    )


async def lock_employer(conn: AsyncConnection, employer_id: str) -> None:
    """Until commit: submissions for this employer are created one at a time."""
    await conn.execute(
        text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
        {"key": f"submission-employer:{employer_id}"},
    )


async def open_maintenance(conn: AsyncConnection, certificate_number: str, year: int) -> Row[Any] | None:
    """The maintenance of this certificate year that is still in progress, if any."""
    result = await conn.execute(
        text(
            """
            SELECT id, status FROM submission_submission
            WHERE kind = 'maintenance' AND certificate_number = :number AND maintenance_year = :year
              AND status NOT IN ('approved', 'returned', 'failed', 'discarded')
            """
        ),
        {"number": certificate_number, "year": year},
    )
    return result.first()


async def get(
    conn: AsyncConnection, submission_id: str, *, integrator: str | None, for_update: bool = False
) -> Row[Any] | None:
    visible = _VISIBLE_TO_INTEGRATOR if integrator else "TRUE"
    sql = f"SELECT {_COLUMNS} FROM submission_submission s WHERE s.id = :id AND {visible}"
    if for_update:
        sql += " FOR UPDATE"
    return (await conn.execute(text(sql), {"id": submission_id, "integrator": integrator})).first()


async def list_page(
    conn: AsyncConnection,
    *,
    integrator: str | None,
    status: str | None,
    employer_id: str | None,
    kind: str | None,
    after: str | None,
    limit: int,
) -> list[Row[Any]]:
    conditions = [_VISIBLE_TO_INTEGRATOR if integrator else "TRUE"]
    params: dict[str, Any] = {"integrator": integrator, "limit": limit + 1}
    for column, value in (("status", status), ("employer_id", employer_id), ("kind", kind)):
        if value is not None:
            conditions.append(f"s.{column} = :{column}")
            params[column] = value
    if after is not None:
        conditions.append("s.id > :after")
        params["after"] = after
    sql = f"SELECT {_COLUMNS} FROM submission_submission s WHERE {' AND '.join(conditions)} ORDER BY s.id LIMIT :limit"
    return list(await conn.execute(text(sql), params))


async def update(
    conn: AsyncConnection, submission_id: str, changes: dict[str, Any], now: dt.datetime
) -> None:
    params: dict[str, Any] = {"id": submission_id, "now": now}
    assignments = []
    for key, value in changes.items():
        if key in ("package", "intake_report", "approval_refused", "assessor", "element_scores"):
            assignments.append(f"{key} = CAST(:{key} AS jsonb)")
            params[key] = _json(value)
        else:
            assignments.append(f"{key} = :{key}")
            params[key] = value
    await conn.execute(
        text(f"UPDATE submission_submission SET {', '.join(assignments)}, updated_at = :now WHERE id = :id"),
        params,
    )


async def add_history(
    conn: AsyncConnection, submission_id: str, at: dt.datetime, status: str, by: str, note: str | None
) -> None:
    await conn.execute(
        text(
            "INSERT INTO submission_history (submission_id, at, status, by, note) VALUES (:s, :at, :st, :by, :note)"
        ),
        {"s": submission_id, "at": at, "st": status, "by": by, "note": note},
    )


async def history(conn: AsyncConnection, submission_id: str) -> list[Row[Any]]:
    result = await conn.execute(
        text("SELECT at, status, by, note FROM submission_history WHERE submission_id = :s ORDER BY id"),
        {"s": submission_id},
    )
    return list(result)


async def addenda(conn: AsyncConnection, submission_id: str) -> list[Row[Any]]:
    result = await conn.execute(
        text(
            "SELECT id, status, received_at, package, intake_report FROM submission_addendum "
            "WHERE submission_id = :s ORDER BY received_at"
        ),
        {"s": submission_id},
    )
    return list(result)


async def add_addendum(conn: AsyncConnection, row: dict[str, Any]) -> None:
    await conn.execute(
        text(
            """
            INSERT INTO submission_addendum (id, submission_id, package, status, received_by, received_at)
            VALUES (:id, :submission_id, CAST(:package AS jsonb), 'validating', :received_by, :received_at)
            """
        ),
        row | {"package": _json(row["package"])},
    )


async def add_package(conn: AsyncConnection, row: dict[str, Any]) -> None:
    """Keep a package as received; its outcome comes when intake has checked it."""
    await conn.execute(
        text(
            """
            INSERT INTO submission_package (id, submission_id, package, outcome, received_by, received_at)
            VALUES (:id, :submission_id, CAST(:package AS jsonb), 'validating', :received_by, :received_at)
            """
        ),
        row | {"package": _json(row["package"])},
    )


async def finish_package(
    conn: AsyncConnection, package_id: str, package: dict[str, Any], report: dict[str, Any]
) -> None:
    """Intake's answer on one package, with what it learned of it (a linked package's bytes and digest)."""
    await conn.execute(
        text(
            "UPDATE submission_package SET outcome = :outcome, package = CAST(:package AS jsonb), "
            "intake_report = CAST(:report AS jsonb) WHERE id = :id"
        ),
        {"id": package_id, "outcome": report["outcome"], "package": _json(package), "report": _json(report)},
    )


async def packages(conn: AsyncConnection, submission_id: str) -> list[Row[Any]]:
    """Every package and addendum received for the submission, in the order they arrived."""
    result = await conn.execute(
        text(
            """
            SELECT id, 'package' AS kind, package, outcome, intake_report, received_by, received_at
            FROM submission_package WHERE submission_id = :s
            UNION ALL
            SELECT id, 'addendum', package, status, intake_report, received_by, received_at
            FROM submission_addendum WHERE submission_id = :s
            ORDER BY received_at, id
            """
        ),
        {"s": submission_id},
    )
    return list(result)


async def received_package(conn: AsyncConnection, submission_id: str, package_id: str) -> Row[Any] | None:
    """One package or addendum of the submission, by its id."""
    result = await conn.execute(
        text(
            """
            SELECT id, package FROM submission_package WHERE submission_id = :s AND id = :p
            UNION ALL
            SELECT id, package FROM submission_addendum WHERE submission_id = :s AND id = :p
            """
        ),
        {"s": submission_id, "p": package_id},
    )
    return result.first()


async def claim_package(conn: AsyncConnection, lease_seconds: float) -> Row[Any] | None:
    """A submission whose package waits for intake, leased to the caller; None when there is none."""
    return (
        await conn.execute(
            text(
                f"""
                UPDATE submission_submission s SET intake_lease_until = now() + make_interval(secs => :lease)
                WHERE s.id = (
                    SELECT id FROM submission_submission
                    WHERE status = 'validating' AND (intake_lease_until IS NULL OR intake_lease_until < now())
                    ORDER BY updated_at LIMIT 1 FOR UPDATE SKIP LOCKED)
                RETURNING {_COLUMNS}
                """
            ),
            {"lease": lease_seconds},
        )
    ).first()


async def claim_addendum(conn: AsyncConnection, lease_seconds: float) -> Row[Any] | None:
    """An addendum waiting for intake, leased to the caller; None when there is none."""
    return (
        await conn.execute(
            text(
                """
                UPDATE submission_addendum a SET intake_lease_until = now() + make_interval(secs => :lease)
                WHERE a.id = (
                    SELECT id FROM submission_addendum
                    WHERE status = 'validating' AND (intake_lease_until IS NULL OR intake_lease_until < now())
                    ORDER BY received_at LIMIT 1 FOR UPDATE SKIP LOCKED)
                RETURNING id, submission_id, package
                """
            ),
            {"lease": lease_seconds},
        )
    ).first()


async def finish_addendum(
    conn: AsyncConnection, addendum_id: str, status: str, report: dict[str, Any]
) -> None:
    await conn.execute(
        text(
            "UPDATE submission_addendum SET status = :status, intake_report = CAST(:report AS jsonb), "
            "intake_lease_until = NULL WHERE id = :id"
        ),
        {"id": addendum_id, "status": status, "report": _json(report)},
    )


async def set_access(
    conn: AsyncConnection, employer_id: str, integrator_id: str, granted: bool, at: dt.datetime
) -> None:
    await conn.execute(
        text(
            """
            INSERT INTO submission_employer_access (employer_id, integrator_id, granted, changed_at)
            VALUES (:e, :i, :g, :at)
            ON CONFLICT (employer_id, integrator_id) DO UPDATE SET granted = EXCLUDED.granted, changed_at = EXCLUDED.changed_at
            WHERE submission_employer_access.changed_at <= EXCLUDED.changed_at
            """
        ),
        {"e": employer_id, "i": integrator_id, "g": granted, "at": at},
    )
