"""The worker's HTTP side: `/metrics`, `/healthz` and `/readyz`, served in the worker's own event loop."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import orjson
import uvicorn
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.types import Receive, Scope, Send

from gateway.settings import WorkerSettings
from gateway.worker.metrics import backlog_refresher
from shared.db import database_reachable
from shared.metrics import MetricsMiddleware, sample_pools
from shared.problems import send_problem

PATHS = ("/healthz", "/readyz")


class Probes:
    """Alive, and ready when the database answers; nothing else is served."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        path = scope["path"]
        if path == "/healthz" or (path == "/readyz" and await database_reachable(self.engine)):
            body = orjson.dumps({"status": "ok" if path == "/healthz" else "ready", "component": "worker"})
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", b"%d" % len(body)),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})
        elif path == "/readyz":
            await send_problem(send, 503, "The database cannot be reached.", title="Service Unavailable")
        else:
            await send_problem(
                send, 404, "The worker serves /metrics, /healthz and /readyz only.", instance=path
            )


def worker_http_app(settings: WorkerSettings, engine: AsyncEngine) -> MetricsMiddleware:
    async def refresh_pools() -> None:
        sample_pools("worker", engine)

    return MetricsMiddleware(
        Probes(engine),
        component="worker",
        allowed_networks=settings.metrics_allowed_networks,
        templates=lambda _: PATHS,
        refreshers=[refresh_pools, backlog_refresher(engine)],
    )


class _QuietServer(uvicorn.Server):
    """The worker owns its signals (a stop drains its deliveries first): the server must not take them."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def worker_http_server(settings: WorkerSettings, engine: AsyncEngine) -> uvicorn.Server:
    config = uvicorn.Config(
        worker_http_app(settings, engine),
        host=settings.host,
        port=settings.worker_port,
        log_config=None,
        access_log=False,
        server_header=False,
        lifespan="off",
    )
    return _QuietServer(config)
