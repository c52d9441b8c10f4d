"""`/v1/determinations/{id}` (what a decision was made on) and `/v1/corrections` (what changed it since)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from services.eligibility.determination import repository
from services.eligibility.determination.schemas import CorrectionPublic, CorrectionReview
from services.eligibility.employers.service import visible
from shared.db import Session
from shared.dependencies import AppClock
from shared.pagination import Page, Pagination, cursor_after_str, page_of
from shared.principal import Principal, require
from shared.problems import ProblemError, problem_responses

router = APIRouter(tags=["Employers and eligibility"])

Reader = Annotated[Principal, Depends(require("employers:read"))]
StaffReader = Annotated[Principal, Depends(require("employers:read", kinds=("staff", "service")))]
Manager = Annotated[Principal, Depends(require("employers:manage"))]


def _correction(row: Any) -> CorrectionPublic:
    return CorrectionPublic.model_validate(row, from_attributes=True)


@router.get(
    "/v1/determinations/{determination_id}",
    summary="A kept determination: what an evaluation was judged or approved on",
    description="The determination exactly as it was made (its as_of, known_at, checks and evidence), kept when "
    "a submission's evaluation was received or approved; the submission and the certificate name it. Asked "
    "again with the same as_of and known_at, GET .../eligibility gives the same answer.",
    responses={200: {"content": {"application/json": {}}}, **problem_responses(404)},
)
async def get_determination(
    determination_id: Annotated[str, Path(max_length=64)], session: Session, principal: Reader
) -> Response:
    conn = await session.connection()
    row = await repository.kept(conn, determination_id)
    if row is None:
        raise ProblemError(404, f"There is no determination {determination_id}.")
    try:
        await visible(conn, principal, row.employer_id)
    except ProblemError as exc:
        raise ProblemError(404, f"There is no determination {determination_id}.") from exc
    return Response(row.determination, media_type="application/json")


@router.get(
    "/v1/corrections",
    response_model=Page[CorrectionPublic],
    summary="Corrections to review (staff)",
    description="A correction (a change that says why, or a record entered in error) changed the employer's "
    "outcome today, or a fact recorded later changed the outcome of a determination an evaluation was judged on "
    "(asked again as known now): each is listed here until staff have reviewed it, and went out as "
    "employer.eligibility_changed with reason `correction` and its `correction_id`.",
)
async def list_corrections(
    session: Session,
    page: Pagination,
    _: StaffReader,
    reviewed: Annotated[
        bool | None, Query(description="false (default): only those not reviewed yet")
    ] = False,
    employer_id: Annotated[str | None, Query(max_length=64)] = None,
) -> Page[CorrectionPublic]:
    rows = await repository.corrections(
        await session.connection(),
        open_only=not reviewed,
        employer_id=employer_id,
        after=cursor_after_str(page),
        limit=page.limit,
    )
    return page_of([_correction(r) for r in rows], page.limit, key=lambda c: c.id)


@router.post(
    "/v1/corrections/{correction_id}/review",
    response_model=CorrectionPublic,
    summary="Mark a correction reviewed, with what was done (staff admin)",
    responses=problem_responses(404),
)
async def review_correction(
    clock: AppClock,
    correction_id: Annotated[str, Path(max_length=64)],
    body: CorrectionReview,
    request: Request,
    session: Session,
    principal: Manager,
) -> CorrectionPublic:
    """Marks a correction (an outcome that changed for a day already answered) reviewed, with a note of what was
    done.
    """
    now: dt.datetime = clock.now()
    row = await repository.review_correction(
        await session.connection(), correction_id, principal.id, body.note, now
    )
    if row is None:
        raise ProblemError(404, f"There is no correction {correction_id} waiting for review.")
    return _correction(row)
