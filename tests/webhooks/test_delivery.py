"""The worker delivering to a real receiver: signatures, retries, disabling, ordering, rotation, recovery."""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import json
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from gateway.worker.repositories import retention
from shared.outbox import Event, publish
from tests.events import encode_body, loose_event
from tests.helpers import auth, new_key
from tests.webhooks.conftest import Receiver, endpoint, eventually, running_worker, verify, worker_settings


async def emit(engine: AsyncEngine, *events: Event) -> list[str]:
    async with engine.begin() as conn:
        return await publish(conn, "tests", list(events))


def completion_event(n: int = 0, provider_id: str = "prv_x") -> Event:
    return loose_event(
        "training.completion_recorded", {"completion_id": f"cmp_{n}", "n": n}, provider_id=provider_id
    )


async def delivery_rows(engine: AsyncEngine) -> list[dict[str, object]]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            text("SELECT event_id, target, status, attempts FROM gateway_delivery ORDER BY id")
        )
        return [dict(r._mapping) for r in rows]


class TestSignedDelivery:
    async def test_official_verifier_accepts_what_arrives(
        self, api: httpx.AsyncClient, engine: AsyncEngine, database_url: str, staff_key: str, hooks: Receiver
    ) -> None:
        ep = await endpoint(api, staff_key, hooks.url())
        [event_id] = await emit(engine, completion_event(1))
        async with running_worker(worker_settings(database_url), engine):
            [got] = await eventually(lambda: hooks.at("/hook"))
        assert got.webhook_id == event_id
        payload = verify(ep["secret"], got)
        assert payload["type"] == "training.completion_recorded"
        assert payload["data"] == {"completion_id": "cmp_1", "n": 1}
        assert payload["timestamp"].endswith("Z")  # RFC 3339, UTC: when the event happened
        occurred = dt.datetime.fromisoformat(payload["timestamp"])
        assert abs(occurred - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)
        assert got.headers["content-type"] == "application/json"
        assert (await delivery_rows(engine))[0]["status"] == "succeeded"

    async def test_tampered_or_foreign_secret_fails_the_check(
        self, api: httpx.AsyncClient, engine: AsyncEngine, database_url: str, staff_key: str, hooks: Receiver
    ) -> None:
        ep = await endpoint(api, staff_key, hooks.url())
        await emit(engine, completion_event(1))
        async with running_worker(worker_settings(database_url), engine):
            [got] = await eventually(lambda: hooks.at("/hook"))

        with pytest.raises(WebhookVerificationError):
            Webhook("whsec_" + "QUJD" * 8).verify(got.raw, got.headers)
        with pytest.raises(WebhookVerificationError):
            Webhook(ep["secret"]).verify(got.raw.replace(b"cmp_1", b"cmp_2"), got.headers)


class TestRetries:
    async def test_fails_then_recovers_and_every_attempt_is_recorded(
        self, api: httpx.AsyncClient, engine: AsyncEngine, database_url: str, staff_key: str, hooks: Receiver
    ) -> None:
        ep = await endpoint(api, staff_key, hooks.url())
        hooks.fail("/hook", 2, status=503)
        await emit(engine, completion_event(1))

        async def recorded() -> list[dict[str, Any]] | None:
            listed = await api.get(f"/v1/webhook-endpoints/{ep['id']}/attempts", headers=auth(staff_key))
            data: list[dict[str, Any]] = listed.json()["data"]
            return data if len(data) == 3 else None

        started = dt.datetime.now(dt.UTC)
        async with running_worker(worker_settings(database_url), engine):
            await eventually(lambda: hooks.at("/hook"))
            # The receiver has its answer before the worker records the attempt that got it.
            attempts = await eventually(recorded)
        finished = dt.datetime.now(dt.UTC)
        assert [a["status_code"] for a in attempts] == [200, 503, 503]  # newest first
        assert all(a["duration_ms"] >= 0 for a in attempts)
        times = [dt.datetime.fromisoformat(a["attempted_at"]) for a in attempts]
        assert all(started <= t <= finished for t in times), (started, times, finished)
        assert times == sorted(times, reverse=True)
        assert '"scripted"' in attempts[1]["response_excerpt"]
        assert (await delivery_rows(engine))[0]["attempts"] == 3

    async def test_gives_up_after_the_schedule_and_recovery_resends(
        self, api: httpx.AsyncClient, engine: AsyncEngine, database_url: str, staff_key: str, hooks: Receiver
    ) -> None:
        ep = await endpoint(api, staff_key, hooks.url())
        hooks.fail("/hook", 5, status=500)
        await emit(engine, completion_event(1))
        settings = worker_settings(database_url)
        async with running_worker(settings, engine):
            await eventually(lambda: len(hooks.at("/failed")) == 5)
            await eventually(lambda: delivery_rows(engine))
            rows = await eventually(lambda: _rows_where(engine, "status = 'failed'"))
            assert rows[0]["attempts"] == 5
            since = (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)).isoformat()
            recovery = await api.post(
                f"/v1/webhook-endpoints/{ep['id']}/recovery", json={"since": since}, headers=auth(staff_key)
            )
            assert recovery.json() == {"requeued": 1}
            await eventually(lambda: hooks.at("/hook"))

    async def test_retry_after_is_honoured(
        self, api: httpx.AsyncClient, engine: AsyncEngine, database_url: str, staff_key: str, hooks: Receiver
    ) -> None:
        await endpoint(api, staff_key, hooks.url())
        hooks.fail("/hook", 1, status=429, headers={"Retry-After": "30"})
        await emit(engine, completion_event(1))
        async with running_worker(worker_settings(database_url), engine):
            await eventually(lambda: hooks.at("/failed"))
            wait = await eventually(lambda: _seconds_until_next_attempt(engine))
        assert 25 < wait <= 31

    async def test_redirects_are_not_followed(
        self, api: httpx.AsyncClient, engine: AsyncEngine, database_url: str, staff_key: str, hooks: Receiver
    ) -> None:
        await endpoint(api, staff_key, hooks.url())
        hooks.fail("/hook", 1, status=307, headers={"Location": hooks.url("/elsewhere")})
        await emit(engine, completion_event(1))
        async with running_worker(worker_settings(database_url), engine):
            await eventually(lambda: hooks.at("/hook"))
        assert hooks.at("/elsewhere") == []


class TestDisabling:
    async def test_410_disables_at_once_and_tells_the_owner(
        self, api: httpx.AsyncClient, engine: AsyncEngine, database_url: str, hooks: Receiver
    ) -> None:
        key = await new_key(engine, "integrator")
        ep = await endpoint(api, key, hooks.url(), contact_email="dev@hsms.example")
        me = (await api.get("/v1/me", headers=auth(key))).json()
        async with engine.begin() as conn:  # this integrator may see employer emp_1
            await conn.execute(
                text("INSERT INTO gateway_employer_access VALUES ('emp_1', :i)"), {"i": me["integrator_id"]}
            )
        hooks.fail("/hook", 1, status=410)
        await emit(engine, loose_event("employer.eligibility_changed", {"n": 1}, employer_id="emp_1"))
        async with running_worker(worker_settings(database_url), engine):
            await eventually(lambda: hooks.at("/failed"))
            body = await eventually(lambda: _disabled(api, key, ep["id"]))
        assert "410" in body["disabled_reason"]
        async with engine.connect() as conn:
            event = (
                await conn.execute(
                    text("SELECT data FROM shared_outbox_event WHERE type = 'webhook_endpoint.disabled'")
                )
            ).one()
            mail = (await conn.execute(text("SELECT to_address, subject FROM shared_outbox_mail"))).one()
        assert (
            event.data["endpoint_id"] == ep["id"]
            and event.data["owner"]["integrator_id"] == me["integrator_id"]
        )
        assert mail.to_address == "dev@hsms.example" and "disabled" in mail.subject
        # Re-enabled by its owner, it receives again.
        enabled = await api.patch(
            f"/v1/webhook-endpoints/{ep['id']}", json={"disabled": False}, headers=auth(key)
        )
        assert enabled.json()["disabled_at"] is None

    async def test_failing_for_the_configured_time_disables(
        self, api: httpx.AsyncClient, engine: AsyncEngine, database_url: str, staff_key: str, hooks: Receiver
    ) -> None:
        ep = await endpoint(api, staff_key, hooks.url())
        hooks.fail("/hook", 100, status=500)
        await emit(engine, completion_event(1))
        settings = worker_settings(
            database_url, webhook_disable_after_seconds=0.5, webhook_retry_schedule_seconds=[0] + [0.3] * 20
        )
        async with running_worker(settings, engine):
            body = await eventually(lambda: _disabled(api, staff_key, ep["id"]))
        assert "failed since" in body["disabled_reason"]


class TestOrderAndSecrets:
    async def test_one_aggregates_events_arrive_in_order(
        self, api: httpx.AsyncClient, engine: AsyncEngine, database_url: str, staff_key: str, hooks: Receiver
    ) -> None:
        await endpoint(api, staff_key, hooks.url())
        hooks.fail("/hook", 3, status=500)  # the first event fails a while; the second must wait for it
        await emit(
            engine,
            loose_event(
                "employer.eligibility_changed", {"n": 1}, employer_id="emp_1", ordering_key="employer:emp_1"
            ),
        )
        await emit(
            engine,
            loose_event(
                "employer.eligibility_changed", {"n": 2}, employer_id="emp_1", ordering_key="employer:emp_1"
            ),
        )
        async with running_worker(worker_settings(database_url), engine):
            got = await eventually(lambda: len(hooks.at("/hook")) == 2 and hooks.at("/hook"))
        assert [g.body["data"]["n"] for g in got] == [1, 2]
        assert [g.body["sequence"] for g in got] == [1, 2]
        assert got[0].body["ordering_key"] == "employer:emp_1"

    async def test_the_body_is_the_form_the_tests_post_to_services_in(
        self, api: httpx.AsyncClient, engine: AsyncEngine, database_url: str, staff_key: str, hooks: Receiver
    ) -> None:
        await endpoint(api, staff_key, hooks.url())
        event = loose_event(
            "employer.eligibility_changed",
            {"n": 1, "at": "x"},
            employer_id="emp_1",
            ordering_key="employer:b",
        )
        await emit(engine, event)
        async with running_worker(worker_settings(database_url), engine):
            got = await eventually(lambda: hooks.at("/hook"))
        async with engine.connect() as conn:
            occurred_at = (
                await conn.execute(
                    text("SELECT occurred_at FROM shared_outbox_event WHERE id = :id"), {"id": event.id}
                )
            ).scalar_one()
        expected = encode_body(
            "employer.eligibility_changed",
            occurred_at,
            {"n": 1, "at": "x"},
            ordering_key="employer:b",
            sequence=1,
        )
        body = json.loads(got[0].raw)
        assert dt.datetime.fromisoformat(body.pop("timestamp")) == occurred_at
        assert body == {k: v for k, v in json.loads(expected).items() if k != "timestamp"}

    async def test_rotation_signs_with_both_for_a_day(
        self, api: httpx.AsyncClient, engine: AsyncEngine, database_url: str, staff_key: str, hooks: Receiver
    ) -> None:
        ep = await endpoint(api, staff_key, hooks.url())
        rotated = (
            await api.post(f"/v1/webhook-endpoints/{ep['id']}/secret-rotation", headers=auth(staff_key))
        ).json()
        assert rotated["secret"] != ep["secret"] and rotated["secret"].startswith("whsec_")
        await emit(engine, completion_event(1))
        async with running_worker(worker_settings(database_url), engine):
            [got] = await eventually(lambda: hooks.at("/hook"))
        verify(ep["secret"], got)
        verify(rotated["secret"], got)
        assert len(got.headers["webhook-signature"].split(" ")) == 2

        # The day over, only the new secret signs.
        async with engine.begin() as conn:
            await conn.execute(
                text(
                    "UPDATE gateway_webhook_endpoint SET previous_secret_expires_at = now() - interval '1 second'"
                )
            )
        hooks.reset()
        await emit(engine, completion_event(2))
        async with running_worker(worker_settings(database_url), engine):
            [later] = await eventually(lambda: hooks.at("/hook"))
        verify(rotated["secret"], later)
        assert len(later.headers["webhook-signature"].split(" ")) == 1
        with pytest.raises(WebhookVerificationError):
            verify(ep["secret"], later)


class TestWorkers:
    async def test_a_dead_workers_lease_runs_out(
        self, api: httpx.AsyncClient, engine: AsyncEngine, database_url: str, staff_key: str, hooks: Receiver
    ) -> None:
        await endpoint(api, staff_key, hooks.url())
        await emit(engine, completion_event(1))
        settings = worker_settings(database_url, worker_lease_seconds=0.5, webhook_timeout_seconds=0.3)
        async with running_worker(settings, engine):
            await eventually(lambda: hooks.at("/hook"))
        async with engine.begin() as conn:  # pretend another worker claimed it and died
            await conn.execute(
                text(
                    "UPDATE gateway_delivery SET status = 'pending', lease_owner = 'dead', "
                    "lease_until = now() + interval '0.5 seconds'"
                )
            )
        hooks.reset()
        async with running_worker(settings, engine):
            await eventually(lambda: hooks.at("/hook"), timeout=5)

    async def test_a_delivery_that_waited_too_long_in_the_queue_is_handed_back(
        self,
        api: httpx.AsyncClient,
        engine: AsyncEngine,
        database_url: str,
        staff_key: str,
        hooks: Receiver,
        caplog: Any,
    ) -> None:
        """One sender, two deliveries claimed together, the first answered slowly: by the time the second is
        taken from the queue (after 2 s), its lease (3 s, of which the 2.5 s timeout and a tenth for recording
        must remain) is too far gone to start."""
        await endpoint(api, staff_key, hooks.url())
        await emit(engine, completion_event(1), completion_event(2))
        hooks.slow("/hook", times=1, seconds=2.0)
        settings = worker_settings(
            database_url,
            worker_concurrency=1,
            worker_batch_size=2,
            worker_lease_seconds=3.0,
            webhook_timeout_seconds=2.5,
        )
        with caplog.at_level("WARNING", logger="secor.worker"):
            async with running_worker(settings, engine):
                await eventually(lambda: len(hooks.at("/hook")) == 2, timeout=10)

                async def both_succeeded() -> bool:
                    return len(await _rows_where(engine, "status = 'succeeded'")) == 2

                await eventually(both_succeeded, interval=0.1)
        assert "waited too long in the queue" in caplog.text
        ids = [g.webhook_id for g in hooks.at("/hook")]
        assert len(ids) == len(set(ids)) == 2, "each sent once"
        # Handed back, not counted: each delivery made exactly one attempt.
        assert [r["attempts"] for r in await _rows_where(engine, "true")] == [1, 1]

    async def test_a_hanging_endpoint_gets_each_attempt_once_from_one_worker(
        self, api: httpx.AsyncClient, engine: AsyncEngine, database_url: str, staff_key: str, hooks: Receiver
    ) -> None:
        """The fault run, at a hundredth of its times: an endpoint slower than the timeout, a backlog deeper
        than the senders, one worker. Claims that wait too long in the queue are handed back while the worker
        claims them again; a hand-back must free only its own claim. Every attempt that reached the endpoint is
        one the delivery counts and the log records, and none came twice within one try."""
        await endpoint(api, staff_key, hooks.url())
        events = 100
        await emit(engine, *[completion_event(i) for i in range(events)])
        hooks.slow("/hook", times=events * 10, seconds=0.4)
        settings = worker_settings(
            database_url,
            worker_concurrency=16,
            worker_endpoint_concurrency=16,  # one endpoint, all the senders: the backlog waits in the queue
            worker_batch_size=8,
            worker_lease_seconds=0.6,
            webhook_timeout_seconds=0.3,
        )
        async with running_worker(settings, engine):

            async def all_given_up() -> bool:
                return len(await _rows_where(engine, "status = 'failed'")) == events

            await eventually(all_given_up, timeout=60, interval=0.2)
            await asyncio.sleep(0.6)  # the last attempts' answers reach the receiver
        arrived: dict[str, list[float]] = {}
        for received in hooks.at("/hook"):
            arrived.setdefault(received.webhook_id, []).append(received.at)
        async with engine.connect() as conn:
            rows = await conn.execute(
                text(
                    "SELECT d.event_id, d.attempts, (SELECT count(*) FROM gateway_delivery_attempt a "
                    "WHERE a.delivery_id = d.id) AS logged FROM gateway_delivery d"
                )
            )
            counted = {r.event_id: (r.attempts, r.logged) for r in rows}
        assert len(counted) == events
        for event_id, (attempts, logged) in counted.items():
            times = sorted(arrived.get(event_id, []))
            assert (attempts, logged) == (len(times), len(times)), event_id
            # Tries are a timeout and a retry wait apart; a second copy of one try came 0.2-0.3 s after it.
            assert all(b - a > 0.45 for a, b in itertools.pairwise(times)), (event_id, times)

    async def test_a_worker_waiting_on_a_slow_endpoint_does_not_poll_the_database(
        self, api: httpx.AsyncClient, engine: AsyncEngine, database_url: str, staff_key: str, hooks: Receiver
    ) -> None:
        await endpoint(api, staff_key, hooks.url())
        hooks.slow("/hook", 1, 3.0)
        await emit(engine, completion_event(1))
        settings = worker_settings(
            database_url, worker_poll_interval_seconds=0.5, webhook_timeout_seconds=5.0
        )
        async with running_worker(settings, engine) as worker:
            await eventually(lambda: _rows_where(engine, "lease_owner IS NOT NULL"))
            before = worker.claims
            await asyncio.sleep(2.0)  # the one delivery in flight, nothing else to do
            during = worker.claims - before
            await eventually(lambda: len(hooks.at("/hook")) == 1)
        # Nothing may be claimed until the answer comes (or the lease ends): a claim per poll interval, the
        # backstop, and no more (it was one every 10 ms).
        assert during <= 2.0 / 0.5 + 1, f"{during} claims in 2 s while waiting"

    async def test_two_workers_share_without_doubling(
        self, api: httpx.AsyncClient, engine: AsyncEngine, database_url: str, staff_key: str, hooks: Receiver
    ) -> None:
        await endpoint(api, staff_key, hooks.url())
        await emit(engine, *[completion_event(i) for i in range(200)])
        settings = worker_settings(database_url, worker_concurrency=4, worker_batch_size=8)
        async with running_worker(settings, engine) as a, running_worker(settings, engine) as b:
            await eventually(lambda: len(hooks.at("/hook")) >= 200, timeout=20)
            await eventually(lambda: a.delivered + b.delivered == 200)
        assert a.delivered and b.delivered, "both workers took a share"
        ids = [g.webhook_id for g in hooks.at("/hook")]
        assert len(ids) == len(set(ids)) == 200


class TestIsolation:
    async def test_a_hanging_endpoint_holds_up_only_itself(
        self, api: httpx.AsyncClient, engine: AsyncEngine, database_url: str, staff_key: str, hooks: Receiver
    ) -> None:
        """A backlog for an endpoint that hangs until the timeout, ahead of another's few events: the other's
        arrive as fast as with nothing else going on."""
        await endpoint(api, staff_key, hooks.url("/hangs"), event_types=["training.completion_recorded"])
        await endpoint(api, staff_key, hooks.url("/fast"), event_types=["certificate.issued"])
        hooks.slow("/hangs", times=1000, seconds=5.0)
        await emit(engine, *[completion_event(i) for i in range(16)])
        settings = worker_settings(
            database_url,
            worker_concurrency=8,
            worker_endpoint_concurrency=2,
            webhook_timeout_seconds=1.5,
        )
        async with running_worker(settings, engine):
            await asyncio.sleep(1.2)  # its first sends have hung long enough for it to count as slow
            committed = asyncio.get_running_loop().time()
            await emit(
                engine,
                *[loose_event("certificate.issued", {"n": i}, provider_id="prv_x") for i in range(5)],
            )
            await eventually(lambda: len(hooks.at("/fast")) == 5, timeout=10, interval=0.02)
            took = asyncio.get_running_loop().time() - committed
        # With every sender waiting on the hanging endpoint, the five waited for its 1.5 s timeouts.
        assert took < 1.0, f"the healthy endpoint's events took {took:.2f} s"

    def test_the_services_are_never_held_back_as_an_endpoint_is(self, database_url: str) -> None:
        """However slow a service answers, its deliveries are never left out of a claim."""
        from gateway.webhooks.policy import SERVICE_TARGET_PREFIX
        from gateway.worker.loop import Worker

        worker = Worker(worker_settings(database_url, worker_endpoint_concurrency=1), engine=None)  # type: ignore[arg-type]
        now = 100.0
        worker.in_flight = {SERVICE_TARGET_PREFIX + "eligibility": [0.0, 1.0], "whe_slow": [0.0, 1.0]}
        worker.last_took = {SERVICE_TARGET_PREFIX + "eligibility": 30.0, "whe_slow": 30.0}
        assert worker._busy_endpoints(now) == ["whe_slow"]


async def _rows_where(engine: AsyncEngine, condition: str) -> list[dict[str, object]]:
    async with engine.connect() as conn:
        rows = await conn.execute(text(f"SELECT attempts FROM gateway_delivery WHERE {condition}"))
        return [dict(r._mapping) for r in rows]


async def _seconds_until_next_attempt(engine: AsyncEngine) -> float | None:
    async with engine.connect() as conn:
        row = (
            await conn.execute(
                text(
                    "SELECT extract(epoch FROM next_attempt_at - now()) AS wait FROM gateway_delivery "
                    "WHERE status = 'pending' AND attempts = 1 AND lease_until IS NULL"
                )
            )
        ).first()
    return float(row.wait) if row else None


async def _disabled(api: httpx.AsyncClient, key: str, endpoint_id: str) -> dict[str, object] | None:
    body = (await api.get(f"/v1/webhook-endpoints/{endpoint_id}", headers=auth(key))).json()
    return body if body["disabled_at"] else None


async def _all_recorded(engine: AsyncEngine, attempts: int) -> bool:
    """Every delivery succeeded and `attempts` attempts on record (the worker records after sending)."""
    deliveries, on_record = await _log_of(engine)
    return all(status == "succeeded" for _, status in deliveries) and len(on_record) == attempts


async def _log_of(engine: AsyncEngine) -> tuple[list[tuple[str, str]], list[str]]:
    """Each delivery's event and status, and the event of each attempt on record."""
    async with engine.connect() as conn:
        deliveries = await conn.execute(text("SELECT event_id, status FROM gateway_delivery ORDER BY id"))
        attempts = await conn.execute(text("SELECT event_id FROM gateway_delivery_attempt ORDER BY id"))
        return [(r.event_id, r.status) for r in deliveries], [r.event_id for r in attempts]


class TestTheLog:
    async def test_a_worker_stopped_at_once_records_what_it_sent(
        self, api: httpx.AsyncClient, engine: AsyncEngine, database_url: str, staff_key: str, hooks: Receiver
    ) -> None:
        await endpoint(api, staff_key, hooks.url())
        await emit(engine, *[completion_event(i) for i in range(300)])
        async with running_worker(worker_settings(database_url, worker_batch_size=20), engine):
            # Stopped the moment the last one arrives, while results are still being written.
            await eventually(lambda: len(hooks.at("/hook")) == 300, interval=0.001)
        assert await _all_recorded(engine, 300)

    async def test_purge_forgets_old_successes_with_their_attempts_and_keeps_the_rest(
        self, api: httpx.AsyncClient, engine: AsyncEngine, database_url: str, staff_key: str, hooks: Receiver
    ) -> None:
        await endpoint(api, staff_key, hooks.url())
        old, old_failed, recent = await emit(engine, *[completion_event(i) for i in range(3)])
        async with running_worker(worker_settings(database_url), engine):
            await eventually(lambda: _all_recorded(engine, 3))
        async with engine.begin() as conn:
            await conn.execute(
                text(
                    "UPDATE gateway_delivery SET finished_at = now() - interval '40 days', "
                    "status = CASE WHEN event_id = :f THEN 'failed' ELSE status END "
                    "WHERE event_id IN (:old, :f)"
                ),
                {"old": old, "f": old_failed},
            )
            await retention.purge(conn, 30)
        deliveries, attempts = await _log_of(engine)
        assert sorted(event for event, _ in deliveries) == sorted([old_failed, recent])
        assert sorted(attempts) == sorted([old_failed, recent]), "the purged delivery's attempt went with it"

    async def test_deleting_an_endpoint_deletes_its_deliveries_and_their_attempts(
        self, api: httpx.AsyncClient, engine: AsyncEngine, database_url: str, staff_key: str, hooks: Receiver
    ) -> None:
        gone = await endpoint(api, staff_key, hooks.url("/gone"))
        kept = await endpoint(api, staff_key, hooks.url("/kept"))
        await emit(engine, completion_event(1), completion_event(2))
        async with running_worker(worker_settings(database_url), engine):
            await eventually(lambda: _all_recorded(engine, 4))
        deleted = await api.delete(f"/v1/webhook-endpoints/{gone['id']}", headers=auth(staff_key))
        assert deleted.status_code == 204
        async with engine.connect() as conn:
            left = await conn.execute(
                text(
                    "SELECT (SELECT array_agg(DISTINCT endpoint_id) FROM gateway_delivery) AS deliveries, "
                    "(SELECT array_agg(DISTINCT endpoint_id) FROM gateway_delivery_attempt) AS attempts"
                )
            )
            assert tuple(left.one()) == ([kept["id"]], [kept["id"]])
