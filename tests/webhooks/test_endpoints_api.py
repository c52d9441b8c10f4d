"""/v1/webhook-endpoints: ownership, validation, and destinations refused before anything is sent."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.helpers import assert_problem, auth, new_key
from tests.stack import Stack, build_stack
from tests.webhooks.conftest import endpoint


class TestEndpoints:
    async def test_secret_shown_once_and_owner_only(
        self, api: httpx.AsyncClient, engine: AsyncEngine
    ) -> None:
        owner, other = await new_key(engine, "integrator"), await new_key(engine, "integrator")
        created = await endpoint(
            api,
            owner,
            "http://127.0.0.1:9/h",
            event_types=["employer.eligibility_changed"],
            description="HSMS",
        )
        assert created["secret"].startswith("whsec_")
        assert created["owner"]["kind"] == "integrator" and created["owner"]["integrator_id"]
        read = (await api.get(f"/v1/webhook-endpoints/{created['id']}", headers=auth(owner))).json()
        assert "secret" not in read and read["event_types"] == ["employer.eligibility_changed"]
        assert_problem(await api.get(f"/v1/webhook-endpoints/{created['id']}", headers=auth(other)), 404)
        assert_problem(await api.delete(f"/v1/webhook-endpoints/{created['id']}", headers=auth(other)), 404)
        assert (await api.get("/v1/webhook-endpoints", headers=auth(other))).json()["data"] == []
        staff = await new_key(engine, "staff", role="viewer")
        assert len((await api.get("/v1/webhook-endpoints", headers=auth(staff))).json()["data"]) == 1

    async def test_change_and_delete(self, api: httpx.AsyncClient, engine: AsyncEngine) -> None:
        key = await new_key(engine, "provider", provider_id="prv_a")
        created = await endpoint(api, key, "http://127.0.0.1:9/h")
        patched = await api.patch(
            f"/v1/webhook-endpoints/{created['id']}",
            json={"event_types": ["training.completion_revoked"]},
            headers=auth(key),
        )
        assert patched.json()["event_types"] == ["training.completion_revoked"]
        assert (
            await api.delete(f"/v1/webhook-endpoints/{created['id']}", headers=auth(key))
        ).status_code == 204
        assert_problem(await api.get(f"/v1/webhook-endpoints/{created['id']}", headers=auth(key)), 404)

    @pytest.mark.parametrize(
        ("body", "pointer"),
        [
            ({"url": "http://127.0.0.1:9/h", "event_types": ["employer.exploded"]}, "/event_types/0"),
            ({"url": "ftp://example.com/hook"}, "/url"),
            ({"url": "http://"}, "/url"),
            ({"url": "https://user:pw@example.com/hook"}, "/url"),
            ({"url": "http://127.0.0.1:9/h", "extra": 1}, "/extra"),
        ],
    )
    async def test_invalid_is_422(
        self, api: httpx.AsyncClient, engine: AsyncEngine, body: dict[str, object], pointer: str
    ) -> None:
        key = await new_key(engine, "integrator")
        assert_problem(
            await api.post("/v1/webhook-endpoints", json=body, headers=auth(key)), 422, pointer=pointer
        )

    async def test_viewer_cannot_manage(self, api: httpx.AsyncClient, engine: AsyncEngine) -> None:
        viewer = await new_key(engine, "staff", role="viewer")
        assert_problem(
            await api.post(
                "/v1/webhook-endpoints", json={"url": "http://127.0.0.1:9/h"}, headers=auth(viewer)
            ),
            403,
        )


@pytest.fixture
async def strict(engine: AsyncEngine, database_url: str) -> AsyncIterator[Stack]:
    """A gateway configured as production is: https only, no private networks allowed."""
    overrides = {"outbound_allowed_networks": [], "outbound_allow_http": False}
    async with build_stack(engine, database_url, gateway_overrides=overrides) as built:
        yield built


class TestSsrf:
    @pytest.mark.parametrize(
        "url",
        [
            "https://127.0.0.1/hook",
            "https://localhost/hook",
            "https://10.1.2.3/hook",
            "https://192.168.0.10/hook",
            "https://169.254.169.254/latest/meta-data",
            "https://[::1]/hook",
            "https://[::ffff:127.0.0.1]/hook",
            "http://[::127.0.0.1]:9301/x",
            "https://[64:ff9b::7f00:1]/hook",
            "https://[2002:7f00:1::]/hook",
            "https://[fd00:ec2::254]/hook",
            "https://100.64.0.1/hook",
            "https://0.0.0.0/hook",
            "http://example.com/hook",
        ],
    )
    async def test_private_and_plain_destinations_refused(
        self, strict: Stack, engine: AsyncEngine, url: str
    ) -> None:
        key = await new_key(engine, "integrator")
        response = await strict.gateway.post("/v1/webhook-endpoints", json={"url": url}, headers=auth(key))
        assert_problem(response, 422, pointer="/url")

    async def test_unresolvable_name_refused(self, strict: Stack, engine: AsyncEngine) -> None:
        key = await new_key(engine, "integrator")
        response = await strict.gateway.post(
            "/v1/webhook-endpoints", json={"url": "https://no-such-host.invalid/hook"}, headers=auth(key)
        )
        assert "cannot be resolved" in assert_problem(response, 422, pointer="/url")["detail"]
