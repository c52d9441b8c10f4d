"""`/v1/employers`: registration, records, access, and the eligibility determination."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, Path, Query, Request, Response, status

from services.eligibility.determination.schemas import DeterminationPublic
from services.eligibility.determination.service import determine, keep_if_older, kept_for_today
from services.eligibility.employers import repository, service
from services.eligibility.employers.schemas import (
    AssessorChange,
    AssessorPublic,
    DeclarationCreate,
    DeclarationPublic,
    EmployerCreate,
    EmployerHistoryEntry,
    EmployerPublic,
    EmployerUpdate,
    IntegratorAccessPublic,
    MembershipPublic,
    MembershipUpdate,
    Outcome,
    WcbAccountPublic,
    WcbAccountUpdate,
)
from services.eligibility.settings import EligibilitySettings, Settings
from shared.db import Session
from shared.dependencies import AppClock
from shared.outbox import wait_until_settled
from shared.pagination import Page, Pagination, cursor_after_str, encode_cursor, page_of
from shared.principal import Principal, integrator_view, require
from shared.problems import ProblemError, problem_responses
from shared.validation import Note, ProgramDate
from shared.wcb import normalize_wcb_account_number

router = APIRouter(prefix="/v1/employers", tags=["Employers and eligibility"])

Reader = Annotated[Principal, Depends(require("employers:read"))]
Writer = Annotated[Principal, Depends(require("employers:write"))]
Manager = Annotated[Principal, Depends(require("employers:manage"))]
EmployerId = Annotated[str, Path(max_length=64)]
IntegratorId = Annotated[
    str, Path(pattern=r"^int_[0-9A-Z]{26}$", description="An integrator's id (GET /v1/me)")
]


def _employer(row: Any) -> EmployerPublic:
    return EmployerPublic.model_validate(row, from_attributes=True)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=EmployerPublic,
    summary="Register an employer",
    responses=problem_responses(409),
)
async def register_employer(
    settings: Settings,
    clock: AppClock,
    body: EmployerCreate,
    request: Request,
    session: Session,
    principal: Writer,
) -> EmployerPublic:
    """Registers a small employer by its WCB account number; an integrator registering one gets access to it.
    Refused (409) if the account number is registered already.
    """
    row = await service.register(await session.connection(), principal, body, settings, clock.now())
    return _employer(row)


@router.get("", response_model=Page[EmployerPublic], summary="List employers (an integrator sees its own)")
async def list_employers(
    session: Session,
    page: Pagination,
    principal: Reader,
    wcb_account_number: Annotated[str | None, Query(max_length=32)] = None,
    outcome: Outcome | None = None,
    contact_email: Annotated[str | None, Query(max_length=254)] = None,
) -> Page[EmployerPublic]:
    """Employers, filtered by eligibility outcome, WCB account number or contact address (any case); an
    integrator sees only the employers it has access to.
    """
    wcb = None
    if wcb_account_number is not None:
        try:
            wcb = normalize_wcb_account_number(wcb_account_number)
        except ValueError as exc:
            raise ProblemError(
                422,
                str(exc),
                title="Validation Failed",
                errors=[{"pointer": "/wcb_account_number", "detail": str(exc), "location": "query"}],
            ) from exc
    rows = await repository.list_page(
        await session.connection(),
        integrator_id=integrator_view(principal),
        wcb=wcb,
        outcome=outcome,
        contact_email=contact_email,
        after=cursor_after_str(page),
        limit=page.limit,
    )
    return page_of([_employer(r) for r in rows], page.limit, key=lambda e: e.id)


@router.get("/{employer_id}", response_model=EmployerPublic, summary="One employer")
async def get_employer(employer_id: EmployerId, session: Session, principal: Reader) -> EmployerPublic:
    """One employer with its current outcome."""
    return _employer(await service.visible(await session.connection(), principal, employer_id))


@router.patch(
    "/{employer_id}", response_model=EmployerPublic, summary="Change an employer's names or contact"
)
async def update_employer(
    clock: AppClock,
    employer_id: EmployerId,
    body: EmployerUpdate,
    request: Request,
    session: Session,
    principal: Writer,
) -> EmployerPublic:
    """Changes an employer's names, industry or contact address."""
    row = await service.update(await session.connection(), principal, employer_id, body, clock.now())
    return _employer(row)


@router.put(
    "/{employer_id}/wcb-account", response_model=WcbAccountPublic, summary="Record the WCB account status"
)
async def set_wcb_account(
    settings: Settings,
    clock: AppClock,
    employer_id: EmployerId,
    body: WcbAccountUpdate,
    request: Request,
    session: Session,
    principal: Manager,
) -> WcbAccountPublic:
    """Records the WCB account's status from a day on; an active account is a condition of eligibility."""
    today = settings.program_date(clock.now())
    _not_too_far_ahead(body.as_of, today, settings, "/as_of", "body")
    recorded_at = await service.set_wcb_status(
        await session.connection(), principal, employer_id, body, settings, clock
    )
    return WcbAccountPublic(employer_id=employer_id, recorded_at=recorded_at, **body.model_dump())


@router.put(
    "/{employer_id}/acsa-membership", response_model=MembershipPublic, summary="Record an ACSA membership"
)
async def set_acsa_membership(
    settings: Settings,
    clock: AppClock,
    employer_id: EmployerId,
    body: MembershipUpdate,
    request: Request,
    session: Session,
    principal: Manager,
) -> MembershipPublic:
    """Records the employer's ACSA membership and the days it is valid; membership is a condition of
    eligibility.
    """
    recorded_at = await service.set_membership(
        await session.connection(), principal, employer_id, body, settings, clock
    )
    return MembershipPublic(employer_id=employer_id, recorded_at=recorded_at, **body.model_dump())


@router.put("/{employer_id}/assessor", response_model=AssessorPublic, summary="Name the employer's assessor")
async def set_assessor(
    settings: Settings,
    clock: AppClock,
    employer_id: EmployerId,
    body: AssessorChange,
    request: Request,
    session: Session,
    principal: Writer,
) -> AssessorPublic:
    """Names the person who will do the employer's SECOR evaluation (internal or external)."""
    held, recorded_at = await service.set_assessor(
        await session.connection(), principal, employer_id, body, settings, clock
    )
    return AssessorPublic(
        employer_id=employer_id,
        updated_at=recorded_at,
        effective_from=held.current_from,
        **body.model_dump(exclude={"effective_on"}),
    )


_IN_ERROR = (
    "It stays in the history and no longer counts from now on (an earlier `known_at` still sees it); "
    "an outcome it changes is a correction, listed for staff."
)
Reason = Annotated[Note | None, Query(description="Why it was a mistake (kept in the history)")]


@router.delete(
    "/{employer_id}/wcb-account",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Mark a WCB status entered in error",
    description="The latest WCB status recorded (for `as_of`, if given). " + _IN_ERROR,
    responses=problem_responses(404),
)
async def wcb_status_in_error(
    settings: Settings,
    clock: AppClock,
    employer_id: EmployerId,
    request: Request,
    session: Session,
    principal: Manager,
    reason: Reason = None,
    as_of: Annotated[ProgramDate | None, Query(description="The date the record was for")] = None,
) -> Response:
    await service.wcb_status_in_error(
        await session.connection(), principal, employer_id, as_of, reason, settings, clock
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.delete(
    "/{employer_id}/acsa-membership/{member_number}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Mark an ACSA membership entered in error",
    description=_IN_ERROR,
    responses=problem_responses(404),
)
async def membership_in_error(
    settings: Settings,
    clock: AppClock,
    employer_id: EmployerId,
    member_number: Annotated[str, Path(max_length=64)],
    request: Request,
    session: Session,
    principal: Manager,
    reason: Reason = None,
) -> Response:
    await service.membership_in_error(
        await session.connection(),
        principal,
        employer_id,
        member_number,
        reason,
        settings,
        clock,
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.delete(
    "/{employer_id}/assessor",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Mark the assessor on file entered in error",
    description="The employer has no assessor on file from then on. " + _IN_ERROR,
    responses=problem_responses(404),
)
async def assessor_in_error(
    settings: Settings,
    clock: AppClock,
    employer_id: EmployerId,
    request: Request,
    session: Session,
    principal: Writer,
    reason: Reason = None,
) -> Response:
    await service.assessor_in_error(
        await session.connection(), principal, employer_id, reason, settings, clock
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/{employer_id}/headcount-declarations",
    status_code=status.HTTP_201_CREATED,
    response_model=DeclarationPublic,
    summary="Declare the peak headcount of a period",
)
async def declare_headcount(
    settings: Settings,
    clock: AppClock,
    employer_id: EmployerId,
    body: DeclarationCreate,
    request: Request,
    session: Session,
    principal: Writer,
) -> DeclarationPublic:
    """Declares the employer's peak headcount over a period, counted with the roster for the 10-or-fewer rule."""
    row = await service.add_declaration(
        await session.connection(), principal, employer_id, body, settings, clock
    )
    return DeclarationPublic(**row)


@router.delete(
    "/{employer_id}/headcount-declarations/{declaration_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Mark a headcount declaration entered in error",
    description="It stays in the history and no longer counts from now on (an earlier `known_at` still sees it).",
    responses=problem_responses(404),
)
async def remove_declaration(
    settings: Settings,
    clock: AppClock,
    employer_id: EmployerId,
    declaration_id: Annotated[str, Path(max_length=64)],
    request: Request,
    session: Session,
    principal: Writer,
    reason: Annotated[Note | None, Query(description="Why it was a mistake (kept in the history)")] = None,
) -> Response:
    await service.declaration_in_error(
        await session.connection(),
        principal,
        employer_id,
        declaration_id,
        reason,
        settings,
        clock,
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/{employer_id}/headcount-declarations",
    response_model=list[DeclarationPublic],
    summary="Headcount declarations",
)
async def list_declarations(
    employer_id: EmployerId, session: Session, principal: Reader
) -> list[DeclarationPublic]:
    """The employer's headcount declarations, newest first."""
    conn = await session.connection()
    await service.visible(conn, principal, employer_id)
    return [
        DeclarationPublic.model_validate(r, from_attributes=True)
        for r in await repository.declarations(conn, employer_id)
    ]


@router.get(
    "/{employer_id}/history",
    response_model=Page[EmployerHistoryEntry],
    summary="Every change to the employer's facts, newest first",
    description="Workers (each version), headcount declarations, the assessor, ACSA memberships, WCB records, "
    "integrator access and staff's links: when, by whom, what it was before and after, and why for a "
    "correction. Nothing is overwritten or erased, so this is the whole story of every answer.",
    responses=problem_responses(404),
)
async def employer_history(
    employer_id: EmployerId, session: Session, page: Pagination, principal: Reader
) -> Page[EmployerHistoryEntry]:
    conn = await session.connection()
    await service.visible(conn, principal, employer_id)
    before = _history_position(page.after)
    rows = await repository.history(conn, employer_id, before=before, limit=page.limit)
    more, rows = len(rows) > page.limit, rows[: page.limit]
    last = rows[-1] if rows else None
    return Page[EmployerHistoryEntry](
        data=[
            EmployerHistoryEntry(
                **{k: getattr(r, k) for k in EmployerHistoryEntry.model_fields if k != "correction"},
                correction=r.reason is not None or r.change == "entered_in_error",
            )
            for r in rows
        ],
        next_cursor=encode_cursor([last.at.isoformat(), last.fact, last.seq]) if more and last else None,
    )


def _history_position(after: Any) -> tuple[dt.datetime, str, int] | None:
    if after is None:
        return None
    try:
        at, fact, seq = after
        return dt.datetime.fromisoformat(at), str(fact), int(seq)
    except (TypeError, ValueError) as exc:
        raise ProblemError(
            422,
            "The cursor does not belong to this list.",
            title="Validation Failed",
            errors=[{"pointer": "/cursor", "detail": "cursor of another list", "location": "query"}],
        ) from exc


@router.get(
    "/{employer_id}/integrators",
    response_model=list[IntegratorAccessPublic],
    summary="Integrators with access",
)
async def list_integrators(
    employer_id: EmployerId, session: Session, principal: Manager
) -> list[IntegratorAccessPublic]:
    """The integrators with access to this employer."""
    conn = await session.connection()
    await service.visible(conn, principal, employer_id)
    return [
        IntegratorAccessPublic.model_validate(r, from_attributes=True)
        for r in await repository.list_access(conn, employer_id)
    ]


@router.put(
    "/{employer_id}/integrators/{integrator_id}",
    response_model=IntegratorAccessPublic,
    summary="Grant an integrator access to the employer",
)
async def grant_integrator(
    clock: AppClock,
    employer_id: EmployerId,
    integrator_id: IntegratorId,
    request: Request,
    session: Session,
    principal: Manager,
) -> IntegratorAccessPublic:
    """Gives an integrator access to the employer's records (the employer's choice of software)."""
    row = await service.grant_access(
        await session.connection(), principal, employer_id, integrator_id, clock.now()
    )
    return IntegratorAccessPublic.model_validate(row, from_attributes=True)


@router.delete(
    "/{employer_id}/integrators/{integrator_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Withdraw an integrator's access",
)
async def withdraw_integrator(
    settings: Settings,
    clock: AppClock,
    employer_id: EmployerId,
    integrator_id: IntegratorId,
    request: Request,
    session: Session,
    principal: Manager,
) -> Response:
    """Withdraws an integrator's access at once: it sees none of the employer's records after."""
    event_id = await service.withdraw_access(
        await session.connection(), principal, employer_id, integrator_id, clock.now()
    )
    await session.commit()
    wait = settings.access_withdrawal_wait_seconds
    if wait and not await wait_until_settled(request.app.state.engine, event_id, wait):
        raise ProblemError(
            503,
            f"The access is withdrawn, but not every service has applied it within {wait:g} s (event delivery "
            "is behind); it takes effect there as soon as delivery resumes.",
            title="Service Unavailable",
            headers={"retry-after": "5"},
        )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/{employer_id}/eligibility",
    response_model=DeterminationPublic,
    summary="Is this employer eligible for SECOR on a date, and why (not)",
    description="The facts in force on `as_of` as the system knew them at `known_at`: the same pair always gives "
    "the same answer, years later (nothing it reads is overwritten). Without `known_at`, what is known now, "
    "including corrections made since. Today's answer reflects every committed change to the employer's facts; "
    "`completions_through` says how far through the training ledger this service has applied (compare a "
    "completion's `ledger_seq`).",
    responses=problem_responses(404, 422),
)
async def get_eligibility(
    settings: Settings,
    clock: AppClock,
    employer_id: EmployerId,
    request: Request,
    principal: Reader,
    as_of: Annotated[
        ProgramDate | None, Query(description="Default: today (the program's calendar).")
    ] = None,
    known_at: Annotated[
        dt.datetime | None,
        Query(
            description="Default: now. RFC 3339 with its offset; not in the future, not before the employer was registered."
        ),
    ] = None,
) -> Response:
    now = clock.now()
    today = settings.program_date(now)
    day = as_of or today
    _not_too_far_ahead(day, today, settings, "/as_of", "query")
    known = _known_at(known_at, now)
    # The hottest read of the service. Connections are taken here rather than as dependencies: each
    # generator dependency costs an exit stack per request, and today's answer needs no session at all.
    async with request.app.state.raw_pool.acquire() as raw:
        found = await kept_for_today(
            raw,
            employer_id,
            see_all=principal.kind in ("staff", "service"),
            integrator_id=principal.integrator_id if principal.kind == "integrator" else None,
            today=today,
            rules_version=settings.rules_version,
            at=now,
        )
    if found is None:
        raise ProblemError(404, f"There is no employer {employer_id}.")
    keeping = day == today and known is None
    if keeping and found.answer is not None:
        # Today's determination, exactly as the last change left it.
        return Response(found.answer, media_type="application/json")
    if known is not None and known < found.registered_at:
        raise ProblemError(
            422,
            f"known_at {known.isoformat()} is before employer {employer_id} was registered "
            f"({found.registered_at.isoformat()}): nothing was known of it then.",
            title="Validation Failed",
            errors=[{"pointer": "/known_at", "detail": "before the employer existed", "location": "query"}],
        )
    async with request.app.state.engine.connect() as conn:
        if not keeping:
            # Statements that write nothing: no transaction to begin and roll back around them.
            await conn.execution_options(isolation_level="AUTOCOMMIT")
        determination, _ = await determine(conn, employer_id, day, settings, now, known_at=known)
        body = orjson.dumps(determination.as_dict())
        if keeping:
            # The first read of a new day keeps its answer for the reads that follow (unless a change
            # kept a newer one meanwhile).
            kept_json = orjson.dumps(determination.kept()).decode()
            await keep_if_older(conn, employer_id, kept_json, day, settings.rules_version)
            await conn.commit()
    return Response(body, media_type="application/json")


def _known_at(known_at: dt.datetime | None, now: dt.datetime) -> dt.datetime | None:
    if known_at is None:
        return None
    if known_at.tzinfo is None:
        raise ProblemError(
            422,
            "known_at needs its offset from UTC (e.g. 2026-12-01T18:00:00Z or -07:00).",
            title="Validation Failed",
            errors=[{"pointer": "/known_at", "detail": "no offset", "location": "query"}],
        )
    if known_at > now:
        raise ProblemError(
            422,
            f"known_at {known_at.isoformat()} is in the future: only what has been recorded can be known.",
            title="Validation Failed",
            errors=[{"pointer": "/known_at", "detail": "in the future", "location": "query"}],
        )
    return known_at.astimezone(dt.UTC)


def _not_too_far_ahead(
    day: dt.date, today: dt.date, settings: EligibilitySettings, pointer: str, location: str
) -> None:
    limit = today + dt.timedelta(days=settings.max_future_as_of_days)
    if day > limit:
        raise ProblemError(
            422,
            f"{day} is too far ahead: dates may be at most {settings.max_future_as_of_days} days after today ({limit}).",
            title="Validation Failed",
            errors=[{"pointer": pointer, "detail": f"after {limit}", "location": location}],
        )
