"""What every benchmark needs: a fresh migrated database, real component processes, a load generator."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg
from sqlalchemy.engine import make_url

from launcher.runner import migrate, seed
from shared.db import asyncpg_dsn
from tests.servers import ROOT, component, component_env

RESULTS = ROOT / "bench" / "results"


@contextlib.contextmanager
def bench_database() -> Iterator[str]:
    """A new database on SECOR_BENCH_DATABASE_URL's server (default: the embedded one), dropped afterwards."""
    server = os.environ.get("SECOR_BENCH_DATABASE_URL")
    if not server:
        from launcher.embedded_db import start_embedded_postgres

        # Stopped when the benchmark's process ends (if it started it).
        server = start_embedded_postgres(ROOT / ".data" / "bench-pg", stop_at_exit=True).url
    name = f"secor_bench_{uuid.uuid4().hex[:8]}"

    async def admin(sql: str) -> None:
        conn = await asyncpg.connect(asyncpg_dsn(server))
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    url = make_url(asyncpg_dsn(server)).set(database=name).render_as_string(hide_password=False)
    try:
        migrate(url)
        asyncio.run(seed(url))
        yield url
    finally:
        asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@contextlib.contextmanager
def system(database_url: str, names: tuple[str, ...], **overrides: str) -> Iterator[dict[str, Any]]:
    """Real component processes on free ports; yields the environment they run with (ports, pids)."""
    log_dir = Path(tempfile.mkdtemp(prefix="secor-bench-"))
    env = component_env(database_url, log_dir, **({"SECOR_LOG_LEVEL": "WARNING"} | overrides))
    with contextlib.ExitStack() as stack:
        pids = {name: stack.enter_context(component(name, env, log_dir)).pid for name in names}
        yield {
            "env": env,
            "pids": pids,
            "url": lambda n: f"http://127.0.0.1:{env[f'SECOR_{n.upper()}_PORT']}",
        }


@dataclass
class LoadResult:
    label: str
    concurrency: int
    requests: int
    seconds: float
    per_second: float
    median_ms: float
    p95_ms: float
    p99_ms: float
    errors: int


async def load(
    label: str,
    request: Callable[[aiohttp.ClientSession], Awaitable[int]],
    *,
    concurrency: int,
    seconds: float,
    warmup: float = 0.5,
) -> LoadResult:
    """Drive `request` from `concurrency` workers for `seconds`; statuses >= 400 count as errors."""
    latencies: list[float] = []
    errors = 0
    connector = aiohttp.TCPConnector(limit=concurrency, force_close=False)
    async with aiohttp.ClientSession(connector=connector) as session:
        stop_warm = time.perf_counter() + warmup
        while time.perf_counter() < stop_warm:
            await request(session)
        deadline = time.perf_counter() + seconds

        async def worker() -> None:
            nonlocal errors
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                status = await request(session)
                latencies.append(time.perf_counter() - started)
                if status >= 400:
                    errors += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return summarize(label, concurrency, latencies, elapsed, errors)


def summarize(
    label: str, concurrency: int, latencies: list[float], elapsed: float, errors: int
) -> LoadResult:
    ordered = sorted(latencies) or [0.0]

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000

    return LoadResult(
        label=label,
        concurrency=concurrency,
        requests=len(latencies),
        seconds=round(elapsed, 3),
        per_second=round(len(latencies) / elapsed, 1) if elapsed else 0.0,
        median_ms=round(statistics.median(ordered) * 1000, 3),
        p95_ms=round(pct(0.95), 3),
        p99_ms=round(pct(0.99), 3),
        errors=errors,
    )


def report(name: str, figures: dict[str, Any], results: list[LoadResult] | None = None) -> None:
    """Print the figures and keep them in bench/results/<name>.json."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    payload = {
        "benchmark": name,
        "at": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "figures": figures,
        "runs": [asdict(r) for r in results or []],
    }
    (RESULTS / f"{name}.json").write_text(json.dumps(payload, indent=2))
    for r in results or []:
        print(
            f"  {r.label:<34} c={r.concurrency:<3} {r.per_second:>9.1f}/s  median {r.median_ms:>7.3f} ms"
            f"  p95 {r.p95_ms:>7.3f} ms  p99 {r.p99_ms:>7.3f} ms  errors {r.errors}"
        )
    for key, value in figures.items():
        print(f"  {key}: {value}")


@contextlib.asynccontextmanager
async def pg(url: str) -> AsyncIterator[asyncpg.Connection]:
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        yield conn
    finally:
        await conn.close()
