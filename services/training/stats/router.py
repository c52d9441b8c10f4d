"""`/v1/stats/completions`: completions grouped by provider, course, course category or month, in SQL."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Header
from fastapi.responses import Response
from pydantic import BaseModel

from services.training.stats import repository
from shared.db import Session
from shared.stats import StatsReader, stats_responses, table_response
from shared.validation import Day

router = APIRouter(tags=["Dashboards"])


class CompletionGroup(BaseModel):
    key: str | None
    label: str | None
    completions: int
    revoked: int


class CompletionStats(BaseModel):
    group_by: str
    completed_from: dt.date | None
    completed_to: dt.date | None
    total: int
    data: list[CompletionGroup]


GroupBy = Literal["provider", "course", "category", "month"]

# Each grouping as (key, label, join): the key is what the rows are grouped on.
_GROUPS: dict[str, tuple[str, str, str]] = {
    "provider": ("c.provider_id", "p.name", "JOIN training_provider p ON p.id = c.provider_id"),
    "course": ("c.course_code", "k.title", "JOIN training_course k ON k.code = c.course_code"),
    "category": ("k.category", "k.category", "JOIN training_course k ON k.code = c.course_code"),
    "month": ("to_char(c.completed_on, 'YYYY-MM')", "to_char(c.completed_on, 'YYYY-MM')", ""),
}
COLUMNS = ("key", "label", "completions", "revoked")


@router.get(
    "/v1/stats/completions",
    summary="Completions grouped by provider, course, category or month (staff)",
    description="Counts completions by completion date, revoked ones counted apart. `Accept: text/csv` gives "
    "the same rows as a CSV file.",
    responses=stats_responses(CompletionStats),
)
async def completion_stats(
    session: Session,
    _: StatsReader,
    group_by: GroupBy = "month",
    completed_from: Day | None = None,
    completed_to: Day | None = None,
    accept: Annotated[str | None, Header()] = None,
) -> Response:
    key, label, join = _GROUPS[group_by]
    rows = await repository.by_group(
        await session.connection(),
        key,
        label,
        join,
        "key" if group_by == "month" else "completions DESC, key",
        completed_from,
        completed_to,
    )
    body = {
        "group_by": group_by,
        "completed_from": completed_from,
        "completed_to": completed_to,
        "total": sum(r["completions"] for r in rows),
        "data": rows,
    }
    return table_response(accept, body, rows=rows, columns=COLUMNS, name=f"completions-by-{group_by}")
