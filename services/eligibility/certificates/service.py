"""Certificates (docs/rules.md §4): issued from an approved certification, kept by approved maintenances, lapsing
when a year is missed or the term ends, revoked by staff; every change announced, kept in the certificate's
history and, where it matters to the employer, mailed, in the same transaction."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from typing import Any

from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from services.eligibility.certificates import repository
from services.eligibility.certificates.numbers import certificate_number
from services.eligibility.certificates.schemas import (
    CertificateDecision,
    CertificatePublic,
    MaintenanceYear,
    Reminder,
)
from services.eligibility.determination.service import refresh_outcome
from services.eligibility.employers.service import hold
from services.eligibility.evaluations.rules import InterimYear, documentation_months
from services.eligibility.settings import EligibilitySettings
from shared.clock import Clock
from shared.dates import add_years
from shared.events import CertificateIssued, CertificateStatusChanged, EventData
from shared.outbox import Event, Mail, enqueue_mail, publish
from shared.problems import ProblemError

logger = logging.getLogger("secor.eligibility.certificates")
SOURCE = "eligibility"
SCHEDULER = "scheduler"


IN_FORCE = repository.IN_FORCE


async def for_maintenance(conn: AsyncConnection, employer_id: str, number: str | None) -> Row[Any] | None:
    """The certificate a maintenance maintains: `number`, or else the employer's certificate in force."""
    if number is not None:
        return await repository.get(conn, number)
    return await repository.current_for_employer(conn, employer_id)


async def interim_years(conn: AsyncConnection, number: str) -> list[InterimYear]:
    return [
        InterimYear(y.year, y.due_on, y.status, y.submission_id, y.audit_period_end)
        for y in await repository.maintenance_years(conn, [number])
    ]


def _event(data: EventData, employer_id: str, number: str) -> Event:
    return Event(data, employer_id=employer_id, ordering_key=f"certificate:{number}")


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(str(value)) if value else None


def status_event(
    row: Any, old: str, new: str, reason: str | None, at: dt.datetime, *, maintained_year: int | None = None
) -> Event:
    data = CertificateStatusChanged(
        certificate_number=row.number,
        employer_id=row.employer_id,
        old_status=old,
        new_status=new,
        reason=reason,
        at=at,
        **({"maintained_year": maintained_year} if maintained_year is not None else {}),
    )
    return _event(data, row.employer_id, row.number)


async def change_recorded(
    conn: AsyncConnection,
    row: Any,
    new_status: str,
    reason: str,
    *,
    by: str,
    now: dt.datetime,
    year: int | None = None,
    submission_id: str | None = None,
) -> Event:
    """A certificate's status changed by a decision: the row, its history entry, and the event to publish."""
    await repository.set_status(conn, row.number, new_status, reason, now)
    await repository.add_history(
        conn,
        [
            {
                "certificate_number": row.number,
                "at": now,
                "by": by,
                "action": "status_changed",
                "status": new_status,
                "year": year,
                "submission_id": submission_id,
                "note": reason,
            }
        ],
    )
    return status_event(row, row.status, new_status, reason, now)


def validity_years(months: int, settings: EligibilitySettings) -> int | None:
    """How long a certificate from `months` of documentation is valid (None: too little for one)."""
    if months < settings.minimum_documentation_months:
        return None
    return (
        settings.full_validity_years
        if months >= settings.full_documentation_months
        else settings.short_validity_years
    )


def interim_due_dates(valid_from: dt.date, years: int) -> dict[int, dt.date]:
    """Year N's maintenance is due on the (N-1)th anniversary of the issue date."""
    return {y: add_years(valid_from, y - 1) for y in range(2, years + 1)}


def reminder_rows(
    due_dates: dict[int, dt.date], valid_until: dt.date, first_day: dt.date, settings: EligibilitySettings
) -> list[dict[str, Any]]:
    """A reminder before each due date and the expiry, for the days from `first_day` on."""
    targets: list[tuple[str, int | None, dt.date]] = [("maintenance", y, d) for y, d in due_dates.items()]
    targets.append(("expiry", None, valid_until))
    return [
        {
            "due": due,
            "year": year,
            "due_on": due_on,
            "days_before": d,
            "send_on": due_on - dt.timedelta(days=d),
        }
        for due, year, due_on in targets
        for d in settings.reminder_days
        if due_on - dt.timedelta(days=d) >= first_day
    ]


async def new_number(conn: AsyncConnection, year: int) -> str:
    """This platform's next number for `year`, past any imported certificate that already holds one."""
    while True:
        number = certificate_number(year, await repository.next_serial(conn))
        if not await repository.number_taken(conn, number):
            return number


async def issue(
    conn: AsyncConnection, data: dict[str, Any], settings: EligibilitySettings, clock: Clock
) -> str | None:
    """A certificate for an approved certification evaluation; None when its documentation is under the minimum."""
    employer_id = data["employer_id"]
    start = dt.date.fromisoformat(str(data["audit_period_start"]))
    end = dt.date.fromisoformat(str(data["audit_period_end"]))
    valid_from = dt.date.fromisoformat(str(data["decision_date"]))
    months = documentation_months(start, end)
    years = validity_years(months, settings)
    if years is None:
        # Refused at receipt and at approval; only a change of settings in between gets here.
        logger.error(
            "submission %s approved with %s months of documentation: no certificate (minimum %s)",
            data["submission_id"],
            months,
            settings.minimum_documentation_months,
        )
        return None
    valid_until = add_years(valid_from, years) - dt.timedelta(days=1)
    now = await hold(conn, employer_id, clock)
    number = await new_number(conn, valid_from.year)
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
            "determination_id": data.get("determination_id"),
        },
    )
    if not inserted:
        return None
    due_dates = interim_due_dates(valid_from, years)
    maintenance = [{"year": y, "due_on": due_on} for y, due_on in due_dates.items()]
    await repository.insert_schedule(
        conn, number, maintenance, reminder_rows(due_dates, valid_until, valid_from, settings)
    )
    row = await repository.get(conn, number)
    assert row is not None
    await repository.add_history(
        conn,
        [
            {
                "certificate_number": number,
                "at": now,
                "by": data.get("decided_by") or "submission",
                "action": "issued",
                "status": "active",
                "submission_id": data["submission_id"],
                "note": f"issued from approved certification {data['submission_id']}: {months} months of "
                f"documentation ({start} to {end}), valid {years} year{'s' if years != 1 else ''}",
            }
        ],
    )
    # A re-certification replaces the certificate in force before it: by the certificates' dates, so an
    # approval applied after a later one (events out of order) does not take the later one's place.
    superseded, newer = await _keep_the_newest(conn, row, now, by=data.get("decided_by") or "submission")
    events = [issued_event(row, due_dates, now), *superseded]
    await publish(conn, SOURCE, events)
    if newer is not None:
        await refresh_outcome(conn, employer_id, settings, now)
        return number
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


def issued_event(row: Any, due_dates: dict[int, dt.date], now: dt.datetime) -> Event:
    data = CertificateIssued(
        certificate_number=row.number,
        employer_id=row.employer_id,
        submission_id=row.submission_id,
        program="SECOR",
        valid_from=row.valid_from,
        valid_until=row.valid_until,
        documentation_months=row.documentation_months,
        maintenance_due=list(due_dates.values()),
        issued_at=now,
        **({"imported": True} if row.source == "import" else {}),
    )
    return _event(data, row.employer_id, row.number)


def _newest_first(row: Any) -> tuple[dt.date, dt.datetime]:
    return (row.valid_from, row.issued_at)


async def _keep_the_newest(
    conn: AsyncConnection, new: Row[Any], now: dt.datetime, *, by: str
) -> tuple[list[Event], Row[Any] | None]:
    """Of the employer's certificates in force with the new one, only the newest by its dates stays in force.

    Returns the status-change events, and the certificate newer than `new` when `new` is itself replaced.
    """
    others = await repository.others_in_force(conn, new.employer_id, new.number)
    newest = max([new, *others], key=_newest_first)
    events = [
        await change_recorded(
            conn, row, "expired", f"replaced by certificate {newest.number}", by=by, now=now
        )
        for row in [new, *others]
        if row.number != newest.number
    ]
    return events, None if newest.number == new.number else newest


async def maintain(
    conn: AsyncConnection, data: dict[str, Any], settings: EligibilitySettings, clock: Clock
) -> bool:
    """An approved maintenance keeps the certificate for the year it was received for: False, in the
    certificate's history and the log, when that year can no longer be kept (never silently)."""
    employer_id, submission_id = data["employer_id"], data["submission_id"]
    by = data.get("decided_by") or "submission"
    now = await hold(conn, employer_id, clock)
    number = data.get("certificate_number")
    if number:
        certificate = await repository.get(conn, number, for_update=True)
    else:
        certificate = await repository.current_for_employer(conn, employer_id, for_update=True)
    if certificate is None or certificate.employer_id != employer_id:
        logger.error(
            "maintenance %s approved, but employer %s holds no certificate %s",
            submission_id,
            employer_id,
            number or "",
        )
        return False
    year_no = data.get("maintenance_year")
    year = (
        await repository.year_for_update(conn, certificate.number, int(year_no))
        if year_no
        else await repository.first_pending_year(conn, certificate.number)
    )
    if year is not None and year.submission_id == submission_id:
        return True  # applied already
    why_not = None
    if certificate.status not in repository.IN_FORCE:
        why_not = f"certificate {certificate.number} is {certificate.status}"
    elif year is None:
        why_not = f"certificate {certificate.number} has no year {year_no or ''} left to maintain"
    elif year.status != "pending":
        why_not = f"year {year.year} is {year.status}"
    if why_not is not None:
        logger.error("maintenance %s approved but not applied: %s", submission_id, why_not)
        await repository.add_history(
            conn,
            [
                {
                    "certificate_number": certificate.number,
                    "at": now,
                    "by": by,
                    "action": "maintenance_not_applied",
                    "status": certificate.status,
                    "year": int(year_no) if year_no else None,
                    "submission_id": submission_id,
                    "note": f"maintenance {submission_id} was approved but not applied: {why_not}",
                }
            ],
        )
        return False
    assert year is not None
    decided = dt.date.fromisoformat(str(data["decision_date"]))
    received_on = _date(data.get("received_on")) or decided
    refund = received_on <= year.due_on
    await repository.mark_maintained(
        conn,
        certificate.number,
        year.year,
        {
            "maintained_on": decided,
            "submission_id": submission_id,
            "pir_refund_eligible": refund,
            "received_on": received_on,
            "audit_period_start": _date(data.get("audit_period_start")),
            "audit_period_end": _date(data.get("audit_period_end")),
            "determination_id": data.get("determination_id"),
        },
    )
    new_status = "active" if certificate.status == "maintenance_due" else certificate.status
    reason = f"year {year.year} maintained by {submission_id}, received on {received_on}, " + (
        "on time: the year's PIR refund is kept"
        if refund
        else f"after its due date {year.due_on}: no PIR refund for the year"
    )
    if new_status != certificate.status:
        await repository.set_status(conn, certificate.number, new_status, reason, now)
    await repository.add_history(
        conn,
        [
            {
                "certificate_number": certificate.number,
                "at": now,
                "by": by,
                "action": "maintained",
                "status": new_status,
                "year": year.year,
                "submission_id": submission_id,
                "note": reason,
            }
        ],
    )
    await publish(
        conn,
        SOURCE,
        [status_event(certificate, certificate.status, new_status, reason, now, maintained_year=year.year)],
    )
    await refresh_outcome(conn, certificate.employer_id, settings, now)
    return True


async def track_submission(
    conn: AsyncConnection, data: dict[str, Any], settings: EligibilitySettings, clock: Clock
) -> None:
    """Keep what is known of a submission; a maintenance that stops holding its year after the year's due date
    (returned at intake, returned, failed) cancels the certificate now."""
    await repository.track_submission(
        conn,
        {
            "submission_id": data["submission_id"],
            "employer_id": data["employer_id"],
            "kind": data["kind"],
            "status": data["new_status"],
            "received_on": _date(data.get("received_on")),
            "certificate_number": data.get("certificate_number"),
            "maintenance_year": data.get("maintenance_year"),
            "changed_at": dt.datetime.fromisoformat(str(data["at"]).replace("Z", "+00:00")),
        },
    )
    number = data.get("certificate_number")
    if data["kind"] != "maintenance" or not number or data["new_status"] == "approved":
        return
    if data["new_status"] in repository.HOLDING_STATUSES:
        await _reinstate_if_cancelled_meanwhile(conn, data, settings, clock)
        return
    now = await hold(conn, data["employer_id"], clock)
    await _cancel_if_missed(
        conn, data["employer_id"], number, settings, now, by=f"{data['submission_id']} {data['new_status']}"
    )


async def _cancel_if_missed(
    conn: AsyncConnection,
    employer_id: str,
    number: str,
    settings: EligibilitySettings,
    now: dt.datetime,
    *,
    by: str,
) -> None:
    """Cancel the certificate now if a year of it is past its due date and grace with nothing holding it (the
    caller holds the employer's lock)."""
    changed = await repository.cancel_missed(
        conn, settings.program_date(now), now, settings.maintenance_grace_days, 1, number=number
    )
    if changed:
        await announce_lapses(conn, changed, now, by=by)
        await refresh_outcome(conn, employer_id, settings, now)


async def approval_refused(
    conn: AsyncConnection, data: dict[str, Any], settings: EligibilitySettings, clock: Clock
) -> None:
    """A refused approval is no decision to come: a maintenance refused so holds its year no longer, and a
    certificate whose year's due date and grace have passed is cancelled now (later, by the calendar)."""
    now = await hold(conn, data["employer_id"], clock)
    await repository.refuse_tracked(
        conn,
        {
            "submission_id": data["submission_id"],
            "employer_id": data["employer_id"],
            "kind": data["kind"],
            "status": data["status"],
            "received_on": _date(data.get("received_on")),
            "certificate_number": data.get("certificate_number"),
            "maintenance_year": data.get("maintenance_year"),
            "at": dt.datetime.fromisoformat(str(data["at"]).replace("Z", "+00:00")),
        },
    )
    number = data.get("certificate_number")
    if data["kind"] == "maintenance" and number:
        await _cancel_if_missed(
            conn, data["employer_id"], number, settings, now, by=f"{data['submission_id']} approval refused"
        )


async def _reinstate_if_cancelled_meanwhile(
    conn: AsyncConnection, data: dict[str, Any], settings: EligibilitySettings, clock: Clock
) -> None:
    """A maintenance received in time whose news came after the scheduler had cancelled its certificate for
    that very year (the events were delayed): the cancellation is withdrawn."""
    now = await hold(conn, data["employer_id"], clock)
    # What is known now, not what this event says: a late, older event must not reinstate anything.
    known = await repository.tracked_submission(conn, data["submission_id"])
    if (
        known is None
        or known.status not in repository.HOLDING_STATUSES
        or known.approval_refused_at is not None
        or known.maintenance_year is None
        or known.received_on is None
    ):
        return
    number, year, received_on = known.certificate_number, known.maintenance_year, known.received_on
    certificate = await repository.get(conn, number, for_update=True)
    if (
        certificate is None
        or certificate.status != "cancelled"
        or certificate.valid_until < settings.program_date(now)
        or await repository.others_in_force(conn, certificate.employer_id, number)
    ):
        return
    years = {y.year: y for y in await repository.maintenance_years(conn, [number])}
    missed = sorted(y for y, row in years.items() if row.status == "missed")
    held = years.get(int(year))
    grace = dt.timedelta(days=settings.maintenance_grace_days)
    if missed != [int(year)] or held is None or received_on > held.due_on + grace:
        return
    await repository.set_year_status(conn, number, held.year, "pending")
    reason = (
        f"cancellation withdrawn: year {held.year}'s maintenance evaluation {data['submission_id']} was received "
        f"on {received_on}, in time"
    )
    event = await change_recorded(
        conn,
        certificate,
        "maintenance_due",
        reason,
        by=f"{data['submission_id']} {data['new_status']}",
        now=now,
        year=held.year,
        submission_id=data["submission_id"],
    )
    await publish(conn, SOURCE, [event])
    await enqueue_mail(
        conn,
        SOURCE,
        [
            Mail(
                certificate.contact_email,
                f"Your SECOR certificate {number} is in force again",
                f"SECOR certificate {number} was cancelled before we knew that your year {held.year} maintenance "
                f"evaluation had been received on {received_on}, in time. The cancellation is withdrawn; the "
                "evaluation is being reviewed.\n",
                dedupe_key=f"certificate-reinstated:{number}:{held.year}",
            )
        ],
    )
    await refresh_outcome(conn, certificate.employer_id, settings, now)


async def announce_lapses(
    conn: AsyncConnection, changed: Sequence[Any], now: dt.datetime, *, by: str
) -> None:
    """Status changes the calendar made (each row: number, employer_id, old_status, new_status, reason): their
    history, events, and a mail when the certificate is gone."""
    if not changed:
        return
    await repository.add_history(
        conn,
        [
            {
                "certificate_number": r.number,
                "at": now,
                "by": by,
                "action": "status_changed",
                "status": r.new_status,
                "note": r.reason,
            }
            for r in changed
        ],
    )
    await publish(conn, SOURCE, [status_event(r, r.old_status, r.new_status, r.reason, now) for r in changed])
    lapsed = [r for r in changed if r.new_status in ("expired", "cancelled")]
    contacts = await repository.contacts(conn, [r.employer_id for r in lapsed])
    await enqueue_mail(
        conn,
        SOURCE,
        [
            Mail(
                contacts[r.employer_id],
                f"Your SECOR certificate {r.number} has {'expired' if r.new_status == 'expired' else 'been cancelled'}",
                f"SECOR certificate {r.number} is now {r.new_status}: {r.reason}.\n",
                # A cancellation can be withdrawn and come again: each is its own mail.
                dedupe_key=f"certificate-{r.new_status}:{r.number}:{now.isoformat()}",
            )
            for r in lapsed
        ],
    )
    for r in changed:
        logger.info("certificate %s: %s -> %s (%s)", r.number, r.old_status, r.new_status, r.reason)


async def change_status(
    conn: AsyncConnection,
    number: str,
    new_status: str,
    reason: str,
    *,
    allowed_from: tuple[str, ...],
    by: str,
    settings: EligibilitySettings,
    clock: Clock,
) -> Row[Any]:
    """A change staff make by hand (revoke, suspend, reinstate): 409 from a status it does not apply to."""
    found = await repository.get(conn, number)
    if found is None:
        raise ProblemError(404, f"There is no certificate {number}.")
    # Employer first, then certificate: the order every writer takes them in, so none waits on another in a circle.
    now = await hold(conn, found.employer_id, clock)
    row = await repository.get(conn, number, for_update=True)
    assert row is not None
    if row.status not in allowed_from:
        raise ProblemError(
            409,
            f"Certificate {number} is {row.status}; this applies only to one that is {' or '.join(allowed_from)}.",
            title="Conflict",
            status_now=row.status,
        )
    if row.status == "suspended" and new_status == "active":
        new_status, reason = await _reinstated(conn, row, reason, by, settings, now)
    await publish(conn, SOURCE, [await change_recorded(conn, row, new_status, reason, by=by, now=now)])
    if new_status in ("revoked", "suspended", "cancelled"):
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


async def _reinstated(
    conn: AsyncConnection,
    row: Row[Any],
    reason: str,
    by: str,
    settings: EligibilitySettings,
    now: dt.datetime,
) -> tuple[str, str]:
    """What a reinstatement gives, the calendar having run meanwhile: cancelled if a year was missed while
    suspended, maintenance_due if a year is due soon, else active; with the reason."""
    today = settings.program_date(now)
    await record_missed_while_suspended(
        conn,
        await repository.miss_while_suspended(
            conn, today, settings.maintenance_grace_days, 1, number=row.number
        ),
        now,
        by=by,
    )
    years = await repository.maintenance_years(conn, [row.number])
    missed = [y for y in years if y.status == "missed"]
    if missed:
        first = min(missed, key=lambda y: y.year)
        return "cancelled", (
            f"{reason}; but the year {first.year} maintenance evaluation due on {first.due_on} was not received in "
            "time while the certificate was suspended, so it is cancelled"
        )
    window = dt.timedelta(days=max(settings.reminder_days, default=0))
    due = [y for y in years if y.status == "pending" and y.due_on - window <= today]
    if due:
        first = min(due, key=lambda y: y.year)
        return "maintenance_due", (
            f"{reason}; the year {first.year} maintenance evaluation is due on or before {first.due_on}"
        )
    return "active", reason


async def record_missed_while_suspended(
    conn: AsyncConnection, missed: list[Row[Any]], now: dt.datetime, *, by: str
) -> None:
    """Years that came due and passed while their certificates were suspended, in each one's history."""
    await repository.add_history(
        conn,
        [
            {
                "certificate_number": m.certificate_number,
                "at": now,
                "by": by,
                "action": "maintenance_missed",
                "status": "suspended",
                "year": m.year,
                "submission_id": None,
                "note": f"the year {m.year} maintenance evaluation due on {m.due_on} was not received in time "
                "while the certificate was suspended; reinstating it cancels it",
            }
            for m in missed
        ],
    )


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
    history: dict[str, list[CertificateDecision]] = {}
    for h in await repository.history(conn, numbers):
        history.setdefault(h.certificate_number, []).append(
            CertificateDecision.model_validate(h, from_attributes=True)
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
            determination_id=r.determination_id,
            source=r.source,
            qa_score=float(r.qa_score) if r.qa_score is not None else None,
            issued_at=r.issued_at,
            maintenance=years.get(r.number, []),
            reminders=reminders.get(r.number, []),
            history=history.get(r.number, []),
        )
        for r in rows
    ]
