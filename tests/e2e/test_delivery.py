"""Delivery over real processes: a worker killed mid-stream, PostgreSQL restarted under one, and a provider's
completion reaching an integrator's endpoint as a signed employer.eligibility_changed."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from standardwebhooks import Webhook

from shared.outbox import publish
from tests.events import loose_event
from tests.helpers import auth, new_key
from tests.servers import component, component_env, spawn, stop
from tests.webhooks.conftest import Receiver, eventually

pytestmark = pytest.mark.e2e

LOOPBACK = json.dumps(["127.0.0.0/8"])
TRACE = "0af7651916cd43dd8448eb211c80319c"


@pytest.fixture
def env(database_url: str, tmp_path: Path) -> dict[str, str]:
    return component_env(
        database_url,
        tmp_path,
        SECOR_OUTBOUND_ALLOWED_NETWORKS=LOOPBACK,
        SECOR_WORKER_POLL_INTERVAL_SECONDS="0.5",
        SECOR_WEBHOOK_RETRY_SCHEDULE_SECONDS="[0, 0.5, 0.5, 1, 1, 2, 2, 5]",
        SECOR_WORKER_LEASE_SECONDS="3",
        SECOR_WEBHOOK_TIMEOUT_SECONDS="2",
    )


@pytest.fixture
def worker_process(env: dict[str, str], tmp_path: Path) -> Iterator[Any]:
    procs: list[Any] = []

    def start() -> Any:
        proc = spawn(["worker"], env, tmp_path / "worker.log")
        procs.append(proc)
        return proc

    yield start
    for proc in procs:
        stop(proc)


async def staff_endpoint(engine: AsyncEngine, url: str) -> str:
    from gateway.webhooks.service import owner_of
    from shared.principal import Principal
    from shared.webhooks import new_secret

    secret = new_secret()
    async with engine.begin() as conn:
        await conn.execute(
            text(
                """
                INSERT INTO gateway_webhook_endpoint (id, owner_kind, integrator_id, provider_id, created_by, url, secret,
                    created_at, updated_at)
                VALUES ('whe_e2e', :kind, NULL, NULL, 'tests', :url, :secret, now(), now())
                """
            ),
            {
                "kind": owner_of(Principal.build("staff", "k", "s", role="admin"))["owner_kind"],
                "url": url,
                "secret": secret,
            },
        )
    return secret


class TestWorkerDies:
    async def test_kill_9_mid_delivery_loses_nothing(
        self, engine: AsyncEngine, hooks: Receiver, worker_process: Any
    ) -> None:
        await staff_endpoint(engine, hooks.url())
        async with engine.begin() as conn:
            await publish(
                conn,
                "tests",
                [loose_event("employer.eligibility_changed", {"n": i}, employer_id="e") for i in range(1000)],
            )
        first = worker_process()
        await eventually(lambda: len(hooks.at("/hook")) >= 150, timeout=30)
        os.kill(first.pid, signal.SIGKILL)
        first.wait(10)
        before = len({r.webhook_id for r in hooks.at("/hook")})
        assert before < 1000, "the worker must die mid-stream for this test to mean anything"
        worker_process()
        await eventually(lambda: len({r.webhook_id for r in hooks.at("/hook")}) == 1000, timeout=60)
        # Deliveries the dead worker had in flight are sent again once its leases run out (at least once).
        await eventually(lambda: _succeeded(engine), timeout=30)
        received = [r.webhook_id for r in hooks.at("/hook")]
        assert len(set(received)) == 1000 and len(received) >= 1000


async def _delivered(engine: AsyncEngine, marked: str) -> bool:
    """Is the delivery of the event whose data has `n = marked` recorded as succeeded?"""
    async with engine.connect() as conn:
        found = await conn.execute(
            text(
                "SELECT count(*) FROM gateway_delivery d JOIN shared_outbox_event e ON e.id = d.event_id "
                "WHERE e.data->>'n' = :n AND d.status = 'succeeded'"
            ),
            {"n": marked},
        )
        return bool(found.scalar_one())


async def _succeeded(engine: AsyncEngine) -> bool:
    async with engine.connect() as conn:
        rows = await conn.execute(
            text("SELECT status, count(*) FROM gateway_delivery WHERE target = 'whe_e2e' GROUP BY status")
        )
        return dict(rows.all()) == {"succeeded": 1000}


class TestDatabaseRestart:
    async def test_worker_recovers_without_restart(
        self, engine: AsyncEngine, hooks: Receiver, worker_process: Any, server_url: str
    ) -> None:
        await staff_endpoint(engine, hooks.url())
        proc = worker_process()
        async with engine.begin() as conn:
            await publish(
                conn, "tests", [loose_event("employer.eligibility_changed", {"n": "before"}, employer_id="e")]
            )
        await eventually(lambda: hooks.at("/hook"), timeout=20)
        # Recorded before the restart: a result not yet recorded would rightly be sent again (at least once).
        await eventually(lambda: _delivered(engine, "before"), timeout=20)
        await restart_database(engine, server_url)
        async with engine.begin() as conn:
            await publish(
                conn, "tests", [loose_event("employer.eligibility_changed", {"n": "after"}, employer_id="e")]
            )
        got = await eventually(lambda: len(hooks.at("/hook")) == 2 and hooks.at("/hook"), timeout=30)
        assert [g.body["data"]["n"] for g in got] == ["before", "after"]
        assert proc.poll() is None, "the same worker process carried on"


async def restart_database(engine: AsyncEngine, server_url: str) -> None:
    """Restart the embedded server; on an external server, cut every connection to the test database instead."""
    if os.environ.get("SECOR_TEST_DATABASE_URL"):
        async with engine.begin() as conn:
            await conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            )
        return
    import pgserver

    from launcher.embedded_db import restart_embedded_postgres

    server = pgserver.get_server(Path(__file__).resolve().parents[2] / ".data" / "test-pg")
    await asyncio.to_thread(restart_embedded_postgres, server)


class TestCompletionToIntegrator:
    async def test_the_completion_that_makes_an_employer_eligible_reaches_the_integrator(
        self, engine: AsyncEngine, env: dict[str, str], tmp_path: Path, hooks: Receiver, worker_process: Any
    ) -> None:
        with (
            component("training", env, tmp_path),
            component("eligibility", env, tmp_path),
            component("gateway", env, tmp_path),
        ):
            worker_process()
            base = f"http://127.0.0.1:{env['SECOR_GATEWAY_PORT']}"
            admin = auth(await new_key(engine, "staff", role="admin"))
            integrator = auth(await new_key(engine, "integrator"))
            async with httpx.AsyncClient(base_url=base, timeout=10) as api:
                provider = (
                    await api.post(
                        "/v1/providers",
                        json={
                            "name": "ACSA",
                            "is_acsa": True,
                            "approved_course_codes": ["SECOR", "SFA", "CSTS"],
                        },
                        headers=admin,
                    )
                ).json()
                provider_key = auth(await new_key(engine, "provider", provider_id=provider["id"]))
                hook = (
                    await api.post(
                        "/v1/webhook-endpoints",
                        json={"url": hooks.url(), "event_types": ["employer.eligibility_changed"]},
                        headers=integrator,
                    )
                ).json()
                employer = (
                    await api.post(
                        "/v1/employers",
                        json={
                            "wcb_account_number": "8675309",
                            "legal_name": "Prairie Roofing",
                            "contact_email": "o@p.example",
                        },
                        headers=integrator,
                    )
                ).json()
                eid = employer["id"]
                today = dt.date.today()
                await api.post(
                    f"/v1/employers/{eid}/workers",
                    json={
                        "given_name": "Ana",
                        "family_name": "Silva",
                        "learner_id": "L-1",
                        "role": "owner",
                        "employment_type": "full_time",
                        "start_date": "2020-01-01",
                    },
                    headers=integrator,
                )
                await api.put(
                    f"/v1/employers/{eid}/wcb-account",
                    json={"status": "active", "as_of": "2020-01-01"},
                    headers=admin,
                )
                await api.put(
                    f"/v1/employers/{eid}/acsa-membership",
                    json={
                        "member_number": "M1",
                        "valid_from": "2020-01-01",
                        "valid_until": (today + dt.timedelta(days=300)).isoformat(),
                    },
                    headers=admin,
                )
                await api.put(
                    f"/v1/employers/{eid}/assessor",
                    json={"given_name": "Ana", "family_name": "Silva", "learner_id": "L-1", "internal": True},
                    headers=integrator,
                )
                for n, course in enumerate(("SECOR", "CSTS")):
                    await api.post(
                        "/v1/completions",
                        json={
                            "provider_record_id": f"r{n}",
                            "course_code": course,
                            "completed_on": (today - dt.timedelta(days=30)).isoformat(),
                            "learner": {"given_name": "Ana", "family_name": "Silva", "learner_id": "L-1"},
                            "employer_wcb_account_number": "8675309",
                        },
                        headers=provider_key,
                    )

                async def ready_but_for_first_aid() -> bool:
                    body = (await api.get(f"/v1/employers/{eid}/eligibility", headers=integrator)).json()
                    return [c["code"] for c in body["checks"] if c["status"] != "pass"] == [
                        "training.first_aid"
                    ]

                await eventually(ready_but_for_first_aid, timeout=30)
                posted = await api.post(
                    "/v1/completions",
                    json={
                        "provider_record_id": "r-sfa",
                        "course_code": "SFA",
                        "completed_on": today.isoformat(),
                        "learner": {"given_name": "Ana", "family_name": "Silva", "learner_id": "L-1"},
                        "employer_wcb_account_number": "8675309",
                    },
                    headers=provider_key | {"traceparent": f"00-{TRACE}-00f067aa0ba902b7-01"},
                )
                assert posted.status_code == 201, posted.text
                [got] = await eventually(lambda: hooks.at("/hook"), timeout=30)
        payload = Webhook(hook["secret"]).verify(got.raw, got.headers)
        assert payload["type"] == "employer.eligibility_changed"
        assert payload["data"]["employer_id"] == eid
        assert (payload["data"]["old_outcome"], payload["data"]["new_outcome"]) == (
            "not_eligible",
            "eligible",
        )
        assert payload["ordering_key"] == f"employer:{eid}"
        assert time.time() - int(got.headers["webhook-timestamp"]) < 60
        # One trace from the provider's POST, through training's event and eligibility's, to the integrator.
        assert got.headers["traceparent"].split("-")[1] == TRACE
