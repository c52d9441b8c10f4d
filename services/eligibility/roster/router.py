"""`/v1/employers/{id}/workers`: the roster."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response, status

from services.eligibility.employers.service import visible
from services.eligibility.roster import repository, service
from services.eligibility.roster.schemas import (
    RosterSync,
    SyncReport,
    WorkerCreate,
    WorkerPublic,
    WorkerUpdate,
)
from services.eligibility.settings import Settings
from shared.db import Session
from shared.dependencies import AppClock
from shared.pagination import Page, Pagination, cursor_after_str, page_of
from shared.principal import Principal, require
from shared.problems import problem_responses
from shared.validation import Day, Note

router = APIRouter(prefix="/v1/employers/{employer_id}/workers", tags=["Employers and eligibility"])

Reader = Annotated[Principal, Depends(require("employers:read"))]
Writer = Annotated[Principal, Depends(require("employers:write"))]
EmployerId = Annotated[str, Path(max_length=64)]
WorkerId = Annotated[str, Path(max_length=64)]


def _worker(row: Any) -> WorkerPublic:
    held = service.held_terms(row)
    return WorkerPublic.model_validate(
        {**row._mapping, "earlier_terms": held.earlier, "attributes_from": held.current_from}
    )


@router.post("", status_code=status.HTTP_201_CREATED, response_model=WorkerPublic, summary="Add a worker")
async def add_worker(
    clock: AppClock,
    settings: Settings,
    employer_id: EmployerId,
    body: WorkerCreate,
    request: Request,
    session: Session,
    principal: Writer,
) -> WorkerPublic:
    """Adds a worker to the employer's roster (the roster counts toward the headcount and holds the training
    that counts).
    """
    row = await service.add(
        await session.connection(),
        principal,
        employer_id,
        body,
        settings,
        clock,
    )
    return _worker(row)


@router.get("", response_model=Page[WorkerPublic], summary="The roster")
async def list_workers(
    employer_id: EmployerId,
    session: Session,
    page: Pagination,
    principal: Reader,
    employed_on: Annotated[Day | None, Query(description="Only workers employed on this date")] = None,
) -> Page[WorkerPublic]:
    """The employer's roster, current and past workers."""
    conn = await session.connection()
    await visible(conn, principal, employer_id)
    rows = await repository.list_page(
        conn, employer_id, employed_on=employed_on, after=cursor_after_str(page), limit=page.limit
    )
    return page_of([_worker(r) for r in rows], page.limit, key=lambda w: w.id)


@router.put(
    "",
    response_model=SyncReport,
    summary="Sync the whole roster by external_id (creates, updates, ends; one transaction)",
    responses=problem_responses(413),
)
async def sync_workers(
    clock: AppClock,
    settings: Settings,
    employer_id: EmployerId,
    body: RosterSync,
    request: Request,
    session: Session,
    principal: Writer,
) -> SyncReport:
    """Replaces the roster with the one sent, matched by `external_id`, in one transaction: new workers are
    added, changed ones updated, missing ones ended (never deleted).
    """
    workers = service.validate_sync(body, settings.max_roster_sync)
    report = await service.sync(
        await session.connection(),
        principal,
        employer_id,
        workers,
        body.ended_on or settings.program_date(clock.now()),
        settings,
        clock,
        effective_on=body.effective_on,
        reason=body.reason,
    )
    return report


@router.get("/{worker_id}", response_model=WorkerPublic, summary="One worker")
async def get_worker(
    employer_id: EmployerId, worker_id: WorkerId, session: Session, principal: Reader
) -> WorkerPublic:
    """One worker of the roster."""
    return _worker(await service.get(await session.connection(), principal, employer_id, worker_id))


@router.patch(
    "/{worker_id}",
    response_model=WorkerPublic,
    summary="Change or end a worker (set end_date)",
    description="A new version of the worker; the one before stays in the history. A change of `role`, "
    "`employment_type` or `covered_by_wcb_account` holds from `effective_on` (default today); the days before "
    "keep what was in force. `correction: true` with a `reason` makes it hold from the start. A change that "
    "reaches before today (an earlier `effective_on`, a new `start_date`, a back-dated `end_date`) corrects "
    "what was recorded and needs a `reason`.",
    responses=problem_responses(404, 409, 422),
)
async def change_worker(
    clock: AppClock,
    settings: Settings,
    employer_id: EmployerId,
    worker_id: WorkerId,
    body: WorkerUpdate,
    request: Request,
    session: Session,
    principal: Writer,
) -> WorkerPublic:
    row = await service.change(
        await session.connection(),
        principal,
        employer_id,
        worker_id,
        body,
        settings,
        clock,
    )
    return _worker(row)


@router.delete(
    "/{worker_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Mark a worker entered in error",
    description="The worker stays in the history (GET .../history) and no longer counts from now on; what was "
    "determined before, asked again with an earlier `known_at`, still counts them. Someone who left is "
    "ended with PATCH end_date instead.",
    responses=problem_responses(404),
)
async def remove_worker(
    clock: AppClock,
    settings: Settings,
    employer_id: EmployerId,
    worker_id: WorkerId,
    request: Request,
    session: Session,
    principal: Writer,
    reason: Annotated[Note | None, Query(description="Why it was a mistake (kept in the history)")] = None,
) -> Response:
    await service.remove(
        await session.connection(),
        principal,
        employer_id,
        worker_id,
        settings,
        clock,
        reason,
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)
