"""`/v1/stats/submissions`: submissions by status, kind or month, and how long QA takes, in SQL."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Header
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy import text

from shared.db import Session
from shared.stats import StatsReader, stats_responses, table_response

router = APIRouter(tags=["Dashboards"])


_KEYS = {"status": "s.status", "kind": "s.kind", "month": "to_char(s.created_at, 'YYYY-MM')"}


class SubmissionGroup(BaseModel):
    key: str
    submissions: int


class SubmissionStats(BaseModel):
    group_by: str
    total: int
    in_qa_now: int = Field(description="In QA or waiting on requested information")
    median_days_in_qa: float | None = Field(
        description="From entering QA to the decision, over decided submissions"
    )
    data: list[SubmissionGroup]


@router.get(
    "/v1/stats/submissions",
    summary="Submissions by status, kind or month, and the median days in QA (staff)",
    responses=stats_responses(SubmissionStats),
)
async def submission_stats(
    session: Session,
    _: StatsReader,
    group_by: Literal["status", "kind", "month"] = "status",
    accept: Annotated[str | None, Header()] = None,
) -> Response:
    conn = await session.connection()
    result = await conn.execute(
        text(
            f"SELECT {_KEYS[group_by]} AS key, count(*) AS submissions FROM submission_submission s "
            "GROUP BY 1 ORDER BY 1"
        )
    )
    rows = [dict(r._mapping) for r in result]
    qa = (
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
    median = qa.median_days_in_qa
    body = {
        "group_by": group_by,
        "total": sum(r["submissions"] for r in rows),
        "in_qa_now": qa.in_qa_now,
        "median_days_in_qa": round(float(median), 2) if median is not None else None,
        "data": rows,
    }
    return table_response(
        accept, body, rows=rows, columns=("key", "submissions"), name=f"submissions-by-{group_by}"
    )
