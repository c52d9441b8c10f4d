"""No hold without a decision to come, and only the process keeps determinations.

A maintenance whose approval the program's rules refused is shown as refused, announced, and no longer holds
its year past the due date and grace. Only the submission service keeps a determination, and one kept for an
upload that then failed is never judged again and is let go after a while.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.events import CATALOG
from tests.certificates.conftest import decide, on, outbox_events, relay, scheduler
from tests.certificates.test_lifecycle import YEAR_2_DUE, certify
from tests.certificates.test_maintenance import certificate, maintenance_received
from tests.eligibility.conftest import EmployerCtx, days, eligible_employer
from tests.helpers import assert_problem, auth, new_key
from tests.stack import Stack, build_stack
from tests.submission.conftest import PERIOD, ZIP, create, settled, upload
from tests.submission.packages import good_files, zip_bytes


async def wcb_inactive_since(
    api: httpx.AsyncClient, ctx: EmployerCtx, staff_headers: dict[str, str], day: dt.date
) -> None:
    response = await api.put(
        f"/v1/employers/{ctx.id}/wcb-account",
        json={"status": "inactive", "as_of": day.isoformat(), "reason": "WCB says so"},
        headers=staff_headers,
    )
    assert response.status_code == 200, response.text


class TestARefusedApproval:
    async def test_shown_announced_and_no_hold_past_the_due_date(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        engine: AsyncEngine,
        employer: EmployerCtx,
        qa: dict[str, str],
        staff_headers: dict[str, str],
    ) -> None:
        number = str((await certify(api, stack, engine, employer, qa))["number"])
        received = YEAR_2_DUE - dt.timedelta(days=10)
        submitted = await maintenance_received(api, stack, engine, employer, received, covering=250)
        # Learned later: the WCB account was inactive before the evaluation was received.
        stack.clock.set(received + dt.timedelta(days=3))
        await wcb_inactive_since(api, employer, staff_headers, received - dt.timedelta(days=30))
        refused = await decide(api, stack, engine, qa, submitted["id"])
        problem = assert_problem(refused, 409)
        after = (await api.get(f"/v1/submissions/{submitted['id']}", headers=qa)).json()
        assert after["status"] == "in_qa"
        refusal = after["approval_refused"]
        assert refusal["determination_id"] == problem["determination_id"]
        assert [r["type"] for r in refusal["refusals"]] == ["not-eligible"]
        [announced] = await outbox_events(engine, "submission.approval_refused")
        CATALOG["submission.approval_refused"][2].model_validate(announced)
        assert (announced["certificate_number"], announced["maintenance_year"]) == (number, 2)
        # An assignment is no move: the refusal stands.
        assert (await decide(api, stack, engine, qa, submitted["id"], "assign")).status_code == 200
        assert (await api.get(f"/v1/submissions/{submitted['id']}", headers=qa)).json()["approval_refused"]
        # Until the due date the certificate stands; after it (no grace), nothing holds the year.
        assert (await on(stack, YEAR_2_DUE)).status_changes["cancelled"] == 0
        assert (await on(stack, YEAR_2_DUE + dt.timedelta(days=1))).status_changes["cancelled"] == 1
        state = await certificate(api, employer, number)
        assert state["status"] == "cancelled"
        assert [m["status"] for m in state["maintenance"]] == ["missed", "pending"]
        # The refused determination is what the refusal rests on: it is kept.
        kept = await api.get(f"/v1/determinations/{problem['determination_id']}", headers=staff_headers)
        assert kept.status_code == 200

    async def test_refused_after_the_due_date_cancels_at_once(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        engine: AsyncEngine,
        employer: EmployerCtx,
        qa: dict[str, str],
        staff_headers: dict[str, str],
    ) -> None:
        number = str((await certify(api, stack, engine, employer, qa))["number"])
        received = YEAR_2_DUE - dt.timedelta(days=5)
        submitted = await maintenance_received(api, stack, engine, employer, received, covering=250)
        assert (await on(stack, YEAR_2_DUE + dt.timedelta(days=20))).status_changes["cancelled"] == 0
        await wcb_inactive_since(api, employer, staff_headers, received - dt.timedelta(days=30))
        assert (await decide(api, stack, engine, qa, submitted["id"])).status_code == 409
        state = await certificate(api, employer, number)
        assert state["status"] == "cancelled"
        assert state["history"][-1]["by"] == f"{submitted['id']} approval refused"
        # Another move is a decision to come again; nothing here is reinstated by an assignment.
        assert (await decide(api, stack, engine, qa, submitted["id"], "assign")).status_code == 200
        assert (await certificate(api, employer, number))["status"] == "cancelled"


class TestOnlyTheProcessKeeps:
    @pytest.mark.parametrize("purpose", ["receipt", "approval"])
    async def test_an_integrator_or_staff_may_ask_but_not_keep(
        self,
        api: httpx.AsyncClient,
        employer: EmployerCtx,
        staff_headers: dict[str, str],
        engine: AsyncEngine,
        purpose: str,
    ) -> None:
        body: dict[str, Any] = {
            "kind": "certification",
            **PERIOD,
            "assessor": {"given_name": "Sam", "family_name": "Lee", "internal": False},
        }
        url = f"/v1/employers/{employer.id}/evaluation-readiness"
        for headers in (employer.headers, staff_headers):
            assert_problem(
                await api.post(url, json=body | {"keep": purpose}, headers=headers), 403, pointer="/keep"
            )
        asked = await api.post(url, json=body, headers=employer.headers)
        assert asked.status_code == 200, asked.text
        async with engine.connect() as conn:
            count = (await conn.execute(text("SELECT count(*) FROM eligibility_determination"))).scalar_one()
        assert count == 0


@pytest.fixture
async def small(engine: AsyncEngine, database_url: str) -> AsyncIterator[Stack]:
    async with build_stack(engine, database_url, submission_overrides={"max_package_bytes": 50_000}) as built:
        yield built


async def kept_ids(engine: AsyncEngine, employer_id: str) -> list[str]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            text("SELECT id FROM eligibility_determination WHERE employer_id = :e ORDER BY kept_at"),
            {"e": employer_id},
        )
        return [r.id for r in rows]


async def test_a_failed_uploads_determination_is_not_judged_again_nor_kept_for_ever(
    small: Stack, engine: AsyncEngine, integrator_key: str
) -> None:
    api = small.gateway
    staff_headers = auth(await new_key(engine, "staff", role="admin"))
    ctx = await eligible_employer(api, small, integrator_key, staff_headers)
    failed_one = (await create(api, ctx))["id"]

    async def streamed() -> AsyncIterator[bytes]:
        # No Content-Length: the size shows only as it arrives, after the receipt was judged (and kept).
        for _ in range(6):
            yield os.urandom(10_000)

    too_big = await api.put(
        f"/v1/submissions/{failed_one}/package", content=streamed(), headers=ctx.headers | ZIP
    )
    assert_problem(too_big, 413)
    [orphan] = await kept_ids(engine, ctx.id)
    received = (await create(api, ctx))["id"]
    assert (await upload(api, ctx.headers, received, zip_bytes(good_files()))).status_code == 202
    body = await settled(api, ctx.headers, received)
    assert body["status"] == "in_qa"
    await relay(small, engine)
    assert await kept_ids(engine, ctx.id) == [orphan, body["determination_id"]]

    # A fact learned later changes the outcome on the receipt day: only the receipt that was recorded is
    # judged again and corrected.
    await wcb_inactive_since(api, ctx, staff_headers, dt.date.fromisoformat(days(-30)))
    corrections = (
        await api.get("/v1/corrections", params={"employer_id": ctx.id}, headers=staff_headers)
    ).json()["data"]
    assert {c["determination_id"] for c in corrections} - {None} == {body["determination_id"]}

    # After the grace period, the one no decision was recorded on is let go; the other stays.
    small.clock.set(dt.date.fromisoformat(days(8)))
    done = await scheduler(small).tick()
    assert done.determinations_let_go == 1
    assert await kept_ids(engine, ctx.id) == [body["determination_id"]]
    assert_problem(await api.get(f"/v1/determinations/{orphan}", headers=staff_headers), 404)
    assert (
        await api.get(f"/v1/determinations/{body['determination_id']}", headers=staff_headers)
    ).status_code == 200
