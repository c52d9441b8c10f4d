"""`secor worker`: the delivery worker as a process."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal

import uvicorn

from gateway.settings import WorkerSettings
from gateway.worker.loop import APPLICATION_NAME, PLANNER_SETTINGS, Worker
from gateway.worker.server import worker_http_server
from shared.app import require_database_url
from shared.db import make_engine
from shared.logging import configure_logging
from shared.tracing import tracer

logger = logging.getLogger("secor.worker")


async def _serve(server: uvicorn.Server) -> None:
    """Serve the probes and metrics; a port that cannot be had costs them, not the deliveries."""
    try:
        await server.serve()
    except (SystemExit, OSError):
        logger.error(
            "the worker's /metrics and probes are not served: port %s unavailable", server.config.port
        )


async def _main(settings: WorkerSettings) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    # No pre-ping, a round trip per checkout: a statement that meets a dead connection fails, the connection is
    # discarded, and the worker's loop tries again (see Worker._guarded), so a database restart is survived.
    engine = make_engine(
        require_database_url(settings),
        pool_size=5,
        application_name=APPLICATION_NAME,
        pre_ping=False,
        server_settings=PLANNER_SETTINGS,
    )
    server = worker_http_server(settings, engine) if settings.worker_port else None
    serving = asyncio.create_task(_serve(server)) if server is not None else None
    try:
        await Worker(settings, engine).run(stop)
    finally:
        if server is not None and serving is not None:
            server.should_exit = True
            with contextlib.suppress(Exception):
                await asyncio.wait_for(serving, 5)
        await engine.dispose()


def run_worker() -> int:
    settings = WorkerSettings()
    configure_logging("worker", settings.log_level, settings.log_format)
    tracer.configure("worker")
    try:
        import uvloop

        uvloop.install()
    except ImportError:  # pragma: no cover - uvloop is not built for Windows
        pass
    # What is loaded by now lives as long as the process: frozen, the collector's full collections skip it.
    gc.freeze()
    # Deliveries leave almost no cycles (their objects are freed by reference counting), so the young
    # generation is collected far less often than the default threshold (700 allocations) would.
    gc.set_threshold(20_000, 20, 20)
    asyncio.run(_main(settings))
    return 0
