"""Application factories uvicorn imports (`secor serve <component>`); each configures its own logging."""

from __future__ import annotations

from fastapi import FastAPI


def gateway() -> FastAPI:
    from gateway.app import create_app

    return create_app(configure_logs=True)


def eligibility() -> FastAPI:
    from services.eligibility.app import create_app

    return create_app(configure_logs=True)


def training() -> FastAPI:
    from services.training.app import create_app

    return create_app(configure_logs=True)


def submission() -> FastAPI:
    from services.submission.app import create_app

    return create_app(configure_logs=True)
