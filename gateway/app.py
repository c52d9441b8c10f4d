"""The gateway application: the public door to every service."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.middleware import Middleware
from starlette.responses import HTMLResponse, JSONResponse, Response

from gateway.api_keys.router import router as api_keys_router
from gateway.auth import KeyResolver
from gateway.clientaddress import MetricsReader
from gateway.directory import ServiceDirectory
from gateway.events.router import router as events_router
from gateway.idempotency import IdempotencyStore
from gateway.metrics import REQUEST_BODY_BYTES, RESPONSE_BODY_BYTES
from gateway.middleware import GatewayMiddleware
from gateway.openapi import PublicDocument
from gateway.openapi.pages import DOCS_ASSETS_PATH, docs_assets, redoc_page, swagger_ui_page
from gateway.openapi.public import API_DESCRIPTION, TITLE, VERSION
from gateway.proxy import Upstreams
from gateway.publiccache import CHANNEL as PUBLIC_CACHE_CHANNEL
from gateway.publiccache import PublicAnswerCache
from gateway.ratelimit import TokenBuckets
from gateway.routes import UPSTREAMS
from gateway.settings import GatewaySettings
from gateway.stats.router import router as stats_router
from gateway.webhooks.router import router as webhooks_router
from shared.app import (
    NO_TELEMETRY,
    SecorFastAPI,
    freeze_startup_objects,
    mount_routes,
    operation_id,
    require_database_url,
)
from shared.clock import Clock, SystemClock
from shared.db import asyncpg_dsn, database_reachable, make_engine, make_sessionmaker
from shared.logging import configure_logging
from shared.metrics import (
    MetricsMiddleware,
    app_route_templates,
    process_stopped,
    sample_pools,
    start_pool_sampler,
)
from shared.middleware import BodyLimitMiddleware, RequestContextMiddleware, StorableTextMiddleware
from shared.notify import start_listener, stop_listener
from shared.openapi import component_document
from shared.problems import install_problem_handlers, problem_response
from shared.tracing import tracer


def create_app(
    settings: GatewaySettings | None = None,
    *,
    engine: AsyncEngine | None = None,
    clock: Clock | None = None,
    upstream_transports: dict[str, httpx.AsyncBaseTransport] | None = None,
    listen_for_changes: bool = True,
    configure_logs: bool = False,
) -> FastAPI:
    settings = settings or GatewaySettings()
    if configure_logs:
        configure_logging("gateway", settings.log_level, settings.log_format)
        tracer.configure("gateway")
    # The committed document (`make openapi` writes it from the code): served as it is, so the gateway needs no
    # service's code, and what integrators generate clients from is exactly what this release answers.
    document = PublicDocument()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owns_engine = app.state.engine is None
        if owns_engine:
            app.state.engine = make_engine(
                require_database_url(settings),
                pool_size=settings.database_pool_size,
                application_name="gateway",
            )
        app.state.sessionmaker = make_sessionmaker(app.state.engine)
        app.state.key_resolver = KeyResolver(app.state.sessionmaker, settings.api_key_cache_seconds)
        app.state.idempotency = IdempotencyStore(
            app.state.engine,
            stale_after_seconds=settings.idempotency_in_flight_seconds,
            max_response_bytes=settings.idempotency_max_response_bytes,
        )
        urls = {name: settings.service_url(name) for name in UPSTREAMS}
        app.state.upstreams = Upstreams.from_urls(
            urls,
            client=settings.gateway_http_client,
            connect_timeout=settings.upstream_connect_timeout_seconds,
            timeouts={name: settings.upstream_timeout(name) for name in UPSTREAMS},
            max_connections=settings.upstream_max_connections,
            transports=upstream_transports,
        )
        app.state.directory = ServiceDirectory(
            urls, settings.principal_secret.get_secret_value(), transports=upstream_transports
        )
        sampler = start_pool_sampler(lambda: sample_pools("gateway", app.state.engine))
        freeze_startup_objects()
        listener = cache_listener = None
        if listen_for_changes:
            dsn = asyncpg_dsn(require_database_url(settings))
            listener = asyncio.create_task(app.state.key_resolver.listen_for_revocations(dsn))
            cache: PublicAnswerCache = app.state.public_cache
            cache_listener = start_listener(
                dsn, PUBLIC_CACHE_CHANNEL, cache.invalidate, on_connect=cache.clear
            )
        try:
            yield
        finally:
            await stop_listener(cache_listener)
            if listener is not None:
                listener.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await listener
            await app.state.upstreams.aclose()
            await app.state.directory.aclose()
            if sampler is not None:
                sampler.cancel()
            if owns_engine:
                await app.state.engine.dispose()
            process_stopped()

    async def refresh_pools() -> None:
        sample_pools("gateway", app.state.engine)

    app = SecorFastAPI(
        outer_middleware=[
            Middleware(
                MetricsMiddleware,
                component="gateway",
                allowed_networks=settings.metrics_allowed_networks,
                templates=lambda app: [*document.path_templates(), *app_route_templates(app)],
                client_address=MetricsReader(settings.trust_forwarded_for, settings.trusted_proxies),
                refreshers=[refresh_pools],
                body_bytes=(REQUEST_BODY_BYTES, RESPONSE_BODY_BYTES),
            ),
            Middleware(RequestContextMiddleware),
            Middleware(GatewayMiddleware, settings=settings, buckets=TokenBuckets()),
        ],
        telemetry=NO_TELEMETRY,
        title=TITLE,
        description=API_DESCRIPTION,
        version=VERSION,
        lifespan=lifespan,
        generate_unique_id_function=operation_id,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.clock = clock or SystemClock(settings.program_zone)
    app.state.public_cache = PublicAnswerCache()
    app.state.component = "gateway"
    install_problem_handlers(app)
    mount_routes(app, [api_keys_router, webhooks_router, events_router, stats_router])
    app.openapi = lambda: component_document(app)  # type: ignore[method-assign]

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "ok", "component": "gateway"}

    @app.get("/readyz", include_in_schema=False)
    async def readyz() -> Response:
        directory: ServiceDirectory = app.state.directory
        database_ok, *upstreams = await asyncio.gather(
            database_reachable(app.state.engine), *(directory.readiness(name) for name in UPSTREAMS)
        )
        report: dict[str, Any] = {
            "component": "gateway",
            "database": "ok" if database_ok else "down",
            "upstreams": dict(zip(UPSTREAMS, upstreams, strict=True)),
        }
        ready = database_ok and all(u["status"] == "ready" for u in upstreams)
        if ready:
            return JSONResponse({"status": "ready", **report})
        return problem_response(
            503, "Some parts of the system are not ready.", title="Service Unavailable", extra=report
        )

    @app.get("/openapi.json", include_in_schema=False)
    async def openapi_json() -> Response:
        return Response(document.json(), media_type="application/json")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return swagger_ui_page(title=TITLE)

    @app.get("/redoc", include_in_schema=False)
    async def redoc() -> HTMLResponse:
        return redoc_page(title=TITLE)

    app.mount(DOCS_ASSETS_PATH, docs_assets(), name="docs-assets")

    # Inside FastAPI's stack: only requests the gateway serves itself reach them (the body limit first).
    app.add_middleware(StorableTextMiddleware)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_json_body_bytes)
    return app
