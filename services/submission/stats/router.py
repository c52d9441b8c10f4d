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


# A mailed evaluation has no kind until staff triage it.
_KEYS = {
    "status": "s.status",
    "kind": "coalesce(s.kind, 'untriaged')",
    "channel": "s.channel",
    "month": "to_char(s.created_at, 'YYYY-MM')",
}


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
    by_channel: dict[str, int] = Field(description="Submissions by how they came: `api` or `email`")
    data: list[SubmissionGroup]


@router.get(
    "/v1/stats/submissions",
    summary="Submissions by status, kind, channel or month, and the median days in QA (staff)",
    responses=stats_responses(SubmissionStats),
)
async def submission_stats(
    session: Session,
    _: StatsReader,
    group_by: Literal["status", "kind", "channel", "month"] = "status",
    accept: Annotated[str | None, Header()] = None,
) -> Response:
    """Submissions by status, kind (`untriaged`: mailed, not yet triaged), channel or month, with the median
    days in QA; `Accept: text/csv` for a spreadsheet."""
    conn = await session.connection()
    rows = await repository.by_group(conn, _KEYS[group_by])
    channels = await repository.by_group(conn, _KEYS["channel"])
    qa = await repository.qa_times(conn)
    median = qa.median_days_in_qa
    body = {
        "group_by": group_by,
        "total": sum(r["submissions"] for r in rows),
        "in_qa_now": qa.in_qa_now,
        "median_days_in_qa": round(float(median), 2) if median is not None else None,
        "by_channel": {"api": 0, "email": 0} | {r["key"]: r["submissions"] for r in channels},
        "data": rows,
    }
    return table_response(
        accept, body, rows=rows, columns=("key", "submissions"), name=f"submissions-by-{group_by}"
    )
