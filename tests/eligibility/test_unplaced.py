"""Completions nobody can place: posted with no WCB number and matching no one on any roster, they are listed
for staff (`GET /v1/completions?unmatched=true`), who link one to a worker, after which it counts and is gone
from the list."""

from __future__ import annotations

import csv
import io
from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.eligibility.conftest import EmployerCtx, add_worker, deliver
from tests.helpers import assert_problem, auth, new_key
from tests.stack import Stack
from tests.training.conftest import ProviderCtx, completion, make_provider


async def relay_completions(stack: Stack, engine: AsyncEngine) -> None:
    """Deliver training's completion events to the eligibility service, as the worker would (repeats are
    acknowledged and not applied again)."""
    async with engine.connect() as conn:
        rows = list(
            await conn.execute(
                text(
                    "SELECT id, type, data FROM shared_outbox_event "
                    "WHERE type LIKE 'training.completion_%' ORDER BY id"
                )
            )
        )
    for row in rows:
        response = await deliver(stack, row.type, row.data, event_id=row.id)
        assert response.status_code == 200, response.text


async def post(api: httpx.AsyncClient, provider: ProviderCtx, record_id: str, **fields: Any) -> str:
    body = completion(record_id, **fields)
    if body["employer_wcb_account_number"] is None:
        del body["employer_wcb_account_number"]
    response = await api.post("/v1/completions", json=body, headers=provider.headers)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def unmatched(api: httpx.AsyncClient, headers: dict[str, str], **params: Any) -> httpx.Response:
    return await api.get("/v1/completions", params={"unmatched": "true"} | params, headers=headers)


async def test_listed_for_staff_until_linked(
    api: httpx.AsyncClient,
    stack: Stack,
    engine: AsyncEngine,
    employer: EmployerCtx,
    staff_headers: dict[str, str],
    admin_key: str,
) -> None:
    provider = await make_provider(api, admin_key, engine, name="St. John Ambulance", courses=["SFA"])
    ana = await add_worker(api, employer, email="ana@prairieroofing.example")
    bo = await add_worker(api, employer, given="Bo", family="Lee")
    nobodys = await post(
        api, provider, "r1", employer_wcb_account_number=None, learner_email="robert.lee@home.example"
    )
    someone_elses = await post(
        api, provider, "r2", employer_wcb_account_number=None, learner_email="zoe@nowhere.example"
    )
    anas = await post(
        api, provider, "r3", employer_wcb_account_number=None, learner_email="ANA@prairieroofing.example"
    )
    # Naming a WCB number places it with that account, registered yet or not.
    await post(api, provider, "r4", employer_wcb_account_number="555-1234", learner_email="x@nowhere.example")
    withdrawn = await post(
        api, provider, "r5", employer_wcb_account_number=None, learner_email="gone@nowhere.example"
    )
    revoked = await api.post(
        f"/v1/completions/{withdrawn}/revocation", json={"reason": "posted twice"}, headers=provider.headers
    )
    assert revoked.status_code == 200, revoked.text
    await relay_completions(stack, engine)

    listed = await unmatched(api, staff_headers)
    assert listed.status_code == 200, listed.text
    assert [c["id"] for c in listed.json()["data"]] == sorted([nobodys, someone_elses])
    assert anas not in [c["id"] for c in listed.json()["data"]]
    # Pages and the other filters work as on any list.
    first = (await unmatched(api, staff_headers, limit=1)).json()
    assert [c["id"] for c in first["data"]] == [min(nobodys, someone_elses)] and first["next_cursor"]
    second = (await unmatched(api, staff_headers, limit=1, cursor=first["next_cursor"])).json()
    assert [c["id"] for c in second["data"]] == [max(nobodys, someone_elses)]
    assert second["next_cursor"] is None
    by_email = await unmatched(api, staff_headers, learner_email="zoe@nowhere.example")
    assert [c["id"] for c in by_email.json()["data"]] == [someone_elses]
    exported = await api.get(
        "/v1/completions", params={"unmatched": "true"}, headers=staff_headers | {"accept": "text/csv"}
    )
    assert sorted(r["id"] for r in csv.DictReader(io.StringIO(exported.text))) == sorted(
        [nobodys, someone_elses]
    )

    # Staff place Robert: he is Bo on this roster. Linked, it counts for the employer and leaves the list.
    linked = await api.put(
        f"/v1/employers/{employer.id}/completions/{nobodys}/worker",
        json={"worker_id": bo["id"]},
        headers=staff_headers,
    )
    assert linked.status_code == 204, linked.text
    assert [c["id"] for c in (await unmatched(api, staff_headers)).json()["data"]] == [someone_elses]
    theirs = (await api.get(f"/v1/employers/{employer.id}/completions", headers=staff_headers)).json()["data"]
    assert {(c["completion_id"], c["worker_id"], c["matched_by"]) for c in theirs} == {
        (nobodys, bo["id"], "linked"),
        (anas, ana["id"], "email"),
    }
    # A person added later with the address places the other one by the rules.
    await add_worker(api, employer, given="Zoé", family="Roy", email="zoe@nowhere.example")
    assert (await unmatched(api, staff_headers)).json()["data"] == []


async def test_only_staff_and_no_wcb_number_with_it(
    api: httpx.AsyncClient, engine: AsyncEngine, employer: EmployerCtx, admin_key: str
) -> None:
    provider = await make_provider(api, admin_key, engine, name="St. John Ambulance", courses=["SFA"])
    assert_problem(await unmatched(api, provider.headers), 403, pointer="/unmatched")
    assert_problem(await unmatched(api, employer.headers), 403)
    staff = auth(await new_key(engine, "staff", role="admin"))
    assert_problem(
        await unmatched(api, staff, employer_wcb_account_number="123-4567"),
        422,
        pointer="/employer_wcb_account_number",
    )
    # The eligibility service's answer is not reachable from outside.
    assert_problem(await api.get("/internal/queries/completions/unplaced", headers=staff), 404)
