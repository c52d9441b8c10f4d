"""Today's answer is never stale: whatever order concurrent writers commit in (completions arriving, the roster
and the assessor changing), the determination kept for today equals one computed afresh afterwards."""

from __future__ import annotations

import asyncio
import datetime as dt
import random
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from services.eligibility.completions import service as completions
from tests.eligibility.conftest import EmployerCtx, completion_event, days, deliver, worker
from tests.stack import Stack

Op = Callable[[], Awaitable[Any]]


def summary(answer: dict[str, Any]) -> tuple[str, dict[str, str]]:
    return answer["outcome"], {c["code"]: c["status"] for c in answer["checks"]}


async def settle(api: httpx.AsyncClient, ctx: EmployerCtx) -> tuple[Any, Any]:
    """(today's kept answer, one computed afresh as known now)."""
    kept = (await api.get(f"/v1/employers/{ctx.id}/eligibility", headers=ctx.headers)).json()
    fresh = (
        await api.get(
            f"/v1/employers/{ctx.id}/eligibility",
            params={"known_at": dt.datetime.now(dt.UTC).isoformat()},
            headers=ctx.headers,
        )
    ).json()
    return summary(kept), summary(fresh)


def operations(api: httpx.AsyncClient, stack: Stack, ctx: EmployerCtx, rng: random.Random) -> list[Op]:
    """Writers that race over who a completion matches: a person appears as the course for them comes in."""
    ops: list[Op] = []
    for n in range(rng.randint(2, 4)):
        email = f"p{n}.{rng.randrange(10**6)}@crew.example"
        course = rng.choice(["SECOR", "SFA", "CSTS", "PHSM"])

        async def completion(email: str = email, course: str = course) -> None:
            event = completion_event(
                course,
                given=f"P{email[:6]}",
                email=email,
                expires_on=days(900) if course == "SFA" else None,
            )
            response = await deliver(stack, "training.completion_recorded", event)
            assert response.status_code == 200, response.text

        async def person(email: str = email) -> None:
            body = worker(f"P{email[:6]}", "Crew", email=email, start_date=days(-300))
            response = await api.post(f"/v1/employers/{ctx.id}/workers", json=body, headers=ctx.headers)
            assert response.status_code == 201, response.text

        async def assessor(email: str = email) -> None:
            response = await api.put(
                f"/v1/employers/{ctx.id}/assessor",
                json={"given_name": f"P{email[:6]}", "family_name": "Crew", "email": email, "internal": True},
                headers=ctx.headers,
            )
            assert response.status_code == 200, response.text

        ops += [completion, person] + (
            [assessor] if course in ("SECOR", "PHSM") and rng.random() < 0.5 else []
        )
    rng.shuffle(ops)
    return ops


async def jittered(op: Op, rng: random.Random) -> Any:
    await asyncio.sleep(rng.random() * 0.01)
    return await op()


class TestConcurrentWriters:
    @pytest.mark.parametrize("seed", range(12))
    async def test_the_kept_answer_equals_a_fresh_one(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        employer: EmployerCtx,
        staff_headers: dict[str, str],
        seed: int,
    ) -> None:
        rng = random.Random(seed)
        # Everything but the people and their training, so the race decides the outcome.
        await api.put(
            f"/v1/employers/{employer.id}/wcb-account",
            json={"status": "active", "as_of": days(-400)},
            headers=staff_headers,
        )
        await api.put(
            f"/v1/employers/{employer.id}/acsa-membership",
            json={"member_number": "M-1", "valid_from": days(-400), "valid_until": days(400)},
            headers=staff_headers,
        )
        for _ in range(3):
            await asyncio.gather(*(jittered(op, rng) for op in operations(api, stack, employer, rng)))
            kept, fresh = await settle(api, employer)
            assert kept == fresh


class TestTheRaceItself:
    async def test_a_person_added_while_their_course_is_being_recorded(
        self, api: httpx.AsyncClient, stack: Stack, employer: EmployerCtx, engine: AsyncEngine
    ) -> None:
        """The interleaving that left answers behind: the completion's handler has looked for the people it
        concerns (none yet) but not committed, when the person is added and the employer refreshed."""
        app = stack.apps["eligibility"]
        event = completion_event("SECOR", given="Late", family="Comer", email="late@crew.example")
        async with engine.connect() as conn:
            handler = await conn.begin()
            await completions.apply_recorded(conn, event, app.state.settings, app.state.clock)
            body = worker("Late", "Comer", email="late@crew.example", start_date=days(-300))
            adding = asyncio.create_task(
                api.post(f"/v1/employers/{employer.id}/workers", json=body, headers=employer.headers)
            )
            await asyncio.sleep(0.5)  # time for the addition to run through, if nothing holds it back
            await handler.commit()
        assert (await adding).status_code == 201
        kept, fresh = await settle(api, employer)
        assert kept == fresh
        assert kept[1]["training.management"] == "pass"
