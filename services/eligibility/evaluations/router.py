"""`/v1/employers/{id}/evaluation-readiness`: may this employer be evaluated now, and if not, exactly why."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request

from services.eligibility.employers.service import visible
from services.eligibility.evaluations import service
from services.eligibility.evaluations.schemas import ReadinessPublic, ReadinessRequest
from services.eligibility.settings import Settings
from shared.db import Session
from shared.dependencies import AppClock
from shared.principal import Principal, require
from shared.problems import ProblemError, problem_responses

router = APIRouter(prefix="/v1/employers", tags=["Employers and eligibility"])

Reader = Annotated[Principal, Depends(require("employers:read"))]
EmployerId = Annotated[str, Path(max_length=64)]
# An approval judges the day its evaluation was received; none waits in QA for ten years.
OLDEST_RECEIPT_DAYS = 3660
# The one component whose questions may keep a determination: it decides on them.
KEPT_BY = "submission"


@router.post(
    "/{employer_id}/evaluation-readiness",
    response_model=ReadinessPublic,
    summary="Check an evaluation against the program's rules before (or when) it is received",
    description="Every rule a SECOR evaluation must meet on the day it is received, as POST /v1/submissions "
    "applies them: the employer eligible (every check passes; more than 10 people means a COR), the named "
    "assessor qualified, the audit period ended and long enough, and for a maintenance the certificate in force "
    "and the interim year whose turn it is. Nothing is recorded; `refusals` lists what would be refused, the "
    "weightiest first, each with the problem type POST /v1/submissions would answer. Only one thing is left to "
    "POST /v1/submissions, which holds the submissions: another evaluation already in progress for the same "
    "maintenance year (`maintenance-year-taken`).",
    responses=problem_responses(404),
)
async def evaluation_readiness(
    clock: AppClock,
    settings: Settings,
    employer_id: EmployerId,
    body: ReadinessRequest,
    request: Request,
    session: Session,
    principal: Reader,
) -> ReadinessPublic:
    now: dt.datetime = clock.now()
    today = settings.program_date(now)
    received_on = body.received_on or today
    oldest = today - dt.timedelta(days=OLDEST_RECEIPT_DAYS)
    if not oldest <= received_on <= today:
        raise ProblemError(
            422,
            f"received_on must lie between {oldest} and today ({today}).",
            title="Validation Failed",
            errors=[{"pointer": "/received_on", "detail": "out of range", "location": "body"}],
        )
    if body.keep is not None and principal.via != KEPT_BY:
        raise ProblemError(
            403,
            "Only the submission process keeps a determination, when an evaluation is received or approved; ask "
            "without `keep` for the same answer.",
            title="Forbidden",
            errors=[
                {"pointer": "/keep", "detail": "kept only by the submission service", "location": "body"}
            ],
        )
    conn = await session.connection()
    await visible(conn, principal, employer_id)
    answer = await service.readiness(conn, employer_id, body, settings, now, by=principal.id)
    return answer
