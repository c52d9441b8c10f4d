"""The completions projection: applying training's events, and staff's hand-made links."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from services.eligibility import people
from services.eligibility.completions import repository
from services.eligibility.determination.service import refresh_outcome
from services.eligibility.employers import repository as employers
from services.eligibility.employers.service import hold_visible
from services.eligibility.matching import email_key, name_key
from services.eligibility.roster import repository as roster
from services.eligibility.settings import EligibilitySettings
from shared.clock import Clock
from shared.principal import Principal
from shared.problems import ProblemError


def _parse_date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _parse_time(value: Any) -> dt.datetime:
    return dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))


async def apply_recorded(
    conn: AsyncConnection, data: dict[str, Any], settings: EligibilitySettings, clock: Clock
) -> None:
    """A completion from the ledger: known here from the moment it is applied (read once every employer it can
    concern is held), not from when the ledger recorded it, which was before this service could count it."""
    learner = data["learner"]
    row = {
        "completion_id": data["completion_id"],
        "provider_id": data.get("provider_id"),
        "provider_is_acsa": bool(data.get("provider_is_acsa")),
        "course_code": data["course_code"],
        "completed_on": _parse_date(data["completed_on"]),
        "expires_on": _parse_date(data.get("expires_on")),
        "given_name": learner["given_name"],
        "family_name": learner["family_name"],
        "email": learner.get("email"),
        "birth_date": _parse_date(learner.get("birth_date")),
        "learner_id": learner.get("learner_id"),
        "employer_wcb_account_number": data.get("employer_wcb_account_number"),
        "certificate_number": data.get("certificate_number"),
        "email_key": email_key(learner.get("email")),
        "name_key": name_key(learner["given_name"], learner["family_name"]),
        "recorded_at": _parse_time(data["recorded_at"]),
        "revoked_at": None,
        "ledger_seq": data.get("ledger_seq"),
    }
    await people.lock(conn, people.keys(learner_id=row["learner_id"], email_key=row["email_key"]))
    affected, now = await _hold_affected(conn, row, clock)
    await repository.upsert(conn, row | {"known_from": now, "revocation_known_at": None})
    await _refresh(conn, affected, settings, now)
    await _applied(conn, data)


async def apply_revoked(
    conn: AsyncConnection, data: dict[str, Any], settings: EligibilitySettings, clock: Clock
) -> None:
    """A revocation from the ledger: no longer counted from the moment it is applied (as `apply_recorded`)."""
    revoked_at = _parse_time(data["revoked_at"])
    learner = data.get("learner") or {}
    await people.lock(
        conn,
        people.keys(
            learner_id=learner.get("learner_id"),
            email_key=email_key(learner.get("email")),
            completion_id=data["completion_id"],
        ),
    )
    concerned = {
        "completion_id": data["completion_id"],
        "employer_wcb_account_number": data.get("employer_wcb_account_number"),
        "learner_id": learner.get("learner_id"),
        "email_key": email_key(learner.get("email")),
    }
    affected, now = await _hold_affected(conn, concerned, clock)
    if not await repository.mark_revoked(conn, data["completion_id"], revoked_at, now):
        # Revoked before its record arrived: keep what the revocation says, the record fills in the rest.
        await repository.upsert(
            conn,
            {
                "completion_id": data["completion_id"],
                "provider_id": data.get("provider_id"),
                "provider_is_acsa": False,
                "course_code": data.get("course_code", ""),
                "completed_on": dt.date.min,
                "expires_on": None,
                "given_name": learner.get("given_name", ""),
                "family_name": learner.get("family_name", ""),
                "email": learner.get("email"),
                "birth_date": _parse_date(learner.get("birth_date")),
                "learner_id": learner.get("learner_id"),
                "employer_wcb_account_number": data.get("employer_wcb_account_number"),
                "certificate_number": None,
                "email_key": email_key(learner.get("email")),
                "name_key": name_key(learner.get("given_name", ""), learner.get("family_name", "")),
                "recorded_at": revoked_at,
                "revoked_at": revoked_at,
                "ledger_seq": None,
                "known_from": now,
                "revocation_known_at": now,
            },
        )
    await _refresh(conn, affected, settings, now)
    await _applied(conn, data)


async def _applied(conn: AsyncConnection, data: dict[str, Any]) -> None:
    if data.get("ledger_seq") is not None:
        await repository.ledger_applied(conn, int(data["ledger_seq"]))


async def _hold_affected(
    conn: AsyncConnection, row: dict[str, Any], clock: Clock
) -> tuple[list[str], dt.datetime]:
    """The employers a completion can concern, each held (`employers.hold`), and the moment it is known from,
    read once they all are."""
    affected = await repository.affected_employers(
        conn,
        completion_id=row["completion_id"],
        wcb=row.get("employer_wcb_account_number"),
        learner_id=row.get("learner_id"),
        email_key=row.get("email_key"),
    )
    for employer_id in affected:  # in id order, so concurrent deliveries hold employers in the same order
        await employers.hold(conn, employer_id)
    return affected, clock.now()


async def _refresh(
    conn: AsyncConnection, affected: list[str], settings: EligibilitySettings, now: dt.datetime
) -> None:
    for employer_id in affected:
        await refresh_outcome(conn, employer_id, settings, now)


async def link(
    conn: AsyncConnection,
    principal: Principal,
    employer_id: str,
    completion_id: str,
    worker_id: str,
    settings: EligibilitySettings,
    clock: Clock,
) -> None:
    await people.lock(conn, people.keys(completion_id=completion_id))
    now = await hold_visible(conn, principal, employer_id, clock)
    if not await repository.exists(conn, completion_id):
        raise ProblemError(404, f"There is no completion {completion_id}.")
    if await roster.get(conn, employer_id, worker_id) is None:
        raise ProblemError(
            422,
            f"Employer {employer_id} has no worker {worker_id}.",
            title="Validation Failed",
            errors=[{"pointer": "/worker_id", "detail": "not on this roster", "location": "body"}],
        )
    await repository.link(
        conn,
        {
            "completion_id": completion_id,
            "employer_id": employer_id,
            "worker_id": worker_id,
            "linked_by": principal.id,
            "linked_at": now,
        },
    )
    await refresh_outcome(conn, employer_id, settings, now)


async def unlink(
    conn: AsyncConnection,
    principal: Principal,
    employer_id: str,
    completion_id: str,
    settings: EligibilitySettings,
    clock: Clock,
) -> None:
    await people.lock(conn, people.keys(completion_id=completion_id))
    now = await hold_visible(conn, principal, employer_id, clock)
    if not await repository.unlink(conn, employer_id, completion_id, principal.id, now):
        raise ProblemError(
            404, f"Completion {completion_id} is not linked by hand for employer {employer_id}."
        )
    await refresh_outcome(conn, employer_id, settings, now)
