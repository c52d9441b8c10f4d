"""`GET /v1/stats/overview`: ACSA's dashboard in one answer, composed from each service's own figures.

Each service computes its part in SQL (`/v1/stats/employers`, `/certificates`, `/submissions`,
`/completions`); the gateway asks all four at once, as itself, and puts the answers side by side.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Header, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from gateway.directory import ServiceDirectory
from shared.dependencies import AppClock
from shared.problems import ProblemError
from shared.stats import StatsReader, stats_responses, table_response

router = APIRouter(tags=["Dashboards"])

COMPLETIONS_WINDOW_DAYS = 30


class CertificateOverview(BaseModel):
    active: int
    maintenance_due: int
    suspended: int
    lapsed: int
    revoked: int
    expiring_in_90_days: int


class SubmissionOverview(BaseModel):
    total: int
    by_status: dict[str, int]
    by_channel: dict[str, int] = Field(description="By how they came: `api` or `email`")
    in_qa_now: int
    median_days_in_qa: float | None


class CompletionOverview(BaseModel):
    since: dt.date
    total: int
    by_category: dict[str, int]


class Overview(BaseModel):
    as_of: dt.date
    employers: dict[str, int] = Field(description="Employers by current outcome, and `total`")
    certificates: CertificateOverview
    submissions: SubmissionOverview
    completions_last_30_days: CompletionOverview


async def _part(directory: ServiceDirectory, service: str, path: str, request_id: str | None) -> Any:
    status, body = await directory.get_json(service, path, request_id=request_id)
    if status != 200:
        raise ProblemError(
            503, f"The {service} service could not give its figures.", title="Service Unavailable"
        )
    return body


@router.get(
    "/v1/stats/overview",
    summary="The dashboard: employers, certificates, submissions, recent completions (staff)",
    description="`Accept: text/csv` gives the same figures as rows of section, figure, value.",
    responses=stats_responses(Overview),
)
async def stats_overview(
    clock: AppClock, request: Request, _: StatsReader, accept: Annotated[str | None, Header()] = None
) -> Response:
    directory: ServiceDirectory = request.app.state.directory
    today: dt.date = clock.today()
    since = today - dt.timedelta(days=COMPLETIONS_WINDOW_DAYS)
    rid = request.headers.get("x-request-id")
    employers, certificates, submissions, completions = await asyncio.gather(
        _part(directory, "eligibility", "/v1/stats/employers", rid),
        _part(directory, "eligibility", "/v1/stats/certificates", rid),
        _part(directory, "submission", "/v1/stats/submissions?group_by=status", rid),
        _part(directory, "training", f"/v1/stats/completions?group_by=category&completed_from={since}", rid),
    )
    body = {
        "as_of": today,
        "employers": employers["by_outcome"] | {"total": employers["total"]},
        "certificates": certificates["summary"],
        "submissions": {
            "total": submissions["total"],
            "by_status": {row["key"]: row["submissions"] for row in submissions["data"]},
            "by_channel": submissions["by_channel"],
            "in_qa_now": submissions["in_qa_now"],
            "median_days_in_qa": submissions["median_days_in_qa"],
        },
        "completions_last_30_days": {
            "since": since,
            "total": completions["total"],
            "by_category": {row["key"]: row["completions"] for row in completions["data"]},
        },
    }
    rows = [
        {"section": section, "figure": figure, "value": value}
        for section, figures in body.items()
        if isinstance(figures, dict)
        for figure, value in _flatten(figures)
    ]
    return table_response(accept, body, rows=rows, columns=("section", "figure", "value"), name="overview")


def _flatten(figures: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for key, value in figures.items():
        if isinstance(value, dict):
            out += _flatten(value, f"{prefix}{key}.")
        else:
            out.append((prefix + key, value))
    return out
