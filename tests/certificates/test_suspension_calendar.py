"""Suspension does not stop the calendar: due dates still come while a certificate is suspended, reminders that
fell due meanwhile go out on reinstatement if their date is still ahead, and a year missed meanwhile makes the
reinstatement a cancellation, never `active`."""

from __future__ import annotations

import datetime as dt

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.certificates.conftest import mails, on
from tests.certificates.test_lifecycle import YEAR_2_DUE, certify
from tests.certificates.test_maintenance import certificate
from tests.eligibility.conftest import EmployerCtx
from tests.stack import Stack


async def change(
    api: httpx.AsyncClient, staff_headers: dict[str, str], number: str, kind: str, reason: str
) -> httpx.Response:
    return await api.post(f"/v1/certificates/{number}/{kind}", json={"reason": reason}, headers=staff_headers)


async def test_reminders_wait_for_the_reinstatement_and_the_due_date_still_comes(
    api: httpx.AsyncClient,
    stack: Stack,
    engine: AsyncEngine,
    employer: EmployerCtx,
    qa: dict[str, str],
    staff_headers: dict[str, str],
) -> None:
    number = str((await certify(api, stack, engine, employer, qa))["number"])
    stack.clock.set(YEAR_2_DUE - dt.timedelta(days=100))
    assert (await change(api, staff_headers, number, "suspension", "audit finding")).status_code == 200
    # The 90-, 60- and 30-day reminders fall due while it is suspended: none goes out, none is thrown away.
    done = await on(stack, YEAR_2_DUE - dt.timedelta(days=20))
    assert (done.reminders_sent, done.reminders_skipped) == (0, 0)
    year_2 = [r for r in (await certificate(api, employer, number))["reminders"] if r["year"] == 2]
    assert [r["status"] for r in year_2] == ["pending"] * 4
    reinstated = await change(api, staff_headers, number, "reinstatement", "finding closed")
    assert reinstated.status_code == 200, reinstated.text
    # The year is due within the reminders' window: due, not active.
    assert reinstated.json()["status"] == "maintenance_due"
    assert "due on or before" in reinstated.json()["status_reason"]
    done = await on(stack, YEAR_2_DUE - dt.timedelta(days=20))
    assert (done.reminders_sent, done.reminders_skipped) == (1, 2)  # the nearest goes out, once
    assert [m.subject for m in await mails(engine, "maintenance due in")] == [
        f"SECOR certificate {number}: year 2 maintenance due in 20 days"
    ]


async def test_a_year_missed_while_suspended_cancels_on_reinstatement(
    api: httpx.AsyncClient,
    stack: Stack,
    engine: AsyncEngine,
    employer: EmployerCtx,
    qa: dict[str, str],
    staff_headers: dict[str, str],
) -> None:
    number = str((await certify(api, stack, engine, employer, qa))["number"])
    stack.clock.set(YEAR_2_DUE - dt.timedelta(days=10))
    assert (await change(api, staff_headers, number, "suspension", "audit finding")).status_code == 200
    done = await on(stack, YEAR_2_DUE + dt.timedelta(days=1))
    assert done.years_missed_while_suspended == 1
    state = await certificate(api, employer, number)
    assert state["status"] == "suspended"
    assert [m["status"] for m in state["maintenance"]] == ["missed", "pending"]
    assert (state["history"][-1]["action"], state["history"][-1]["year"]) == ("maintenance_missed", 2)
    # Nothing more happens on later rounds.
    assert (await on(stack, YEAR_2_DUE + dt.timedelta(days=30))).years_missed_while_suspended == 0
    reinstated = await change(api, staff_headers, number, "reinstatement", "finding closed")
    assert reinstated.status_code == 200, reinstated.text
    body = reinstated.json()
    assert body["status"] == "cancelled"
    assert f"due on {YEAR_2_DUE}" in body["status_reason"] and "suspended" in body["status_reason"]
    verified = (await api.get(f"/v1/certificates/{number}/verification")).json()
    assert verified["status"] == "cancelled"
    assert len(await mails(engine, "was cancelled")) == 1


async def test_a_year_missed_before_the_scheduler_ran_is_seen_at_reinstatement(
    api: httpx.AsyncClient,
    stack: Stack,
    engine: AsyncEngine,
    employer: EmployerCtx,
    qa: dict[str, str],
    staff_headers: dict[str, str],
) -> None:
    number = str((await certify(api, stack, engine, employer, qa))["number"])
    stack.clock.set(YEAR_2_DUE - dt.timedelta(days=10))
    assert (await change(api, staff_headers, number, "suspension", "audit finding")).status_code == 200
    stack.clock.set(YEAR_2_DUE + dt.timedelta(days=5))
    reinstated = await change(api, staff_headers, number, "reinstatement", "finding closed")
    assert reinstated.json()["status"] == "cancelled"
