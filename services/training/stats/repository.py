"""SQL of the completion stats."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection


async def by_group(
    conn: AsyncConnection,
    key: str,
    label: str,
    join: str,
    order: str,
    completed_from: dt.date | None,
    completed_to: dt.date | None,
) -> list[dict[str, Any]]:
    """Completions (and how many of them are revoked) by `key` with its `label`, SQL over `c` and `join` that the
    router chooses from a fixed set, completed within the dates given."""
    result = await conn.execute(
        text(
            f"""
            SELECT {key} AS key, min({label}) AS label, count(*) AS completions, count(r.completion_id) AS revoked
            FROM training_completion c {join}
            LEFT JOIN training_revocation r ON r.completion_id = c.id
            WHERE (CAST(:from AS date) IS NULL OR c.completed_on >= :from)
              AND (CAST(:to AS date) IS NULL OR c.completed_on <= :to)
            GROUP BY {key} ORDER BY {order}
            """
        ),
        {"from": completed_from, "to": completed_to},
    )
    return [dict(r._mapping) for r in result]
