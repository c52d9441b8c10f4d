"""Certificates (DOMAIN.md §4): issued from an approved certification, kept by approved maintenances, lapsing
when a year is missed or the term ends, revoked by staff; every change announced and, where it matters to the
employer, mailed, in the same transaction."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from services.eligibility.certificates import repository
from services.eligibility.certificates.numbers import certificate_number
from services.eligibility.certificates.schemas import CertificatePublic, MaintenanceYear, Reminder
from services.eligibility.determination.service import refresh_outcome
from services.eligibility.settings import EligibilitySettings
from shared.dates import add_months, add_years
from shared.outbox import Event, Mail, enqueue_mail, publish
from shared.problems import ProblemError

logger = logging.getLogger("secor.eligibility.certificates")
SOURCE = "eligibility"


def documentation_months(start: dt.date, end: dt.date) -> int:
    """Whole months of documentation from `start` to `end` inclusive (Jan 1 - Dec 31 is 12)."""
    months = 0
    while add_months(start, months + 1) <= end + dt.timedelta(days=1):
        months += 1
    return months


def _event(event_type: str, data: dict[str, Any], employer_id: str, number: str) -> Event:
    return Event(event_type, data, employer_id=employer_id, ordering_key=f"certificate:{number}")


def status_event(row: Any, old: str, new: str, reason: str | None, at: dt.datetime) -> Event:
    return _event(
        "certificate.status_changed",
        {
            "certificate_number": row.number,
            "employer_id": row.employer_id,
            "old_status": old,
            "new_status": new,
            "reason": reason,
            "at": at,
        },
        row.employer_id,
        row.number,
    )


async def issue(
    conn: AsyncConnection, data: dict[str, Any], settings: EligibilitySettings, now: dt.datetime
) -> str | None:
    """A certificate for an approved certification evaluation; None when its documentation is under the minimum."""
    employer_id = data["employer_id"]
    start = dt.date.fromisoformat(str(data["audit_period_start"]))
    end = dt.date.fromisoformat(str(data["audit_period_end"]))
    valid_from = dt.date.fromisoformat(str(data["decision_date"]))
    months = documentation_months(start, end)
    if months < settings.minimum_documentation_months:
        logger.warning(
            "submission %s approved with %s months of documentation: no certificate (minimum %s)",
            data["submission_id"],
            months,
            settings.minimum_documentation_months,
        )
        return None
    years = (
        settings.full_validity_years
        if months >= settings.full_documentation_months
        else settings.short_validity_years
    )
    valid_until = add_years(valid_from, years) - dt.timedelta(days=1)
    await repository.lock_employer(conn, employer_id)
    number = certificate_number(valid_from.year, await repository.next_serial(conn))
    inserted = await repository.insert(
        conn,
        {
            "number": number,
            "employer_id": employer_id,
            "submission_id": data["submission_id"],
            "valid_from": valid_from,
            "valid_until": valid_until,
            "documentation_months": months,
            "audit_period_start": start,
            "audit_period_end": end,
            "qa_score": data.get("qa_score"),
            "issued_at": now,
        },
    )
    if not inserted:
        return None
    due_dates = {y: add_years(valid_from, y - 1) for y in range(2, years + 1)}
    maintenance = [{"year": y, "due_on": due_on} for y, due_on in due_dates.items()]
    targets: list[tuple[str, int | None, dt.date]] = [("maintenance", y, d) for y, d in due_dates.items()]
    targets.append(("expiry", None, valid_until))
    reminders = [
        {
            "due": due,
            "year": year,
            "due_on": due_on,
            "days_before": d,
            "send_on": due_on - dt.timedelta(days=d),
        }
        for due, year, due_on in targets
        for d in settings.reminder_days
        if due_on - dt.timedelta(days=d) >= valid_from
    ]
    await repository.insert_schedule(conn, number, maintenance, reminders)
    row = await repository.get(conn, number)
    assert row is not None
    # A re-certification replaces the certificate in force before it.
    events = await _supersede_older(conn, row, now)
    events.append(
        _event(
            "certificate.issued",
            {
                "certificate_number": number,
                "employer_id": employer_id,
                "submission_id": data["submission_id"],
                "program": "SECOR",
                "valid_from": valid_from,
                "valid_until": valid_until,
                "documentation_months": months,
                "maintenance_due": [m["due_on"] for m in maintenance],
                "issued_at": now,
            },
            employer_id,
            number,
        )
    )
    await publish(conn, SOURCE, events)
    due = "".join(
        f"\n- year {m['year']} maintenance evaluation: on or before {m['due_on']}" for m in maintenance
    )
    await enqueue_mail(
        conn,
        SOURCE,
        [
            Mail(
                row.contact_email,
                f"Your SECOR certificate {number}",
                f"Congratulations: {row.holder_legal_name} holds SECOR certificate {number}, valid from {valid_from} "
                f"to {valid_until}.{' Keep it by sending a maintenance evaluation each year:' if due else ''}{due}\n",
                dedupe_key=f"certificate-issued:{number}",
            )
        ],
    )
    await refresh_outcome(conn, employer_id, settings, now)
    return number


async def _supersede_older(conn: AsyncConnection, new: Row[Any], now: dt.datetime) -> list[Event]:
    events = []
    reason = f"replaced by certificate {new.number}"
    for older in await repository.others_in_force(conn, new.employer_id, new.number):
        await repository.set_status(conn, older.number, "expired", reason, now)
        events.append(status_event(older, older.status, "expired", reason, now))
    return events


async def maintain(
    conn: AsyncConnection, data: dict[str, Any], settings: EligibilitySettings, now: dt.datetime
) -> bool:
    """An approved maintenance keeps the certificate for its year: False if there was no year to maintain."""
    await repository.lock_employer(conn, data["employer_id"])
    certificate = await repository.current_for_employer(conn, data["employer_id"], for_update=True)
    if certificate is None:
        logger.warning(
            "maintenance %s approved, but employer %s holds no certificate",
            data["submission_id"],
            data["employer_id"],
        )
        return False
    year = await repository.first_pending_year(conn, certificate.number)
    if year is None:
        logger.warning(
            "maintenance %s approved, but certificate %s has no year pending",
            data["submission_id"],
            certificate.number,
        )
        return False
    decided = dt.date.fromisoformat(str(data["decision_date"]))
    await repository.mark_maintained(
        conn, certificate.number, year.year, decided, data["submission_id"], refund=decided <= year.due_on
    )
    if certificate.status == "maintenance_due":
        reason = f"year {year.year} maintained"
        await repository.set_status(conn, certificate.number, "active", reason, now)
        await publish(conn, SOURCE, [status_event(certificate, "maintenance_due", "active", reason, now)])
    await refresh_outcome(conn, certificate.employer_id, settings, now)
    return True


async def change_status(
    conn: AsyncConnection,
    number: str,
    new_status: str,
    reason: str,
    *,
    allowed_from: tuple[str, ...],
    settings: EligibilitySettings,
    now: dt.datetime,
) -> Row[Any]:
    """A change staff make by hand (revoke, suspend, reinstate): 409 from a status it does not apply to."""
    found = await repository.get(conn, number)
    if found is None:
        raise ProblemError(404, f"There is no certificate {number}.")
    # Employer first, then certificate: the order every writer takes them in, so none waits on another in a circle.
    await repository.lock_employer(conn, found.employer_id)
    row = await repository.get(conn, number, for_update=True)
    assert row is not None
    if row.status not in allowed_from:
        raise ProblemError(
            409,
            f"Certificate {number} is {row.status}; this applies only to one that is {' or '.join(allowed_from)}.",
            title="Conflict",
            status_now=row.status,
        )
    await repository.set_status(conn, number, new_status, reason, now)
    await publish(conn, SOURCE, [status_event(row, row.status, new_status, reason, now)])
    if new_status in ("revoked", "suspended"):
        await enqueue_mail(
            conn,
            SOURCE,
            [
                Mail(
                    row.contact_email,
                    f"Your SECOR certificate {number} was {new_status}",
                    f"Reason: {reason}\n",
                )
            ],
        )
    await refresh_outcome(conn, row.employer_id, settings, now)
    updated = await repository.get(conn, number)
    assert updated is not None
    return updated


async def public(conn: AsyncConnection, rows: list[Row[Any]]) -> list[CertificatePublic]:
    numbers = [r.number for r in rows]
    years: dict[str, list[MaintenanceYear]] = {}
    for y in await repository.maintenance_years(conn, numbers):
        years.setdefault(y.certificate_number, []).append(
            MaintenanceYear.model_validate(y, from_attributes=True)
        )
    reminders: dict[str, list[Reminder]] = {}
    for r in await repository.reminders(conn, numbers):
        reminders.setdefault(r.certificate_number, []).append(
            Reminder.model_validate(r, from_attributes=True)
        )
    return [
        CertificatePublic(
            number=r.number,
            employer_id=r.employer_id,
            holder_legal_name=r.holder_legal_name,
            program=r.program,
            status=r.status,
            status_reason=r.status_reason,
            status_changed_at=r.status_changed_at,
            valid_from=r.valid_from,
            valid_until=r.valid_until,
            documentation_months=r.documentation_months,
            audit_period_start=r.audit_period_start,
            audit_period_end=r.audit_period_end,
            submission_id=r.submission_id,
            qa_score=float(r.qa_score) if r.qa_score is not None else None,
            issued_at=r.issued_at,
            maintenance=years.get(r.number, []),
            reminders=reminders.get(r.number, []),
        )
        for r in rows
    ]
