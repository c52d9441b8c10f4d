"""SQL of the employer and certificate stats."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection


async def employers_by_outcome(conn: AsyncConnection) -> list[dict[str, Any]]:
    result = await conn.execute(
        text(
            "SELECT coalesce(outcome, 'not_determined') AS outcome, count(*) AS employers FROM eligibility_employer "
            "GROUP BY 1 ORDER BY 1"
        )
    )
    return [dict(r._mapping) for r in result]


async def certificates_by(conn: AsyncConnection, key: str) -> list[dict[str, Any]]:
    """Certificates counted by `key`, an SQL expression the router chooses from a fixed set."""
    result = await conn.execute(
        text(
            f"SELECT {key} AS key, count(*) AS certificates FROM eligibility_certificate GROUP BY 1 ORDER BY 1"
        )
    )
    return [dict(r._mapping) for r in result]


async def certificate_summary(conn: AsyncConnection, today: dt.date) -> Any:
    """Certificates by state, and those in force that end within 90 days of `today`."""
    return (
        await conn.execute(
            text(
                """
                SELECT count(*) FILTER (WHERE status = 'active') AS active,
                       count(*) FILTER (WHERE status = 'maintenance_due') AS maintenance_due,
                       count(*) FILTER (WHERE status = 'suspended') AS suspended,
                       count(*) FILTER (WHERE status IN ('expired', 'cancelled')) AS lapsed,
                       count(*) FILTER (WHERE status = 'revoked') AS revoked,
                       count(*) FILTER (WHERE status IN ('active', 'maintenance_due', 'suspended')
                                          AND valid_until < CAST(:today AS date) + 90) AS expiring_in_90_days
                FROM eligibility_certificate
                """
            ),
            {"today": today},
        )
    ).one()


async def program_gauges(conn: AsyncConnection, today: dt.date) -> Any:
    """What the program dashboard shows of certificates, and how far the scheduler is behind: certificates by
    status, maintenance years due within 90 days, and the earliest day a reminder still waiting should have
    gone out."""
    return (
        await conn.execute(
            text(
                """
                SELECT (SELECT coalesce(jsonb_object_agg(status, n), '{}')
                        FROM (SELECT status, count(*) AS n FROM eligibility_certificate GROUP BY 1) s) AS by_status,
                       (SELECT count(*) FROM eligibility_certificate_maintenance m
                        JOIN eligibility_certificate c ON c.number = m.certificate_number
                        WHERE m.status = 'pending' AND c.status IN ('active', 'maintenance_due')
                          AND m.due_on < CAST(:today AS date) + 90) AS maintenance_due_in_90_days,
                       (SELECT min(r.send_on) FROM eligibility_certificate_reminder r
                        JOIN eligibility_certificate c ON c.number = r.certificate_number
                        WHERE r.status = 'pending' AND r.send_on <= :today AND c.status <> 'suspended')
                       AS oldest_reminder_day
                """
            ),
            {"today": today},
        )
    ).one()
