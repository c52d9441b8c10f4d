"""Webhook delivery, each figure against a baseline from the same run.

- Throughput: signed deliveries/s from one worker process to a local receiver, against plain POSTs of the
  same bodies to the same receiver from the same HTTP client (aiohttp, on uvloop as in the worker) at the same
  concurrency. Goal >= 0.5.
- Latency from the commit of a business write to receipt at the receiver. Goal: median < 50 ms, p99 below the
  polling interval + 50 ms.
- The same beside an endpoint that hangs, with a backlog of 500 deliveries for it. Goal: p99 within 2x the
  run without it.
- From a completion's 201 to the integrator's employer.eligibility_changed, through every real process.
  Goal: median < 250 ms.

    python -m bench.webhooks [--events 20000] [--latency-events 200] [--employers 30]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any, NoReturn

import aiohttp
import uvloop
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.harness import bench_database, pg, report, system
from gateway.api_keys.schemas import ApiKeyCreate
from gateway.settings import WorkerSettings
from launcher.runner import create_api_key
from shared.db import make_engine
from shared.outbox import Event, publish
from tests.events import loose_event
from tests.servers import ROOT, free_port, spawn, stop, wait_until_ready

CONCURRENCY = 64
ROUNDS = 5  # the first is often slow for both (a cold database and receiver): the median is what counts
STUCK_AFTER_SECONDS = 60.0


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))]


async def waited_too_long(url: str, deadline: float, what: str, employer_id: str | None = None) -> None:
    """Past the deadline, stop the run and say where the deliveries stand, rather than wait for ever."""
    if time.monotonic() >= deadline:
        await give_up(url, what, employer_id)


async def give_up(url: str, what: str, employer_id: str | None = None) -> NoReturn:
    """Stop the run, saying where the deliveries stand (and, given an employer, its events and deliveries)."""
    if employer_id is not None:
        async with pg(url) as conn:
            story = await conn.fetch(
                """
                SELECT e.type, e.source, e.feed_position, d.target, d.status, d.attempts, d.last_status
                FROM shared_outbox_event e LEFT JOIN gateway_delivery d ON d.event_id = e.id
                WHERE e.employer_id = $1 OR e.audience_employer_id = $1 ORDER BY e.id, d.target
                """,
                employer_id,
            )
        what += " (its events and deliveries: " + "; ".join(str(tuple(r)) for r in story) + ")"
    async with pg(url) as conn:
        undispatched = await conn.fetchval(
            "SELECT count(*) FROM shared_outbox_event WHERE feed_position IS NULL"
        )
        rows = await conn.fetch(
            """
            SELECT d.target, e.type, d.status, d.attempts, d.last_status, d.last_error, d.lease_until,
                   d.next_attempt_at - now() AS due_in
            FROM gateway_delivery d JOIN shared_outbox_event e ON e.id = d.event_id
            WHERE d.status <> 'succeeded' ORDER BY d.id DESC LIMIT 20
            """
        )
    unfinished = "; ".join(str(dict(r)) for r in rows) or "none"
    raise RuntimeError(
        f"gave up waiting for {what}: {undispatched} events not fanned out; unfinished deliveries: {unfinished}"
    )


async def arrival_of(session: aiohttp.ClientSession, receiver: str, webhook_id: str) -> float | None:
    """When the receiver first had this webhook-id (unix time), or None if it has not yet."""
    async with session.get(f"{receiver}/received/{webhook_id}") as r:
        return None if r.status == 404 else float((await r.json())["at"])


async def arrivals_after(session: aiohttp.ClientSession, receiver: str, first: int, path: str) -> list[float]:
    """Times of the arrivals at `path` after the receiver's first `first` ones."""
    async with session.get(f"{receiver}/after/{first}") as r:
        return [at for _, at, at_path in await r.json() if at_path == path]


async def add_endpoint(
    url: str, receiver: str, event_types: list[str] | None = None, path: str = "/hook"
) -> None:
    async with pg(url) as conn:
        await conn.execute(
            """
            INSERT INTO gateway_webhook_endpoint (id, owner_kind, created_by, url, event_types, secret, created_at, updated_at)
            VALUES ($1, 'staff', 'bench', $2, $3, 'whsec_YmVuY2hiZW5jaGJlbmNoYmVuY2hiZW5jaA==', now(), now())
            """,
            f"whe_bench{uuid.uuid4().hex[:8]}",
            receiver + path,
            event_types or [],
        )


async def publish_events(engine: AsyncEngine, events: list[Event]) -> float:
    """Commit events in one transaction, as a service's business write would; returns the time of commit."""
    async with engine.begin() as conn:
        await publish(conn, "bench", events)
    return time.time()


async def baseline(receiver: str, bodies: int) -> float:
    body = json.dumps(
        {"type": "employer.eligibility_changed", "timestamp": "2026-11-26T00:00:00Z", "data": {"n": 0}}
    ).encode()
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=CONCURRENCY)) as session:
        counter = iter(range(bodies))

        async def poster() -> None:
            for i in counter:
                headers = {"webhook-id": f"base{i}", "content-type": "application/json"}
                async with session.post(receiver + "/hook", data=body, headers=headers) as r:
                    await r.read()

        started = time.perf_counter()
        await asyncio.gather(*(poster() for _ in range(CONCURRENCY)))
        return bodies / (time.perf_counter() - started)


async def arrival_number(receiver: str, n: int) -> float | None:
    """When the receiver had its nth arrival (unix time), waiting for it; None if a minute went by without.

    One held request, answered by the receiver as the nth lands: polling for the count while the burst is
    delivered would take CPU from the system under test (and only tell the time to within a poll).
    """
    timeout = aiohttp.ClientTimeout(total=STUCK_AFTER_SECONDS + 10)
    async with aiohttp.ClientSession(timeout=timeout) as session, session.get(f"{receiver}/wait/{n}") as r:
        return float((await r.json())["at"]) if r.status == 200 else None


async def delivered_count(receiver: str) -> int:
    """Distinct deliveries the receiver has had (asking it costs the system under test nothing)."""
    async with aiohttp.ClientSession() as session, session.get(receiver + "/count") as r:
        return int(await r.text())


async def throughput(url: str, receiver: str, events: int) -> dict[str, Any]:
    engine = make_engine(url, pool_size=2)
    rounds = []
    first_arrivals: list[float] = []
    await baseline(receiver, events // 4)  # warms the receiver up: the first round's baseline ran cold
    for r in range(ROUNDS):
        base = await baseline(receiver, events)
        start_count = await delivered_count(receiver)
        committed = await publish_events(
            engine,
            [
                loose_event("employer.eligibility_changed", {"n": i, "round": r}, employer_id="emp_bench")
                for i in range(events)
            ],
        )
        last_arrival = await arrival_number(receiver, start_count + events)
        if last_arrival is None:
            await give_up(url, f"round {r}'s {events} deliveries")
        rate = events / (last_arrival - committed)
        rounds.append((rate, base))
        async with aiohttp.ClientSession() as session:
            first_arrivals.append(
                min(await arrivals_after(session, receiver, start_count, "/hook")) - committed
            )
    await engine.dispose()
    ratios = [rate / base for rate, base in rounds]
    return {
        "throughput: signed deliveries/s, one worker (median)": round(
            statistics.median(r for r, _ in rounds)
        ),
        "throughput: plain aiohttp POSTs/s (median)": round(statistics.median(b for _, b in rounds)),
        "throughput: ratio, median of rounds (goal >= 0.5)": round(statistics.median(ratios), 3),
        "throughput: ratio per round": [round(x, 3) for x in ratios],
        "throughput: deliveries/s and plain POSTs/s per round": [(round(r), round(b)) for r, b in rounds],
        "burst: commit to its first delivery, median ms": round(1000 * statistics.median(first_arrivals), 1),
    }


async def commit_to_receipt(url: str, receiver: str, count: int, poll: float) -> dict[str, Any]:
    engine = make_engine(url, pool_size=2)
    latencies = []
    async with aiohttp.ClientSession() as session:
        for i in range(count):
            event = loose_event("employer.eligibility_changed", {"latency": i}, employer_id="emp_bench")
            committed = await publish_events(engine, [event])
            deadline = time.monotonic() + STUCK_AFTER_SECONDS
            while (arrived := await arrival_of(session, receiver, event.id)) is None:
                await waited_too_long(url, deadline, f"event {event.id}")
                await asyncio.sleep(0.002)
            latencies.append((arrived - committed) * 1000)
            await asyncio.sleep(0.02)
    await engine.dispose()
    return {
        "commit to receipt: median ms (goal < 50)": round(statistics.median(latencies), 1),
        f"commit to receipt: p99 ms (goal < polling {poll * 1000:.0f} + 50)": round(pct(latencies, 0.99), 1),
    }


HANGING_BACKLOG = 500


async def beside_a_hanging_endpoint(
    url: str, receiver: str, count: int, poll: float, alone: dict[str, Any]
) -> dict[str, Any]:
    """Commit to receipt at the healthy endpoint while another hangs (every attempt runs to the timeout) with a
    backlog of HANGING_BACKLOG deliveries ahead. Goal: p99 within 2x the run without it."""
    await add_endpoint(url, receiver, ["certificate.issued"], path="/hang")
    engine = make_engine(url, pool_size=2)
    await publish_events(
        engine,
        [
            loose_event("certificate.issued", {"hang": i}, provider_id="prv_bench")
            for i in range(HANGING_BACKLOG)
        ],
    )
    await engine.dispose()
    await asyncio.sleep(2.0)  # its first sends are hanging
    beside = await commit_to_receipt(url, receiver, count, poll)
    p99_key = next(k for k in beside if "p99" in k)
    ratio = beside[p99_key] / max(alone[p99_key], 0.1)
    return {
        "beside a hanging endpoint: commit to receipt median ms": next(
            v for k, v in beside.items() if "median" in k
        ),
        "beside a hanging endpoint: commit to receipt p99 ms": beside[p99_key],
        "beside a hanging endpoint: p99 / p99 alone (goal <= 2)": round(ratio, 2),
    }


async def completion_to_integrator(gateway: str, url: str, receiver: str, employers: int) -> dict[str, Any]:
    admin = await create_api_key(
        url,
        ApiKeyCreate(name="bench", kind="staff", role="admin", rate_limit_per_minute=1_000_000),
        created_by="bench",
    )
    integrator = await create_api_key(
        url,
        ApiKeyCreate(name="bench", kind="integrator", rate_limit_per_minute=1_000_000),
        created_by="bench",
    )
    today = dt.date.today()
    latencies = []
    async with aiohttp.ClientSession(base_url=gateway) as api, aiohttp.ClientSession() as polling:
        a = {"authorization": f"Bearer {admin}"}
        i_h = {"authorization": f"Bearer {integrator}"}

        async def call(method: str, path: str, body: Any, headers: dict[str, str]) -> Any:
            async with api.request(method, path, json=body, headers=headers) as r:
                payload = await r.json()
                assert r.status < 300, (path, r.status, payload)
                return payload

        provider = await call(
            "POST",
            "/v1/providers",
            {"name": "ACSA", "is_acsa": True, "approved_course_codes": ["SECOR", "SFA", "CSTS"]},
            a,
        )
        p_key = await create_api_key(
            url,
            ApiKeyCreate(
                name="p", kind="provider", provider_id=provider["id"], rate_limit_per_minute=1_000_000
            ),
            created_by="bench",
        )
        p_h = {"authorization": f"Bearer {p_key}"}
        await call(
            "POST",
            "/v1/webhook-endpoints",
            {"url": receiver + "/integrator", "event_types": ["employer.eligibility_changed"]},
            i_h,
        )
        ids = []
        for n in range(employers):
            wcb = str(5_000_000 + n)
            emp = await call(
                "POST",
                "/v1/employers",
                {"wcb_account_number": wcb, "legal_name": f"E{n}", "contact_email": "o@e.example"},
                i_h,
            )
            eid = emp["id"]
            learner = f"L{n}"
            await call(
                "POST",
                f"/v1/employers/{eid}/workers",
                {
                    "given_name": "A",
                    "family_name": f"W{n}",
                    "learner_id": learner,
                    "role": "owner",
                    "employment_type": "full_time",
                    "start_date": "2020-01-01",
                },
                i_h,
            )
            await call(
                "PUT", f"/v1/employers/{eid}/wcb-account", {"status": "active", "as_of": "2020-01-01"}, a
            )
            await call(
                "PUT",
                f"/v1/employers/{eid}/acsa-membership",
                {
                    "member_number": f"M{n}",
                    "valid_from": "2020-01-01",
                    "valid_until": (today + dt.timedelta(days=300)).isoformat(),
                },
                a,
            )
            await call(
                "PUT",
                f"/v1/employers/{eid}/assessor",
                {"given_name": "A", "family_name": f"W{n}", "learner_id": learner, "internal": True},
                i_h,
            )
            for course in ("SECOR", "CSTS"):
                await call(
                    "POST",
                    "/v1/completions",
                    {
                        "provider_record_id": f"{n}-{course}",
                        "course_code": course,
                        "completed_on": (today - dt.timedelta(days=10)).isoformat(),
                        "learner": {"given_name": "A", "family_name": f"W{n}", "learner_id": learner},
                        "employer_wcb_account_number": wcb,
                    },
                    p_h,
                )
            ids.append((eid, wcb, learner, n))
        await asyncio.sleep(2)  # the set-up's own events delivered and applied
        for eid, wcb, learner, n in ids:
            before = await delivered_count(receiver)
            posted = time.time()
            await call(
                "POST",
                "/v1/completions",
                {
                    "provider_record_id": f"{n}-SFA",
                    "course_code": "SFA",
                    "completed_on": today.isoformat(),
                    "learner": {"given_name": "A", "family_name": f"W{n}", "learner_id": learner},
                    "employer_wcb_account_number": wcb,
                },
                p_h,
            )
            # The staff endpoint hears of the completion and of the change too (the change with the same webhook-id,
            # told apart by path at the receiver); what counts is the integrator's delivery.
            deadline = time.monotonic() + STUCK_AFTER_SECONDS
            while not (new := await arrivals_after(polling, receiver, before, "/integrator")):
                await waited_too_long(
                    url, deadline, f"employer {n}'s eligibility_changed at the integrator", employer_id=eid
                )
                await asyncio.sleep(0.005)
            latencies.append((min(new) - posted) * 1000)
    return {
        "completion 201 to integrator's eligibility_changed: median ms (goal < 250)": round(
            statistics.median(latencies), 1
        ),
        "completion 201 to integrator's eligibility_changed: p95 ms": round(pct(latencies, 0.95), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument("--latency-events", type=int, default=200)
    parser.add_argument("--employers", type=int, default=30)
    args = parser.parse_args()
    with bench_database() as url:
        # SECOR_WORKER_* from the environment reach the worker, to try its settings.
        tuning = {k: v for k, v in os.environ.items() if k.startswith("SECOR_WORKER_")}
        port = free_port()
        receiver_proc = subprocess.Popen([sys.executable, "-m", "bench.receiver", str(port)], cwd=ROOT)
        receiver = f"http://127.0.0.1:{port}"
        try:
            wait_until_ready(receiver + "/count", proc=receiver_proc)
            figures: dict[str, Any] = {}
            names = ("training", "eligibility", "submission", "gateway")
            with system(url, names, SECOR_OUTBOUND_ALLOWED_NETWORKS='["127.0.0.0/8"]', **tuning) as sys_:
                env = sys_["env"]
                worker = spawn(["worker"], env, Path(env["SECOR_DATA_DIR"]) / "worker.log")
                try:
                    asyncio.run(add_endpoint(url, receiver))
                    # The plain POSTs run on the worker's event loop (uvloop), as the worker's own do.
                    figures |= uvloop.run(throughput(url, receiver, args.events))
                    poll = WorkerSettings().worker_poll_interval_seconds
                    alone = asyncio.run(commit_to_receipt(url, receiver, args.latency_events, poll))
                    figures |= alone
                    # Again, with an endpoint that hangs and a backlog for it: the healthy one must not notice.
                    figures |= asyncio.run(
                        beside_a_hanging_endpoint(url, receiver, args.latency_events, poll, alone)
                    )
                    gateway = f"http://127.0.0.1:{env['SECOR_GATEWAY_PORT']}"
                    figures |= asyncio.run(completion_to_integrator(gateway, url, receiver, args.employers))
                finally:
                    stop(worker)
            report("webhooks", figures)
        finally:
            stop(receiver_proc)


if __name__ == "__main__":
    main()
