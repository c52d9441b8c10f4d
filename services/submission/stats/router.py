"""`/v1/stats/submissions`: submissions by status, kind or month, and how long QA takes, in SQL."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Header
from fastapi.responses import Response
from pydantic import BaseModel, Field

from services.submission.stats import repository
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
    """Submissions by status, kind or month, with the median days in QA; `Accept: text/csv` for a spreadsheet."""
    conn = await session.connection()
    rows = await repository.by_group(conn, _KEYS[group_by])
    qa = await repository.qa_times(conn)
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
