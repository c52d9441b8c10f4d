"""Eligibility fixtures: an integrator with a registered employer, signed event delivery, an eligible setup."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.dates import add_years
from shared.ids import new_id
from shared.settings import DEV_INTERNAL_WEBHOOK_SECRET
from shared.webhooks import signed_headers
from tests.events import encode_body
from tests.helpers import auth, new_key
from tests.stack import Stack

TODAY = dt.date.today()


def days(n: int) -> str:
    """The date `n` days from today, as the API takes it."""
    return (TODAY + dt.timedelta(days=n)).isoformat()


@dataclass
class EmployerCtx:
    id: str
    wcb: str
    headers: dict[str, str]
    integrator_id: str


async def register(
    api: httpx.AsyncClient, headers: dict[str, str], wcb: str | None = None, **fields: Any
) -> httpx.Response:
    body = {
        "wcb_account_number": str(uuid.uuid4().int)[:9] if wcb is None else wcb,
        "legal_name": "Prairie Roofing Ltd.",
        "contact_email": "owner@prairieroofing.example",
    } | fields
    return await api.post("/v1/employers", json=body, headers=headers)


@pytest.fixture
async def integrator_key(engine: AsyncEngine) -> str:
    return await new_key(engine, "integrator")


@pytest.fixture
async def employer(api: httpx.AsyncClient, integrator_key: str) -> EmployerCtx:
    response = await register(api, auth(integrator_key))
    assert response.status_code == 201, response.text
    body = response.json()
    me = (await api.get("/v1/me", headers=auth(integrator_key))).json()
    return EmployerCtx(body["id"], body["wcb_account_number"], auth(integrator_key), me["integrator_id"])


@pytest.fixture
async def staff_headers(engine: AsyncEngine) -> dict[str, str]:
    return auth(await new_key(engine, "staff", role="admin"))


def worker(given: str = "Ana", family: str = "Silva", **fields: Any) -> dict[str, Any]:
    return {
        "given_name": given,
        "family_name": family,
        "role": "worker",
        "employment_type": "full_time",
        "start_date": days(-400),
    } | fields


async def add_worker(api: httpx.AsyncClient, ctx: EmployerCtx, **fields: Any) -> dict[str, Any]:
    response = await api.post(f"/v1/employers/{ctx.id}/workers", json=worker(**fields), headers=ctx.headers)
    assert response.status_code == 201, response.text
    return response.json()


def completion_event(
    course: str, *, given: str = "Ana", family: str = "Silva", **fields: Any
) -> dict[str, Any]:
    """A training.completion_recorded payload as the training service sends it."""
    learner = {
        "given_name": given,
        "family_name": family,
        "email": None,
        "birth_date": None,
        "learner_id": None,
    }
    for key in ("email", "birth_date", "learner_id"):
        if key in fields:
            learner[key] = fields.pop(key)
    return {
        "completion_id": new_id("cmp"),
        "provider_id": "prv_acsa",
        "provider_is_acsa": True,
        "provider_record_id": uuid.uuid4().hex,
        "course_code": course,
        "course_category": "other",
        "completed_on": days(-100),
        "learner": learner,
        "employer_wcb_account_number": None,
        "certificate_number": None,
        "expires_on": None,
        "status": "active",
        "recorded_at": dt.datetime.now(dt.UTC).isoformat(),
    } | fields


async def deliver(
    stack: Stack,
    event_type: str,
    data: dict[str, Any],
    *,
    event_id: str | None = None,
    secret: str = DEV_INTERNAL_WEBHOOK_SECRET,
) -> httpx.Response:
    """POST a signed internal event to the eligibility service, as the gateway worker does."""
    msg_id = event_id or new_id("evt")
    body = encode_body(event_type, dt.datetime.now(dt.UTC), data)
    return await stack.eligibility.post(
        "/internal/events", content=body, headers=signed_headers([secret], msg_id, body)
    )


async def record(stack: Stack, data: dict[str, Any]) -> dict[str, Any]:
    response = await deliver(stack, "training.completion_recorded", data)
    assert response.status_code == 200, response.text
    return data


async def train(stack: Stack, on: dt.date, email: str = "ana@prairieroofing.example") -> None:
    """Ana takes every course again on `on` (SECOR and CSTS from ACSA, SFA valid its 3 years), recorded now."""
    for course in ("SECOR", "SFA", "CSTS"):
        await record(
            stack,
            completion_event(
                course,
                email=email,
                completed_on=on.isoformat(),
                provider_is_acsa=course != "SFA",
                expires_on=add_years(on, 3).isoformat() if course == "SFA" else None,
                recorded_at=stack.clock.now().isoformat(),
            ),
        )


async def eligible_employer(
    api: httpx.AsyncClient, stack: Stack, integrator_key: str, staff_headers: dict[str, str] | None = None
) -> EmployerCtx:
    """A registered employer that meets every rule of the program (see make_eligible)."""
    if staff_headers is None:
        staff_headers = auth(await new_key(stack.apps["eligibility"].state.engine, "staff", role="admin"))
    response = await register(api, auth(integrator_key))
    assert response.status_code == 201, response.text
    body = response.json()
    me = (await api.get("/v1/me", headers=auth(integrator_key))).json()
    ctx = EmployerCtx(body["id"], body["wcb_account_number"], auth(integrator_key), me["integrator_id"])
    await make_eligible(api, stack, ctx, staff_headers)
    return ctx


async def make_eligible(
    api: httpx.AsyncClient, stack: Stack, ctx: EmployerCtx, staff_headers: dict[str, str]
) -> dict[str, Any]:
    """One full-time worker with every course, an active WCB account, a membership, and an assessor."""
    ana = await add_worker(api, ctx, email="ana@prairieroofing.example")
    await api.put(
        f"/v1/employers/{ctx.id}/wcb-account",
        json={"status": "active", "as_of": days(-500)},
        headers=staff_headers,
    )
    await api.put(
        f"/v1/employers/{ctx.id}/acsa-membership",
        json={"member_number": "M-1001", "valid_from": days(-500), "valid_until": days(3650)},
        headers=staff_headers,
    )
    await api.put(
        f"/v1/employers/{ctx.id}/assessor",
        json={
            "given_name": "Ana",
            "family_name": "Silva",
            "email": "ana@prairieroofing.example",
            "internal": True,
        },
        headers=ctx.headers,
    )
    for course in ("SECOR", "SFA", "CSTS"):
        await record(
            stack,
            completion_event(
                course,
                email="ana@prairieroofing.example",
                provider_is_acsa=course != "SFA",
                expires_on=days(900) if course == "SFA" else None,
            ),
        )
    return ana
