"""LISTEN for PostgreSQL notifications in the background, reconnecting for as long as the process lives."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

import asyncpg

logger = logging.getLogger("secor.notify")


async def listen_forever(
    dsn: str, channel: str, on_notify: Callable[[str], None], *, on_connect: Callable[[], None] | None = None
) -> None:
    """Call `on_notify(payload)` for each notification on `channel`; `on_connect` after every (re)connect.

    Whatever was announced while disconnected is lost, so `on_connect` is where a cache starts clean.
    """
    while True:
        conn: asyncpg.Connection | None = None
        try:
            conn = await asyncpg.connect(dsn)
            closed = asyncio.Event()
            conn.add_termination_listener(lambda _conn, closed=closed: closed.set())
            await conn.add_listener(channel, lambda _c, _pid, _channel, payload: on_notify(payload))
            if on_connect is not None:
                on_connect()
            await closed.wait()
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            logger.warning("listener on %s lost its connection: %s", channel, exc)
            await asyncio.sleep(1)
        finally:
            if conn is not None:
                with contextlib.suppress(Exception):
                    await conn.close(timeout=2)


def start_listener(
    dsn: str, channel: str, on_notify: Callable[[str], None], **kwargs: Callable[[], None]
) -> asyncio.Task[None]:
    return asyncio.get_running_loop().create_task(listen_forever(dsn, channel, on_notify, **kwargs))


async def stop_listener(task: asyncio.Task[None] | None) -> None:
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
