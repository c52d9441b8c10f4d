"""GET /v1/events (the feed) and GET /v1/event-types; what services emit matches the published schemas."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.worker.fanout import fan_out
from shared.events import CATALOG
from shared.outbox import publish
from tests.eligibility.conftest import make_eligible, register
from tests.events import loose_event
from tests.helpers import assert_problem, auth, new_key
from tests.stack import Stack
from tests.training.conftest import completion, make_provider


async def fanned(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        while await fan_out(conn, {}, 500):
            pass


class TestFeed:
    async def test_visibility_type_filter_and_paging(
        self, api: httpx.AsyncClient, engine: AsyncEngine
    ) -> None:
        integrator = await new_key(engine, "integrator")
        integrator_id = (await api.get("/v1/me", headers=auth(integrator))).json()["integrator_id"]
        provider = await new_key(engine, "provider", provider_id="prv_a")
        staff = await new_key(engine, "staff", role="viewer")
        async with engine.begin() as conn:
            await publish(
                conn,
                "tests",
                [
                    loose_event(
                        "employer.integrator_access_changed",
                        {"employer_id": "emp_1", "integrator_id": integrator_id, "access": "granted"},
                        employer_id="emp_1",
                    ),
                    loose_event("employer.eligibility_changed", {"n": 1}, employer_id="emp_1"),
                    loose_event("employer.eligibility_changed", {"n": 2}, employer_id="emp_2"),
                    loose_event("training.completion_recorded", {"n": 3}, provider_id="prv_a"),
                ],
            )
        await fanned(engine)

        async def types(key: str, **params: str) -> list[str]:
            body = (await api.get("/v1/events", params=params, headers=auth(key))).json()
            return [e["type"] + str(e["data"].get("n", "")) for e in body["data"]]

        assert await types(integrator) == [
            "employer.integrator_access_changed",
            "employer.eligibility_changed1",
        ]
        assert await types(provider) == ["training.completion_recorded3"]
        assert len(await types(staff)) == 4
        assert await types(staff, type="employer.eligibility_changed") == [
            "employer.eligibility_changed1",
            "employer.eligibility_changed2",
        ]
        first = (await api.get("/v1/events", params={"limit": "1"}, headers=auth(staff))).json()
        after = (
            await api.get("/v1/events", params={"after": first["data"][0]["id"]}, headers=auth(staff))
        ).json()
        paged = (
            await api.get("/v1/events", params={"cursor": first["next_cursor"]}, headers=auth(staff))
        ).json()
        assert [e["id"] for e in after["data"]] == [e["id"] for e in paged["data"]]
        assert len(after["data"]) == 3

    async def test_unknown_after_is_422(self, api: httpx.AsyncClient, engine: AsyncEngine) -> None:
        key = await new_key(engine)
        assert_problem(
            await api.get("/v1/events", params={"after": "evt_nope"}, headers=auth(key)),
            422,
            pointer="/after",
        )


class TestCatalog:
    async def test_every_type_with_a_schema(self, api: httpx.AsyncClient, engine: AsyncEngine) -> None:
        key = await new_key(engine, "integrator")
        body = (await api.get("/v1/event-types", headers=auth(key))).json()
        by_type = {t["type"]: t for t in body}
        assert {"employer.registered", "employer.eligibility_changed", "training.completion_recorded"} <= set(
            by_type
        )
        assert by_type["employer.eligibility_changed"]["schema"]["properties"]["new_outcome"]["enum"] == [
            "eligible",
            "not_eligible",
            "cor_required",
        ]
        assert by_type["employer.eligibility_changed"]["ordered_by"] == "employer"

    async def test_what_services_emit_matches_the_schemas(
        self, api: httpx.AsyncClient, stack: Stack, engine: AsyncEngine, admin_key: str
    ) -> None:
        integrator = await new_key(engine, "integrator")
        response = await register(api, auth(integrator))
        employer_id = response.json()["id"]
        from tests.eligibility.conftest import EmployerCtx

        ctx = EmployerCtx(employer_id, response.json()["wcb_account_number"], auth(integrator), "")
        await make_eligible(api, stack, ctx, auth(admin_key))
        provider = await make_provider(api, admin_key, engine, name="P", courses=["SFA"])
        created = (await api.post("/v1/completions", json=completion(), headers=provider.headers)).json()
        await api.post(
            f"/v1/completions/{created['id']}/revocation", json={"reason": "x"}, headers=provider.headers
        )
        async with engine.connect() as conn:
            rows = (await conn.execute(text("SELECT type, data FROM shared_outbox_event"))).all()
        seen = set()
        for row in rows:
            if row.type in CATALOG:
                CATALOG[row.type][2].model_validate(row.data)
                seen.add(row.type)
        assert {
            "employer.registered",
            "employer.integrator_access_changed",
            "employer.eligibility_changed",
            "training.completion_recorded",
            "training.completion_revoked",
        } <= seen

    @pytest.mark.parametrize("event_type", sorted(CATALOG))
    def test_schemas_render(self, event_type: str) -> None:
        assert CATALOG[event_type][2].model_json_schema()["type"] == "object"
