"""Bringing ACSA's existing holders in: each certificate checked like an issued one, then kept, reminded,
cancelled and verified like one. Idempotent on the number: the same certificate again is a duplicate, a
different one under a number already held is refused."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from services.eligibility.certificates import repository
from services.eligibility.certificates.numbers import normalize
from services.eligibility.certificates.schemas import CertificateImport, ImportItemResult
from services.eligibility.certificates.service import (
    SOURCE,
    interim_due_dates,
    issued_event,
    reminder_rows,
    validity_years,
)
from services.eligibility.determination.service import refresh_outcome
from services.eligibility.employers import service as employers
from services.eligibility.evaluations.rules import documentation_months
from services.eligibility.settings import EligibilitySettings
from shared.clock import Clock
from shared.dates import add_years
from shared.outbox import publish
from shared.principal import Principal
from shared.problems import ProblemError, problem_body, validation_errors
from shared.wcb import normalize_wcb_account_number

PointerFor = Callable[[int], str]
IN_FORCE_IMPORTS = ("active", "suspended")


@dataclass
class ImportOutcome:
    status: Literal["created", "duplicate", "rejected"]
    number: str | None = None
    problem: dict[str, Any] | None = None

    def result(self, index: int, line: int | None = None) -> ImportItemResult:
        created = self.status != "rejected"
        return ImportItemResult(
            index=index,
            status=self.status,
            id=self.number if created else None,
            number=self.number,
            line=line,
            problem=self.problem,
        )


def items_pointer(index: int) -> str:
    return f"/items/{index}"


def _invalid(pointer: str, detail: str, status: int = 422, **extra: Any) -> ProblemError:
    return ProblemError(
        status,
        detail,
        title="Validation Failed" if status == 422 else "Conflict",
        errors=[{"pointer": pointer, "detail": detail, "location": "body"}],
        **extra,
    )


async def _holder(conn: AsyncConnection, item: CertificateImport, at: str) -> str:
    by_wcb = None
    if item.wcb_account_number is not None:
        try:
            wcb = normalize_wcb_account_number(item.wcb_account_number)
        except ValueError as exc:
            raise _invalid(f"{at}/wcb_account_number", str(exc)) from exc
        by_wcb = await employers.id_by_wcb(conn, wcb)
        if by_wcb is None:
            raise _invalid(f"{at}/wcb_account_number", f"no employer is registered with WCB account {wcb}")
    if item.employer_id is not None:
        if not await employers.exists(conn, item.employer_id):
            raise _invalid(f"{at}/employer_id", f"there is no employer {item.employer_id}")
        if by_wcb is not None and by_wcb != item.employer_id:
            raise _invalid(
                f"{at}/wcb_account_number",
                f"WCB account {item.wcb_account_number} is {by_wcb}'s, not {item.employer_id}'s",
            )
        return item.employer_id
    if by_wcb is None:
        raise _invalid(at, "give the holder's employer_id or wcb_account_number")
    return by_wcb


def _check(
    item: CertificateImport, at: str, today: dt.date, settings: EligibilitySettings
) -> dict[int, dt.date]:
    """The rules an issued certificate keeps; returns its interim years' due dates."""
    months = item.documentation_months
    years = validity_years(months, settings)
    if years is None:
        raise _invalid(
            f"{at}/documentation_months",
            f"{months} months of documentation earn no certificate (at least {settings.minimum_documentation_months})",
        )
    if item.valid_from > today:
        raise _invalid(
            f"{at}/valid_from", f"{item.valid_from} is in the future: import certificates already issued"
        )
    expected = add_years(item.valid_from, years) - dt.timedelta(days=1)
    if item.valid_until != expected:
        raise _invalid(
            f"{at}/valid_until",
            f"a certificate issued on {item.valid_from} for {months} months of documentation is valid "
            f"{years} year{'s' if years != 1 else ''}, until {expected}",
        )
    if (item.audit_period_start is None) != (item.audit_period_end is None):
        raise _invalid(f"{at}/audit_period_end", "give both ends of the audit period, or neither")
    if item.audit_period_start is not None and item.audit_period_end is not None:
        if item.audit_period_end > item.valid_from or item.audit_period_start > item.audit_period_end:
            raise _invalid(
                f"{at}/audit_period_end", "the audit period runs before the certificate was issued"
            )
        if documentation_months(item.audit_period_start, item.audit_period_end) != months:
            raise _invalid(
                f"{at}/documentation_months",
                f"the audit period {item.audit_period_start} to {item.audit_period_end} is "
                f"{documentation_months(item.audit_period_start, item.audit_period_end)} months, not {months}",
            )
    due = interim_due_dates(item.valid_from, years)
    maintained = sorted(set(item.maintained_years))
    if len(maintained) != len(item.maintained_years):
        raise _invalid(f"{at}/maintained_years", "each year once")
    for year in maintained:
        if year not in due:
            raise _invalid(f"{at}/maintained_years", f"a {years}-year certificate has no interim year {year}")
        opened_after = due.get(year - 1, item.valid_from)
        if today <= opened_after:
            raise _invalid(
                f"{at}/maintained_years", f"year {year} cannot be maintained before {opened_after}"
            )
        if year - 1 in due and year - 1 not in maintained:
            raise _invalid(f"{at}/maintained_years", f"year {year} is maintained only after year {year - 1}")
    if item.status in IN_FORCE_IMPORTS:
        if item.valid_until < today:
            raise _invalid(
                f"{at}/status", f"valid until {item.valid_until}, which has passed: import it as expired"
            )
        grace = dt.timedelta(days=settings.maintenance_grace_days)
        for interim, due_on in due.items():
            if interim not in maintained and due_on + grace < today:
                raise _invalid(
                    f"{at}/maintained_years",
                    f"year {interim} was due on {due_on} and is not listed as maintained: list it, or import the "
                    "certificate as cancelled",
                )
    elif item.status == "expired" and item.valid_until >= today:
        raise _invalid(f"{at}/status", f"valid until {item.valid_until}: it has not expired")
    return due


async def import_one(
    conn: AsyncConnection,
    principal: Principal,
    item: CertificateImport,
    at: str,
    settings: EligibilitySettings,
    clock: Clock,
) -> ImportOutcome:
    """One certificate in the caller's transaction: created, duplicate, or a ProblemError."""
    number = normalize(item.number)
    if number is None:
        raise _invalid(
            f"{at}/number",
            f"{item.number!r} is not a certificate number: SECOR-YYYY-NNNNNN-C with its check digit, or a number "
            "from before this platform (letters and digits joined by - or /)",
        )
    employer_id = await _holder(conn, item, at)
    given = item.model_dump(mode="json") | {
        "number": number,
        "employer_id": employer_id,
        "wcb_account_number": None,
        "maintained_years": sorted(item.maintained_years),
    }
    now = await employers.hold(conn, employer_id, clock)
    # Before the checks: the same certificate sent again later is still a duplicate, whatever the date.
    existing = await repository.get(conn, number)
    if existing is not None:
        if existing.source == "import" and existing.import_item == given:
            return ImportOutcome("duplicate", number)
        raise _invalid(
            f"{at}/number",
            f"certificate {number} is already held, with other details",
            409,
            certificate_number=number,
        )
    today = settings.program_date(now)
    due = _check(item, at, today, settings)
    if item.status in IN_FORCE_IMPORTS:
        held = await repository.current_for_employer(conn, employer_id)
        if held is not None:
            raise _invalid(
                f"{at}/{'employer_id' if item.employer_id else 'wcb_account_number'}",
                f"employer {employer_id} already holds certificate {held.number} in force",
                409,
                certificate_number=held.number,
            )
    reason = "imported" if item.status == "active" else f"imported as {item.status}"
    await repository.insert_imported(
        conn,
        {
            "number": number,
            "employer_id": employer_id,
            "status": item.status,
            "status_reason": reason,
            "valid_from": item.valid_from,
            "valid_until": item.valid_until,
            "documentation_months": item.documentation_months,
            "audit_period_start": item.audit_period_start,
            "audit_period_end": item.audit_period_end,
            "import_item": given,
            "now": now,
        },
    )
    grace = dt.timedelta(days=settings.maintenance_grace_days)
    years = [
        {
            "year": y,
            "due_on": due_on,
            "status": "maintained"
            if y in item.maintained_years
            else ("missed" if item.status == "cancelled" and due_on + grace < today else "pending"),
        }
        for y, due_on in due.items()
    ]
    reminders = (
        [
            r
            # From the issue date, as for an issued certificate: the scheduler sends the nearest one now due
            # (if its date has not passed) and skips the rest.
            for r in reminder_rows(due, item.valid_until, item.valid_from, settings)
            if r["year"] is None or r["year"] not in item.maintained_years
        ]
        if item.status in IN_FORCE_IMPORTS
        else []
    )
    await repository.insert_schedule(conn, number, years, reminders)
    maintained = ", ".join(str(y) for y in sorted(item.maintained_years)) or "none"
    await repository.add_history(
        conn,
        [
            {
                "certificate_number": number,
                "at": now,
                "by": principal.id,
                "action": "imported",
                "status": item.status,
                "note": f"{reason}: valid {item.valid_from} to {item.valid_until}, {item.documentation_months} months "
                f"of documentation, interim years maintained: {maintained}",
            }
        ],
    )
    if item.status in IN_FORCE_IMPORTS:
        row = await repository.get(conn, number)
        assert row is not None
        await publish(conn, SOURCE, [issued_event(row, due, now)])
    await refresh_outcome(conn, employer_id, settings, now)
    return ImportOutcome("created", number)


async def import_items(
    engine: AsyncEngine,
    principal: Principal,
    items: list[Any],
    settings: EligibilitySettings,
    clock: Clock,
    pointer_for: PointerFor = items_pointer,
) -> list[ImportOutcome]:
    """Each item in its own transaction: one that is refused rolls back alone, never sinks the others, and
    holds its employer's lock only while it is being imported."""
    outcomes = []
    for i, raw in enumerate(items):
        at = pointer_for(i)
        try:
            item = CertificateImport.model_validate(raw)
        except ValidationError as exc:
            errors = validation_errors(exc.errors())
            for e in errors:
                e["pointer"] = f"{at}{e['pointer']}"
            detail = f"{errors[0]['pointer']}: {errors[0]['detail']}" if errors else "invalid item"
            outcomes.append(
                ImportOutcome(
                    "rejected", problem=problem_body(422, detail, title="Validation Failed", errors=errors)
                )
            )
            continue
        outcomes.append(await _import_in_transaction(engine, principal, item, at, settings, clock))
    return outcomes


async def _import_in_transaction(
    engine: AsyncEngine,
    principal: Principal,
    item: CertificateImport,
    at: str,
    settings: EligibilitySettings,
    clock: Clock,
) -> ImportOutcome:
    for attempt in (1, 2):
        try:
            async with engine.begin() as conn:
                return await import_one(conn, principal, item, at, settings, clock)
        except ProblemError as problem:
            return ImportOutcome("rejected", normalize(item.number), _problem(problem))
        except IntegrityError:
            # The same number imported at the same moment by another request: look again, it is there now.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _problem(error: ProblemError) -> dict[str, Any]:
    return problem_body(
        error.status,
        error.detail,
        title=error.title,
        type_=error.type,
        errors=error.errors,
        extra=error.extra,
    )
