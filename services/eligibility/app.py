"""The eligibility service: employers, rosters, determinations, certificates."""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine

from services.eligibility.completions.router import router as completions_router
from services.eligibility.employers.router import router as employers_router
from services.eligibility.events import HANDLERS
from services.eligibility.roster.router import router as roster_router
from services.eligibility.settings import EligibilitySettings
from shared.app import create_service_app, require_database_url
from shared.clock import Clock
from shared.db import create_raw_pool
from shared.inbox import internal_events_router, verifier_for


def create_app(
    settings: EligibilitySettings | None = None,
    *,
    engine: AsyncEngine | None = None,
    clock: Clock | None = None,
    configure_logs: bool = False,
) -> FastAPI:
    settings = settings or EligibilitySettings()
    app = create_service_app(
        name="eligibility",
        title="SECOR eligibility",
        description="Employers, rosters, eligibility determinations and certificates.",
        settings=settings,
        routers=[
            employers_router,
            roster_router,
            completions_router,
            internal_events_router(processed_table="eligibility_processed_event", handlers=HANDLERS),
        ],
        engine=engine,
        clock=clock,
        configure_logs=configure_logs,
        body_limits=[(r"^/v1/employers/[^/]+/workers$", settings.max_roster_body_bytes)],
        on_startup=[_open_raw_pool],
        on_shutdown=[_close_raw_pool],
    )
    app.state.webhook_verifier = verifier_for(settings.internal_webhook_secret.get_secret_value())
    return app


async def _open_raw_pool(app: FastAPI) -> None:
    settings: EligibilitySettings = app.state.settings
    app.state.raw_pool = await create_raw_pool(
        require_database_url(settings), size=settings.database_pool_size, application_name="eligibility"
    )


async def _close_raw_pool(app: FastAPI) -> None:
    await app.state.raw_pool.close()
