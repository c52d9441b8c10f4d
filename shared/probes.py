"""The HTTP side of a component that is not a web app (the worker, the mail receiver): `/metrics`, `/healthz`
and `/readyz`, served in the component's own event loop."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterator, Sequence

import orjson
import uvicorn
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.types import Receive, Scope, Send

from shared.db import database_reachable
from shared.metrics import MetricsMiddleware, Refresh, sample_pools
from shared.problems import send_problem
from shared.settings import SecorSettings

logger = logging.getLogger("secor.probes")

PATHS = ("/healthz", "/readyz")


class Probes:
    """Alive, and ready when the database answers; nothing else is served."""

    def __init__(self, component: str, engine: AsyncEngine) -> None:
        self.component = component
        self.engine = engine

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        path = scope["path"]
        if path == "/healthz" or (path == "/readyz" and await database_reachable(self.engine)):
            body = orjson.dumps(
                {"status": "ok" if path == "/healthz" else "ready", "component": self.component}
            )
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


def probes_app(
    component: str, settings: SecorSettings, engine: AsyncEngine, refreshers: Sequence[Refresh] = ()
) -> MetricsMiddleware:
    async def refresh_pools() -> None:
        sample_pools(component, engine)

    return MetricsMiddleware(
        Probes(component, engine),
        component=component,
        allowed_networks=settings.metrics_allowed_networks,
        templates=lambda _: PATHS,
        refreshers=[refresh_pools, *refreshers],
    )


class _QuietServer(uvicorn.Server):
    """The component owns its signals (the worker drains its deliveries first): the server must not take them."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


async def serve_probes(app: MetricsMiddleware, host: str, port: int, stop: asyncio.Event) -> None:
    """Serve until `stop` is set; a port that cannot be had costs the probes and metrics, not the component."""
    server = _QuietServer(
        uvicorn.Config(
            app, host=host, port=port, log_config=None, access_log=False, server_header=False, lifespan="off"
        )
    )

    async def serve() -> None:
        try:
            await server.serve()
        except (SystemExit, OSError):
            logger.error("/metrics and the probes are not served: port %s unavailable", port)

    serving = asyncio.create_task(serve())
    await asyncio.wait([serving, asyncio.create_task(stop.wait())], return_when=asyncio.FIRST_COMPLETED)
    server.should_exit = True
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(serving, 5)
