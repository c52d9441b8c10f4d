"""Group commit: concurrent single writes share one transaction, each caller still answered on its own.

While a group's transaction runs, new arrivals queue and go together in the next one (two groups may be in
flight). One caller alone waits for nobody. A group that fails is retried item by item, so one bad item fails
alone.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

logger = logging.getLogger("secor.groupcommit")


class GroupCommitter(Generic[T, R]):
    def __init__(
        self, work: Callable[[list[T]], Awaitable[list[R]]], *, max_group: int = 256, in_flight: int = 2
    ) -> None:
        self._work = work
        self._max_group = max_group
        self._in_flight = in_flight
        self._queue: list[tuple[T, asyncio.Future[R]]] = []
        self._drainers = 0

    async def submit(self, item: T) -> R:
        """The result for `item`, once the transaction that wrote it has committed."""
        future: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        self._queue.append((item, future))
        if self._drainers < self._in_flight:
            # A second group may prepare its rows while the first waits on locks or its commit.
            self._drainers += 1
            asyncio.get_running_loop().create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        try:
            while self._queue:
                group, self._queue = self._queue[: self._max_group], self._queue[self._max_group :]
                await self._run(group)
        finally:
            self._drainers -= 1

    async def _run(self, group: list[tuple[T, asyncio.Future[R]]]) -> None:
        try:
            results = await self._work([item for item, _ in group])
        except Exception as exc:
            if len(group) == 1:
                _settle_error(group[0][1], exc)
                return
            logger.warning("group of %d failed (%r); retrying one by one", len(group), exc)
            for one in group:
                await self._run([one])
            return
        for (_, future), result in zip(group, results, strict=True):
            if not future.done():
                future.set_result(result)


def _settle_error(future: asyncio.Future[R], exc: Exception) -> None:
    if not future.done():
        future.set_exception(exc)


class KeyedGroupCommitters(Generic[T, R]):
    """One group committer per key (e.g. per provider), made on first use."""

    def __init__(self, make: Callable[[Hashable], Callable[[list[T]], Awaitable[list[R]]]]) -> None:
        self._make = make
        self._committers: dict[Hashable, GroupCommitter[T, R]] = {}

    def __call__(self, key: Hashable) -> GroupCommitter[T, R]:
        committer = self._committers.get(key)
        if committer is None:
            committer = self._committers[key] = GroupCommitter(self._make(key))
        return committer
