"""SQL of the submission stats."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection


async def by_group(conn: AsyncConnection, key: str) -> list[dict[str, Any]]:
    """Submissions counted by `key`, an SQL expression over `s` (submission_submission) the router chooses."""
    result = await conn.execute(
        text(
            f"SELECT {key} AS key, count(*) AS submissions FROM submission_submission s GROUP BY 1 ORDER BY 1"
        )
    )
    return [dict(r._mapping) for r in result]


async def qa_times(conn: AsyncConnection) -> Any:
    """How many are in QA now, and the median days from entering QA to a decision."""
    return (
        await conn.execute(
            text(
                """
                WITH entered AS (
                    SELECT submission_id, min(at) AS at FROM submission_history WHERE status = 'in_qa'
                    GROUP BY submission_id),
                decided AS (
                    SELECT submission_id, max(at) AS at FROM submission_history
                    WHERE status IN ('approved', 'returned', 'failed') GROUP BY submission_id)
                SELECT
                    (SELECT count(*) FROM submission_submission
                     WHERE status IN ('in_qa', 'information_requested')) AS in_qa_now,
                    (SELECT percentile_cont(0.5) WITHIN GROUP (
                        ORDER BY extract(epoch FROM d.at - e.at) / 86400)
                     FROM entered e JOIN decided d USING (submission_id) WHERE d.at >= e.at) AS median_days_in_qa
                """
            )
        )
    ).one()
