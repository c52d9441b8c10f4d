"""The worker: fan out new events, keep deliveries flowing, record what happened, send mail, tidy up.

Several workers may run at once: rows are claimed with FOR UPDATE SKIP LOCKED and leased, so none is sent
twice at the same time, and one a dead worker held is taken again once its lease runs out (at least once).
NOTIFY wakes a worker as soon as something is written; polling is the backstop; a database error just means
trying again a moment later.

Inside, independent loops joined by a queue, so sending never waits for the database:
fan-out (woken by NOTIFY) → feeder (claims batches while the queue runs low) → senders (as many as the
configured concurrency) → recorder (writes results in batches, then wakes the feeder: a recorded result may
let the next event of the same aggregate go).
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import datetime as dt
import functools
import logging
import os
import socket
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from typing import Any

import aiohttp
import asyncpg
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.settings import WorkerSettings
from gateway.webhooks.policy import SERVICE_TARGET_PREFIX, Result, judge_endpoints, outcomes
from gateway.worker.delivery import Sender
from gateway.worker.fanout import fan_out
from gateway.worker.mail import probe_when_waiting, send_due_mail
from gateway.worker.metrics import DELIVERED
from gateway.worker.repositories import deliveries, retention
from shared.db import asyncpg_dsn
from shared.notify import listen_forever
from shared.outbound import SafeClient
from shared.outbox import OUTBOX_CHANNEL

logger = logging.getLogger("secor.worker")
HOUSEKEEPING_SECONDS = 60.0
RECORD_EVERY_SECONDS = 0.01
FIRST_FANOUT_BATCH = 50
# The worker reads the rows a burst has just written: the undispatched events in id order, the due deliveries in
# due order. Its tables grow faster than autovacuum's statistics follow (it looks once a minute), and with the
# default random_page_cost of 4, made for disks, the planner then prefers a bitmap scan of the whole backlog and
# a sort over the ordered index scan a LIMIT can stop early. These rows are in memory, where a random read costs
# about what a sequential one does.
PLANNER_SETTINGS = {"random_page_cost": "1.1"}
# A receiver that answers within this is fast, and may use every sender when it has that much to receive; any
# other (slow, hanging, or not heard from yet) keeps SECOR_WORKER_ENDPOINT_CONCURRENCY sends at most.
SLOW_SEND_SECONDS = 1.0
APPLICATION_NAME = "worker"  # as the worker's connections show in pg_stat_activity


class Worker:
    def __init__(self, settings: WorkerSettings, engine: AsyncEngine) -> None:
        self.settings = settings
        self.engine = engine
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        # (when claimed, the claimed row): deliveries to webhook endpoints, and to the services, apart.
        self.queue: asyncio.Queue[tuple[float, Any]] = asyncio.Queue()
        self.internal_queue: asyncio.Queue[tuple[float, Any]] = asyncio.Queue()
        # Per endpoint with sends in flight: when each began; the claims waiting for one of them to end; and how
        # long its last send took.
        self.in_flight: dict[str, list[float]] = {}
        self.parked: dict[str, collections.deque[tuple[float, Any]]] = {}
        self.last_took: dict[str, float] = {}
        self.results: list[Result] = []
        # Claims (delivery id, attempt) that waited too long in the queue to be sent.
        self.stale: list[tuple[int, int]] = []
        self.new_events = asyncio.Event()
        self.claimable = asyncio.Event()
        self.results_ready = asyncio.Event()
        self.delivered = 0
        self.claims = 0  # claim statements run, whether they found anything or not
        self.sending = 0
        self._connections: dict[str, asyncpg.Connection] = {}  # see _own_connection

    async def run(self, stop: asyncio.Event) -> None:
        policy = self.settings.outbound_policy(
            timeout_seconds=self.settings.webhook_timeout_seconds,
            max_bytes=64 * 1024,
        )
        safe = SafeClient(policy, limit=self.settings.worker_concurrency)
        internal = aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=self.settings.webhook_timeout_seconds),
            connector=aiohttp.TCPConnector(limit=self.settings.worker_internal_concurrency),
        )
        sender = Sender(self.settings, safe, internal)

        def on_notify(_: str) -> None:
            self.new_events.set()
            self.claimable.set()

        self.new_events.set()  # anything written while no worker ran
        loops: list[Callable[[], Coroutine[Any, Any, None]]] = [
            lambda: listen_forever(asyncio_dsn(self.settings), OUTBOX_CHANNEL, on_notify),
            lambda: self._fan_out_loop(stop),
            lambda: self._feeder_loop(stop),
            lambda: self._recorder_loop(stop),
            lambda: self._mail_loop(stop),
            lambda: self._housekeeping_loop(stop),
        ]
        senders = [
            asyncio.create_task(
                self._sender_loop(sender, self.queue, self.settings.worker_endpoint_concurrency)
            )
            for _ in range(self.settings.worker_concurrency)
        ] + [
            asyncio.create_task(self._sender_loop(sender, self.internal_queue, None))
            for _ in range(self.settings.worker_internal_concurrency)
        ]
        tasks = [asyncio.create_task(make()) for make in loops]
        logger.info("worker %s started", self.owner)
        try:
            await stop.wait()
        finally:
            # Stop claiming; let what is queued or in flight finish (briefly); record it. The recorder is let
            # finish the batch it may be writing (it stops by itself, stop being set): cancelled mid-write, that
            # batch would be sent again once its leases ran out, its attempts never on record.
            feeder, recorder = tasks[2], tasks[3]
            feeder.cancel()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._drained(), 10)
            with contextlib.suppress(Exception):
                await asyncio.wait_for(asyncio.shield(recorder), 5)
            for task in tasks + senders:
                task.cancel()
            await asyncio.gather(*tasks, *senders, return_exceptions=True)
            with contextlib.suppress(Exception):
                await self._record()
            for waiting in self.parked.values():
                self.stale.extend((claimed.id, claimed.attempts) for _, claimed in waiting)
            with contextlib.suppress(Exception):
                await self._release_stale()
            await safe.aclose()
            await internal.close()
            for conn in self._connections.values():
                with contextlib.suppress(Exception):
                    await conn.close(timeout=2)
            logger.info(
                "worker %s stopped after %d deliveries and %d claims", self.owner, self.delivered, self.claims
            )

    def _queued(self) -> int:
        return self.queue.qsize() + self.internal_queue.qsize() + sum(len(p) for p in self.parked.values())

    async def _drained(self) -> None:
        """Return once nothing is queued or being sent."""
        while self.sending or self._queued():
            self.results_ready.clear()
            await self.results_ready.wait()

    async def _wait(self, event: asyncio.Event, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), seconds)
        event.clear()

    async def _guarded(self, what: str, step: Callable[[], Awaitable[Any]]) -> Any:
        """Run one step of a loop; a failure (the database restarting, say) is logged and tried again."""
        try:
            return await step()
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception("%s failed; trying again shortly", what)
            await asyncio.sleep(1.0)
            return None

    async def _fan_out_loop(self, stop: asyncio.Event) -> None:
        """Fan out what is new; a burst in growing batches, so that its first deliveries need not wait for a
        full batch of fan-out (a thousand events take tens of milliseconds)."""
        full = self.settings.worker_fanout_batch_size
        while not stop.is_set():
            await self._wait(self.new_events, self.settings.worker_poll_interval_seconds)
            batch = min(FIRST_FANOUT_BATCH, full)
            while True:
                fanned = await self._guarded("fan-out", functools.partial(self._fan_out_once, batch))
                if fanned:
                    self.claimable.set()
                if not fanned or fanned < batch:
                    break
                batch = min(batch * 4, full)

    async def _fan_out_once(self, batch: int) -> int:
        async with self.engine.begin() as conn:
            return await fan_out(conn, self.settings.internal_subscriptions, batch)

    async def _feeder_loop(self, stop: asyncio.Event) -> None:
        """Keep the senders busy and two batches queued behind them, claiming in batches, not one by one.

        A claim is a round trip that waits its turn on a busy database and a busy loop: with only two rounds of
        the senders' work claimed, they would go idle waiting for it. Senders wake the feeder when the queue runs low; the recorder too, as a recorded result may
        release the next event of an aggregate. Only when a claim finds nothing does it ask the database how
        long it may sleep.
        """
        capacity = (
            self.settings.worker_concurrency
            + self.settings.worker_internal_concurrency
            + 2 * self.settings.worker_batch_size
        )
        worth_a_claim = max(1, min(self.settings.worker_concurrency, self.settings.worker_batch_size) // 2)
        while not stop.is_set():
            room = capacity - self._queued() - self.sending
            if room < worth_a_claim:
                await self._wait(self.claimable, self.settings.worker_poll_interval_seconds)
                continue
            claimed = await self._guarded("claim", functools.partial(self._claim, room))
            if not claimed:
                await self._wait(self.claimable, await self._until_due())

    async def _claim(self, room: int) -> int:
        asked_at = time.monotonic()  # the lease starts at the latest now
        self.claims += 1
        async with self._own_connection("claim") as driver:
            claimed = await deliveries.claim(
                driver,
                self.owner,
                min(room, self.settings.worker_batch_size),
                self.settings.worker_lease_seconds,
                self._busy_endpoints(asked_at),
            )
        for c in claimed:
            (self.queue if c.endpoint_id else self.internal_queue).put_nowait((asked_at, c))
        return len(claimed)

    def _busy(self, target: str, now: float) -> bool:
        """An endpoint not known to be fast with all the sends it may have: it gets no more until one ends.
        Fast is its last send answered within SLOW_SEND_SECONDS and none in flight for longer; a fast one may
        use every sender there is, and one that hangs (or has not answered yet) holds up only itself."""
        started = self.in_flight.get(target)
        if (
            not started
            or len(started) < self.settings.worker_endpoint_concurrency
            or target.startswith(SERVICE_TARGET_PREFIX)  # the services have senders of their own, unlimited
        ):
            return False
        took = self.last_took.get(target)
        return took is None or took > SLOW_SEND_SECONDS or now - min(started) > SLOW_SEND_SECONDS

    def _busy_endpoints(self, now: float) -> list[str]:
        return sorted({t for t in self.in_flight if self._busy(t, now)} | set(self.parked))

    @contextlib.asynccontextmanager
    async def _own_connection(self, purpose: str) -> AsyncIterator[asyncpg.Connection]:
        """The asyncpg connection kept for one loop (claiming, recording), each statement its own transaction.

        Kept rather than taken from the pool: a checkout, and the ROLLBACK that resets the connection on its
        return, cost the worker's CPU on every claim and record.
        Made when first needed, and again after any failure (the database restarted, say) or interruption.
        """
        conn = self._connections.get(purpose)
        if conn is None or conn.is_closed():
            conn = await asyncpg.connect(
                asyncio_dsn(self.settings),
                server_settings={"application_name": APPLICATION_NAME, **PLANNER_SETTINGS},
            )
            self._connections[purpose] = conn
        try:
            yield conn
        except BaseException:
            del self._connections[purpose]
            conn.terminate()
            raise

    @contextlib.asynccontextmanager
    async def _autocommit(self) -> AsyncIterator[Any]:
        """A connection for single statements, each its own transaction: no BEGIN/COMMIT round trips."""
        async with self.engine.connect() as conn:
            yield await conn.execution_options(isolation_level="AUTOCOMMIT")

    async def _until_due(self) -> float:
        """How long the feeder may sleep: until the next retry is due, the poll interval at most."""
        timeout = self.settings.worker_poll_interval_seconds
        with contextlib.suppress(Exception):
            async with self.engine.connect() as conn:
                due = await deliveries.next_due_in(conn)
            if due is not None:
                timeout = min(timeout, max(due, 0.01))
        return timeout

    async def _sender_loop(
        self, sender: Sender, queue: asyncio.Queue[tuple[float, Any]], per_endpoint: int | None
    ) -> None:
        """Send what `queue` brings. With `per_endpoint`, a claim for a busy endpoint (`_busy`) waits off the
        queue, holding no sender, and the sender that ends one of that endpoint's sends takes it next."""
        running_low = self.settings.worker_batch_size
        # Not started this late in its lease: the lease could run out before the answer is recorded, and the
        # delivery be claimed again and sent twice.
        too_late = self.settings.latest_send_start_seconds
        while True:
            item: tuple[float, Any] | None = await queue.get()
            if queue.qsize() == running_low:
                self.claimable.set()
            while item is not None:
                claimed_at, claimed = item
                item = None
                now = time.monotonic()
                if now - claimed_at > too_late:
                    logger.warning(
                        "delivery %s waited too long in the queue; released, to be claimed again", claimed.id
                    )
                    self.stale.append((claimed.id, claimed.attempts))
                    self.results_ready.set()
                    break
                target = claimed.target
                if per_endpoint is not None and self._busy(target, now):
                    self.parked.setdefault(target, collections.deque()).append((claimed_at, claimed))
                    break
                started = self.in_flight.setdefault(target, [])
                started.append(now)
                self.sending += 1
                try:
                    result = await sender.send(claimed)
                finally:
                    self.sending -= 1
                    started.remove(now)
                self.last_took[target] = time.monotonic() - now
                # After the await: the recorder swaps the list meanwhile, and a result must land in the new one.
                self.results.append(result)
                if len(self.results) >= self.settings.worker_batch_size or not self._queued():
                    self.results_ready.set()
                waiting = self.parked.get(target)
                if waiting:
                    item = waiting.popleft()
                    if not waiting:
                        del self.parked[target]
                        self.claimable.set()  # no longer busy: its next deliveries may be claimed
                elif not started:
                    del self.in_flight[target]
                    del self.last_took[target]

    async def _recorder_loop(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            await self._wait(self.results_ready, RECORD_EVERY_SECONDS)
            if self.stale and await self._guarded("releasing", self._release_stale):
                self.claimable.set()
            if self.results and await self._guarded("recording", self._record):
                self.claimable.set()

    async def _release_stale(self) -> int:
        """Give back deliveries never sent: free to claim at once, and the claim not counted as an attempt."""
        stale, self.stale = self.stale, []
        async with self._autocommit() as conn:
            await deliveries.release(conn, self.owner, stale)
        return len(stale)

    async def _record(self) -> int:
        if not self.results:
            return 0
        results, self.results = self.results, []
        succeeded, failed = outcomes(results, self.settings)
        now = dt.datetime.now(dt.UTC)
        healed = sorted({r.endpoint_id for r in results if r.endpoint_id and r.ok})
        try:
            async with self._own_connection("record") as driver:
                await deliveries.record_results(driver, self.owner, succeeded, failed, results, healed)
            to_services = sorted({r.event_id for r in results if r.endpoint_id is None and r.ok})
            if to_services:
                async with self.engine.begin() as conn:
                    await deliveries.settle(conn, to_services)
            if failed:
                async with self.engine.begin() as conn:
                    await judge_endpoints(conn, results, self.settings, now)
        except Exception:
            # Not recorded: the leases run out and the deliveries go again (at least once, never lost).
            logger.exception("could not record %d delivery results", len(results))
            return 0
        self.delivered += len(succeeded)
        count_outcomes(results, {f["id"] for f in failed if f["final"]})
        return len(results)

    async def _mail_loop(self, stop: asyncio.Event) -> None:
        probed = 0.0
        while not stop.is_set():
            sent = await self._guarded("mail", lambda: send_due_mail(self.engine, self.settings, self.owner))
            if sent:
                continue
            if time.monotonic() - probed >= self.settings.mail_probe_seconds:
                probed = time.monotonic()
                if await self._guarded("mail probe", lambda: probe_when_waiting(self.engine, self.settings)):
                    continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self.settings.worker_poll_interval_seconds)

    async def _housekeeping_loop(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            await self._guarded("housekeeping", self._purge)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), HOUSEKEEPING_SECONDS)

    async def _purge(self) -> None:
        async with self.engine.begin() as conn:
            await retention.purge(conn, self.settings.delivery_retention_days)


def count_outcomes(results: list[Result], given_up: set[int]) -> None:
    """The recorded attempts in the deliveries counter, by destination and outcome."""
    for r in results:
        outcome = "succeeded" if r.ok else "failed" if r.delivery_id in given_up else "retrying"
        DELIVERED["service" if r.endpoint_id is None else "endpoint", outcome].inc()


def asyncio_dsn(settings: WorkerSettings) -> str:
    return asyncpg_dsn(settings.database_url or "")
