"""Events this service acts on, delivered by the gateway worker to POST /internal/events."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncConnection

from services.eligibility.certificates import service as certificates
from services.eligibility.completions import service as completions
from services.eligibility.determination import repository as determinations
from shared.inbox import Handler


async def completion_recorded(conn: AsyncConnection, data: dict[str, Any], app: FastAPI) -> None:
    await completions.apply_recorded(conn, data, app.state.settings, app.state.clock)


async def completion_revoked(conn: AsyncConnection, data: dict[str, Any], app: FastAPI) -> None:
    await completions.apply_revoked(conn, data, app.state.settings, app.state.clock)


async def submission_status_changed(conn: AsyncConnection, data: dict[str, Any], app: FastAPI) -> None:
    """An approved certification issues a certificate; an approved maintenance keeps one for its year; a
    maintenance that is no longer in hand after its due date lets the certificate be cancelled."""
    clock = app.state.clock
    if data.get("determination_id"):
        await determinations.confirm(conn, data["determination_id"], clock.now())
    await certificates.track_submission(conn, data, app.state.settings, clock)
    if data.get("new_status") != "approved":
        return
    if data["kind"] == "certification":
        await certificates.issue(conn, data, app.state.settings, clock)
    else:
        await certificates.maintain(conn, data, app.state.settings, clock)


async def submission_approval_refused(conn: AsyncConnection, data: dict[str, Any], app: FastAPI) -> None:
    clock = app.state.clock
    if data.get("determination_id"):
        await determinations.confirm(conn, data["determination_id"], clock.now())
    await certificates.approval_refused(conn, data, app.state.settings, clock)


HANDLERS: dict[str, Handler] = {
    "training.completion_recorded": completion_recorded,
    "training.completion_revoked": completion_revoked,
    "submission.status_changed": submission_status_changed,
    "submission.approval_refused": submission_approval_refused,
}
