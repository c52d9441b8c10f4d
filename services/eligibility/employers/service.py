"""Employers: registration, who may see them, and the records (WCB, ACSA, assessor, declarations) that bear
on eligibility. Every change re-evaluates the employer in the same transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

import orjson
from pydantic import BaseModel
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from services.eligibility import people, terms
from services.eligibility.determination.service import SOURCE, refresh_outcome
from services.eligibility.employers import repository
from services.eligibility.employers.schemas import (
    AssessorChange,
    DeclarationCreate,
    EmployerCreate,
    EmployerUpdate,
    MembershipUpdate,
    WcbAccountUpdate,
)
from services.eligibility.matching import email_key, name_key
from services.eligibility.settings import EligibilitySettings
from shared.clock import Clock
from shared.events import EmployerRegistered, IntegratorAccessChanged, Registrar
from shared.ids import new_id
from shared.outbox import Event, publish
from shared.principal import Principal
from shared.problems import ProblemError


async def may_see(conn: AsyncConnection, principal: Principal, employer_id: str) -> bool:
    """Staff see every employer; an integrator those it registered or was granted; nobody else any."""
    if principal.kind in ("staff", "service"):
        return True
    if principal.kind == "integrator" and principal.integrator_id:
        return await repository.has_access(conn, employer_id, principal.integrator_id)
    return False


async def visible(
    conn: AsyncConnection, principal: Principal, employer_id: str, *, for_update: bool = False
) -> Row[Any]:
    """The employer if this principal may see it, else 404 (another's employer looks like no employer).

    `for_update` holds the employer until commit (`hold`, without the moment): every change to an employer
    holds it, so two changes cannot both compute the outcome from before the other.
    """
    row = await repository.get(conn, employer_id, for_update=for_update)
    if row is None or not await may_see(conn, principal, employer_id):
        raise ProblemError(404, f"There is no employer {employer_id}.")
    return row


async def hold(conn: AsyncConnection, employer_id: str, clock: Clock) -> dt.datetime:
    """Hold the employer until commit, and give the moment what this transaction records is known from, read
    once held. A reader settles on the employer first (waiting for a change in flight), so one whose `known_at`
    is at or after this moment reads after the commit, and one that read before the hold asked an earlier
    `known_at`: two reads of one (as_of, known_at) agree (docs/rules.md, a fact is known when committed)."""
    await repository.hold(conn, employer_id)
    return clock.now()


async def hold_visible(
    conn: AsyncConnection, principal: Principal, employer_id: str, clock: Clock
) -> dt.datetime:
    """`hold`, for an employer this principal may see (else 404)."""
    now = await hold(conn, employer_id, clock)
    await visible(conn, principal, employer_id)
    return now


async def exists(conn: AsyncConnection, employer_id: str) -> bool:
    return await repository.get(conn, employer_id) is not None


async def id_by_wcb(conn: AsyncConnection, wcb: str) -> str | None:
    """The employer registered with this (normalised) WCB account number."""
    return await repository.id_by_wcb(conn, wcb)


def _access_event(employer_id: str, integrator_id: str, access: str, at: dt.datetime) -> Event:
    return Event(
        IntegratorAccessChanged(employer_id=employer_id, integrator_id=integrator_id, access=access, at=at),
        employer_id=employer_id,
        ordering_key=f"employer:{employer_id}",
    )


async def register(
    conn: AsyncConnection,
    principal: Principal,
    data: EmployerCreate,
    settings: EligibilitySettings,
    now: dt.datetime,
) -> Row[Any]:
    employer_id = new_id("emp")
    fields = data.model_dump()
    inserted = await repository.insert(
        conn,
        {**fields, "id": employer_id, "registered_by": principal.id, "created_at": now, "updated_at": now},
    )
    if not inserted:
        existing = await repository.id_by_wcb(conn, data.wcb_account_number)
        raise ProblemError(
            409,
            f"WCB account {data.wcb_account_number} is already registered as employer {existing}.",
            existing_id=existing,
            errors=[{"pointer": "/wcb_account_number", "detail": "already registered", "location": "body"}],
        )
    events = [
        Event(
            EmployerRegistered(
                employer_id=employer_id,
                wcb_account_number=data.wcb_account_number,
                legal_name=data.legal_name,
                trade_name=data.trade_name,
                registered_by=Registrar(kind=principal.kind, integrator_id=principal.integrator_id),
                registered_at=now,
            ),
            employer_id=employer_id,
            ordering_key=f"employer:{employer_id}",
        )
    ]
    if principal.kind == "integrator" and principal.integrator_id:
        await repository.grant(conn, employer_id, principal.integrator_id, principal.id, now)
        events.append(_access_event(employer_id, principal.integrator_id, "granted", now))
    await publish(conn, SOURCE, events)
    await refresh_outcome(conn, employer_id, settings, now)
    row = await repository.get(conn, employer_id)
    assert row is not None
    return row


async def update(
    conn: AsyncConnection, principal: Principal, employer_id: str, data: EmployerUpdate, now: dt.datetime
) -> Row[Any]:
    await visible(conn, principal, employer_id, for_update=True)
    changes = {k: v for k, v in data.model_dump(exclude_unset=True).items() if v is not None}
    if "legal_name" in data.model_fields_set and data.legal_name is None:
        raise ProblemError(422, "legal_name cannot be removed.", title="Validation Failed")
    if changes:
        await repository.update(conn, employer_id, changes, now)
    row = await repository.get(conn, employer_id)
    assert row is not None
    return row


async def set_wcb_status(
    conn: AsyncConnection,
    principal: Principal,
    employer_id: str,
    data: WcbAccountUpdate,
    settings: EligibilitySettings,
    clock: Clock,
) -> dt.datetime:
    return await _record_dated_fact(
        conn, principal, employer_id, "wcb", data, repository.add_wcb_status, settings, clock
    )


async def set_membership(
    conn: AsyncConnection,
    principal: Principal,
    employer_id: str,
    data: MembershipUpdate,
    settings: EligibilitySettings,
    clock: Clock,
) -> dt.datetime:
    return await _record_dated_fact(
        conn, principal, employer_id, "mbr", data, repository.add_membership, settings, clock
    )


async def _record_dated_fact(
    conn: AsyncConnection,
    principal: Principal,
    employer_id: str,
    id_prefix: str,
    data: BaseModel,
    add: Callable[[AsyncConnection, dict[str, Any]], Awaitable[None]],
    settings: EligibilitySettings,
    clock: Clock,
) -> dt.datetime:
    """Append a dated fact about the employer (WCB status, membership): history is kept, never overwritten.
    Returns the moment it was recorded at."""
    now = await hold_visible(conn, principal, employer_id, clock)
    await add(
        conn,
        {
            "id": new_id(id_prefix),
            "employer_id": employer_id,
            **data.model_dump(),
            "recorded_by": principal.id,
            "recorded_at": now,
        },
    )
    await refresh_outcome(
        conn, employer_id, settings, now, correction=getattr(data, "reason", None) is not None
    )
    return now


async def set_assessor(
    conn: AsyncConnection,
    principal: Principal,
    employer_id: str,
    data: AssessorChange,
    settings: EligibilitySettings,
    clock: Clock,
) -> tuple[terms.Terms, dt.datetime]:
    """Name the assessor from `effective_on` (default today; the first one named, with no day given, from the
    start); before that day the one named before stays in force. Returns the terms and when they were recorded."""
    await people.lock(conn, people.keys(learner_id=data.learner_id, email_key=email_key(data.email)))
    now = await hold_visible(conn, principal, employer_id, clock)
    values = {
        **data.model_dump(include={"given_name", "family_name", "email", "learner_id", "internal"}),
        "email_key": email_key(data.email),
        "name_key": name_key(data.given_name, data.family_name),
    }
    from_day = terms.effective_day(data.effective_on, data.reason, settings, now)
    current = await repository.current_assessor(conn, employer_id)
    if current is None:
        held = terms.Terms(values, data.effective_on, [])
    else:
        before = terms.from_stored(
            {k: getattr(current, k) for k in values},
            current.effective_from,
            current.earlier,
        )
        held = terms.changed(before, values, from_day=from_day, starts=None)
    effective_from, earlier = held.as_stored()
    await repository.set_assessor(
        conn,
        {
            "employer_id": employer_id,
            **values,
            "effective_from": effective_from,
            "earlier": orjson.dumps(earlier).decode(),
            "reason": data.reason,
            "recorded_by": principal.id,
            "recorded_at": now,
        },
    )
    await refresh_outcome(conn, employer_id, settings, now, correction=data.reason is not None)
    return held, now


async def add_declaration(
    conn: AsyncConnection,
    principal: Principal,
    employer_id: str,
    data: DeclarationCreate,
    settings: EligibilitySettings,
    clock: Clock,
) -> dict[str, Any]:
    now = await hold_visible(conn, principal, employer_id, clock)
    if data.period_start > settings.program_date(now):
        raise ProblemError(
            422,
            "A headcount declaration is about a period that has begun; period_start is in the future.",
            title="Validation Failed",
            errors=[{"pointer": "/period_start", "detail": "in the future", "location": "body"}],
        )
    row = {
        "id": new_id("hcd"),
        "employer_id": employer_id,
        **data.model_dump(),
        "recorded_by": principal.id,
        "recorded_at": now,
    }
    await repository.add_declaration(conn, row)
    await refresh_outcome(conn, employer_id, settings, now)
    return row | {"created_at": now}


async def declaration_in_error(
    conn: AsyncConnection,
    principal: Principal,
    employer_id: str,
    declaration_id: str,
    reason: str | None,
    settings: EligibilitySettings,
    clock: Clock,
) -> None:
    now = await hold_visible(conn, principal, employer_id, clock)
    if not await repository.declaration_in_error(
        conn, employer_id, declaration_id, now, principal.id, reason
    ):
        raise ProblemError(404, f"Employer {employer_id} has no headcount declaration {declaration_id}.")
    await refresh_outcome(conn, employer_id, settings, now, correction=True)


async def membership_in_error(
    conn: AsyncConnection,
    principal: Principal,
    employer_id: str,
    member_number: str,
    reason: str | None,
    settings: EligibilitySettings,
    clock: Clock,
) -> None:
    await _fact_in_error(
        conn,
        principal,
        employer_id,
        lambda now: repository.membership_in_error(
            conn, employer_id, member_number, now, principal.id, reason
        ),
        f"Employer {employer_id} has no ACSA membership {member_number} on file.",
        settings,
        clock,
    )


async def assessor_in_error(
    conn: AsyncConnection,
    principal: Principal,
    employer_id: str,
    reason: str | None,
    settings: EligibilitySettings,
    clock: Clock,
) -> None:
    await _fact_in_error(
        conn,
        principal,
        employer_id,
        lambda now: repository.assessor_in_error(conn, employer_id, now, principal.id, reason),
        f"Employer {employer_id} has no assessor on file.",
        settings,
        clock,
    )


async def wcb_status_in_error(
    conn: AsyncConnection,
    principal: Principal,
    employer_id: str,
    as_of: dt.date | None,
    reason: str | None,
    settings: EligibilitySettings,
    clock: Clock,
) -> None:
    await _fact_in_error(
        conn,
        principal,
        employer_id,
        lambda now: repository.wcb_status_in_error(conn, employer_id, as_of, now, principal.id, reason),
        f"Employer {employer_id} has no WCB status on file" + (f" as of {as_of}." if as_of else "."),
        settings,
        clock,
    )


async def _fact_in_error(
    conn: AsyncConnection,
    principal: Principal,
    employer_id: str,
    mark: Callable[[dt.datetime], Awaitable[object]],
    not_found: str,
    settings: EligibilitySettings,
    clock: Clock,
) -> None:
    """Mark a fact entered in error (kept, no longer counted from now on); its outcome change is a correction."""
    now = await hold_visible(conn, principal, employer_id, clock)
    if not await mark(now):
        raise ProblemError(404, not_found)
    await refresh_outcome(conn, employer_id, settings, now, correction=True)


async def grant_access(
    conn: AsyncConnection, principal: Principal, employer_id: str, integrator_id: str, now: dt.datetime
) -> Row[Any]:
    await visible(conn, principal, employer_id, for_update=True)
    row = await repository.grant(conn, employer_id, integrator_id, principal.id, now)
    if row.created:
        await publish(conn, SOURCE, [_access_event(employer_id, integrator_id, "granted", now)])
    return row


async def withdraw_access(
    conn: AsyncConnection, principal: Principal, employer_id: str, integrator_id: str, now: dt.datetime
) -> str:
    """Withdraw the access; returns the id of the event every service must apply before the caller is told."""
    await visible(conn, principal, employer_id, for_update=True)
    if not await repository.withdraw(conn, employer_id, integrator_id, principal.id, now):
        raise ProblemError(404, f"Integrator {integrator_id} has no access to employer {employer_id}.")
    event = _access_event(employer_id, integrator_id, "withdrawn", now)
    await publish(conn, SOURCE, [event])
    return event.id
