"""The certificate scheduler: statuses and outcomes that change with the calendar, and reminders before due dates.

The due work is rows in the database (certificates past a date, reminders whose day has come), so the
scheduler keeps nothing in memory and a restart loses nothing. Every round takes its rows with SKIP LOCKED
and changes them in the same transaction as the events and mail it causes: with several processes running
it, each reminder still goes out exactly once.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from services.eligibility.certificates import repository
from services.eligibility.certificates.service import (
    SCHEDULER,
    SOURCE,
    announce_lapses,
    record_missed_while_suspended,
)
from services.eligibility.determination import repository as determinations
from services.eligibility.determination.service import refresh_outcome
from services.eligibility.employers import repository as employers
from services.eligibility.employers.service import hold
from services.eligibility.metrics import round_finished
from services.eligibility.settings import EligibilitySettings
from shared.clock import Clock
from shared.events import CertificateMaintenanceDue
from shared.outbox import Event, Mail, enqueue_mail, publish

logger = logging.getLogger("secor.eligibility.scheduler")
BATCH = 500
# Employers asked again per transaction: each is held until the batch commits.
CALENDAR_BATCH = 50


@dataclass
class Round:
    """What one round did."""

    status_changes: dict[str, int] = field(default_factory=dict)
    reminders_sent: int = 0
    reminders_skipped: int = 0
    determinations_let_go: int = 0
    years_missed_while_suspended: int = 0
    outcomes_recomputed: int = 0


class CertificateScheduler:
    def __init__(self, engine: AsyncEngine, settings: EligibilitySettings, clock: Clock) -> None:
        self.engine = engine
        self.settings = settings
        self.clock = clock

    async def run(self) -> None:
        while True:
            try:
                await self.tick()
            except asyncio.CancelledError:
                raise
            except Exception:
                round_finished(ok=False)
                logger.exception("certificate scheduler round failed; trying again next round")
            else:
                round_finished(ok=True)
            await asyncio.sleep(self.settings.scheduler_interval_seconds)

    async def tick(self) -> Round:
        """One round: lapse what has lapsed, mark what is due, send the reminders whose day has come."""
        done = Round()
        now = self.clock.now()
        today = self.settings.program_date(now)
        window = max(self.settings.reminder_days, default=0)

        async def miss_while_suspended(conn: AsyncConnection) -> int:
            missed = await repository.miss_while_suspended(
                conn, today, self.settings.maintenance_grace_days, BATCH
            )
            await record_missed_while_suspended(conn, missed, now, by=SCHEDULER)
            return len(missed)

        async def mark_due(conn: AsyncConnection) -> int:
            # Due is still in force: nothing a determination reads changes, so no employer is held.
            changed = await repository.mark_due(conn, today, now, window, BATCH)
            await announce_lapses(conn, changed, now, by=SCHEDULER)
            return len(changed)

        done.years_missed_while_suspended = await self._in_batches(miss_while_suspended, BATCH)
        done.status_changes = {"expired": 0, "cancelled": 0}
        await self._lapse(today, done.status_changes)
        done.status_changes["maintenance_due"] = await self._in_batches(mark_due, BATCH)
        done.outcomes_recomputed = await self._outcomes_due(today)
        async with self.engine.begin() as conn:
            sent, skipped = await self._remind(conn, today, now)
        done.reminders_sent, done.reminders_skipped = sent, skipped
        done.determinations_let_go = await self._let_go_unconfirmed(now)
        return done

    async def _in_batches(self, step: Callable[[AsyncConnection], Awaitable[int]], size: int) -> int:
        """Run `step` (one transaction each) until it does less than a full batch; how much it did in all."""
        total = 0
        while True:
            async with self.engine.begin() as conn:
                done = await step(conn)
            total += done
            if done < size:
                return total

    async def _lapse(self, today: dt.date, counts: dict[str, int]) -> None:
        """Expire and cancel what the calendar says, one employer per transaction: held, so the lapse is recorded
        at a moment read once held and today's determination follows it in the same commit."""
        grace = self.settings.maintenance_grace_days
        while True:
            async with self.engine.connect() as conn:
                lapsing = await repository.lapsing_employers(conn, today, grace, BATCH)
            progressed = False
            for employer_id in lapsing:
                async with self.engine.begin() as conn:
                    now = await hold(conn, employer_id, self.clock)
                    changed = [
                        *await repository.expire(conn, today, now, BATCH, employer_id=employer_id),
                        *await repository.cancel_missed(
                            conn, today, now, grace, BATCH, employer_id=employer_id
                        ),
                    ]
                    await announce_lapses(conn, changed, now, by=SCHEDULER)
                    await refresh_outcome(conn, employer_id, self.settings, now)
                for row in changed:
                    counts[row.new_status] += 1
                progressed = progressed or bool(changed)
            # Short, or nothing changed (what is left is taken by another process): the next round goes on.
            if len(lapsing) < BATCH or not progressed:
                return

    async def _outcomes_due(self, today: dt.date) -> int:
        """Employers whose outcome the calendar alone may change today: each asked again once (the day it keeps
        then is a later one), the stored outcome and list filters follow, and a flip is announced. A batch holds
        its employers in id order, the order a completion's handler holds the employers it concerns in."""

        async def recompute(conn: AsyncConnection) -> int:
            due = await determinations.due_on_the_calendar(conn, today, CALENDAR_BATCH)
            for employer_id in sorted(due):
                await employers.hold(conn, employer_id)
            now = self.clock.now()
            for employer_id in due:
                await refresh_outcome(conn, employer_id, self.settings, now, calendar=True)
            return len(due)

        return await self._in_batches(recompute, CALENDAR_BATCH)

    async def _let_go_unconfirmed(self, now: dt.datetime) -> int:
        """Determinations kept for an evaluation whose receipt or approval was never recorded are not kept for
        ever (a decision recorded on one confirms it, and only confirmed ones are judged again)."""
        before = now - dt.timedelta(days=self.settings.unconfirmed_determination_days)
        return await self._in_batches(
            lambda conn: determinations.let_go_unconfirmed(conn, before, BATCH), BATCH
        )

    async def _remind(self, conn: AsyncConnection, today: dt.date, now: dt.datetime) -> tuple[int, int]:
        rows = await repository.claim_reminders(
            conn, today, self.settings.reminder_batch_size, self.settings.maintenance_grace_days
        )
        # Of several reminders for one date that are all due (the scheduler was stopped a while), the nearest.
        nearest: dict[tuple[str, str, int | None], int] = {}
        for r in rows:
            key = (r.certificate_number, r.due, r.year)
            nearest[key] = min(nearest.get(key, r.days_before), r.days_before)
        outcomes: list[dict[str, Any]] = []
        events: list[Event] = []
        mails: list[Mail] = []
        wall_clock = dt.datetime.now(dt.UTC)
        for r in rows:
            why_not = _why_not(r, today, nearest[(r.certificate_number, r.due, r.year)])
            if why_not is not None:
                outcomes.append({"id": r.id, "status": "skipped", "sent_at": None, "note": why_not})
                continue
            outcomes.append({"id": r.id, "status": "sent", "sent_at": now, "note": None})
            events.append(
                Event(
                    CertificateMaintenanceDue(
                        certificate_number=r.certificate_number,
                        employer_id=r.employer_id,
                        due=r.due,
                        year=r.year,
                        due_on=r.due_on,
                        days_before=r.days_before,
                        days_left=(r.due_on - today).days,
                    ),
                    employer_id=r.employer_id,
                    ordering_key=f"certificate:{r.certificate_number}",
                )
            )
            # Spread over the minutes that follow, so a busy day does not flood the mail server.
            not_before = wall_clock + dt.timedelta(
                seconds=len(mails) * self.settings.reminder_mail_spacing_seconds
            )
            mails.append(_reminder_mail(r, today, not_before))
            logger.info("reminder %s sent: %s %s due %s", r.id, r.certificate_number, r.due, r.due_on)
        await repository.finish_reminders(conn, outcomes)
        await publish(conn, SOURCE, events)
        await enqueue_mail(conn, SOURCE, mails)
        skipped = sum(o["status"] == "skipped" for o in outcomes)
        return len(outcomes) - skipped, skipped


def _why_not(r: Any, today: dt.date, nearest_days: int) -> str | None:
    if r.certificate_status not in ("active", "maintenance_due"):
        return f"certificate is {r.certificate_status}"
    if r.due == "maintenance" and r.year_status != "pending":
        return f"year {r.year} is {r.year_status}"
    if r.due == "maintenance" and r.year_held:
        return f"year {r.year}'s maintenance evaluation was received in time and is in intake or QA"
    if r.due_on < today:
        return "the date had passed when the reminder came due"
    if r.days_before != nearest_days:
        return f"superseded by the {nearest_days}-day reminder due at the same time"
    return None


def _reminder_mail(r: Any, today: dt.date, not_before: dt.datetime) -> Mail:
    days = (r.due_on - today).days
    if r.due == "maintenance":
        subject = f"SECOR certificate {r.certificate_number}: year {r.year} maintenance due in {days} days"
        body = (
            f"{r.legal_name}'s SECOR certificate {r.certificate_number} needs its year {r.year} maintenance evaluation "
            f"received on or before {r.due_on}. A missed year cancels the certificate.\n"
        )
    else:
        subject = f"SECOR certificate {r.certificate_number} expires in {days} days"
        body = (
            f"{r.legal_name}'s SECOR certificate {r.certificate_number} is valid until {r.valid_until}. Send a "
            "certification evaluation in time to keep your SECOR.\n"
        )
    return Mail(
        r.contact_email, subject, body, not_before=not_before, dedupe_key=f"certificate-reminder:{r.id}"
    )
