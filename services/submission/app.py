"""The submission service: evaluation intake and QA."""

from __future__ import annotations

import asyncio
import contextlib
import logging

import httpx
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine

from services.submission.eligibility import EligibilityClient
from services.submission.events import HANDLERS
from services.submission.instruments.model import BUILT_IN, Instruments
from services.submission.instruments.router import router as instruments_router
from services.submission.mail.intake import MailIntake
from services.submission.metrics import program_refresher
from services.submission.settings import SubmissionSettings
from services.submission.stats.router import router as stats_router
from services.submission.storage import storage_for
from services.submission.submissions.intake import IntakeRunner
from services.submission.submissions.router import router as submissions_router
from shared.app import create_service_app
from shared.clock import Clock
from shared.inbox import internal_events_router, verifier_for
from shared.peers import PeerServices

logger = logging.getLogger("secor.submission")

# Uploads stream to storage, which enforces its own cap; the middleware answers early on Content-Length.
PACKAGE_PATH = r"^/v1/submissions/[^/]+/package$"
ADDENDA_PATH = r"^/v1/submissions/[^/]+/addenda$"


def create_app(
    settings: SubmissionSettings | None = None,
    *,
    engine: AsyncEngine | None = None,
    clock: Clock | None = None,
    configure_logs: bool = False,
    eligibility_transport: httpx.AsyncBaseTransport | None = None,
) -> FastAPI:
    settings = settings or SubmissionSettings()
    app = create_service_app(
        name="submission",
        title="SECOR submission",
        description="SECOR evaluation intake, package validation and the QA workflow.",
        settings=settings,
        routers=[
            submissions_router,
            instruments_router,
            stats_router,
            internal_events_router(processed_table="submission_processed_event", handlers=HANDLERS),
        ],
        engine=engine,
        clock=clock,
        configure_logs=configure_logs,
        body_limits=[(PACKAGE_PATH, settings.max_package_bytes), (ADDENDA_PATH, settings.max_addendum_bytes)],
        on_startup=[_start],
        on_shutdown=[_stop],
    )
    app.state.instruments = Instruments(settings.instrument_dir or BUILT_IN, settings.instrument_version)
    app.state.storage = storage_for(settings)
    app.state.webhook_verifier = verifier_for(settings.internal_webhook_secret.get_secret_value())
    app.state.eligibility_transport = eligibility_transport
    return app


async def _start(app: FastAPI) -> None:
    settings: SubmissionSettings = app.state.settings
    swept = await asyncio.to_thread(app.state.storage.sweep_partials)
    if swept:
        logger.info("removed %d partial upload(s) a crash left in %s", swept, settings.packages_dir)
    transport = app.state.eligibility_transport
    app.state.eligibility = EligibilityClient(
        PeerServices.of(settings, "eligibility", via="submission", transport=transport)
    )
    app.state.intake = IntakeRunner(
        app.state.engine, app.state.storage, app.state.instruments, settings, app.state.clock
    )
    app.state.mail_intake = MailIntake(
        app.state.engine, app.state.storage, settings, app.state.clock, app.state.eligibility
    )
    app.state.metric_refreshers = [program_refresher(app.state.engine)]
    app.state.intake_tasks = (
        [
            asyncio.create_task(app.state.intake.run(), name="submission-intake"),
            asyncio.create_task(app.state.mail_intake.run(), name="submission-mail-intake"),
        ]
        if settings.run_intake
        else []
    )


async def _stop(app: FastAPI) -> None:
    tasks: list[asyncio.Task[None]] = app.state.intake_tasks
    for task in tasks:
        task.cancel()
    for task in tasks:
        with contextlib.suppress(asyncio.CancelledError):
            await task
    await app.state.eligibility.aclose()
