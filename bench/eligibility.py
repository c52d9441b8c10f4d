"""Determination latency at scale, against the floor of a round trip through the gateway.

10,000 employers, each with 50 workers and 500 projected completions (5 million), seeded straight into the
tables with COPY. Then, interleaved in rounds at one request at a time: GET /v1/me (the floor) and
GET /v1/employers/{random}/eligibility by an integrator with access to every employer.
Goal (issue 3): the determination's p95 at most 3 times the floor.

    python -m bench.eligibility [--employers 10000] [--workers 50] [--completions 500] [--requests 600]
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

from bench.harness import LoadResult, bench_database, pg, report, summarize, system
from gateway.api_keys.schemas import ApiKeyCreate
from gateway.runner import create_api_key
from services.eligibility.determination.service import refresh_outcome
from services.eligibility.matching import email_key, name_key
from services.eligibility.settings import EligibilitySettings
from shared.db import make_engine

COURSES = ["SECOR", "PHSM", "SFA", "CSTS", "RSTS", "ESTS", "PCST", "FALL", "GROUND", "TRAFFIC"]
TODAY = dt.date.today()
NOW = dt.datetime.now(dt.UTC)


def employer_rows(
    e: int, workers: int, completions: int, integrator_id: str
) -> dict[str, list[tuple[Any, ...]]]:
    rng = random.Random(e)
    emp_id = f"emp_bench{e:08d}"
    wcb = f"{1_000_000 + e}"
    out: dict[str, list[tuple[Any, ...]]] = {
        "employer": [],
        "access": [],
        "worker": [],
        "completion": [],
        "wcb": [],
    }
    out["employer"].append(
        (emp_id, wcb, f"Employer {e}", None, None, f"owner{e}@example.com", "bench", NOW, NOW, None, None)
    )
    out["access"].append((emp_id, integrator_id, "bench", NOW))
    out["wcb"].append((f"wcb_bench{e:08d}", emp_id, "active", TODAY - dt.timedelta(days=900), "bench", NOW))
    people = []
    for w in range(workers):
        # Staggered stints: about ten people employed at any one time.
        start = TODAY - dt.timedelta(days=rng.randint(0, 3000))
        end = None if w % 5 == 0 else start + dt.timedelta(days=rng.randint(30, 600))
        given, family = f"Given{w}", f"Family{e}x{w}"
        email = f"w{w}.e{e}@example.com"
        learner = f"L{e}-{w}" if w % 3 else None
        people.append((given, family, email, learner))
        out["worker"].append(
            (
                f"wkr_bench{e:08d}{w:04d}",
                emp_id,
                str(w),
                given,
                family,
                email,
                None,
                learner,
                "worker",
                "full_time" if w % 4 else "part_time",
                True,
                start,
                end,
                email_key(email),
                name_key(given, family),
                NOW,
                NOW,
            )
        )
    for c in range(completions):
        given, family, email, learner = people[c % workers]
        course = COURSES[c % len(COURSES)]
        completed = TODAY - dt.timedelta(days=rng.randint(0, 2000))
        out["completion"].append(
            (
                f"cmp_bench{e:08d}{c:05d}",
                "prv_bench",
                course in ("SECOR", "PHSM", "CSTS", "FALL"),
                course,
                completed,
                completed + dt.timedelta(days=1095) if course == "SFA" else None,
                given,
                family,
                email if c % 2 else None,
                None,
                learner,
                wcb,
                None,
                email_key(email) if c % 2 else None,
                name_key(given, family),
                NOW,
                None,
            )
        )
    return out


COLUMNS = {
    "employer": (
        "eligibility_employer",
        [
            "id",
            "wcb_account_number",
            "legal_name",
            "trade_name",
            "industry",
            "contact_email",
            "registered_by",
            "created_at",
            "updated_at",
            "outcome",
            "outcome_at",
        ],
    ),
    "access": ("eligibility_integrator_access", None),
    "wcb": ("eligibility_wcb_status", None),
    "worker": (
        "eligibility_worker",
        [
            "id",
            "employer_id",
            "external_id",
            "given_name",
            "family_name",
            "email",
            "birth_date",
            "learner_id",
            "role",
            "employment_type",
            "covered_by_wcb_account",
            "start_date",
            "end_date",
            "email_key",
            "name_key",
            "created_at",
            "updated_at",
        ],
    ),
    "completion": (
        "eligibility_completion",
        [
            "completion_id",
            "provider_id",
            "provider_is_acsa",
            "course_code",
            "completed_on",
            "expires_on",
            "given_name",
            "family_name",
            "email",
            "birth_date",
            "learner_id",
            "employer_wcb_account_number",
            "certificate_number",
            "email_key",
            "name_key",
            "recorded_at",
            "revoked_at",
        ],
    ),
}


async def seed(url: str, employers: int, workers: int, completions: int, integrator_id: str) -> float:
    started = time.perf_counter()
    async with pg(url) as conn:
        for first in range(0, employers, 200):
            chunk: dict[str, list[tuple[Any, ...]]] = {k: [] for k in COLUMNS}
            for e in range(first, min(employers, first + 200)):
                for table, rows in employer_rows(e, workers, completions, integrator_id).items():
                    chunk[table] += rows
            for key, (table, columns) in COLUMNS.items():
                await conn.copy_records_to_table(table, records=chunk[key], columns=columns)
        await conn.execute("ANALYZE")
    # Every employer as the service leaves it after a change: its determination for today kept.
    engine = make_engine(url, pool_size=4)
    settings = EligibilitySettings()
    for first in range(0, employers, 500):
        async with engine.begin() as conn:
            for e in range(first, min(employers, first + 500)):
                await refresh_outcome(conn, f"emp_bench{e:08d}", settings, dt.datetime.now(dt.UTC))
    await engine.dispose()
    return time.perf_counter() - started


async def measure(
    gateway: str, key: str, employers: int, requests: int, rounds: int
) -> tuple[dict[str, Any], list[LoadResult]]:
    headers = {"authorization": f"Bearer {key}"}
    rng = random.Random(7)
    results: list[LoadResult] = []
    floors, dets = [], []
    async with aiohttp.ClientSession() as session:

        async def timed(path: str) -> float:
            started = time.perf_counter()
            async with session.get(gateway + path, headers=headers) as r:
                await r.read()
                assert r.status == 200, (r.status, await r.text())
            return time.perf_counter() - started

        for _ in range(50):  # warm connections and caches
            await timed("/v1/me")
            await timed(f"/v1/employers/emp_bench{rng.randrange(employers):08d}/eligibility")
        yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
        past: list[float] = []
        for _ in range(rounds):
            me = [await timed("/v1/me") for _ in range(requests // rounds)]
            det = [
                await timed(f"/v1/employers/emp_bench{rng.randrange(employers):08d}/eligibility")
                for _ in range(requests // rounds)
            ]
            old = [
                await timed(
                    f"/v1/employers/emp_bench{rng.randrange(employers):08d}/eligibility?as_of={yesterday}"
                )
                for _ in range(requests // rounds // 2)
            ]
            floors += me
            dets += det
            past += old
            results += [
                summarize("GET /v1/me (floor)", 1, me, sum(me), 0),
                summarize("GET eligibility (today)", 1, det, sum(det), 0),
                summarize("GET eligibility (as_of past)", 1, old, sum(old), 0),
            ]
    floor = summarize("floor", 1, floors, sum(floors), 0)
    today = summarize("determination", 1, dets, sum(dets), 0)
    computed = summarize("past", 1, past, sum(past), 0)
    figures = {
        "floor GET /v1/me median ms": floor.median_ms,
        "floor GET /v1/me p95 ms": floor.p95_ms,
        "determination median ms": today.median_ms,
        "determination p95 ms": today.p95_ms,
        "determination p95 / floor p95 (goal <= 3)": round(today.p95_ms / floor.p95_ms, 2),
        "determination p95 / floor median": round(today.p95_ms / floor.median_ms, 2),
        "determination median / floor median": round(statistics.median(dets) / statistics.median(floors), 2),
        "computed for a past as_of: median ms": computed.median_ms,
        "computed for a past as_of: p95 ms": computed.p95_ms,
    }
    return figures, results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employers", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=50)
    parser.add_argument("--completions", type=int, default=500)
    parser.add_argument("--requests", type=int, default=1200)
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()
    with bench_database() as url:
        integrator = "int_01BENCHBENCHBENCHBENCHBENC"
        key = asyncio.run(
            create_api_key(
                url,
                ApiKeyCreate(
                    name="bench", kind="integrator", integrator_id=integrator, rate_limit_per_minute=1_000_000
                ),
                created_by="bench",
            )
        )
        seconds = asyncio.run(seed(url, args.employers, args.workers, args.completions, integrator))
        print(
            f"  seeded {args.employers} employers, {args.employers * args.completions} completions in {seconds:.0f} s"
        )
        with system(url, ("eligibility", "gateway")) as sys_:
            figures, results = asyncio.run(
                measure(sys_["url"]("gateway"), key, args.employers, args.requests, args.rounds)
            )
    figures["seeded completions"] = args.employers * args.completions
    report("eligibility", figures, results)


if __name__ == "__main__":
    main()
