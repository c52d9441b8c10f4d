"""A webhook receiver for the benchmarks: answers 200 at once and remembers when each webhook-id arrived.

python -m bench.receiver PORT        (GET /received → {webhook_id: unix time of first arrival, ...};
                                      GET /count → how many distinct webhook-ids arrived)
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

import uvicorn

received: dict[str, float] = {}


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    if scope["method"] == "GET" and scope["path"] == "/count":
        body = str(len(received)).encode()
    elif scope["method"] == "GET":
        body = json.dumps(received).encode()
    else:
        now = time.time()
        more = True
        while more:
            message = await receive()
            more = message.get("more_body", False)
        for key, value in scope["headers"]:
            if key == b"webhook-id":
                received.setdefault(value.decode(), now)
        body = b"{}"
    await send(
        {"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]}
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
