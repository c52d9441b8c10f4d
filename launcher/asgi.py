"""Application factories uvicorn imports (`secor serve <component>`); each configures its own logging."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI


def gateway() -> FastAPI:
    from gateway.app import create_app

    return create_app(configure_logs=True, service_documents=service_documents)


def eligibility() -> FastAPI:
    from services.eligibility.app import create_app

    return create_app(configure_logs=True)


def training() -> FastAPI:
    from services.training.app import create_app

    return create_app(configure_logs=True)


def submission() -> FastAPI:
    from services.submission.app import create_app

    return create_app(configure_logs=True)


def service_documents() -> list[tuple[str, dict[str, Any]]]:
    """Each service's OpenAPI document, built from its code (no service needs to be running)."""
    from services.eligibility.app import create_app as eligibility_app
    from services.submission.app import create_app as submission_app
    from services.training.app import create_app as training_app

    return [
        ("eligibility", eligibility_app().openapi()),
        ("training", training_app().openapi()),
        ("submission", submission_app().openapi()),
    ]
