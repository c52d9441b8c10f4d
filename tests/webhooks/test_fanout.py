"""Fan-out: who receives which event (services by configuration, endpoints by what their owner may see)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.worker.fanout import fan_out
from shared.outbox import Event, publish
from tests.helpers import auth, new_key
from tests.webhooks.conftest import endpoint

SUBSCRIPTIONS = {"eligibility": ["training.completion_recorded"], "submission": ["employer.registered"]}


async def run_fanout(engine: AsyncEngine) -> int:
    async with engine.begin() as conn:
        return await fan_out(conn, SUBSCRIPTIONS, 500)


async def targets(engine: AsyncEngine) -> dict[str, set[str]]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            text(
                "SELECT e.type, d.target FROM gateway_delivery d JOIN shared_outbox_event e ON e.id = d.event_id"
            )
        )
        out: dict[str, set[str]] = {}
        for r in rows:
            out.setdefault(r.type, set()).add(r.target)
        return out


async def me(api: httpx.AsyncClient, key: str) -> dict[str, Any]:
    return (await api.get("/v1/me", headers=auth(key))).json()


class TestWhoReceives:
    async def test_services_endpoints_and_visibility(
        self, api: httpx.AsyncClient, engine: AsyncEngine
    ) -> None:
        staff = await new_key(engine)
        mine, other = await new_key(engine, "integrator"), await new_key(engine, "integrator")
        provider = await new_key(engine, "provider", provider_id="prv_a")
        hooks = {
            "staff": await endpoint(api, staff, "http://127.0.0.1:9/staff"),
            "mine": await endpoint(api, mine, "http://127.0.0.1:9/mine"),
            "other": await endpoint(api, other, "http://127.0.0.1:9/other"),
            "provider": await endpoint(api, provider, "http://127.0.0.1:9/provider"),
            "filtered": await endpoint(
                api, staff, "http://127.0.0.1:9/filtered", event_types=["employer.registered"]
            ),
        }
        integrator_id = (await me(api, mine))["integrator_id"]
        async with engine.begin() as conn:
            await publish(
                conn,
                "tests",
                [
                    Event(
                        "employer.registered",
                        {
                            "employer_id": "emp_1",
                            "wcb_account_number": "1234567",
                            "registered_by": {"kind": "integrator", "integrator_id": integrator_id},
                        },
                        employer_id="emp_1",
                    ),
                    Event(
                        "employer.integrator_access_changed",
                        {"employer_id": "emp_1", "integrator_id": integrator_id, "access": "granted"},
                        employer_id="emp_1",
                    ),
                    # A completion is about the employer its WCB number names.
                    Event(
                        "training.completion_recorded",
                        {"completion_id": "cmp_1", "employer_wcb_account_number": "1234567"},
                        provider_id="prv_a",
                    ),
                    Event("training.completion_recorded", {"completion_id": "cmp_2"}, provider_id="prv_b"),
                ],
            )
        assert await run_fanout(engine) == 4
        got = await targets(engine)
        ids = {name: h["id"] for name, h in hooks.items()}
        assert got["employer.registered"] == {
            "service:submission",
            ids["staff"],
            ids["mine"],
            ids["filtered"],
        }
        assert got["employer.integrator_access_changed"] == {ids["staff"], ids["mine"]}
        assert got["training.completion_recorded"] == {
            "service:eligibility",
            ids["staff"],
            ids["mine"],
            ids["provider"],
        }
        async with engine.connect() as conn:
            audience: dict[str, str | None] = dict(
                (await conn.execute(text("SELECT id, audience_employer_id FROM shared_outbox_event"))).all()
            )
            positions = (
                (await conn.execute(text("SELECT feed_position FROM shared_outbox_event ORDER BY id")))
                .scalars()
                .all()
            )
        assert sorted(audience.values(), key=str) == sorted(["emp_1", "emp_1", "emp_1", None], key=str)
        assert list(positions) == sorted(positions) and None not in positions

    async def test_withdrawn_access_stops_events(self, api: httpx.AsyncClient, engine: AsyncEngine) -> None:
        key = await new_key(engine, "integrator")
        hook = await endpoint(api, key, "http://127.0.0.1:9/x")
        integrator_id = (await me(api, key))["integrator_id"]
        access = {"employer_id": "emp_9", "integrator_id": integrator_id}
        async with engine.begin() as conn:
            await publish(
                conn,
                "tests",
                [
                    Event(
                        "employer.integrator_access_changed",
                        access | {"access": "granted"},
                        employer_id="emp_9",
                    ),
                    Event("employer.eligibility_changed", {"n": 1}, employer_id="emp_9"),
                    Event(
                        "employer.integrator_access_changed",
                        access | {"access": "withdrawn"},
                        employer_id="emp_9",
                    ),
                    Event("employer.eligibility_changed", {"n": 2}, employer_id="emp_9"),
                ],
            )
        await run_fanout(engine)
        async with engine.connect() as conn:
            delivered = (
                (
                    await conn.execute(
                        text(
                            "SELECT e.data->>'n' FROM gateway_delivery d JOIN shared_outbox_event e ON e.id = d.event_id "
                            "WHERE d.target = :t AND e.type = 'employer.eligibility_changed'"
                        ),
                        {"t": hook["id"]},
                    )
                )
                .scalars()
                .all()
            )
        assert list(delivered) == ["1"]

    async def test_disabled_endpoints_get_nothing(self, api: httpx.AsyncClient, engine: AsyncEngine) -> None:
        staff = await new_key(engine)
        hook = await endpoint(api, staff, "http://127.0.0.1:9/x")
        async with engine.begin() as conn:
            await conn.execute(text("UPDATE gateway_webhook_endpoint SET disabled_at = now()"))
            await publish(conn, "tests", [Event("employer.eligibility_changed", {}, employer_id="e")])
        await run_fanout(engine)
        assert hook["id"] not in (await targets(engine)).get("employer.eligibility_changed", set())

    @pytest.mark.parametrize("count", [3])
    async def test_nothing_new_means_nothing_done(self, engine: AsyncEngine, count: int) -> None:
        async with engine.begin() as conn:
            await publish(
                conn,
                "tests",
                [Event("employer.eligibility_changed", {}, employer_id="e") for _ in range(count)],
            )
        assert await run_fanout(engine) == count
        assert await run_fanout(engine) == 0
