"""Training fixtures: a provider approved for the SECOR courses, with its key."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.helpers import auth, new_key


@dataclass
class ProviderCtx:
    id: str
    key: str
    headers: dict[str, str]


async def make_provider(
    api: httpx.AsyncClient,
    admin_key: str,
    engine: AsyncEngine,
    *,
    name: str,
    courses: list[str],
    is_acsa: bool = False,
) -> ProviderCtx:
    response = await api.post(
        "/v1/providers",
        json={"name": name, "is_acsa": is_acsa, "approved_course_codes": courses},
        headers=auth(admin_key),
    )
    assert response.status_code == 201, response.text
    provider_id = response.json()["id"]
    key = await new_key(engine, "provider", provider_id=provider_id)
    return ProviderCtx(provider_id, key, auth(key))


@pytest.fixture
async def provider(api: httpx.AsyncClient, admin_key: str, engine: AsyncEngine) -> ProviderCtx:
    return await make_provider(
        api,
        admin_key,
        engine,
        name="Alberta Construction Safety Association",
        courses=["SECOR", "PHSM", "CSTS", "SFA"],
        is_acsa=True,
    )


@pytest.fixture
async def other_provider(api: httpx.AsyncClient, admin_key: str, engine: AsyncEngine) -> ProviderCtx:
    return await make_provider(api, admin_key, engine, name="St. John Ambulance", courses=["SFA"])


def completion(record_id: str = "rec-1", **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "provider_record_id": record_id,
        "course_code": "SFA",
        "completed_on": "2026-03-14",
        "learner": {"given_name": "Marie", "family_name": "Tremblay", "email": "marie@example.com"},
        "employer_wcb_account_number": "123-4567",
    }
    for key, value in overrides.items():
        if key.startswith("learner_"):
            body["learner"][key.removeprefix("learner_")] = value
        else:
            body[key] = value
    return body


TODAY = dt.date.today()
