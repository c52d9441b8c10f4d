"""The eligibility service: employers, rosters, determinations, certificates."""

from __future__ import annotations

import asyncio

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.middleware import Middleware

from services.eligibility.certificates.router import public_cache_control
from services.eligibility.certificates.router import router as certificates_router
from services.eligibility.certificates.scheduler import CertificateScheduler
from services.eligibility.certificates.signing import VerificationSigner
from services.eligibility.certificates.verification import CHANNEL, VerificationCache, VerificationFastPath
from services.eligibility.completions.router import placement_router
from services.eligibility.completions.router import router as completions_router
from services.eligibility.determination.fastpath import TodayDeterminationFastPath
from services.eligibility.determination.router import router as determinations_router
from services.eligibility.employers.router import router as employers_router
from services.eligibility.evaluations.router import router as evaluations_router
from services.eligibility.events import HANDLERS
from services.eligibility.metrics import program_refresher
from services.eligibility.roster.router import router as roster_router
from services.eligibility.settings import EligibilitySettings
from services.eligibility.stats.router import router as stats_router
from shared.app import create_service_app, require_database_url
from shared.clock import Clock
from shared.db import asyncpg_dsn, create_raw_pool
from shared.inbox import internal_events_router, verifier_for
from shared.notify import start_listener, stop_listener


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
            certificates_router,
            employers_router,
            evaluations_router,
            determinations_router,
            roster_router,
            completions_router,
            placement_router,
            stats_router,
            internal_events_router(processed_table="eligibility_processed_event", handlers=HANDLERS),
        ],
        engine=engine,
        clock=clock,
        configure_logs=configure_logs,
        body_limits=[
            (r"^/v1/employers/[^/]+/workers$", settings.max_roster_body_bytes),
            # CSV of any size streams; the JSON form holds itself to max_import_body_bytes.
            (r"^/v1/certificates/import$", None),
        ],
        on_startup=[_open_raw_pool, _start_certificates],
        fast_paths=[Middleware(VerificationFastPath), Middleware(TodayDeterminationFastPath)],
        on_shutdown=[_stop_certificates, _close_raw_pool],
    )
    app.state.webhook_verifier = verifier_for(settings.internal_webhook_secret.get_secret_value())
    # Made here, not at start-up, so that a bad signing key stops the service before it serves anything.
    app.state.verification = VerificationCache(
        VerificationSigner(settings.certificate_signing_key.get_secret_value()),
        settings.verification_cache_seconds,
    )
    app.state.verification_cache_control = public_cache_control(settings).encode()
    app.state.scheduler_task = app.state.certificate_listener = None
    return app


async def _start_certificates(app: FastAPI) -> None:
    settings: EligibilitySettings = app.state.settings
    cache: VerificationCache = app.state.verification
    cache.start(app.state.raw_pool)
    app.state.certificate_listener = start_listener(
        asyncpg_dsn(require_database_url(settings)), CHANNEL, cache.changed, on_connect=cache.reconnected
    )
    app.state.scheduler = CertificateScheduler(app.state.engine, settings, app.state.clock)
    app.state.metric_refreshers = [program_refresher(app.state.engine, settings, app.state.clock)]
    if settings.run_scheduler:
        app.state.scheduler_task = asyncio.create_task(
            app.state.scheduler.run(), name="certificate-scheduler"
        )


async def _stop_certificates(app: FastAPI) -> None:
    await stop_listener(app.state.scheduler_task)
    await stop_listener(app.state.certificate_listener)


async def _open_raw_pool(app: FastAPI) -> None:
    settings: EligibilitySettings = app.state.settings
    app.state.raw_pool = await create_raw_pool(
        require_database_url(settings), size=settings.database_pool_size, application_name="eligibility"
    )


async def _close_raw_pool(app: FastAPI) -> None:
    await app.state.raw_pool.close()
