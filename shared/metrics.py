"""Prometheus metrics: what every component exports at `/metrics`, and the layer that counts its requests.

With several uvicorn worker processes (`SECOR_<COMPONENT>_WORKERS`), `secor serve` gives them one
`PROMETHEUS_MULTIPROC_DIR`: each process writes its values there and whichever answers a scrape adds up all of
them, so a scrape sees the component, not one of its processes. Gauges say how they combine across processes.

Every label value comes from a bounded set: route templates (never paths or ids), methods, status codes,
and the names the code gives.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import os
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    multiprocess,
)
from prometheus_client import generate_latest as _generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.problems import send_problem

logger = logging.getLogger("secor.metrics")

METRICS_PATH = "/metrics"
MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"
ROUTE_TEMPLATE = "secor.route"
UNMATCHED = "unmatched"
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
# From a millisecond (a cached read) to the 30 s a package upload may take.
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

REQUEST_SECONDS = Histogram(
    "secor_http_request_duration_seconds",
    "Time from a request's arrival to the end of its answer, by component, method, route template and status",
    ["component", "method", "route", "status"],
    buckets=LATENCY_BUCKETS,
)
POOL_IN_USE = Gauge(
    "secor_db_pool_connections_in_use",
    "Database connections checked out of the component's pools",
    ["component", "pool"],
    multiprocess_mode="livesum",
)
POOL_WAITING = Gauge(
    "secor_db_pool_waiting",
    "Tasks waiting for a connection from the component's pools",
    ["component", "pool"],
    multiprocess_mode="livesum",
)
POOL_CAPACITY = Gauge(
    "secor_db_pool_connections_max",
    "The most connections the component's pools may hold",
    ["component", "pool"],
    multiprocess_mode="livesum",
)

Refresh = Callable[[], Awaitable[None]]


def multiprocess_mode() -> bool:
    return bool(os.environ.get(MULTIPROCESS_DIR))


def exposition() -> bytes:
    """The text format of every metric this process (or, in multiprocess mode, the component) exports."""
    if multiprocess_mode():
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return _generate_latest(registry)
    return _generate_latest(REGISTRY)


def process_stopped() -> None:
    """A worker process that ends takes its live gauges (pools) with it."""
    if multiprocess_mode():
        with contextlib.suppress(Exception):
            multiprocess.mark_process_dead(os.getpid())


class RouteTemplates:
    """Matches a path to the template of the route that serves it (`/v1/employers/{employer_id}`).

    A trie of segments: literal segments are tried before a parameter, and `{name:path}` takes the rest.
    """

    def __init__(self, templates: Iterable[str]) -> None:
        self.root: dict[str, Any] = {}
        for template in templates:
            node = self.root
            for segment in template.strip("/").split("/") if template.strip("/") else []:
                if segment.startswith("{") and segment.endswith(":path}"):
                    node["**"] = template
                    break
                key = "{}" if segment.startswith("{") and segment.endswith("}") else segment
                node = node.setdefault(key, {})
            else:
                node.setdefault("$", template)

    def match(self, path: str) -> str:
        stripped = path.strip("/")
        found = self._match(self.root, stripped.split("/") if stripped else [], 0)
        return found or UNMATCHED

    def _match(self, node: dict[str, Any], segments: list[str], at: int) -> str | None:
        if at == len(segments):
            end = node.get("$")
            return end if isinstance(end, str) else node.get("**")
        for key in (segments[at], "{}"):
            child = node.get(key)
            if isinstance(child, dict) and (key != "{}" or segments[at]):
                found = self._match(child, segments, at + 1)
                if found is not None:
                    return found
        tail = node.get("**")
        return tail if isinstance(tail, str) else None


def app_route_templates(app: Any) -> list[str]:
    """The path templates of a Starlette app's routes and mounts."""
    templates = []
    for route in getattr(app, "routes", ()):
        path = getattr(route, "path", None)
        if path is None:
            continue
        if getattr(route, "routes", None) is not None or type(route).__name__ == "Mount":
            templates.append(path.rstrip("/") + "/{path:path}")
        else:
            templates.append(path)
    return templates


def peer_address(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else ""


class MetricsMiddleware:
    """Outermost: counts and times every request by route template, and answers `GET /metrics`.

    `/metrics` is answered only to addresses in `allowed_networks` (403 otherwise); just before it answers, the
    `refreshers` registered on the app's state (`metric_refreshers`) bring the gauges read from the database
    up to date. `body_bytes` (counters by method and route) also counts the bytes of bodies in and out.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        component: str,
        allowed_networks: Sequence[str],
        templates: Callable[[Any], Iterable[str]] = app_route_templates,
        client_address: Callable[[Scope], str] = peer_address,
        refreshers: Sequence[Refresh] = (),
        body_bytes: tuple[Counter, Counter] | None = None,
    ) -> None:
        self.app = app
        self.component = component
        self.networks = [ipaddress.ip_network(n.strip(), strict=False) for n in allowed_networks if n.strip()]
        self.template_source = templates
        self.templates: RouteTemplates | None = None
        self.client_address = client_address
        self.refreshers = list(refreshers)
        self.body_bytes = body_bytes
        self.count_bytes = body_bytes is not None
        self.children: dict[tuple[str, str, int], Any] = {}
        self.bytes_children: dict[tuple[str, str], Any] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if path == METRICS_PATH:
            await self._answer_scrape(scope, send)
            return
        if self.templates is None:
            self.templates = RouteTemplates(self.template_source(scope.get("app")))
        route = self.templates.match(path)
        scope[ROUTE_TEMPLATE] = route
        method = scope["method"] if scope["method"] in METHODS else "OTHER"
        started = time.perf_counter()
        status = 0
        sent = 0
        received = 0

        async def measured_send(message: Message) -> None:
            nonlocal status, sent
            if message["type"] == "http.response.start":
                status = message["status"]
            elif self.count_bytes and message["type"] == "http.response.body":
                sent += len(message.get("body", b""))
            await send(message)

        async def measured_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
            return message

        try:
            await self.app(scope, measured_receive if self.count_bytes else receive, measured_send)
        finally:
            key = (method, route, status)
            child = self.children.get(key)
            if child is None:
                child = self.children[key] = REQUEST_SECONDS.labels(
                    self.component, method, route, str(status) if status else "none"
                )
            child.observe(time.perf_counter() - started)
            if self.body_bytes is not None:
                counters = self.bytes_children.get((method, route))
                if counters is None:
                    counters = self.bytes_children[(method, route)] = (
                        self.body_bytes[0].labels(method, route),
                        self.body_bytes[1].labels(method, route),
                    )
                counters[0].inc(received)
                counters[1].inc(sent)

    def allowed(self, scope: Scope) -> bool:
        try:
            address = ipaddress.ip_address(self.client_address(scope))
        except ValueError:
            return False
        return any(address in network for network in self.networks)

    async def _answer_scrape(self, scope: Scope, send: Send) -> None:
        if not self.allowed(scope):
            await send_problem(
                send,
                403,
                "Metrics are answered only to the networks SECOR_METRICS_ALLOWED_NETWORKS names.",
                title="Forbidden",
                instance=METRICS_PATH,
            )
            return
        if scope["method"] not in ("GET", "HEAD"):
            await send_problem(
                send, 405, "Metrics are read with GET.", title="Method Not Allowed", headers={"allow": "GET"}
            )
            return
        app = scope.get("app")
        refreshers = [*self.refreshers, *getattr(getattr(app, "state", None), "metric_refreshers", ())]
        await refresh_all(refreshers)
        body = exposition()
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [
                    (b"content-type", CONTENT_TYPE_LATEST.encode()),
                    (b"content-length", str(len(body)).encode()),
                    (b"cache-control", b"no-store"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})


REFRESH_TIMEOUT_SECONDS = 5.0


async def refresh_all(refreshers: Iterable[Refresh]) -> None:
    """Bring the gauges read at scrape time up to date; one that fails or hangs keeps its last values."""

    async def one(refresh: Refresh) -> None:
        try:
            await asyncio.wait_for(refresh(), REFRESH_TIMEOUT_SECONDS)
        except Exception:
            logger.warning("a metrics refresh failed; its gauges keep their last values", exc_info=True)

    await asyncio.gather(*(one(r) for r in refreshers))


def _waiting_on(queue: Any) -> int:
    """Tasks blocked in an asyncio queue's get(): neither SQLAlchemy's nor asyncpg's pool says how many wait,
    but both hand connections out through one, whose waiters are its getters."""
    getters = getattr(queue, "_getters", None)
    return len(getters) if getters is not None else 0


def sample_pools(component: str, engine: Any = None, raw_pools: dict[str, Any] | None = None) -> None:
    """Record how much of the component's database pools is in use, and how many wait for a connection."""
    if engine is not None:
        pool = engine.pool
        if hasattr(pool, "checkedout"):
            POOL_IN_USE.labels(component, "sqlalchemy").set(pool.checkedout())
            POOL_CAPACITY.labels(component, "sqlalchemy").set(pool.size() + getattr(pool, "_max_overflow", 0))
            queue = getattr(getattr(pool, "_pool", None), "__dict__", {}).get("_queue")
            POOL_WAITING.labels(component, "sqlalchemy").set(_waiting_on(queue))
    for name, raw in (raw_pools or {}).items():
        size = raw.get_size()
        POOL_IN_USE.labels(component, name).set(size - raw.get_idle_size())
        POOL_CAPACITY.labels(component, name).set(raw.get_max_size())
        POOL_WAITING.labels(component, name).set(_waiting_on(getattr(raw, "_queue", None)))


POOL_SAMPLE_SECONDS = 5.0


async def keep_sampling_pools(sample: Callable[[], None]) -> None:
    """With several processes a scrape reaches one of them: each keeps its own pool gauges current."""
    while True:
        with contextlib.suppress(Exception):
            sample()
        await asyncio.sleep(POOL_SAMPLE_SECONDS)


def start_pool_sampler(sample: Callable[[], None]) -> asyncio.Task[None] | None:
    """Sample at once; in multiprocess mode keep sampling in the background (the task, to cancel at the end)."""
    with contextlib.suppress(Exception):
        sample()
    if multiprocess_mode():
        return asyncio.create_task(keep_sampling_pools(sample), name="pool-sampler")
    return None
