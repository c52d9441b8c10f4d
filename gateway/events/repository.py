"""SQL of the event feed: the published events a principal may see, in the order they were fanned out."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from gateway.webhooks.policy import visible_to
from shared.principal import Principal

_POSITION = text("SELECT feed_position FROM shared_outbox_event WHERE id = :id")

# The principal reads by the rule its webhook endpoints receive by, with the access it has now.
_FEED = text(
    f"""
    SELECT e.id, e.type, e.occurred_at AS timestamp, e.data, e.ordering_key, e.sequence, e.feed_position
    FROM shared_outbox_event e
    WHERE e.feed_position > :position AND (CAST(:type AS text) IS NULL OR e.type = :type)
      AND {
        visible_to(
            kind="CAST(:kind AS text)",
            integrator_id="CAST(:integrator_id AS text)",
            provider_id="CAST(:provider_id AS text)",
            event_type="e.type",
            audience="e.audience_employer_id",
            provider="e.provider_id",
            owner="(e.data->'owner')",
        )
    }
    ORDER BY e.feed_position LIMIT :limit
    """
)


async def feed_position(conn: AsyncConnection, event_id: str) -> int | None:
    """Where a published event stands in the feed (None: no such event, or not fanned out yet)."""
    return (await conn.execute(_POSITION, {"id": event_id})).scalar_one_or_none()


async def feed(
    conn: AsyncConnection, principal: Principal, after: int, event_type: str | None, limit: int
) -> list[Row[Any]]:
    """Up to `limit` events after feed position `after` that the principal may see, oldest first."""
    result = await conn.execute(
        _FEED,
        {
            "kind": principal.kind,
            "integrator_id": principal.integrator_id,
            "provider_id": principal.provider_id,
            "position": after,
            "type": event_type,
            "limit": limit,
        },
    )
    return list(result)
