"""The training service: the course-completion ledger."""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine

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
        routers=[],
        engine=engine,
        clock=clock,
        configure_logs=configure_logs,
    )
