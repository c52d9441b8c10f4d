"""A webhook receiver for the benchmarks: answers 200 at once and remembers when each webhook-id arrived.

python -m bench.receiver PORT
    GET /count          how many distinct (path, webhook-id) pairs arrived
    GET /received/ID    {"at": unix time of the first arrival of ID at any path}, or 404
    GET /after/N        [[webhook-id, unix time, path], ...] for the arrivals after the first N, in order
    GET /wait/N         held until N arrivals in all, then {"at": unix time of the Nth} (408 after a minute)
    POST /hang          held for ten minutes, not counted: an endpoint that hangs

Arrivals are told apart by path as well as webhook-id: two endpoints that receive the same event get the same
webhook-id (the event's id), and each one's delivery must count. Each answer costs the same however many
webhooks have arrived, so polling it does not weigh on what is measured; a bench that waits for a burst to
land asks /wait once rather than polling /count, and takes the time of the burst's last arrival from it.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from typing import Any

import uvicorn

first_arrival: dict[str, float] = {}  # webhook-id -> when it first arrived, at any path
arrivals: set[tuple[str, str]] = set()  # (path, webhook-id)
arrival_order: list[tuple[str, float, str]] = []  # (webhook-id, when, path)
waiters: dict[int, asyncio.Future[None]] = {}  # arrival count -> resolved when it is reached
WAIT_SECONDS = 60.0
HANGING = "/hang"  # POSTs here are held for HANG_SECONDS and not counted
HANG_SECONDS = 600.0


async def answer_wait(n: int) -> tuple[int, bytes]:
    if len(arrival_order) < n:
        reached = waiters.setdefault(n, asyncio.get_running_loop().create_future())
        try:
            await asyncio.wait_for(asyncio.shield(reached), WAIT_SECONDS)
        except TimeoutError:
            return 408, json.dumps({"arrived": len(arrival_order)}).encode()
    return 200, json.dumps({"at": arrival_order[n - 1][1] if n else 0.0}).encode()


def answer_get(path: str) -> tuple[int, bytes]:
    if path == "/count":
        return 200, str(len(arrival_order)).encode()
    if path.startswith("/received/"):
        at = first_arrival.get(path.removeprefix("/received/"))
        return (404, b"{}") if at is None else (200, json.dumps({"at": at}).encode())
    if path.startswith("/after/") and path.removeprefix("/after/").isdigit():
        return 200, json.dumps(arrival_order[int(path.removeprefix("/after/")) :]).encode()
    return 404, b"{}"


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    status = 200
    if scope["method"] == "GET" and scope["path"].startswith("/wait/") and scope["path"][6:].isdigit():
        status, body = await answer_wait(int(scope["path"][6:]))
    elif scope["method"] == "GET":
        status, body = answer_get(scope["path"])
    elif scope["path"] == HANGING:
        # A receiver that never answers in time: the worker's timeout ends each attempt.
        await asyncio.sleep(HANG_SECONDS)
        body = b"{}"
    else:
        now = time.time()
        more = True
        while more:
            message = await receive()
            more = message.get("more_body", False)
        for key, value in scope["headers"]:
            if key == b"webhook-id" and (scope["path"], webhook_id := value.decode()) not in arrivals:
                arrivals.add((scope["path"], webhook_id))
                first_arrival.setdefault(webhook_id, now)
                arrival_order.append((webhook_id, now, scope["path"]))
                reached = waiters.pop(len(arrival_order), None)
                if reached is not None:
                    reached.set_result(None)
        body = b"{}"
    await send(
        {"type": "http.response.start", "status": status, "headers": [(b"content-type", b"application/json")]}
    )
    await send({"type": "http.response.body", "body": body})


if __name__ == "__main__":
    uvicorn.run(
        app,
        host="127.0.0.1",
        port=int(sys.argv[1]),
        log_level="warning",
        access_log=False,
        http="httptools",
        loop="uvloop",
    )
