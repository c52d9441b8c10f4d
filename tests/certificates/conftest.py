"""Certificate fixtures: approvals that go through the real submission workflow, their events relayed to the
eligibility service as the worker would, and the scheduler run by hand on an injected clock."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from services.eligibility.certificates.scheduler import CertificateScheduler, Round
from tests.eligibility.conftest import EmployerCtx, deliver, integrator_key, staff_headers
from tests.helpers import auth, new_key
from tests.stack import Stack
from tests.submission.conftest import bare_employer, employer, in_qa

__all__ = ["bare_employer", "employer", "integrator_key", "staff_headers"]


@pytest.fixture
async def qa(engine: AsyncEngine) -> dict[str, str]:
    return auth(await new_key(engine, "staff", role="qa_analyst"))


async def relay(stack: Stack, engine: AsyncEngine) -> int:
    """Deliver to the eligibility service the submission events it subscribes to, as the worker would (a
    repeat is acknowledged and not applied again, so relaying everything each time is safe)."""
    async with engine.connect() as conn:
        rows = list(
            await conn.execute(
                text(
                    "SELECT id, type, data FROM shared_outbox_event "
                    "WHERE type IN ('submission.status_changed', 'submission.approval_refused') ORDER BY id"
                )
            )
        )
    for row in rows:
        response = await deliver(stack, row.type, row.data, event_id=row.id)
        assert response.status_code == 200, response.text
    return len(rows)


async def receive(
    api: httpx.AsyncClient,
    stack: Stack,
    engine: AsyncEngine,
    ctx: EmployerCtx,
    *,
    kind: str = "certification",
    start: dt.date,
    end: dt.date,
) -> dict[str, Any]:
    """A submission received on today's (injected) date and through intake into QA, its events relayed."""
    submitted = await in_qa(
        api, ctx, kind=kind, audit_period_start=start.isoformat(), audit_period_end=end.isoformat()
    )
    await relay(stack, engine)
    return submitted


async def decide(
    api: httpx.AsyncClient,
    stack: Stack,
    engine: AsyncEngine,
    qa: dict[str, str],
    submission_id: str,
    action: str = "approve",
    qa_score: float | None = 88,
) -> httpx.Response:
    """A QA decision on today's (injected) date, its events relayed."""
    body: dict[str, Any] = {"action": action, "note": f"QA: {action}"}
    if action == "approve":
        body["qa_score"] = qa_score
    response = await api.post(f"/v1/submissions/{submission_id}/review", json=body, headers=qa)
    await relay(stack, engine)
    return response


async def approve(
    api: httpx.AsyncClient,
    stack: Stack,
    engine: AsyncEngine,
    ctx: EmployerCtx,
    qa: dict[str, str],
    *,
    kind: str = "certification",
    start: dt.date,
    end: dt.date,
    qa_score: float = 88,
) -> dict[str, Any]:
    """A submission taken from creation to approval on today's (injected) date, its events relayed."""
    submitted = await receive(api, stack, engine, ctx, kind=kind, start=start, end=end)
    response = await decide(api, stack, engine, qa, submitted["id"], qa_score=qa_score)
    assert response.status_code == 200, response.text
    return response.json()


def scheduler(stack: Stack, **overrides: Any) -> CertificateScheduler:
    """A scheduler like the service's (same engine, settings and clock), with settings changed if asked."""
    app = stack.apps["eligibility"]
    settings = app.state.settings.model_copy(update=overrides) if overrides else app.state.settings
    return CertificateScheduler(app.state.engine, settings, app.state.clock)


async def on(stack: Stack, day: dt.date) -> Round:
    """Set the clock to `day` and run one scheduler round."""
    stack.clock.set(day)
    return await scheduler(stack).tick()


async def outbox_events(engine: AsyncEngine, event_type: str) -> list[dict[str, Any]]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            text("SELECT data FROM shared_outbox_event WHERE type = :t ORDER BY id"), {"t": event_type}
        )
        return [r.data for r in rows]


async def mails(engine: AsyncEngine, subject_contains: str) -> list[Any]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            text(
                "SELECT to_address, subject, body_text, not_before FROM shared_outbox_mail WHERE subject LIKE :s ORDER BY id"
            ),
            {"s": f"%{subject_contains}%"},
        )
        return list(rows)
