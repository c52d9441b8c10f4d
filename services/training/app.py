"""The training service: the course-completion ledger."""

from __future__ import annotations

import httpx
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine

from services.training.completions.placement import PlacementClient
from services.training.completions.router import router as completions_router
from services.training.completions.rules import CATALOGUE_CHANNEL, CourseRules
from services.training.completions.service import single_post_committers
from services.training.courses.router import router as courses_router
from services.training.ledger.router import router as ledger_router
from services.training.providers.router import router as providers_router
from services.training.settings import TrainingSettings
from services.training.stats.router import router as stats_router
from shared.app import create_service_app, require_database_url
from shared.clock import Clock
from shared.db import asyncpg_dsn
from shared.notify import start_listener, stop_listener
from shared.peers import PeerServices


def create_app(
    settings: TrainingSettings | None = None,
    *,
    engine: AsyncEngine | None = None,
    clock: Clock | None = None,
    configure_logs: bool = False,
    eligibility_transport: httpx.AsyncBaseTransport | None = None,
) -> FastAPI:
    settings = settings or TrainingSettings()
    app = create_service_app(
        name="training",
        title="SECOR training",
        description="Course catalogue, providers and the append-only completion ledger.",
        settings=settings,
        # The busiest routes first: routing tries the routers in order.
        routers=[completions_router, courses_router, providers_router, ledger_router, stats_router],
        body_limits=[
            (r"^/v1/completions/import$", None),
            (r"^/v1/completions/batch$", settings.max_batch_body_bytes),
        ],
        engine=engine,
        clock=clock,
        configure_logs=configure_logs,
        on_startup=[_start],
        on_shutdown=[_stop],
    )
    app.state.eligibility_transport = eligibility_transport
    return app


async def _start(app: FastAPI) -> None:
    app.state.placement = PlacementClient(
        PeerServices.of(
            app.state.settings, "eligibility", via="training", transport=app.state.eligibility_transport
        )
    )
    app.state.course_rules = CourseRules()
    app.state.single_posts = single_post_committers(app.state.engine, app.state.clock, app.state.course_rules)
    app.state.catalogue_listener = start_listener(
        asyncpg_dsn(require_database_url(app.state.settings)),
        CATALOGUE_CHANNEL,
        app.state.course_rules.forget,
        on_connect=app.state.course_rules.forget,
    )


async def _stop(app: FastAPI) -> None:
    await stop_listener(app.state.catalogue_listener)
    await app.state.placement.aclose()
