"""`secor worker`: the delivery loop as a process."""

from __future__ import annotations

import asyncio
import logging
import signal

from gateway.settings import WorkerSettings
from shared.logging import configure_logging

logger = logging.getLogger("secor.worker")


async def _main(settings: WorkerSettings) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    logger.info("worker started")
    await stop.wait()
    logger.info("worker stopped")


def run_worker() -> int:
    settings = WorkerSettings()
    configure_logging("worker", settings.log_level, settings.log_format)
    asyncio.run(_main(settings))
    return 0
