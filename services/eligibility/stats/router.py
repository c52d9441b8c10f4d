"""`/v1/stats/employers` and `/v1/stats/certificates`: what the dashboards show of this service, in SQL."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Header, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from services.eligibility.stats import repository
from shared.db import Session
from shared.dependencies import AppClock
from shared.stats import StatsReader, stats_responses, table_response

router = APIRouter(tags=["Dashboards"])


class OutcomeCount(BaseModel):
    outcome: str
    employers: int


class EmployerStats(BaseModel):
    total: int
    by_outcome: dict[str, int]
    data: list[OutcomeCount]


class CertificateGroup(BaseModel):
    key: str
    certificates: int


class CertificateSummary(BaseModel):
    active: int
    maintenance_due: int
    suspended: int
    lapsed: int = Field(description="Expired or cancelled")
    revoked: int
    expiring_in_90_days: int = Field(description="In force and valid until within the next 90 days")


class CertificateStats(BaseModel):
    group_by: str
    summary: CertificateSummary
    data: list[CertificateGroup]


@router.get(
    "/v1/stats/employers",
    summary="Employers by current outcome (staff)",
    responses=stats_responses(EmployerStats),
)
async def employer_stats(
    session: Session, _: StatsReader, accept: Annotated[str | None, Header()] = None
) -> Response:
    """Employers by current eligibility outcome; `Accept: text/csv` for a spreadsheet."""
    rows = await repository.employers_by_outcome(await session.connection())
    by_outcome = {"eligible": 0, "not_eligible": 0, "cor_required": 0} | {
        r["outcome"]: r["employers"] for r in rows
    }
    body = {"total": sum(by_outcome.values()), "by_outcome": by_outcome, "data": rows}
    return table_response(
        accept, body, rows=rows, columns=("outcome", "employers"), name="employers-by-outcome"
    )


@router.get(
    "/v1/stats/certificates",
    summary="Certificates by status or month of issue, with the summary the overview shows (staff)",
    responses=stats_responses(CertificateStats),
)
async def certificate_stats(
    clock: AppClock,
    request: Request,
    session: Session,
    _: StatsReader,
    group_by: Literal["status", "month"] = "status",
    accept: Annotated[str | None, Header()] = None,
) -> Response:
    """Certificates by status or by month of issue, with the summary the overview shows; `Accept: text/csv` for
    a spreadsheet.
    """
    today: dt.date = clock.today()
    conn = await session.connection()
    key = "status" if group_by == "status" else "to_char(valid_from, 'YYYY-MM')"
    rows = await repository.certificates_by(conn, key)
    summary = await repository.certificate_summary(conn, today)
    body = {"group_by": group_by, "summary": dict(summary._mapping), "data": rows}
    return table_response(
        accept, body, rows=rows, columns=("key", "certificates"), name=f"certificates-by-{group_by}"
    )
