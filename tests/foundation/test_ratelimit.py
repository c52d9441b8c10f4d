"""Per-key token buckets and the RateLimit headers."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.ratelimit import TokenBuckets
from tests.helpers import assert_problem, auth, new_key
from tests.stack import Stack, build_stack


class TestTokenBucket:
    def test_burst_then_refill(self) -> None:
        buckets = TokenBuckets()
        decisions = [buckets.take("k", per_minute=60, burst=3, now=100.0) for _ in range(4)]
        assert [d.allowed for d in decisions] == [True, True, True, False]
        assert decisions[3].retry_after == 1
        assert buckets.take("k", per_minute=60, burst=3, now=101.0).allowed
        assert not buckets.take("k", per_minute=60, burst=3, now=101.0).allowed

    def test_keys_do_not_share(self) -> None:
        buckets = TokenBuckets()
        for _ in range(3):
            buckets.take("a", per_minute=60, burst=3, now=0.0)
        assert buckets.take("b", per_minute=60, burst=3, now=0.0).allowed

    def test_header_values(self) -> None:
        decision = TokenBuckets().take("k", per_minute=120, burst=10, now=0.0)
        headers = dict(decision.headers())
        assert headers[b"ratelimit-policy"] == b'"default";q=10;w=5'
        assert headers[b"ratelimit"] == b'"default";r=9;t=1'

    def test_memory_is_bounded(self) -> None:
        buckets = TokenBuckets(max_buckets=100)
        for i in range(1000):
            buckets.take(f"k{i}", per_minute=60, burst=1, now=0.0)
        assert len(buckets._buckets) <= 101


@pytest.fixture
async def strict(engine: AsyncEngine, database_url: str) -> AsyncIterator[Stack]:
    overrides = {"rate_limit_per_minute": 60, "rate_limit_burst": 3, "anonymous_rate_limit_burst": 2}
    async with build_stack(engine, database_url, gateway_overrides=overrides) as built:
        yield built


class TestGatewayLimits:
    async def test_429_with_retry_after_once_the_bucket_is_empty(
        self, strict: Stack, engine: AsyncEngine
    ) -> None:
        key = await new_key(engine)
        statuses = [(await strict.gateway.get("/v1/me", headers=auth(key))).status_code for _ in range(3)]
        assert statuses == [200, 200, 200]
        limited = await strict.gateway.get("/v1/me", headers=auth(key))
        assert_problem(limited, 429)
        assert int(limited.headers["retry-after"]) >= 1
        assert limited.headers["ratelimit"] == '"default";r=0;t=3'

    async def test_every_response_carries_the_headers(self, api: httpx.AsyncClient, admin_key: str) -> None:
        for path in ("/v1/me", "/v1/api-keys", "/v1/nothing"):
            response = await api.get(path, headers=auth(admin_key))
            assert response.headers["ratelimit-policy"].startswith('"default";q=')
            assert response.headers["ratelimit"].startswith('"default";r=')

    async def test_per_key_override(self, strict: Stack, engine: AsyncEngine) -> None:
        key = await new_key(engine, rate_limit_per_minute=6000)
        statuses = {(await strict.gateway.get("/v1/me", headers=auth(key))).status_code for _ in range(20)}
        assert statuses == {200}

    async def test_anonymous_public_calls_limited_per_address(self, strict: Stack) -> None:
        path = "/v1/certificates/verification-key"
        statuses = [(await strict.gateway.get(path)).status_code for _ in range(3)]
        assert statuses[-1] == 429
