"""The scheduler: its work is in the database, so it survives restarts, several can run at once without sending
anything twice, and a busy day goes out in batches spread over time."""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import uuid

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from services.eligibility.certificates import service as certificates
from tests.certificates.conftest import mails, outbox_events, scheduler
from tests.eligibility.conftest import register
from tests.helpers import auth
from tests.stack import Stack, TestClock

ISSUED = dt.date(2027, 3, 1)
YEAR_2_DUE = dt.date(2028, 3, 1)


async def issue_many(
    api: httpx.AsyncClient, stack: Stack, engine: AsyncEngine, key: str, count: int
) -> list[str]:
    numbers = []
    settings = stack.apps["eligibility"].state.settings
    issued_at = TestClock()
    issued_at.set(dt.datetime(2027, 3, 1, 12, tzinfo=dt.UTC))
    for _ in range(count):
        employer = (await register(api, auth(key))).json()
        async with engine.begin() as conn:
            number = await certificates.issue(
                conn,
                {
                    "employer_id": employer["id"],
                    "submission_id": f"sub_{uuid.uuid4().hex}",
                    "audit_period_start": "2026-01-01",
                    "audit_period_end": "2026-12-31",
                    "decision_date": ISSUED.isoformat(),
                    "qa_score": 90,
                },
                settings,
                issued_at,
            )
        assert number is not None
        numbers.append(number)
    return numbers


async def reminder_rows(engine: AsyncEngine) -> list[tuple[str, int, str, str | None]]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            text(
                "SELECT certificate_number, days_before, status, note FROM eligibility_certificate_reminder "
                "WHERE due = 'maintenance' AND year = 2 ORDER BY certificate_number, days_before"
            )
        )
        return [(r.certificate_number, r.days_before, r.status, r.note) for r in rows]


class TestExactlyOnce:
    async def test_two_schedulers_at_once(
        self, api: httpx.AsyncClient, stack: Stack, engine: AsyncEngine, integrator_key: str
    ) -> None:
        numbers = await issue_many(api, stack, engine, integrator_key, 30)
        stack.clock.set(YEAR_2_DUE - dt.timedelta(days=90))
        first, second = scheduler(stack, reminder_batch_size=7), scheduler(stack, reminder_batch_size=7)
        sent = 0
        for _ in range(10):  # rounds until both find nothing left
            a, b = await asyncio.gather(first.tick(), second.tick())
            sent += a.reminders_sent + b.reminders_sent
        assert sent == 30
        events = await outbox_events(engine, "certificate.maintenance_due")
        assert sorted(e["certificate_number"] for e in events) == sorted(numbers)
        assert len(await mails(engine, "maintenance due in 90 days")) == 30
        changes = await outbox_events(engine, "certificate.status_changed")
        assert sorted(c["certificate_number"] for c in changes) == sorted(numbers)  # each marked due once

    async def test_work_survives_a_restart(
        self, api: httpx.AsyncClient, stack: Stack, engine: AsyncEngine, integrator_key: str
    ) -> None:
        await issue_many(api, stack, engine, integrator_key, 2)
        stack.clock.set(YEAR_2_DUE - dt.timedelta(days=90))
        # Nothing is held in memory: a scheduler made after a "restart" finds the same work, once.
        assert (await scheduler(stack).tick()).reminders_sent == 2
        assert (await scheduler(stack).tick()).reminders_sent == 0


class TestBusyDays:
    async def test_sent_in_batches_spread_over_time(
        self, api: httpx.AsyncClient, stack: Stack, engine: AsyncEngine, integrator_key: str
    ) -> None:
        await issue_many(api, stack, engine, integrator_key, 5)
        stack.clock.set(YEAR_2_DUE - dt.timedelta(days=90))
        busy = scheduler(stack, reminder_batch_size=3, reminder_mail_spacing_seconds=2.0)
        assert (await busy.tick()).reminders_sent == 3
        batch = await mails(engine, "maintenance due in 90 days")
        gaps = [(b.not_before - a.not_before).total_seconds() for a, b in itertools.pairwise(batch)]
        assert [round(g) for g in gaps] == [2, 2]
        assert (await busy.tick()).reminders_sent == 2

    async def test_after_an_outage_only_the_nearest_reminder_goes(
        self, api: httpx.AsyncClient, stack: Stack, engine: AsyncEngine, integrator_key: str
    ) -> None:
        [number] = await issue_many(api, stack, engine, integrator_key, 1)
        stack.clock.set(
            YEAR_2_DUE - dt.timedelta(days=5)
        )  # the scheduler was down since before the 90-day mark
        done = await scheduler(stack).tick()
        assert (done.reminders_sent, done.reminders_skipped) == (1, 3)
        rows = await reminder_rows(engine)
        assert [(d, s) for _, d, s, _ in rows] == [
            (7, "sent"),
            (30, "skipped"),
            (60, "skipped"),
            (90, "skipped"),
        ]
        assert all("superseded by the 7-day reminder" in (note or "") for _, d, _, note in rows if d != 7)
        [event] = await outbox_events(engine, "certificate.maintenance_due")
        assert (event["certificate_number"], event["days_left"]) == (number, 5)
