"""The training service: the course-completion ledger."""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine

from services.training.completions.router import router as completions_router
from services.training.courses.router import router as courses_router
from services.training.ledger.router import router as ledger_router
from services.training.providers.router import router as providers_router
from services.training.settings import TrainingSettings
from shared.app import create_service_app
from shared.clock import Clock


def create_app(
    settings: TrainingSettings | None = None,
    *,
    engine: AsyncEngine | None = None,
    clock: Clock | None = None,
    configure_logs: bool = False,
) -> FastAPI:
    settings = settings or TrainingSettings()
    return create_service_app(
        name="training",
        title="SECOR training",
        description="Course catalogue, providers and the append-only completion ledger.",
        settings=settings,
        routers=[courses_router, providers_router, completions_router, ledger_router],
        body_limits=[
            (r"^/v1/completions/import$", None),
            (r"^/v1/completions/batch$", settings.max_batch_body_bytes),
        ],
        engine=engine,
        clock=clock,
        configure_logs=configure_logs,
    )
