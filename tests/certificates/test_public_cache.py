"""The gateway keeps public answers as a CDN would: for as long as the service allows, dropped when they change."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.publiccache import CHANNEL, PublicAnswerCache, cache_key, max_age
from shared.db import asyncpg_dsn
from shared.notify import start_listener, stop_listener
from tests.certificates.test_scheduler import issue_many
from tests.helpers import auth
from tests.stack import Stack
from tests.webhooks.conftest import eventually


@pytest.fixture
async def number(api: httpx.AsyncClient, stack: Stack, engine: AsyncEngine, integrator_key: str) -> str:
    stack.apps["gateway"].state.public_cache.clear()
    [issued] = await issue_many(api, stack, engine, integrator_key, 1)
    return issued


class TestGatewayCache:
    async def test_answers_kept_for_anonymous_callers(
        self, api: httpx.AsyncClient, stack: Stack, number: str
    ) -> None:
        cache: PublicAnswerCache = stack.apps["gateway"].state.public_cache
        path = f"/v1/certificates/{number}/verification"
        first = await api.get(path)
        assert first.headers["cache-control"] == "public, max-age=30"
        kept = cache.get(path)
        assert kept is not None and kept.body == first.content
        again = await api.get(path.lower())  # the same certificate however it is written
        assert again.content == first.content
        assert again.headers["x-request-id"] != first.headers["x-request-id"]
        assert "ratelimit" in again.headers

    async def test_unknown_numbers_are_kept_too(
        self, api: httpx.AsyncClient, stack: Stack, number: str
    ) -> None:
        cache: PublicAnswerCache = stack.apps["gateway"].state.public_cache
        path = "/v1/certificates/SECOR-2027-999999-3/verification"
        assert (await api.get(path)).status_code == 404
        kept = cache.get(path)
        assert kept is not None and kept.status == 404

    async def test_a_change_through_the_gateway_shows_at_once(
        self, api: httpx.AsyncClient, stack: Stack, number: str, staff_headers: dict[str, str]
    ) -> None:
        path = f"/v1/certificates/{number}/verification"
        assert (await api.get(path)).json()["status"] == "active"
        await api.post(
            f"/v1/certificates/{number}/suspension", json={"reason": "review"}, headers=staff_headers
        )
        assert stack.apps["gateway"].state.public_cache.get(path) is None
        assert (await api.get(path)).json()["status"] == "suspended"

    async def test_key_holders_are_not_served_from_it(
        self, api: httpx.AsyncClient, stack: Stack, number: str, integrator_key: str
    ) -> None:
        path = f"/v1/certificates/{number}/verification"
        await api.get(path, headers=auth(integrator_key))
        assert stack.apps["gateway"].state.public_cache.get(path) is None

    async def test_changes_elsewhere_arrive_by_notification(
        self, engine: AsyncEngine, database_url: str, number: str
    ) -> None:
        cache = PublicAnswerCache()
        connected = asyncio.Event()
        listener = start_listener(
            asyncpg_dsn(database_url), CHANNEL, cache.invalidate, on_connect=connected.set
        )
        try:
            await asyncio.wait_for(connected.wait(), 10)
            path = f"/v1/certificates/{number}/verification"
            cache.put(path, 200, [(b"content-type", b"application/json")], b"{}", 300)
            # The scheduler in another process expires it: no request passes this gateway.
            async with engine.begin() as conn:
                await conn.execute(
                    text("UPDATE eligibility_certificate SET status = 'expired' WHERE number = :n"),
                    {"n": number},
                )
            await eventually(lambda: cache.get(path) is None)
        finally:
            await stop_listener(listener)


class TestRules:
    @pytest.mark.parametrize(
        ("value", "seconds"),
        [
            (b"public, max-age=30", 30),
            (b"Public, Max-Age=5", 5),
            (b"private, max-age=30", None),
            (b"public, no-store, max-age=30", None),
            (b"no-store", None),
        ],
    )
    def test_only_what_the_service_calls_public(self, value: bytes, seconds: int | None) -> None:
        assert max_age([(b"cache-control", value)]) == seconds

    def test_bounded_and_expiring(self) -> None:
        cache = PublicAnswerCache(max_entries=2)
        for i in range(3):
            cache.put(f"/v1/x/{i}", 200, [], b"{}", 60)
        assert cache.get("/v1/x/0") is None and cache.get("/v1/x/2") is not None
        cache.put("/v1/y", 200, [], b"{}", 0)
        assert cache.get("/v1/y") is None
        assert cache_key("/v1/certificates/secor-1 /verification") == "/V1/CERTIFICATES/SECOR-1/VERIFICATION"
