"""Certificate verification at Alberta's scale, and the dashboard overview, each against a same-run baseline.

- 11,000 certificates (about every COR/SECOR holder in Alberta), seeded with COPY. Public verification lookups
  of random numbers through the gateway, against GET /healthz through the gateway, at the same concurrency,
  rounds interleaved. Goal (issue 7): at least 0.5 of the health check's rate. The per-address limit for
  anonymous callers is raised for the run: one load generator is one address, and the limiter is not what
  is measured here (tests/certificates/test_verification.py checks it).
- GET /v1/stats/overview through the gateway with those 11,000 employers and a million completions.
  Goal: median under 200 ms.

    python -m bench.verification [--certificates 11000] [--completions 1000000] [--seconds 4] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import statistics
import time
from typing import Any

import aiohttp

from bench.harness import LoadResult, bench_database, load, pg, report, summarize, system
from gateway.api_keys.schemas import ApiKeyCreate
from launcher.runner import create_api_key
from services.eligibility.certificates.numbers import certificate_number

NOW = dt.datetime.now(dt.UTC)
TODAY = NOW.date()
COURSES = ["SECOR", "PHSM", "SFA", "CSTS", "RSTS", "ESTS", "PCST"]
STATUSES = ["active"] * 8 + ["maintenance_due", "expired", "cancelled", "revoked"]


async def seed(url: str, certificates: int, completions: int) -> list[str]:
    """Employers each holding one certificate, a provider, and completions spread over five years."""
    rng = random.Random(11)
    numbers = []
    employers, issued = [], []
    for i in range(certificates):
        employer_id = f"emp_bench{i:08d}"
        valid_from = TODAY - dt.timedelta(days=rng.randint(0, 1000))
        number = certificate_number(valid_from.year, i + 1)
        numbers.append(number)
        employers.append(
            (
                employer_id,
                f"{2_000_000 + i}",
                f"Holder {i} Ltd.",
                f"owner{i}@example.com",
                "bench",
                NOW,
                NOW,
                rng.choice(["eligible", "not_eligible", "cor_required"]),
            )
        )
        issued.append(
            (
                number,
                employer_id,
                f"sub_bench{i:08d}",
                rng.choice(STATUSES),
                NOW,
                valid_from,
                valid_from + dt.timedelta(days=1094),
                12,
                valid_from - dt.timedelta(days=400),
                valid_from - dt.timedelta(days=35),
                NOW,
            )
        )
    async with pg(url) as conn:
        await conn.copy_records_to_table(
            "eligibility_employer",
            records=employers,
            columns=[
                "id",
                "wcb_account_number",
                "legal_name",
                "contact_email",
                "registered_by",
                "created_at",
                "updated_at",
                "outcome",
            ],
        )
        await conn.copy_records_to_table(
            "eligibility_certificate",
            records=issued,
            columns=[
                "number",
                "employer_id",
                "submission_id",
                "status",
                "status_changed_at",
                "valid_from",
                "valid_until",
                "documentation_months",
                "audit_period_start",
                "audit_period_end",
                "issued_at",
            ],
        )
        # As a recomputation leaves them: the first day the calendar could change an outcome is the day after
        # the certificate ends (no other fact is on file), so the scheduler has nothing to take while measured.
        await conn.execute(
            "UPDATE eligibility_employer e SET outcome_changes_on = c.valid_until + 1 "
            "FROM eligibility_certificate c WHERE c.employer_id = e.id"
        )
        await conn.execute(
            "UPDATE eligibility_employer SET outcome_changes_on = '9999-12-31' WHERE outcome_changes_on IS NULL"
        )
        await conn.execute(
            "INSERT INTO training_provider (id, name, is_acsa) VALUES ('prv_bench', 'Bench', true)"
        )
        batch = []
        for c in range(completions):
            completed = TODAY - dt.timedelta(days=rng.randint(0, 1800))
            batch.append(
                (
                    f"cmp_bench{c:09d}",
                    "prv_bench",
                    f"rec-{c}",
                    COURSES[c % len(COURSES)],
                    completed,
                    f"Given{c}",
                    f"Family{c}",
                    NOW,
                )
            )
            if len(batch) == 100_000:
                await _copy_completions(conn, batch)
                batch = []
        if batch:
            await _copy_completions(conn, batch)
        await conn.execute("ANALYZE")
    return numbers


async def _copy_completions(conn: Any, rows: list[tuple[Any, ...]]) -> None:
    await conn.copy_records_to_table(
        "training_completion",
        records=rows,
        columns=[
            "id",
            "provider_id",
            "provider_record_id",
            "course_code",
            "completed_on",
            "learner_given_name",
            "learner_family_name",
            "recorded_at",
        ],
    )


async def throughput(
    gateway: str, numbers: list[str], seconds: float, rounds: int, concurrency: int
) -> tuple[dict[str, Any], list[LoadResult]]:
    rng = random.Random(5)

    async def verify(session: aiohttp.ClientSession) -> int:
        async with session.get(f"{gateway}/v1/certificates/{rng.choice(numbers)}/verification") as r:
            await r.read()
            return r.status

    async def healthz(session: aiohttp.ClientSession) -> int:
        async with session.get(f"{gateway}/healthz") as r:
            await r.read()
            return r.status

    # Cold: every number once, in random order, right after start: no answer has been kept anywhere yet.
    cold_health = await load(
        "GET /healthz via gateway (cold pass)", healthz, concurrency=concurrency, seconds=seconds
    )
    order = numbers[:]
    rng.shuffle(order)
    latencies: list[float] = []
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency)) as session:

        async def worker() -> None:
            while order:
                number = order.pop()
                started = time.perf_counter()
                async with session.get(f"{gateway}/v1/certificates/{number}/verification") as r:
                    await r.read()
                    assert r.status == 200, r.status
                latencies.append(time.perf_counter() - started)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        cold = summarize(
            "verification, each number once (cold)", concurrency, latencies, time.perf_counter() - started, 0
        )
    results, ratios = [cold_health, cold], []
    for r in range(rounds):
        base = await load(
            f"GET /healthz via gateway (round {r + 1})", healthz, concurrency=concurrency, seconds=seconds
        )
        ours = await load(
            f"verification via gateway (round {r + 1})", verify, concurrency=concurrency, seconds=seconds
        )
        assert ours.errors == 0 and base.errors == 0, (ours, base)
        results += [base, ours]
        ratios.append(ours.per_second / base.per_second)
    verification = [x.per_second for x in results[3::2]]
    health = [x.per_second for x in results[2::2]]
    return {
        "cold pass: every number once, lookups/s": round(cold.per_second),
        "cold pass: verification / healthz (goal >= 0.5)": round(cold.per_second / cold_health.per_second, 3),
        "steady state: random numbers, lookups/s via gateway (median)": round(
            statistics.median(verification)
        ),
        "steady state: GET /healthz/s via gateway (median)": round(statistics.median(health)),
        "steady state: verification / healthz, median of rounds (goal >= 0.5)": round(
            statistics.median(ratios), 3
        ),
        "ratio per round": [round(x, 3) for x in ratios],
    }, results


async def overview(gateway: str, admin: str, requests: int) -> dict[str, Any]:
    headers = {"authorization": f"Bearer {admin}"}
    timings = []
    async with aiohttp.ClientSession() as session:
        for i in range(requests + 3):
            started = time.perf_counter()
            async with session.get(f"{gateway}/v1/stats/overview", headers=headers) as r:
                body = await r.json()
                assert r.status == 200, body
            if i >= 3:  # the first few warm the services' caches and prepared statements
                timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {
        "stats/overview: median ms (goal < 200)": round(statistics.median(timings), 1),
        "stats/overview: p95 ms": round(timings[int(0.95 * len(timings)) - 1], 1),
        "stats/overview: completions in its window": body["completions_last_30_days"]["total"],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--certificates", type=int, default=11_000)
    parser.add_argument("--completions", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--overview-requests", type=int, default=40)
    args = parser.parse_args()
    with bench_database() as url:
        numbers = asyncio.run(seed(url, args.certificates, args.completions))
        names = ("eligibility", "training", "submission", "gateway")
        limits = {
            "SECOR_ANONYMOUS_RATE_LIMIT_PER_MINUTE": "100000000",
            "SECOR_ANONYMOUS_RATE_LIMIT_BURST": "1000000",
        }
        with system(url, names, **limits) as sys_:
            gateway = sys_["url"]("gateway")

            async def run() -> None:
                admin = await create_api_key(
                    url,
                    ApiKeyCreate(
                        name="bench admin", kind="staff", role="admin", rate_limit_per_minute=1_000_000
                    ),
                    created_by="bench",
                )
                figures, results = await throughput(
                    gateway, numbers, args.seconds, args.rounds, args.concurrency
                )
                figures |= await overview(gateway, admin, args.overview_requests)
                figures["certificates, completions"] = [args.certificates, args.completions]
                report("verification", figures, results)

            asyncio.run(run())


if __name__ == "__main__":
    main()
