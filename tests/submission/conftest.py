"""Submission fixtures: an employer to submit for, and helpers to create, upload and wait for intake."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import httpx
import pytest

from services.submission.instruments.model import Instruments
from tests.eligibility.conftest import (
    EmployerCtx,
    eligible_employer,
    integrator_key,
    register,
    staff_headers,
)
from tests.helpers import auth
from tests.stack import Stack
from tests.submission.packages import good_files, zip_bytes

__all__ = ["integrator_key", "staff_headers"]

ZIP = {"content-type": "application/zip"}
PERIOD = {"audit_period_start": "2026-01-01", "audit_period_end": "2026-03-31"}
ASSESSOR = {
    "given_name": "Ana",
    "family_name": "Silva",
    "email": "ana@prairieroofing.example",
    "internal": True,
}


@pytest.fixture
async def employer(
    api: httpx.AsyncClient, stack: Stack, integrator_key: str, staff_headers: dict[str, str]
) -> EmployerCtx:
    """An employer that meets every rule of the program, ready to be evaluated."""
    return await eligible_employer(api, stack, integrator_key, staff_headers)


@pytest.fixture
async def bare_employer(api: httpx.AsyncClient, integrator_key: str) -> EmployerCtx:
    """A registered employer with nothing else on file: no WCB status, membership, roster or training."""
    response = await register(api, auth(integrator_key))
    assert response.status_code == 201, response.text
    me = (await api.get("/v1/me", headers=auth(integrator_key))).json()
    body = response.json()
    return EmployerCtx(body["id"], body["wcb_account_number"], auth(integrator_key), me["integrator_id"])


def scores(share: float = 0.9, **overrides: float) -> list[dict[str, Any]]:
    """The evaluation's own score for every element of the current instrument: `share` of its points, or
    `E05=3.0` for one element."""
    return [
        {"element": e.code, "earned": overrides.get(e.code, round(e.points * share, 2)), "possible": e.points}
        for e in Instruments().current.elements
    ]


def submission_body(employer_id: str, **fields: Any) -> dict[str, Any]:
    return {
        "employer_id": employer_id,
        "kind": "certification",
        **PERIOD,
        "contact_email": "owner@prairieroofing.example",
        "assessor": ASSESSOR,
        "element_scores": scores(),
    } | fields


async def create(api: httpx.AsyncClient, ctx: EmployerCtx, **fields: Any) -> dict[str, Any]:
    response = await api.post("/v1/submissions", json=submission_body(ctx.id, **fields), headers=ctx.headers)
    assert response.status_code == 201, response.text
    return response.json()


async def upload(
    api: httpx.AsyncClient, headers: dict[str, str], submission_id: str, content: bytes
) -> httpx.Response:
    return await api.put(f"/v1/submissions/{submission_id}/package", content=content, headers=headers | ZIP)


async def settled(
    api: httpx.AsyncClient, headers: dict[str, str], submission_id: str, *, timeout: float = 30.0
) -> dict[str, Any]:
    """The submission once intake has finished with it (its status is no longer `validating`)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        body: dict[str, Any] = (await api.get(f"/v1/submissions/{submission_id}", headers=headers)).json()
        busy = body["status"] == "validating" or any(a["status"] == "validating" for a in body["addenda"])
        if not busy:
            return body
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"intake did not finish: {body}")
        await asyncio.sleep(0.05)


async def in_qa(api: httpx.AsyncClient, ctx: EmployerCtx, **fields: Any) -> dict[str, Any]:
    """A submission whose good package passed intake."""
    submission = await create(api, ctx, **fields)
    response = await upload(api, ctx.headers, submission["id"], zip_bytes(good_files()))
    assert response.status_code == 202, response.text
    body = await settled(api, ctx.headers, submission["id"])
    assert body["status"] == "in_qa", body
    return body


def today() -> dt.date:
    return dt.date.today()
