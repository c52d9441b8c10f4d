"""Outcomes that follow the calendar: with no new fact, an outcome that changes on a day (a membership or WCB
status reaching its end, a course expiring, the 12-month window rolling past a peak, the assessor's three years
running out) changes on that day everywhere: the stored outcome, list filters, and one
employer.eligibility_changed with reason `calendar`. The scheduler takes the employers whose day has come."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from services.eligibility.determination.rules import outcome_of
from services.eligibility.determination.service import evaluate
from shared.dates import add_years
from shared.events import CATALOG
from tests.certificates.conftest import on, outbox_events
from tests.eligibility.conftest import (
    TODAY,
    EmployerCtx,
    add_worker,
    completion_event,
    days,
    make_eligible,
    record,
)
from tests.eligibility.test_replay import Replay, apply, operation, trained_employer
from tests.stack import Stack


async def listed(api: httpx.AsyncClient, ctx: EmployerCtx, outcome: str) -> bool:
    response = await api.get("/v1/employers", params={"outcome": outcome}, headers=ctx.headers)
    assert response.status_code == 200, response.text
    return ctx.id in [e["id"] for e in response.json()["data"]]


async def calendar_flips(engine: AsyncEngine, ctx: EmployerCtx) -> list[dict[str, Any]]:
    return [
        e
        for e in await outbox_events(engine, "employer.eligibility_changed")
        if e["employer_id"] == ctx.id and e.get("reason") == "calendar"
    ]


async def changes_on(engine: AsyncEngine, ctx: EmployerCtx) -> dt.date:
    async with engine.connect() as conn:
        day: dt.date = (
            await conn.execute(
                text("SELECT outcome_changes_on FROM eligibility_employer WHERE id = :id"), {"id": ctx.id}
            )
        ).scalar_one()
    return day


async def follows_the_calendar(
    api: httpx.AsyncClient,
    stack: Stack,
    engine: AsyncEngine,
    ctx: EmployerCtx,
    day: dt.date,
    old: str,
    new: str,
    failing: str | None,
) -> None:
    """The day before `day`, nothing; on `day`, the outcome moves from `old` to `new` everywhere, once."""
    assert await changes_on(engine, ctx) <= day
    await on(stack, day - dt.timedelta(days=1))
    assert await listed(api, ctx, old) and not await calendar_flips(engine, ctx)
    assert (await on(stack, day)).outcomes_recomputed >= 1
    assert await listed(api, ctx, new) and not await listed(api, ctx, old)
    employer = (await api.get(f"/v1/employers/{ctx.id}", headers=ctx.headers)).json()
    assert employer["outcome"] == new
    [flip] = await calendar_flips(engine, ctx)
    CATALOG["employer.eligibility_changed"][2].model_validate(flip)
    assert (flip["old_outcome"], flip["new_outcome"], flip["as_of"]) == (old, new, day.isoformat())
    assert [c["code"] for c in flip["failing_checks"] if c["code"] == failing] == (
        [failing] if failing else []
    )
    # Asked again the same day, and the next: nothing more is announced.
    await on(stack, day)
    await on(stack, day + dt.timedelta(days=1))
    assert len(await calendar_flips(engine, ctx)) == 1
    assert await changes_on(engine, ctx) > day


async def test_a_membership_runs_out(
    api: httpx.AsyncClient,
    stack: Stack,
    engine: AsyncEngine,
    employer: EmployerCtx,
    staff_headers: dict[str, str],
) -> None:
    await make_eligible(api, stack, employer, staff_headers)
    renewed = await api.put(
        f"/v1/employers/{employer.id}/acsa-membership",
        json={"member_number": "M-1001", "valid_from": days(-500), "valid_until": days(30)},
        headers=staff_headers,
    )
    assert renewed.status_code == 200, renewed.text
    await follows_the_calendar(
        api,
        stack,
        engine,
        employer,
        TODAY + dt.timedelta(days=31),
        "eligible",
        "not_eligible",
        "acsa_membership",
    )


async def test_first_aid_expires(
    api: httpx.AsyncClient,
    stack: Stack,
    engine: AsyncEngine,
    employer: EmployerCtx,
    staff_headers: dict[str, str],
) -> None:
    await make_eligible(api, stack, employer, staff_headers)  # Ana's SFA expires in 900 days
    await follows_the_calendar(
        api,
        stack,
        engine,
        employer,
        TODAY + dt.timedelta(days=900),
        "eligible",
        "not_eligible",
        "training.first_aid",
    )


async def test_a_wcb_status_dated_ahead(
    api: httpx.AsyncClient,
    stack: Stack,
    engine: AsyncEngine,
    employer: EmployerCtx,
    staff_headers: dict[str, str],
) -> None:
    await make_eligible(api, stack, employer, staff_headers)
    closing = await api.put(
        f"/v1/employers/{employer.id}/wcb-account",
        json={"status": "inactive", "as_of": days(20)},
        headers=staff_headers,
    )
    assert closing.status_code == 200, closing.text
    await follows_the_calendar(
        api, stack, engine, employer, TODAY + dt.timedelta(days=20), "eligible", "not_eligible", "wcb_account"
    )


async def test_the_window_rolls_past_a_peak(
    api: httpx.AsyncClient,
    stack: Stack,
    engine: AsyncEngine,
    employer: EmployerCtx,
    staff_headers: dict[str, str],
) -> None:
    await make_eligible(api, stack, employer, staff_headers)
    # Ten more people, together with Ana for a season that ended 300 days ago: eleven at once.
    for i in range(10):
        await add_worker(
            api, employer, given=f"Crew{i}", family="Member", start_date=days(-400), end_date=days(-300)
        )
    assert (await api.get(f"/v1/employers/{employer.id}", headers=employer.headers)).json()["outcome"] == (
        "cor_required"
    )
    # The peak's last day leaves the 12 months 65 days from now.
    gone = TODAY + dt.timedelta(days=65)
    await follows_the_calendar(api, stack, engine, employer, gone, "cor_required", "eligible", None)


async def test_the_assessors_three_years_run_out(
    api: httpx.AsyncClient,
    stack: Stack,
    engine: AsyncEngine,
    employer: EmployerCtx,
    staff_headers: dict[str, str],
) -> None:
    # Ana's SECOR, 100 days ago, makes her the assessor; her first aid, renewed today, outlasts those years.
    await make_eligible(api, stack, employer, staff_headers)
    await record(
        stack,
        completion_event(
            "SFA",
            email="ana@prairieroofing.example",
            provider_is_acsa=False,
            completed_on=TODAY.isoformat(),
            expires_on=add_years(TODAY, 3).isoformat(),
        ),
    )
    lapses = add_years(dt.date.fromisoformat(days(-100)), 3)
    assert lapses > TODAY
    await follows_the_calendar(api, stack, engine, employer, lapses, "eligible", "not_eligible", "assessor")


class TestNeverLate:
    """As a property: random facts made through the API (the replay's operations), then days going by. On each
    day the scheduler runs, the stored outcome is what a plain replay of the facts gives for that day: the day
    the service keeps for asking again is never after a change."""

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        operations=st.lists(operation, min_size=2, max_size=6),
        ahead=st.lists(st.integers(1, 1300), min_size=4, max_size=12, unique=True),
    )
    async def test_the_stored_outcome_follows_every_day(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        engine: AsyncEngine,
        operations: list[tuple[Any, ...]],
        ahead: list[int],
    ) -> None:
        stack.clock.reset()
        ctx, staff, completions = await trained_employer(api, stack, engine, spacing=150)
        replay = Replay()
        for op in operations:
            await apply(api, ctx, staff, op, replay)
        rules = stack.apps["eligibility"].state.settings
        for offset in sorted(ahead):
            on_day = TODAY + dt.timedelta(days=offset)
            await on(stack, on_day)
            stored = (await api.get(f"/v1/employers/{ctx.id}", headers=ctx.headers)).json()["outcome"]
            expected = outcome_of(evaluate(replay.doc(on_day, completions), on_day, rules))
            assert stored == expected, (offset, operations)
        stack.clock.reset()
