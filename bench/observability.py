"""What metrics and traces cost each request, in one process, against the same request without them.

An ASGI app that answers at once is called through the layers every component runs: bare; with the request
context (request id, access log, the trace's span); and with the metrics layer outside that (route template,
the latency histogram). The added microseconds per request are what every figure of the HTTP benchmarks
carries. A scrape of /metrics is timed with the registry holding a realistic set of series.

Goal (issue 22): the layers add well under the gateway's budget of 1 ms at the median (here: under 50 µs).

    python -m bench.observability [--requests 20000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import statistics
import time
from typing import Any

from bench.harness import report
from gateway.openapi import PublicDocument
from shared.metrics import MetricsMiddleware, exposition
from shared.middleware import RequestContextMiddleware

BODY = json.dumps({"data": []}).encode()


async def answer(scope: Any, receive: Any, send: Any) -> None:
    await send(
        {"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]}
    )
    await send({"type": "http.response.body", "body": BODY})


def scope_for(path: str) -> dict[str, Any]:
    return {
        "type": "http",
        "method": "GET",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [
            (b"host", b"bench"),
            (b"traceparent", b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
        ],
        "client": ("127.0.0.1", 5000),
    }


async def per_request_us(app: Any, requests: int) -> float:
    paths = [f"/v1/employers/emp_{n}/eligibility" for n in range(64)]

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Any) -> None:
        return None

    started = time.perf_counter()
    for n in range(requests):
        await app(scope_for(paths[n % 64]), receive, send)
    return (time.perf_counter() - started) / requests * 1e6


async def run(requests: int, rounds: int) -> dict[str, Any]:
    # The access log line is written as in production (JSON to a handler), here to nowhere.
    logging.getLogger("secor.access").addHandler(logging.NullHandler())
    logging.getLogger("secor.access").propagate = False
    logging.getLogger("secor.access").setLevel(logging.INFO)
    templates = PublicDocument().path_templates()
    context = RequestContextMiddleware(answer)
    layers = {
        "bare": answer,
        "request context and trace": context,
        "with metrics": MetricsMiddleware(
            context, component="bench", allowed_networks=["127.0.0.0/8"], templates=lambda _: templates
        ),
    }
    timings: dict[str, list[float]] = {name: [] for name in layers}
    for _ in range(rounds):
        for name, app in layers.items():
            await per_request_us(app, requests // 10)  # warm
            timings[name].append(await per_request_us(app, requests))
    median = {name: statistics.median(values) for name, values in timings.items()}
    scrapes = []
    for _ in range(20):
        started = time.perf_counter()
        body = exposition()
        scrapes.append((time.perf_counter() - started) * 1000)
    metrics_added = median["with metrics"] - median["request context and trace"]
    return {
        "bare app, µs per request": round(median["bare"], 2),
        "request context and trace, µs per request": round(median["request context and trace"], 2),
        "request context, trace and metrics, µs per request": round(median["with metrics"], 2),
        "metrics layer added, µs per request": round(metrics_added, 2),
        "observability added in all, µs per request (goal < 50)": round(
            median["with metrics"] - median["bare"], 2
        ),
        "scrape of /metrics, ms (median of 20)": round(statistics.median(scrapes), 3),
        "scrape size, bytes": len(body),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    report("observability", asyncio.run(run(args.requests, args.rounds)))


if __name__ == "__main__":
    main()
