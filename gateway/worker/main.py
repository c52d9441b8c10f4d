"""`secor worker`: the delivery worker as a process."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal

from gateway.settings import WorkerSettings
from gateway.worker.loop import APPLICATION_NAME, PLANNER_SETTINGS, Worker
from gateway.worker.metrics import backlog_refresher
from shared.app import require_database_url
from shared.db import make_engine
from shared.logging import configure_logging
from shared.probes import probes_app, serve_probes
from shared.tracing import tracer

logger = logging.getLogger("secor.worker")


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
    probes = probes_app("worker", settings, engine, [backlog_refresher(engine)])
    serving = (
        asyncio.create_task(serve_probes(probes, settings.host, settings.worker_port, stop))
        if settings.worker_port
        else None
    )
    try:
        await Worker(settings, engine).run(stop)
    finally:
        stop.set()
        if serving is not None:
            with contextlib.suppress(Exception):
                await serving
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
