"""`/v1/employers/{id}/completions`: what training knows of this employer's people, and links by hand."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response, status

from services.eligibility.completions import repository, service
from services.eligibility.completions.schemas import EmployerCompletion, LinkCreate, UnplacedIds
from services.eligibility.employers.service import visible
from services.eligibility.settings import Settings
from shared.db import Session
from shared.dependencies import AppClock
from shared.pagination import Page, Pagination, page_of
from shared.principal import Principal, require

router = APIRouter(prefix="/v1/employers/{employer_id}/completions", tags=["Employers and eligibility"])

Reader = Annotated[Principal, Depends(require("completions:read", kinds=("integrator", "staff", "service")))]
Manager = Annotated[Principal, Depends(require("employers:manage"))]
EmployerId = Annotated[str, Path(max_length=64)]
CompletionId = Annotated[str, Path(max_length=64)]


def _completion(row: Any) -> EmployerCompletion:
    return EmployerCompletion(
        **{k: getattr(row, k) for k in EmployerCompletion.model_fields if k != "status"},
        status="revoked" if row.revoked_at else "active",
    )


@router.get(
    "",
    response_model=Page[EmployerCompletion],
    summary="Completions matched to this employer, each with its worker or worker_id null",
)
async def list_employer_completions(
    clock: AppClock,
    employer_id: EmployerId,
    request: Request,
    session: Session,
    page: Pagination,
    principal: Reader,
    unmatched: Annotated[
        bool, Query(description="Only those matched to no worker, for staff to link")
    ] = False,
) -> Page[EmployerCompletion]:
    """The completions matched to this employer's workers, each with the worker it was matched to (or
    `worker_id` null when it matched none).
    """
    conn = await session.connection()
    await visible(conn, principal, employer_id)
    after = page.after if isinstance(page.after, str) else None
    rows = await repository.for_employer(
        conn,
        employer_id,
        unmatched=unmatched,
        after=after,
        limit=page.limit,
        now=clock.now(),
    )
    return page_of([_completion(r) for r in rows], page.limit, key=lambda c: c.completion_id)


@router.put(
    "/{completion_id}/worker",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Link a completion to a worker by hand (staff)",
)
async def link_completion(
    clock: AppClock,
    settings: Settings,
    employer_id: EmployerId,
    completion_id: CompletionId,
    body: LinkCreate,
    request: Request,
    session: Session,
    principal: Manager,
) -> Response:
    """Links a completion to a worker by hand, where the matching rules could not tell."""
    await service.link(
        await session.connection(),
        principal,
        employer_id,
        completion_id,
        body.worker_id,
        settings,
        clock,
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.delete(
    "/{completion_id}/worker",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove a hand-made link (the matching rules apply again)",
)
async def unlink_completion(
    clock: AppClock,
    settings: Settings,
    employer_id: EmployerId,
    completion_id: CompletionId,
    request: Request,
    session: Session,
    principal: Manager,
) -> Response:
    """Removes a link made by hand: the matching rules decide again."""
    await service.unlink(
        await session.connection(),
        principal,
        employer_id,
        completion_id,
        settings,
        clock,
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# Asked by the training service, under the caller's principal, when staff list completions nobody can place:
# which completions reach an employer is this service's to say. Not a public path: the gateway routes none here.
placement_router = APIRouter(prefix="/internal/queries/completions", include_in_schema=False)
StaffReader = Annotated[Principal, Depends(require("completions:read", kinds=("staff",)))]


@placement_router.get("/unplaced", response_model=UnplacedIds)
async def unplaced_completions(
    session: Session,
    principal: StaffReader,
    after: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 500,
) -> UnplacedIds:
    ids = await repository.unplaced(await session.connection(), after=after, limit=limit + 1)
    return UnplacedIds(data=ids[:limit], more=len(ids) > limit)
