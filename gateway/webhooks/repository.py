"""SQL for webhook endpoints and their delivery attempts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

_COLUMNS = (
    "id, owner_kind, integrator_id, provider_id, url, event_types, description, contact_email, disabled_at, "
    "disabled_reason, failing_since, created_at, updated_at"
)


def _owned(principal_kind: str) -> str:
    return {
        "integrator": "integrator_id = :integrator_id",
        "provider": "provider_id = :provider_id",
    }.get(principal_kind, "TRUE")


async def insert(conn: AsyncConnection, row: dict[str, Any]) -> Row[Any]:
    result = await conn.execute(
        text(
            f"""
            INSERT INTO gateway_webhook_endpoint
                (id, owner_kind, integrator_id, provider_id, created_by, url, event_types, description,
                 contact_email, secret, created_at, updated_at)
            VALUES (:id, :owner_kind, :integrator_id, :provider_id, :created_by, :url, :event_types, :description,
                    :contact_email, :secret, :now, :now)
            RETURNING {_COLUMNS}
            """
        ),
        row,
    )
    return result.one()


async def get(
    conn: AsyncConnection, endpoint_id: str, *, kind: str, integrator_id: str | None, provider_id: str | None
) -> Row[Any] | None:
    result = await conn.execute(
        text(f"SELECT {_COLUMNS} FROM gateway_webhook_endpoint WHERE id = :id AND {_owned(kind)}"),
        {"id": endpoint_id, "integrator_id": integrator_id, "provider_id": provider_id},
    )
    return result.first()


async def list_page(
    conn: AsyncConnection,
    *,
    kind: str,
    integrator_id: str | None,
    provider_id: str | None,
    after: str | None,
    limit: int,
) -> list[Row[Any]]:
    sql = f"SELECT {_COLUMNS} FROM gateway_webhook_endpoint WHERE {_owned(kind)}"
    if after:
        sql += " AND id > :after"
    sql += " ORDER BY id LIMIT :limit"
    result = await conn.execute(
        text(sql),
        {"integrator_id": integrator_id, "provider_id": provider_id, "after": after, "limit": limit + 1},
    )
    return list(result)


async def update(
    conn: AsyncConnection, endpoint_id: str, changes: dict[str, Any], now: dt.datetime
) -> Row[Any]:
    assignments = ", ".join(f"{k} = :{k}" for k in changes)
    result = await conn.execute(
        text(
            f"UPDATE gateway_webhook_endpoint SET {assignments}{', ' if assignments else ''}updated_at = :now "
            f"WHERE id = :id RETURNING {_COLUMNS}"
        ),
        {**changes, "now": now, "id": endpoint_id},
    )
    return result.one()


async def delete(conn: AsyncConnection, endpoint_id: str) -> None:
    """Delete an endpoint with its deliveries (by the foreign key's cascade) and their attempts."""
    await conn.execute(
        text(
            """
            WITH attempts AS (DELETE FROM gateway_delivery_attempt WHERE endpoint_id = :id)
            DELETE FROM gateway_webhook_endpoint WHERE id = :id
            """
        ),
        {"id": endpoint_id},
    )


async def rotate_secret(
    conn: AsyncConnection, endpoint_id: str, secret: str, overlap_until: dt.datetime, now: dt.datetime
) -> None:
    await conn.execute(
        text(
            """
            UPDATE gateway_webhook_endpoint
            SET previous_secret = secret, previous_secret_expires_at = :until, secret = :secret, updated_at = :now
            WHERE id = :id
            """
        ),
        {"id": endpoint_id, "secret": secret, "until": overlap_until, "now": now},
    )


async def attempts(
    conn: AsyncConnection, endpoint_id: str, *, before: int | None, limit: int
) -> list[Row[Any]]:
    result = await conn.execute(
        text(
            """
            SELECT id, event_id, attempted_at, status_code, duration_ms, response_excerpt, error
            FROM gateway_delivery_attempt
            WHERE endpoint_id = :e AND (CAST(:before AS bigint) IS NULL OR id < :before)
            ORDER BY id DESC LIMIT :limit
            """
        ),
        {"e": endpoint_id, "before": before, "limit": limit + 1},
    )
    return list(result)


async def requeue_failed(conn: AsyncConnection, endpoint_id: str, since: dt.datetime) -> int:
    result = await conn.execute(
        text(
            """
            UPDATE gateway_delivery
            SET status = 'pending', attempts = 0, next_attempt_at = now(), finished_at = NULL,
                lease_owner = NULL, lease_until = NULL
            WHERE endpoint_id = :e AND status = 'failed' AND finished_at >= :since
            """
        ),
        {"e": endpoint_id, "since": since},
    )
    return int(result.rowcount)


async def mark_failing(
    conn: AsyncConnection, endpoint_ids: Sequence[str], now: dt.datetime
) -> list[Row[Any]]:
    """Mark endpoints as failing since now (if they were not already); returns their state."""
    if not endpoint_ids:
        return []
    result = await conn.execute(
        text(
            """
            UPDATE gateway_webhook_endpoint SET failing_since = coalesce(failing_since, :now)
            WHERE id = ANY(CAST(:ids AS text[])) AND disabled_at IS NULL
            RETURNING id, owner_kind, integrator_id, provider_id, url, contact_email, failing_since
            """
        ),
        {"ids": list(endpoint_ids), "now": now},
    )
    return list(result)


async def disable(conn: AsyncConnection, endpoint_id: str, reason: str, now: dt.datetime) -> Row[Any] | None:
    """Disable an endpoint and end its pending deliveries; None if it was already disabled."""
    row = (
        await conn.execute(
            text(
                """
                UPDATE gateway_webhook_endpoint SET disabled_at = :now, disabled_reason = :reason, updated_at = :now
                WHERE id = :id AND disabled_at IS NULL
                RETURNING id, owner_kind, integrator_id, provider_id, url, contact_email
                """
            ),
            {"id": endpoint_id, "reason": reason, "now": now},
        )
    ).first()
    if row is not None:
        await conn.execute(
            text(
                """
                UPDATE gateway_delivery SET status = 'failed', finished_at = :now, last_error = 'endpoint disabled',
                    lease_owner = NULL, lease_until = NULL
                WHERE endpoint_id = :id AND status = 'pending'
                """
            ),
            {"id": endpoint_id, "now": now},
        )
    return row
