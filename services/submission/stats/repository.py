"""SQL of the submission stats."""

from __future__ import annotations

from collections.abc import Sequence
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


async def program_gauges(conn: AsyncConnection, waiting: Sequence[str]) -> Any:
    """What the dashboards show of the submissions: counts by status, channel and kind; packages and addenda
    waiting for intake; and how long the oldest submission has waited in each of the `waiting` statuses."""
    return (
        await conn.execute(
            text(
                """
                SELECT (SELECT coalesce(jsonb_agg(g), '[]') FROM (
                            SELECT status, channel, coalesce(kind, 'unknown') AS kind, count(*) AS n
                            FROM submission_submission GROUP BY 1, 2, 3) g) AS counts,
                       (SELECT count(*) FROM submission_submission WHERE status = 'validating')
                       + (SELECT count(*) FROM submission_addendum WHERE status = 'validating') AS packages_waiting,
                       (SELECT coalesce(jsonb_object_agg(status, age), '{}') FROM (
                            SELECT s.status, extract(epoch FROM now() - min(h.at)) AS age
                            FROM submission_submission s
                            CROSS JOIN LATERAL (SELECT max(at) AS at FROM submission_history
                                                WHERE submission_id = s.id AND status = s.status) h
                            WHERE s.status = ANY(CAST(:waiting AS text[]))
                            GROUP BY 1) a) AS oldest
                """
            ),
            {"waiting": list(waiting)},
        )
    ).one()
