"""Determination latency at scale, against the floor of a round trip through the gateway.

10,000 employers, each with 50 workers and 500 projected completions (5 million), seeded straight into the
tables with COPY, with a history: 20 of each employer's workers were changed once since they were first
recorded, and its WCB account has three dated records (at least 20 versions of facts per employer). Then, in
five rounds at one request at a time: GET /v1/me (the floor), GET /v1/employers/{random}/eligibility (today's
answer, kept), and the same with a past `as_of` and `known_at` (computed from the versions).
Goals: today's p95 at most 3 times the floor's, and a past (as_of, known_at) p95 at most 15 times it, each the
median of the five rounds' ratios.

    python -m bench.eligibility [--employers 10000] [--workers 50] [--completions 500] [--requests 1200] [--rounds 5]
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
from launcher.runner import create_api_key
from services.eligibility.determination.service import refresh_outcome
from services.eligibility.matching import email_key, name_key
from services.eligibility.settings import EligibilitySettings
from shared.db import make_engine

COURSES = ["SECOR", "PHSM", "SFA", "CSTS", "RSTS", "ESTS", "PCST", "FALL", "GROUND", "TRAFFIC"]
TODAY = dt.date.today()
NOW = dt.datetime.now(dt.UTC)
# Everything seeded was first known this long ago, so past `known_at`s find an employer and its facts.
FIRST_KNOWN = NOW - dt.timedelta(days=4 * 365)
CHANGED_WORKERS = 20


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
        (
            emp_id,
            wcb,
            f"Employer {e}",
            None,
            None,
            f"owner{e}@example.com",
            "bench",
            FIRST_KNOWN,
            FIRST_KNOWN,
            None,
            None,
        )
    )
    out["access"].append((emp_id, integrator_id, "bench", FIRST_KNOWN))
    for r, (status, days_ago) in enumerate((("active", 1400), ("inactive", 900), ("active", 880))):
        recorded = FIRST_KNOWN + dt.timedelta(days=(1400 - days_ago))
        out["wcb"].append(
            (f"wcb_bench{e:08d}{r}", emp_id, status, TODAY - dt.timedelta(days=days_ago), "bench", recorded)
        )
    people = []
    for w in range(workers):
        # Staggered stints: about ten people employed at any one time.
        start = TODAY - dt.timedelta(days=rng.randint(0, 3000))
        end = None if w % 5 == 0 else start + dt.timedelta(days=rng.randint(30, 600))
        given, family = f"Given{w}", f"Family{e}x{w}"
        email = f"w{w}.e{e}@example.com"
        learner = f"L{e}-{w}" if w % 3 else None
        people.append((given, family, email, learner))
        full_time = "full_time" if w % 4 else "part_time"
        # The first `CHANGED_WORKERS` were changed once since: a later version of their employment type.
        changed_at = FIRST_KNOWN + dt.timedelta(days=rng.randint(30, 1400)) if w < CHANGED_WORKERS else None
        versions = [(FIRST_KNOWN, changed_at, "created", "part_time" if changed_at else full_time)]
        if changed_at is not None:
            versions.append((changed_at, None, "updated", full_time))
        for recorded, superseded, change, employment in versions:
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
                    employment,
                    True,
                    start,
                    end,
                    email_key(email),
                    name_key(given, family),
                    FIRST_KNOWN,
                    recorded,
                    "bench",
                    superseded,
                    change,
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
                (known := FIRST_KNOWN + dt.timedelta(days=rng.randint(0, 1400))),
                None,
                known,
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
    "access": ("eligibility_integrator_access", ["employer_id", "integrator_id", "granted_by", "granted_at"]),
    "wcb": ("eligibility_wcb_status", ["id", "employer_id", "status", "as_of", "recorded_by", "recorded_at"]),
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
            "recorded_at",
            "recorded_by",
            "superseded_at",
            "change",
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
            "known_from",
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
    today_ratios, past_ratios = [], []
    async with aiohttp.ClientSession() as session:

        async def timed(path: str) -> float:
            started = time.perf_counter()
            async with session.get(gateway + path, headers=headers) as r:
                await r.read()
                assert r.status == 200, (r.status, await r.text())
            return time.perf_counter() - started

        def employer() -> str:
            return f"/v1/employers/emp_bench{rng.randrange(employers):08d}/eligibility"

        def past() -> str:
            # Some day in the last two years, as known some moment in the last three.
            as_of = TODAY - dt.timedelta(days=rng.randint(1, 730))
            known = NOW - dt.timedelta(seconds=rng.randint(60, 3 * 365 * 86400))
            return f"{employer()}?as_of={as_of}&known_at={known.isoformat().replace('+00:00', 'Z')}"

        for _ in range(50):  # warm connections and caches
            await timed("/v1/me")
            await timed(employer())
        for _ in range(rounds):
            me = [await timed("/v1/me") for _ in range(requests // rounds)]
            det = [await timed(employer()) for _ in range(requests // rounds)]
            old = [await timed(past()) for _ in range(requests // rounds // 2)]
            floor, today, computed = (
                summarize("GET /v1/me (floor)", 1, me, sum(me), 0),
                summarize("GET eligibility (today)", 1, det, sum(det), 0),
                summarize("GET eligibility (as_of, known_at past)", 1, old, sum(old), 0),
            )
            results += [floor, today, computed]
            today_ratios.append(today.p95_ms / floor.p95_ms)
            past_ratios.append(computed.p95_ms / floor.p95_ms)
    floors = [r for r in results if r.label.startswith("GET /v1/me")]
    todays = [r for r in results if r.label == "GET eligibility (today)"]
    pasts = [r for r in results if r.label.startswith("GET eligibility (as_of")]
    figures = {
        "floor GET /v1/me p95 ms per round": [r.p95_ms for r in floors],
        "today's determination p95 ms per round": [r.p95_ms for r in todays],
        "past (as_of, known_at) p95 ms per round": [r.p95_ms for r in pasts],
        "today p95 / floor p95, median of rounds (goal <= 3)": round(statistics.median(today_ratios), 2),
        "today p95 / floor p95 per round": [round(x, 2) for x in today_ratios],
        "past p95 / floor p95, median of rounds (goal <= 15)": round(statistics.median(past_ratios), 2),
        "past p95 / floor p95 per round": [round(x, 2) for x in past_ratios],
        "today's determination median ms (median of rounds)": statistics.median(r.median_ms for r in todays),
        "past determination median ms (median of rounds)": statistics.median(r.median_ms for r in pasts),
    }
    return figures, results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employers", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=50)
    parser.add_argument("--completions", type=int, default=500)
    parser.add_argument("--requests", type=int, default=1200)
    parser.add_argument("--rounds", type=int, default=5)
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
