"""Gateway overhead: GET /v1/courses through the gateway against the training service called directly.

Goals (issue 2): proxied throughput at 32 concurrent at least 0.25 of direct; at most 1 ms added at the median
with 1 request at a time. Both sides run in this same run, alternating, against the same processes. Two
gateways run side by side, one per proxy HTTP client (aiohttp, httpx), so the choice is made by these figures.

    python -m bench.gateway [--seconds 3] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp

from bench.harness import LoadResult, bench_database, load, report, system
from gateway.api_keys.schemas import ApiKeyCreate
from launcher.runner import create_api_key
from shared.principal import PRINCIPAL_HEADER, Principal, sign_principal
from shared.settings import DEV_PRINCIPAL_SECRET
from tests.servers import component, free_port


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with bench_database() as url:
        key = asyncio.run(
            create_api_key(
                url,
                ApiKeyCreate(name="bench", kind="staff", role="admin", rate_limit_per_minute=1_000_000),
                created_by="bench",
            )
        )
        with system(url, ("training",)) as sys_:
            env = sys_["env"]
            gateways = {}
            with contextlib.ExitStack() as stack:
                for client in ("aiohttp", "httpx"):
                    genv = env | {"SECOR_GATEWAY_PORT": str(free_port()), "SECOR_GATEWAY_HTTP_CLIENT": client}
                    stack.enter_context(component("gateway", genv, Path(tempfile.mkdtemp())))
                    gateways[client] = f"http://127.0.0.1:{genv['SECOR_GATEWAY_PORT']}"
                asyncio.run(run(sys_["url"]("training"), gateways, key, args.seconds, args.rounds))


async def run(training: str, gateways: dict[str, str], key: str, seconds: float, rounds: int) -> None:
    direct_url = training + "/v1/courses"
    principal = Principal.build("staff", "key_bench", "bench", role="admin")
    direct_headers = {
        "x-request-id": "bench",
        PRINCIPAL_HEADER: sign_principal(principal, "bench", DEV_PRINCIPAL_SECRET, ttl_seconds=3600),
    }
    gateway_headers = {"authorization": f"Bearer {key}"}

    async def direct(session: aiohttp.ClientSession) -> int:
        async with session.get(direct_url, headers=direct_headers) as r:
            await r.read()
            return r.status

    def proxied(base: str) -> Callable[[aiohttp.ClientSession], Awaitable[int]]:
        async def call(session: aiohttp.ClientSession) -> int:
            async with session.get(base + "/v1/courses", headers=gateway_headers) as r:
                await r.read()
                return r.status

        return call

    results: list[LoadResult] = []
    figures: dict[str, Any] = {}
    for concurrency in (1, 32):
        rows: dict[str, list[tuple[LoadResult, LoadResult]]] = {client: [] for client in gateways}
        for _ in range(rounds):
            for client, base in gateways.items():
                d = await load(
                    "direct training /v1/courses", direct, concurrency=concurrency, seconds=seconds
                )
                g = await load(
                    f"gateway ({client}) /v1/courses", proxied(base), concurrency=concurrency, seconds=seconds
                )
                results += [d, g]
                rows[client].append((d, g))
        for client, pairs in rows.items():
            if concurrency == 32:
                ratio = statistics.median(g.per_second / d.per_second for d, g in pairs)
                figures[f"{client}: throughput ratio at 32 (goal >= 0.25)"] = round(ratio, 3)
            else:
                added = statistics.median(g.median_ms - d.median_ms for d, g in pairs)
                figures[f"{client}: median added at 1, ms (goal <= 1.0)"] = round(added, 3)
    report("gateway", figures, results)


if __name__ == "__main__":
    main()
