"""Webhook fixtures: a real receiver on loopback that checks signatures, and the worker running in-process."""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.ext.asyncio import AsyncEngine
from standardwebhooks import Webhook

from gateway.settings import WorkerSettings
from gateway.worker.loop import Worker
from tests.helpers import auth, new_key
from tests.servers import ServerThread


@dataclass
class Received:
    webhook_id: str
    body: dict[str, Any]
    headers: dict[str, str]
    path: str
    raw: bytes = b""
    at: float = 0.0  # time.monotonic() when the request arrived


@dataclass
class Receiver:
    """Records what reaches it; `script` holds the answers to give, by path, before answering 200; `delays`
    how long to take over the next answers, by path."""

    server: ServerThread
    received: list[Received] = field(default_factory=list)
    script: dict[str, list[tuple[int, dict[str, str]]]] = field(default_factory=dict)
    delays: dict[str, list[float]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str = "/hook") -> str:
        return self.server.url + path

    def reset(self) -> None:
        with self.lock:
            self.received.clear()
            self.script.clear()
            self.delays.clear()

    def fail(self, path: str, times: int, status: int = 500, headers: dict[str, str] | None = None) -> None:
        with self.lock:
            self.script.setdefault(path, []).extend([(status, headers or {})] * times)

    def slow(self, path: str, times: int, seconds: float) -> None:
        with self.lock:
            self.delays.setdefault(path, []).extend([seconds] * times)

    def at(self, path: str = "/hook") -> list[Received]:
        with self.lock:
            return [r for r in self.received if r.path == path]


def receiver_app(state: dict[str, Receiver]) -> FastAPI:
    app = FastAPI()

    @app.post("/{path:path}")
    async def hook(path: str, request: Request) -> Response:
        arrived = time.monotonic()
        receiver = state["receiver"]
        body = await request.body()
        with receiver.lock:
            delays = receiver.delays.get("/" + path)
            delay = delays.pop(0) if delays else 0.0
        await asyncio.sleep(delay)
        with receiver.lock:
            script = receiver.script.get("/" + path)
            if script:
                status, headers = script.pop(0)
                receiver.received.append(
                    Received(
                        request.headers["webhook-id"],
                        {"failed": status},
                        dict(request.headers),
                        "/failed",
                        body,
                        arrived,
                    )
                )
                return JSONResponse({"error": "scripted"}, status_code=status, headers=headers)
            receiver.received.append(
                Received(
                    request.headers["webhook-id"],
                    json.loads(body),
                    dict(request.headers),
                    "/" + path,
                    body,
                    arrived,
                )
            )
        return JSONResponse({"ok": True})

    return app


@pytest.fixture(scope="session")
def receiver() -> Iterator[Receiver]:
    state: dict[str, Receiver] = {}
    with ServerThread(receiver_app(state)) as server:
        state["receiver"] = Receiver(server)
        yield state["receiver"]


@pytest.fixture
def hooks(receiver: Receiver) -> Receiver:
    receiver.reset()
    return receiver


def worker_settings(database_url: str, **overrides: Any) -> WorkerSettings:
    values: dict[str, Any] = {
        "environment": "test",
        "database_url": database_url,
        "worker_poll_interval_seconds": 0.2,
        "webhook_retry_schedule_seconds": [0, 0.2, 0.2, 0.2, 0.2],
        "webhook_retry_jitter": 0.0,
        "webhook_timeout_seconds": 2.0,
        "outbound_allowed_networks": ["127.0.0.0/8"],
        "internal_subscriptions": {},
        "smtp_port": 1,  # nothing listens: mail stays queued unless a test starts a server
        "mail_retry_schedule_seconds": [0.2],
    }
    return WorkerSettings(**(values | overrides))


@contextlib.asynccontextmanager
async def running_worker(settings: WorkerSettings, engine: AsyncEngine) -> AsyncIterator[Worker]:
    worker = Worker(settings, engine)
    stop = asyncio.Event()
    task = asyncio.create_task(worker.run(stop))
    try:
        yield worker
    finally:
        stop.set()
        await asyncio.wait_for(task, 20)


async def eventually(check: Any, timeout: float = 10.0, interval: float = 0.05) -> Any:
    """Poll `check()` (sync or async) until it returns something truthy."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        result = check()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return result
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"condition not met within {timeout}s")
        await asyncio.sleep(interval)


async def endpoint(api: httpx.AsyncClient, key: str, url: str, **fields: Any) -> dict[str, Any]:
    response = await api.post("/v1/webhook-endpoints", json={"url": url} | fields, headers=auth(key))
    assert response.status_code == 201, response.text
    return response.json()


def verify(secret: str, received: Received) -> dict[str, Any]:
    """The official Standard Webhooks verifier, as a receiver would use it."""
    return Webhook(secret).verify(received.raw, received.headers)


@pytest.fixture
async def staff_key(engine: AsyncEngine) -> str:
    return await new_key(engine, "staff", role="admin")
