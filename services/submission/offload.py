"""Handing blocking work to threads in order, without letting the event loop wait on each piece."""

from __future__ import annotations

import asyncio
import collections
import contextlib
from collections.abc import AsyncGenerator, AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

BLOCK = 1024 * 1024


class SerialOffload:
    """Blocking calls run in order on a thread of their own, at most `depth` waiting, so the event loop
    goes on receiving while the thread works (hashing, writing and decompressing all release the GIL)."""

    def __init__(self, name: str, depth: int = 4) -> None:
        self._executor = ThreadPoolExecutor(1, thread_name_prefix=name)
        self._pending: collections.deque[asyncio.Future[object]] = collections.deque()
        self._depth = depth

    async def submit(self, fn: Callable[..., object], *args: Any) -> None:
        self._pending.append(asyncio.get_running_loop().run_in_executor(self._executor, fn, *args))
        while len(self._pending) > self._depth:
            await self._pending.popleft()

    async def drain(self) -> None:
        """Wait for everything submitted; the first failure is raised after all have finished."""
        failure: BaseException | None = None
        while self._pending:
            try:
                await self._pending.popleft()
            except BaseException as exc:
                failure = failure or exc
        # A wait that was cancelled leaves its call running: let it end (one block's work at most) before the
        # caller cleans up after it, so nothing writes to a file already removed.
        self._executor.shutdown(wait=True, cancel_futures=True)
        if failure is not None:
            raise failure


async def batched(chunks: AsyncIterator[bytes], size: int = BLOCK) -> AsyncGenerator[bytes, None]:
    """The same bytes in blocks of about `size`, so each hand-over to a thread carries real work."""
    pending: list[bytes] = []
    pending_bytes = 0
    async with closing_source(chunks):
        async for chunk in chunks:
            pending.append(chunk)
            pending_bytes += len(chunk)
            if pending_bytes >= size:
                yield b"".join(pending)
                pending, pending_bytes = [], 0
    if pending:
        yield b"".join(pending)


@contextlib.asynccontextmanager
async def closing_source(chunks: AsyncIterator[bytes]) -> AsyncIterator[None]:
    """Close the generator we read from when we are closed: `async for` leaves that to the caller, and a
    stage left open keeps its threads and files until the garbage collector gets to it."""
    try:
        yield
    finally:
        aclose = getattr(chunks, "aclose", None)
        if aclose is not None:
            await aclose()
