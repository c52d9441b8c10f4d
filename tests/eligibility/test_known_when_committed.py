"""A fact is known when it is committed (docs/rules.md): `known_at` compares with the moment a change was
recorded once it held the employer, not the clock its request read before it waited.

Each test holds the employer in an open transaction (a change in flight, as slow as the test likes), starts a
second change that waits behind it, and reads while both are in flight; once they commit, the same question
asked again gives the same answer. Before this rule, the waiting change was stamped with the moment its request
began: a reader between that moment and the commit did not see it, and every later reader did.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any, TypeVar

import httpx
import orjson
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from services.eligibility.employers import repository as employers
from services.eligibility.evaluations.schemas import ReadinessRequest
from services.eligibility.evaluations.service import readiness
from tests.eligibility.conftest import EmployerCtx, add_worker, completion_event, days, deliver
from tests.stack import Stack

# Long enough for a request started with asyncio to reach the lock it waits on.
SETTLE = 0.3
T = TypeVar("T")
Change = Callable[[], Coroutine[Any, Any, httpx.Response]]


@contextlib.asynccontextmanager
async def in_flight(engine: AsyncEngine, employer_id: str) -> AsyncIterator[None]:
    """A change to the employer in flight until the block ends (the employer held, as every change holds it)."""
    async with engine.connect() as conn, conn.begin():
        await employers.hold(conn, employer_id)
        yield


async def while_waiting(
    engine: AsyncEngine, employer_id: str, change: Change, read: Callable[[], Coroutine[Any, Any, T]]
) -> tuple[httpx.Response, T]:
    """`read` begun while `change` waits behind a change in flight; what each gave, once all committed."""
    async with in_flight(engine, employer_id):
        writing = asyncio.create_task(change())
        await asyncio.sleep(SETTLE)
        reading = asyncio.create_task(read())
        await asyncio.sleep(SETTLE)
    written = await writing
    assert written.status_code in (200, 201), written.text
    return written, await reading


def answer(response: httpx.Response) -> dict[str, Any]:
    """What a determination says, without the moment it was worked out."""
    assert response.status_code == 200, response.text
    body = response.json()
    return {"outcome": body["outcome"], "checks": body["checks"], "known_at": body["known_at"]}


async def eligibility(api: httpx.AsyncClient, employer: EmployerCtx, **params: str) -> httpx.Response:
    return await api.get(f"/v1/employers/{employer.id}/eligibility", params=params, headers=employer.headers)


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


def changes(
    api: httpx.AsyncClient, stack: Stack, employer: EmployerCtx, staff: dict[str, str]
) -> dict[str, Change]:
    """Changes that alter the answer: a fact recorded through the API, and a completion the ledger sends."""

    async def wcb() -> httpx.Response:
        return await api.put(
            f"/v1/employers/{employer.id}/wcb-account",
            json={"status": "active", "as_of": days(-500)},
            headers=staff,
        )

    async def completion() -> httpx.Response:
        # Recorded by the ledger long before it reaches this service.
        event = completion_event(
            "SFA",
            email="ana@prairieroofing.example",
            provider_is_acsa=False,
            expires_on=days(900),
            recorded_at=(dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)).isoformat(),
        )
        return await deliver(stack, "training.completion_recorded", event)

    return {"wcb_account": wcb, "training.first_aid": completion}


def check_of(response: httpx.Response, code: str) -> str:
    return next(c["status"] for c in response.json()["checks"] if c["code"] == code)


class TestAReadAtAMomentIsFinal:
    async def test_a_past_known_at_asked_while_a_change_waits_agrees_with_every_later_read(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        engine: AsyncEngine,
        employer: EmployerCtx,
        staff_headers: dict[str, str],
    ) -> None:
        await add_worker(api, employer, email="ana@prairieroofing.example")
        for code, change in changes(api, stack, employer, staff_headers).items():

            async def read() -> tuple[str, httpx.Response]:
                # The change's request began before this moment, and has not committed.
                known_at = now()
                return known_at, await eligibility(api, employer, known_at=known_at)

            _, (known_at, first) = await while_waiting(engine, employer.id, change, read)
            again = await eligibility(api, employer, known_at=known_at)
            assert answer(first) == answer(again), code
            # Not known then, known now.
            assert check_of(first, code) != "pass", code
            assert check_of(await eligibility(api, employer), code) == "pass", code

    async def test_todays_answer_while_a_change_waits_says_the_moment_it_holds_for(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        engine: AsyncEngine,
        employer: EmployerCtx,
        staff_headers: dict[str, str],
    ) -> None:
        await add_worker(api, employer, email="ana@prairieroofing.example")
        for code, change in changes(api, stack, employer, staff_headers).items():
            _, today = await while_waiting(engine, employer.id, change, lambda: eligibility(api, employer))
            # The read waited for the change in flight, and its known_at is a moment the change was known by.
            assert check_of(today, code) == "pass", code
            replayed = await eligibility(api, employer, known_at=today.json()["known_at"])
            assert answer(today) == answer(replayed), code

    async def test_a_recorded_fact_says_the_moment_it_was_known_from(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        engine: AsyncEngine,
        employer: EmployerCtx,
        staff_headers: dict[str, str],
    ) -> None:
        began = dt.datetime.now(dt.UTC)

        async def meanwhile() -> dt.datetime:
            return dt.datetime.now(dt.UTC)

        recorded, waiting = await while_waiting(
            engine, employer.id, changes(api, stack, employer, staff_headers)["wcb_account"], meanwhile
        )
        recorded_at = dt.datetime.fromisoformat(recorded.json()["recorded_at"].replace("Z", "+00:00"))
        assert recorded_at > waiting > began
        # As known just before that moment, the status was not on file; from it, it is.
        before = (recorded_at - dt.timedelta(microseconds=1)).isoformat()
        assert check_of(await eligibility(api, employer, known_at=before), "wcb_account") == "unknown"
        assert (
            check_of(await eligibility(api, employer, known_at=recorded_at.isoformat()), "wcb_account")
            == "pass"
        )


class TestAKeptReceiptEqualsItsReplay:
    async def test_a_receipt_made_while_a_change_waits_is_what_its_replay_gives(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        engine: AsyncEngine,
        employer: EmployerCtx,
        staff_headers: dict[str, str],
    ) -> None:
        """The submission service keeps a determination when an evaluation is received; asked again later with
        its as_of and known_at, the eligibility route gives the same outcome and checks."""
        await add_worker(api, employer, email="ana@prairieroofing.example")
        app = stack.apps["eligibility"]
        body = ReadinessRequest.model_validate(
            {
                "kind": "certification",
                "audit_period_start": days(-200),
                "audit_period_end": days(-20),
                "assessor": {"given_name": "Sam", "family_name": "Lee", "internal": False},
                "keep": "receipt",
            }
        )

        async def receipt() -> str:
            async with engine.begin() as conn:
                made = await readiness(
                    conn, employer.id, body, app.state.settings, stack.clock.now(), by="submission"
                )
            assert made.determination_id is not None
            return made.determination_id

        for code, change in changes(api, stack, employer, staff_headers).items():
            _, determination_id = await while_waiting(engine, employer.id, change, receipt)
            async with engine.connect() as conn:
                kept = orjson.loads(
                    (
                        await conn.execute(
                            text("SELECT determination::text FROM eligibility_determination WHERE id = :id"),
                            {"id": determination_id},
                        )
                    ).scalar_one()
                )
            replayed = await eligibility(api, employer, as_of=kept["as_of"], known_at=kept["known_at"])
            assert {"outcome": kept["outcome"], "checks": kept["checks"]} == {
                "outcome": replayed.json()["outcome"],
                "checks": replayed.json()["checks"],
            }, code
            assert check_of(replayed, code) != "pass", code
