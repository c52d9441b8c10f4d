"""The eligibility service: employers, rosters, determinations, certificates."""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine

from services.eligibility.settings import EligibilitySettings
from shared.app import create_service_app
from shared.clock import Clock


def create_app(
    settings: EligibilitySettings | None = None,
    *,
    engine: AsyncEngine | None = None,
    clock: Clock | None = None,
    configure_logs: bool = False,
) -> FastAPI:
    settings = settings or EligibilitySettings()
    return create_service_app(
        name="eligibility",
        title="SECOR eligibility",
        description="Employers, rosters, eligibility determinations and certificates.",
        settings=settings,
        routers=[],
        engine=engine,
        clock=clock,
        configure_logs=configure_logs,
    )
