"""Completion ingestion, each figure against a baseline measured in the same run.

- Bulk: batches of 1000 through the gateway (completions/s) against asyncpg `copy_records_to_table` of the same
  rows into a bare table. Goal: at least 0.05 of it.
- Single posts at 32 concurrent through the gateway against sequential single-row autocommit inserts.
  Goal: at least 0.30 of it, p99 under 50 ms.
- A 100,000-row CSV import: peak memory (VmHWM) of the training service. Goal: under 200 MB.

    python -m bench.completions [--bulk 60000] [--seconds 4] [--rounds 3] [--csv-rows 100000]

Rounds alternate baseline and system so that noise from other tenants of the machine falls on both.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import statistics
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import httpx

from bench.harness import LoadResult, bench_database, load, pg, report, summarize, system
from gateway.api_keys.schemas import ApiKeyCreate
from launcher.runner import create_api_key
from tests.servers import peak_rss_bytes

BARE_TABLE = """
    CREATE TABLE bench_bare_completion (
        id text, provider_id text, provider_record_id text, course_code text, completed_on date,
        learner_given_name text, learner_family_name text, learner_email text, employer_wcb_account_number text,
        expires_on date, recorded_at timestamptz)
"""
CSV_HEADER = (
    "provider_record_id,course_code,completed_on,learner_given_name,learner_family_name,learner_email\n"
)


def item(i: int, prefix: str) -> dict[str, Any]:
    return {
        "provider_record_id": f"{prefix}-{i}",
        "course_code": "SFA",
        "completed_on": "2026-01-15",
        "learner": {"given_name": f"Given{i}", "family_name": f"Family{i}", "email": f"l{i}@example.com"},
        "employer_wcb_account_number": f"{1000000 + i % 5000}",
    }


def bare_row(i: int, prefix: str) -> tuple[Any, ...]:
    return (
        f"cmp_{prefix}{i}",
        "prv_bench",
        f"{prefix}-{i}",
        "SFA",
        dt.date(2026, 1, 15),
        f"Given{i}",
        f"Family{i}",
        f"l{i}@example.com",
        f"{1000000 + i % 5000}",
        dt.date(2029, 1, 15),
        dt.datetime.now(dt.UTC),
    )


async def setup(url: str, gateway: str) -> str:
    admin = await create_api_key(
        url,
        ApiKeyCreate(name="bench admin", kind="staff", role="admin", rate_limit_per_minute=1_000_000),
        created_by="bench",
    )
    async with httpx.AsyncClient(base_url=gateway, headers={"authorization": f"Bearer {admin}"}) as client:
        provider = (
            await client.post("/v1/providers", json={"name": "Bench", "approved_course_codes": ["SFA"]})
        ).json()
    return await create_api_key(
        url,
        ApiKeyCreate(
            name="bench provider",
            kind="provider",
            provider_id=provider["id"],
            rate_limit_per_minute=1_000_000,
        ),
        created_by="bench",
    )


async def bulk(url: str, gateway: str, key: str, total: int, rounds: int) -> dict[str, Any]:
    """Rounds alternate the baseline and the system, so a noisy neighbour hits both alike; medians reported."""
    headers = {"authorization": f"Bearer {key}"}
    per_round = total // rounds
    ratios, ingest_rates, copy_rates = [], [], []
    async with pg(url) as conn, aiohttp.ClientSession() as session:
        await conn.execute(BARE_TABLE)
        for r in range(rounds):
            base = r * per_round
            started = time.perf_counter()
            for start in range(base, base + per_round, 1000):
                await conn.copy_records_to_table(
                    "bench_bare_completion", records=[bare_row(i, "copy") for i in range(start, start + 1000)]
                )
            copy_rate = per_round / (time.perf_counter() - started)
            queue = [
                [item(i, "bulk") for i in range(s, s + 1000)] for s in range(base, base + per_round, 1000)
            ]

            async def poster(queue: list[list[dict[str, Any]]] = queue) -> None:
                while queue:
                    batch = queue.pop()
                    async with session.post(
                        gateway + "/v1/completions/batch", json={"items": batch}, headers=headers
                    ) as resp:
                        body = await resp.json()
                        assert resp.status == 200 and body["created"] == 1000, body

            started = time.perf_counter()
            await asyncio.gather(*(poster() for _ in range(4)))
            ingest_rate = per_round / (time.perf_counter() - started)
            ratios.append(ingest_rate / copy_rate)
            ingest_rates.append(ingest_rate)
            copy_rates.append(copy_rate)
    return {
        "bulk: gateway batches of 1000, completions/s (median)": round(statistics.median(ingest_rates)),
        "bulk: asyncpg copy_records_to_table, rows/s (median)": round(statistics.median(copy_rates)),
        "bulk: ratio, median of rounds (goal >= 0.05)": round(statistics.median(ratios), 3),
        "bulk: ratio per round": [round(r, 3) for r in ratios],
    }


async def singles(
    url: str, gateway: str, key: str, seconds: float, rounds: int
) -> tuple[dict[str, Any], list[LoadResult]]:
    counter = iter(range(10**9))
    headers = {"authorization": f"Bearer {key}"}

    async def post(session: aiohttp.ClientSession) -> int:
        async with session.post(
            gateway + "/v1/completions", json=item(next(counter), "single"), headers=headers
        ) as r:
            await r.read()
            return r.status

    results: list[LoadResult] = []
    ratios = []
    async with pg(url) as conn:
        for r in range(rounds):
            latencies = []
            started = time.perf_counter()
            i = 0
            while time.perf_counter() - started < seconds:
                t = time.perf_counter()
                await conn.execute(
                    "INSERT INTO bench_bare_completion VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                    *bare_row(r * 10**7 + i, "single"),
                )
                latencies.append(time.perf_counter() - t)
                i += 1
            baseline = summarize(
                "sequential autocommit INSERT", 1, latencies, time.perf_counter() - started, 0
            )
            through = await load("single posts through gateway", post, concurrency=32, seconds=seconds)
            results += [baseline, through]
            ratios.append(through.per_second / baseline.per_second)
    p99s = [r.p99_ms for r in results[1::2]]
    figures = {
        "single: ratio at 32 concurrent, median of rounds (goal >= 0.30)": round(
            statistics.median(ratios), 3
        ),
        "single: ratio per round": [round(r, 3) for r in ratios],
        "single: p99 ms, median of rounds (goal < 50)": statistics.median(p99s),
        "single: p99 ms, worst round": max(p99s),
    }
    return figures, results


async def csv_rows(rows: int) -> AsyncIterator[bytes]:
    yield CSV_HEADER.encode()
    for start in range(0, rows, 1000):
        yield "".join(
            f"csv-{i},SFA,2026-01-15,Given{i},Family{i},l{i}@example.com\n"
            for i in range(start, min(rows, start + 1000))
        ).encode()


async def csv_import(gateway: str, key: str, rows: int, training_pid: int) -> dict[str, Any]:
    before = peak_rss_bytes(training_pid)
    started = time.perf_counter()
    async with httpx.AsyncClient(timeout=600) as client:
        response = await client.post(
            gateway + "/v1/completions/import",
            content=csv_rows(rows),
            headers={"authorization": f"Bearer {key}", "content-type": "text/csv"},
        )
    elapsed = time.perf_counter() - started
    body = response.json()
    assert response.status_code == 200 and body["created"] == rows, (response.status_code, str(body)[:500])
    return {
        f"csv: {rows} rows imported in s": round(elapsed, 1),
        "csv: rows/s": round(rows / elapsed),
        "csv: training peak RSS before, MB": round(before / 1e6, 1),
        "csv: training peak RSS, MB (goal < 200)": round(peak_rss_bytes(training_pid) / 1e6, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bulk", type=int, default=60_000, help="completions over all rounds")
    parser.add_argument(
        "--seconds", type=float, default=4.0, help="per round, for each side of the single posts"
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--csv-rows", type=int, default=100_000)
    args = parser.parse_args()
    with bench_database() as url, system(url, ("training", "gateway")) as sys_:
        gateway = sys_["url"]("gateway")

        async def run() -> None:
            key = await setup(url, gateway)
            figures = await bulk(url, gateway, key, args.bulk, args.rounds)
            single_figures, results = await singles(url, gateway, key, args.seconds, args.rounds)
            figures |= single_figures
            figures |= await csv_import(gateway, key, args.csv_rows, sys_["pids"]["training"])
            report("completions", figures, results)

        asyncio.run(run())


if __name__ == "__main__":
    main()
