"""The submission service: evaluation intake and QA."""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine

from services.submission.settings import SubmissionSettings
from shared.app import create_service_app
from shared.clock import Clock


def create_app(
    settings: SubmissionSettings | None = None,
    *,
    engine: AsyncEngine | None = None,
    clock: Clock | None = None,
    configure_logs: bool = False,
) -> FastAPI:
    settings = settings or SubmissionSettings()
    return create_service_app(
        name="submission",
        title="SECOR submission",
        description="SECOR evaluation intake, package validation and the QA workflow.",
        settings=settings,
        routers=[],
        engine=engine,
        clock=clock,
        configure_logs=configure_logs,
    )
