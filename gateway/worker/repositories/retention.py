"""SQL of retention: what is done and old is forgotten."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection


async def purge(conn: AsyncConnection, retention_days: int) -> None:
    """Forget what is done and old: succeeded deliveries with their attempts, and sent mail."""
    await conn.execute(
        text(
            """
            WITH purged AS (
                DELETE FROM gateway_delivery
                WHERE status = 'succeeded' AND finished_at < now() - make_interval(days => :days)
                RETURNING id
            )
            DELETE FROM gateway_delivery_attempt WHERE delivery_id IN (SELECT id FROM purged)
            """
        ),
        {"days": retention_days},
    )
    await conn.execute(
        text(
            "DELETE FROM shared_outbox_mail WHERE status = 'sent' AND sent_at < now() - make_interval(days => :days)"
        ),
        {"days": retention_days},
    )
