"""The FastAPI application every service is built on: health, readiness, errors, ids, principals, limits."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.middleware import Middleware
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp

from shared.clock import Clock, SystemClock
from shared.db import database_reachable, make_engine, make_sessionmaker
from shared.logging import configure_logging
from shared.metrics import MetricsMiddleware, process_stopped, sample_pools, start_pool_sampler
from shared.middleware import (
    BodyLimitMiddleware,
    PrincipalMiddleware,
    RequestContextMiddleware,
    StorableTextMiddleware,
)
from shared.openapi import component_document
from shared.problems import install_problem_handlers, problem_response
from shared.settings import SecorSettings
from shared.tracing import tracer

Hook = Callable[[FastAPI], Awaitable[None]]

# FastAPI's built-in OpenTelemetry: off until someone configures an exporter; checking it costs every request.
NO_TELEMETRY: Any = {"tracing": False, "metrics": False, "logs": False}


class SecorFastAPI(FastAPI):
    """FastAPI with our plain ASGI middleware outermost, ahead of FastAPI's own layers.

    Requests our middleware answers by itself (the gateway's proxying, refusals) then skip FastAPI's error,
    telemetry and exit-stack layers entirely: each of them wraps every message sent.
    """

    def __init__(self, *, outer_middleware: Sequence[Middleware] = (), **kwargs: Any) -> None:
        self.outer_middleware = list(outer_middleware)
        super().__init__(**kwargs)

    def build_middleware_stack(self) -> ASGIApp:
        app = super().build_middleware_stack()
        for cls, args, kwargs in reversed(self.outer_middleware):
            app = cls(app, *args, **kwargs)
        return app


def mount_routes(app: FastAPI, routers: Sequence[APIRouter]) -> None:
    """Put the routers' routes straight on the app, each named by its stable operation id.

    `include_router` would nest each router, and FastAPI then walks the nesting on every request; our routers
    carry their full paths and tags already, so nothing is lost by flattening.
    """
    for router in routers:
        for route in router.routes:
            if isinstance(route, APIRoute):
                route.operation_id = route.operation_id or operation_id(route)
            app.router.routes.append(route)


def freeze_startup_objects() -> None:
    """Move everything alive after start-up out of the collector's sight.

    Modules, routes and schemas live as long as the process; without this, every full collection walks them
    all again, which shows as stalls in the slowest requests.
    """
    gc.collect()
    gc.freeze()


def operation_id(route: APIRoute) -> str:
    """Stable operation ids (the route function's name), so generated clients do not churn."""
    return route.name


def pools_of(app: FastAPI) -> dict[str, Any]:
    """The plain asyncpg pools an app keeps beside its engine, by name, for the pool gauges."""
    raw = getattr(app.state, "raw_pool", None)
    return {"asyncpg": raw} if raw is not None else {}


def require_database_url(settings: SecorSettings) -> str:
    if not settings.database_url:
        raise RuntimeError(
            "SECOR_DATABASE_URL is not set. `secor run` sets it (embedded PostgreSQL); set it to run alone."
        )
    return settings.database_url


def create_service_app(
    *,
    name: str,
    title: str,
    description: str,
    settings: SecorSettings,
    routers: Sequence[APIRouter],
    engine: AsyncEngine | None = None,
    clock: Clock | None = None,
    on_startup: Iterable[Hook] = (),
    on_shutdown: Iterable[Hook] = (),
    body_limits: Iterable[tuple[str, int | None]] = (),
    fast_paths: Sequence[Middleware] = (),
    configure_logs: bool = False,
) -> FastAPI:
    """A service app: its routers under `/v1`, `/healthz`, `/readyz`, `/metrics`, and every shared policy wired in.

    A startup hook may put coroutine functions in `app.state.metric_refreshers`: each scrape runs them first.
    """
    if configure_logs:
        configure_logging(name, settings.log_level, settings.log_format)
        tracer.configure(name)
    startup_hooks, shutdown_hooks = list(on_startup), list(on_shutdown)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owns_engine = False
        if getattr(app.state, "engine", None) is None:
            app.state.engine = make_engine(
                require_database_url(settings),
                pool_size=settings.database_pool_size,
                application_name=name,
                pre_ping=False,
            )
            owns_engine = True
        app.state.sessionmaker = make_sessionmaker(app.state.engine)
        for hook in startup_hooks:
            await hook(app)
        sampler = start_pool_sampler(lambda: sample_pools(name, app.state.engine, pools_of(app)))
        freeze_startup_objects()
        try:
            yield
        finally:
            if sampler is not None:
                sampler.cancel()
            for hook in shutdown_hooks:
                await hook(app)
            if owns_engine:
                await app.state.engine.dispose()
            process_stopped()

    async def refresh_pools() -> None:
        sample_pools(name, app.state.engine, pools_of(app))

    app = SecorFastAPI(
        outer_middleware=[
            Middleware(
                MetricsMiddleware,
                component=name,
                allowed_networks=settings.metrics_allowed_networks,
                refreshers=[refresh_pools],
            ),
            Middleware(RequestContextMiddleware),
            Middleware(BodyLimitMiddleware, max_bytes=settings.max_json_body_bytes, overrides=body_limits),
            Middleware(PrincipalMiddleware, secret=settings.principal_secret.get_secret_value()),
            Middleware(StorableTextMiddleware),
            # Hot paths a service answers without FastAPI's routing, once the principal is checked.
            *fast_paths,
        ],
        telemetry=NO_TELEMETRY,
        title=title,
        description=description,
        version="1.0.0",
        lifespan=lifespan,
        generate_unique_id_function=operation_id,
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.clock = clock or SystemClock(settings.program_zone)
    app.state.component = name
    if engine is not None:
        app.state.sessionmaker = make_sessionmaker(engine)
    install_problem_handlers(app)

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "ok", "component": name}

    @app.get("/readyz", include_in_schema=False)
    async def readyz() -> Response:
        if await database_reachable(app.state.engine):
            return JSONResponse({"status": "ready", "component": name, "database": "ok"})
        return problem_response(
            503, "The database cannot be reached.", title="Service Unavailable", extra={"database": "down"}
        )

    mount_routes(app, routers)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        app.openapi_schema = component_document(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

    return app
