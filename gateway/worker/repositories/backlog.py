"""SQL of the worker's backlog as its metrics report it: what waits in the outbox, and for how long."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

_READ = text(
    """
    WITH unfanned AS (
        SELECT 'fanout' AS stage, count(*) AS depth,
               coalesce(extract(epoch FROM now() - min(occurred_at)), 0) AS oldest, 0 AS overdue
        FROM shared_outbox_event WHERE feed_position IS NULL
    ), pending AS (
        SELECT CASE WHEN d.endpoint_id IS NULL THEN 'service' ELSE 'endpoint' END AS stage, count(*) AS depth,
               coalesce(extract(epoch FROM now() - min(e.occurred_at)), 0) AS oldest,
               coalesce(extract(epoch FROM now() - min(d.next_attempt_at) FILTER (WHERE d.next_attempt_at <= now())),
                        0) AS overdue
        FROM gateway_delivery d JOIN shared_outbox_event e ON e.id = d.event_id
        WHERE d.status = 'pending'
        GROUP BY 1
    ), mail AS (
        SELECT 'mail' AS stage, count(*) AS depth,
               coalesce(extract(epoch FROM now() - min(created_at)), 0) AS oldest, 0 AS overdue
        FROM shared_outbox_mail WHERE status = 'pending'
    ), disabled AS (
        SELECT 'disabled' AS stage, count(*) AS depth, 0 AS oldest, 0 AS overdue
        FROM gateway_webhook_endpoint WHERE disabled_at IS NOT NULL
    )
    SELECT * FROM unfanned UNION ALL SELECT * FROM pending UNION ALL SELECT * FROM mail
    UNION ALL SELECT * FROM disabled
    """
)


@dataclass
class Backlog:
    stages: dict[str, tuple[int, float]] = field(default_factory=dict)
    overdue_seconds: float = 0.0
    endpoints_disabled: int = 0
    mail_waiting: int = 0
    mail_oldest_seconds: float = 0.0


async def read(conn: AsyncConnection) -> Backlog:
    found = Backlog()
    for row in await conn.execute(_READ):
        if row.stage == "mail":
            found.mail_waiting, found.mail_oldest_seconds = int(row.depth), float(row.oldest)
        elif row.stage == "disabled":
            found.endpoints_disabled = int(row.depth)
        else:
            found.stages[row.stage] = (int(row.depth), float(row.oldest))
            found.overdue_seconds = max(found.overdue_seconds, float(row.overdue))
    return found
