"""A webhook receiver for the benchmarks: answers 200 at once and remembers when each webhook-id arrived.

python -m bench.receiver PORT
    GET /count          how many distinct webhook-ids arrived
    GET /received/ID    {"at": unix time of the first arrival of ID}, or 404
    GET /after/N        [[webhook-id, unix time, path], ...] for the arrivals after the first N, in order

Each answer costs the same however many webhooks have arrived, so polling it does not weigh on what is measured.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

import uvicorn

received: dict[str, float] = {}
arrival_order: list[str] = []
path_of: dict[str, str] = {}


def answer_get(path: str) -> tuple[int, bytes]:
    if path == "/count":
        return 200, str(len(arrival_order)).encode()
    if path.startswith("/received/"):
        at = received.get(path.removeprefix("/received/"))
        return (404, b"{}") if at is None else (200, json.dumps({"at": at}).encode())
    if path.startswith("/after/") and path.removeprefix("/after/").isdigit():
        first = int(path.removeprefix("/after/"))
        return 200, json.dumps([[key, received[key], path_of[key]] for key in arrival_order[first:]]).encode()
    return 404, b"{}"


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    status = 200
    if scope["method"] == "GET":
        status, body = answer_get(scope["path"])
    else:
        now = time.time()
        more = True
        while more:
            message = await receive()
            more = message.get("more_body", False)
        for key, value in scope["headers"]:
            if key == b"webhook-id" and (webhook_id := value.decode()) not in received:
                received[webhook_id] = now
                path_of[webhook_id] = scope["path"]
                arrival_order.append(webhook_id)
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
