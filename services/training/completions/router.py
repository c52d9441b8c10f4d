"""`/v1/completions`: post one, a batch or a CSV file; list, read, revoke."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Query, Request, Response, status
from fastapi.responses import StreamingResponse
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from services.training.completions import repository, service
from services.training.completions.csv_import import import_csv
from services.training.completions.placement import PlacementClient
from services.training.completions.schemas import (
    MAX_BATCH,
    BatchRequest,
    BatchResult,
    CompletionCreate,
    CompletionPublic,
    RevocationCreate,
)
from shared.csvexport import CSV_MEDIA_TYPE, csv_stream, wants_csv
from shared.db import Session, StreamingSession
from shared.dependencies import AppClock
from shared.openapi import BINARY, binary_body, media_type
from shared.pagination import Page, Pagination, cursor_after_str, page_of
from shared.principal import Principal, require
from shared.problems import ProblemError, problem_responses
from shared.validation import Day
from shared.wcb import normalize_wcb_account_number

router = APIRouter(prefix="/v1/completions", tags=["Training ledger"])

Poster = Annotated[Principal, Depends(require("completions:write"))]
# Completions are recorded as the posting provider's: only a provider key posts them (staff may revoke).
Recorder = Annotated[Principal, Depends(require("completions:write", kinds=("provider",)))]
Reader = Annotated[Principal, Depends(require("completions:read", kinds=("provider", "staff", "service")))]

ListPage = Callable[..., Awaitable[list[Row[Any]]]]

CSV_COLUMNS = (
    "id",
    "provider_id",
    "provider_record_id",
    "course_code",
    "completed_on",
    "learner_given_name",
    "learner_family_name",
    "learner_email",
    "learner_birth_date",
    "learner_id",
    "employer_wcb_account_number",
    "certificate_number",
    "expires_on",
    "status",
    "recorded_at",
    "revoked_at",
)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=CompletionPublic,
    summary="Record a course completion",
    responses={
        200: {"model": CompletionPublic, "description": "Already recorded with the same content"},
        **problem_responses(403, 409),
    },
)
async def create_completion(body: CompletionCreate, request: Request, principal: Recorder) -> Response:
    """Records one course completion as the calling provider's, for a course it is approved for. The same
    `provider_record_id` again answers 200 with the entry already recorded, not a second one. Eligibility
    reflects it within moments (an eligibility answer's `completions_through` says up to which ledger entry).
    """
    if principal.provider_id is None:
        raise ProblemError(
            403, "Only a provider key can post completions: they are recorded as that provider's."
        )
    # Committed (with whatever other posts arrived meanwhile) before this returns.
    outcome = await request.app.state.single_posts(principal.provider_id).submit(body)
    if outcome.status == "rejected":
        assert outcome.problem is not None
        problem = outcome.problem
        extra = {k: v for k, v in problem.items() if k not in ("type", "title", "status", "detail", "errors")}
        raise ProblemError(
            problem["status"],
            problem["detail"],
            title=problem["title"],
            errors=problem.get("errors"),
            **extra,
        )
    stored = outcome.public()
    assert stored is not None
    # Serialized here, once: returning a Response spares FastAPI validating the model a second time.
    if outcome.status == "duplicate":
        return Response(
            stored.model_dump_json(), status_code=status.HTTP_200_OK, media_type="application/json"
        )
    return Response(
        stored.model_dump_json(),
        status_code=status.HTTP_201_CREATED,
        media_type="application/json",
        headers={"location": f"/v1/completions/{outcome.id}"},
    )


@router.post(
    "/batch",
    response_model=BatchResult,
    summary=f"Record up to {MAX_BATCH} completions, each on its own",
    responses=problem_responses(413),
)
async def create_completions_batch(
    clock: AppClock, body: BatchRequest, request: Request, session: Session, principal: Recorder
) -> BatchResult:
    """Records up to 1000 completions, each checked and answered on its own in the order sent (`created`,
    `duplicate` or `rejected` with a problem); one bad item refuses only itself.
    """
    if len(body.items) > MAX_BATCH:
        raise ProblemError(
            413,
            f"A batch holds at most {MAX_BATCH} items; this one has {len(body.items)}. Split it, or use "
            "POST /v1/completions/import with a CSV file.",
            title="Content Too Large",
            limit_items=MAX_BATCH,
        )
    now, today = (clock.now(), clock.today())
    conn = await session.connection()
    outcomes = await service.record(
        conn,
        principal,
        service.validate_items(body.items),
        now=now,
        today=today,
        course_rules=request.app.state.course_rules,
    )
    results = [service.to_result(i, o) for i, o in enumerate(outcomes)]
    return BatchResult(
        results=results,
        created=sum(r.status == "created" for r in results),
        duplicates=sum(r.status == "duplicate" for r in results),
        rejected=sum(r.status == "rejected" for r in results),
    )


@router.post(
    "/import",
    response_model=BatchResult,
    summary="Record completions from a CSV file of any size",
    description="Send the file as `text/csv` (or `application/octet-stream`) with a header row naming the fields "
    "of POST /v1/completions, the learner's prefixed with `learner_` (learner_given_name, ...). The answer has "
    "one result per row.",
    openapi_extra=binary_body("The CSV file (UTF-8), header row first."),
    responses=problem_responses(413, 415),
)
async def import_completions(
    clock: AppClock,
    request: Request,
    session: Session,
    principal: Recorder,
    content_type: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> StreamingResponse:
    if media_type(content_type) not in ("text/csv", BINARY):
        raise ProblemError(
            415,
            "Send the file with Content-Type: text/csv (or application/octet-stream).",
            title="Unsupported Media Type",
        )
    if principal.provider_id is None:
        raise ProblemError(
            403, "Only a provider key can post completions: they are recorded as that provider's."
        )

    async def record_chunk(items: list[Any], pointer_for: service.PointerFor) -> list[service.Outcome]:
        now, today = (clock.now(), clock.today())
        conn = await session.connection()
        outcomes = await service.record(
            conn,
            principal,
            items,
            now=now,
            today=today,
            course_rules=request.app.state.course_rules,
            pointer_for=pointer_for,
        )
        await session.commit()
        return outcomes

    spool = await import_csv(request.stream(), record_chunk)
    return StreamingResponse(spool.body(), media_type="application/json")


@router.get(
    "",
    response_model=Page[CompletionPublic],
    summary="List completions (a provider sees its own)",
    description="With `Accept: text/csv` the whole filtered list comes as one CSV file (cursor ignored).",
    responses={200: {"content": {"text/csv": {}}}},
)
async def list_completions(
    request: Request,
    session: StreamingSession,
    page: Pagination,
    principal: Reader,
    course_code: Annotated[str | None, Query(max_length=16)] = None,
    employer_wcb_account_number: Annotated[str | None, Query(max_length=32)] = None,
    learner_email: Annotated[str | None, Query(max_length=254)] = None,
    completed_from: Day | None = None,
    completed_to: Day | None = None,
    status_: Annotated[Literal["active", "revoked"] | None, Query(alias="status")] = None,
    provider_id: Annotated[str | None, Query(max_length=64, description="Staff only")] = None,
    unmatched: Annotated[
        bool,
        Query(
            description="Staff only: just the unrevoked completions that name no WCB number and match no worker "
            "or assessor of any employer by the matching rules, nor a link by hand; link one with PUT "
            "/v1/employers/{id}/completions/{completion_id}/worker"
        ),
    ] = False,
    accept: Annotated[str | None, Header()] = None,
) -> Any:
    if unmatched and principal.kind != "staff":
        raise ProblemError(
            403,
            "Only staff list the completions nobody can place (unmatched=true).",
            title="Forbidden",
            errors=[{"pointer": "/unmatched", "detail": "staff only", "location": "query"}],
        )
    if unmatched and employer_wcb_account_number is not None:
        raise ProblemError(
            422,
            "unmatched=true lists completions that name no WCB number; leave out employer_wcb_account_number.",
            title="Validation Failed",
            errors=[
                {
                    "pointer": "/employer_wcb_account_number",
                    "detail": "not with unmatched",
                    "location": "query",
                }
            ],
        )
    wcb = None
    if employer_wcb_account_number is not None:
        try:
            wcb = normalize_wcb_account_number(employer_wcb_account_number)
        except ValueError as exc:
            raise ProblemError(
                422,
                str(exc),
                title="Validation Failed",
                errors=[{"pointer": "/employer_wcb_account_number", "detail": str(exc), "location": "query"}],
            ) from exc
    filters: dict[str, Any] = {
        "provider_id": principal.provider_id if principal.kind == "provider" else provider_id,
        "course_code": course_code,
        "wcb": wcb,
        "email": learner_email,
        "completed_from": completed_from,
        "completed_to": completed_to,
        "status": status_,
    }
    conn = await session.connection()
    pages = _unplaced_page(request, principal) if unmatched else repository.list_page
    if wants_csv(accept):
        return StreamingResponse(
            csv_stream(CSV_COLUMNS, _csv_rows(session, filters, pages)),
            media_type=CSV_MEDIA_TYPE,
            headers={"content-disposition": 'attachment; filename="completions.csv"'},
        )
    rows = await pages(conn, **filters, after=cursor_after_str(page), limit=page.limit)
    return page_of([service.public(r) for r in rows], page.limit, key=lambda c: c.id)


# Unplaced ids asked of the eligibility service at a time, then filtered here like any list.
UNPLACED_CHUNK = 500


def _unplaced_page(request: Request, principal: Principal) -> ListPage:
    """`repository.list_page` over only the completions the eligibility service says nobody can place."""
    placement: PlacementClient = request.app.state.placement

    async def page(
        conn: AsyncConnection, *, after: str | None, limit: int | None, **filters: Any
    ) -> list[Row[Any]]:
        rows: list[Row[Any]] = []
        while limit is None or len(rows) <= limit:
            ids, more = await placement.unplaced(
                principal, after=after, limit=UNPLACED_CHUNK, request_id=request.headers.get("x-request-id")
            )
            if ids:
                rows += await repository.list_page(conn, **filters, ids=ids, after=None, limit=None)
            if not more:
                break
            after = ids[-1]
        return rows if limit is None else rows[: limit + 1]

    return page


async def _csv_rows(
    session: AsyncSession, filters: dict[str, Any], pages: ListPage
) -> AsyncIterator[list[Any]]:
    after = None
    while True:
        conn = await session.connection()
        rows = await pages(conn, **filters, after=after, limit=1000)
        for r in rows[:1000]:
            c = service.public(r)
            yield [
                c.id,
                c.provider_id,
                c.provider_record_id,
                c.course_code,
                c.completed_on,
                c.learner.given_name,
                c.learner.family_name,
                c.learner.email,
                c.learner.birth_date,
                c.learner.learner_id,
                c.employer_wcb_account_number,
                c.certificate_number,
                c.expires_on,
                c.status,
                c.recorded_at,
                c.revoked_at,
            ]
        if len(rows) <= 1000:
            return
        after = rows[999].id


@router.get("/{completion_id}", response_model=CompletionPublic, summary="One completion")
async def get_completion(completion_id: str, session: Session, principal: Reader) -> CompletionPublic:
    """One completion: a provider reads its own, staff any."""
    return service.public(await service.visible(await session.connection(), principal, completion_id))


@router.post(
    "/{completion_id}/revocation",
    response_model=CompletionPublic,
    summary="Revoke a completion (a new ledger entry; the original stays)",
    responses=problem_responses(404, 409),
)
async def revoke_completion(
    clock: AppClock,
    completion_id: str,
    body: RevocationCreate,
    request: Request,
    session: Session,
    principal: Poster,
) -> CompletionPublic:
    """Revokes a completion by appending a revocation to the ledger (the original entry stays); eligibility
    stops counting it. Refused (409) if already revoked.
    """
    row = await service.revoke(
        await session.connection(), principal, completion_id, body.reason, now=clock.now()
    )
    return service.public(row)
