"""The gateway's proxy: routing by prefix, the signed principal, streaming, and upstream failures as problems."""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, StreamingResponse
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.app import create_app
from gateway.settings import GatewaySettings
from shared.principal import PRINCIPAL_HEADER, verify_principal
from shared.settings import DEV_PRINCIPAL_SECRET
from tests.helpers import assert_problem, auth, new_key
from tests.servers import ServerThread, free_port

calls: dict[str, int] = {}


def fake_upstream() -> FastAPI:
    """Stands in for a service so the proxy can be driven into slowness, big bodies and counting."""
    app = FastAPI()

    @app.get("/v1/courses/whoami")
    async def whoami(request: Request) -> dict[str, object]:
        principal = verify_principal(
            request.headers[PRINCIPAL_HEADER], request.headers.get("x-request-id"), DEV_PRINCIPAL_SECRET
        )
        return {
            "kind": principal.kind,
            "forwarded_for": request.headers.get("x-forwarded-for"),
            "authorization": request.headers.get("authorization"),
            "query": str(request.query_params),
            "path": request.url.path,
        }

    @app.get("/v1/courses/slow")
    async def slow(seconds: float) -> dict[str, str]:
        await asyncio.sleep(seconds)
        return {"status": "late"}

    @app.post("/v1/courses/echo", status_code=201)
    async def echo(request: Request) -> dict[str, object]:
        body = await request.body()
        calls["echo"] = calls.get("echo", 0) + 1
        return {"sha256": hashlib.sha256(body).hexdigest(), "call": calls["echo"]}

    @app.post("/v1/courses/fails")
    async def fails() -> None:
        calls["fails"] = calls.get("fails", 0) + 1
        raise RuntimeError("boom")

    @app.put("/v1/submissions/sink")
    async def sink(request: Request) -> dict[str, object]:
        total = 0
        digest = hashlib.sha256()
        async for chunk in request.stream():
            total += len(chunk)
            digest.update(chunk)
        return {"bytes": total, "sha256": digest.hexdigest()}

    @app.put("/v1/submissions/refuse")
    async def refuse() -> JSONResponse:
        # Answers without reading the body, as a size cap does.
        return JSONResponse({"detail": "too big"}, status_code=413)

    @app.get("/v1/submissions/big")
    async def big(megabytes: int) -> StreamingResponse:
        async def body() -> AsyncIterator[bytes]:
            for _ in range(megabytes):
                yield b"z" * 1_048_576

        return StreamingResponse(body(), media_type="application/octet-stream")

    return app


@pytest.fixture(scope="module")
def upstream() -> object:
    with ServerThread(fake_upstream()) as server:
        yield server


@pytest.fixture(params=["aiohttp", "httpx"])
async def gateway(
    engine: AsyncEngine, database_url: str, upstream: ServerThread, request: pytest.FixtureRequest
) -> AsyncIterator[httpx.AsyncClient]:
    """The gateway in-process, proxying over real TCP with each of its two HTTP clients."""
    settings = GatewaySettings(
        gateway_http_client=request.param,
        environment="test",
        database_url=database_url,
        training_url=upstream.url,
        submission_url=upstream.url,
        eligibility_url=f"http://127.0.0.1:{free_port()}",  # nothing listens: the service is down
        training_timeout_seconds=0.5,
    )
    app = create_app(settings, engine=engine, listen_for_changes=False)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=("203.0.113.9", 5000))
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
            yield client


class TestRouting:
    async def test_forwards_with_signed_principal_and_no_api_key(
        self, gateway: httpx.AsyncClient, engine: AsyncEngine
    ) -> None:
        key = await new_key(engine, "integrator")
        response = await gateway.get("/v1/courses/whoami", params={"a": "1", "b": "x y"}, headers=auth(key))
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["kind"] == "integrator"
        assert body["authorization"] is None, "the API key must not travel past the gateway"
        assert body["forwarded_for"] == "203.0.113.9"
        assert body["query"] == "a=1&b=x+y"
        assert body["path"] == "/v1/courses/whoami"
        assert response.headers["ratelimit"].startswith('"default";r=')

    async def test_spoofed_principal_header_is_replaced(
        self, gateway: httpx.AsyncClient, engine: AsyncEngine
    ) -> None:
        key = await new_key(engine, "integrator")
        response = await gateway.get(
            "/v1/courses/whoami", headers=auth(key) | {PRINCIPAL_HEADER: "forged.value"}
        )
        assert response.json()["kind"] == "integrator"


class TestUpstreamFailures:
    async def test_down_upstream_is_503_at_once(
        self, gateway: httpx.AsyncClient, engine: AsyncEngine
    ) -> None:
        key = await new_key(engine)
        started = time.monotonic()
        response = await gateway.get("/v1/employers", headers=auth(key))
        body = assert_problem(response, 503)
        assert body["upstream"] == "eligibility"
        assert response.headers["retry-after"]
        assert time.monotonic() - started < 2.5

    async def test_slow_upstream_is_504_after_its_timeout(
        self, gateway: httpx.AsyncClient, engine: AsyncEngine
    ) -> None:
        key = await new_key(engine)
        response = await gateway.get("/v1/courses/slow", params={"seconds": 3}, headers=auth(key))
        assert_problem(response, 504)

    async def test_upstream_crash_is_passed_as_problem(
        self, gateway: httpx.AsyncClient, engine: AsyncEngine
    ) -> None:
        key = await new_key(engine)
        response = await gateway.post("/v1/courses/fails", headers=auth(key))
        assert response.status_code == 500


class TestStreaming:
    async def test_upload_streams_through(self, gateway: httpx.AsyncClient, engine: AsyncEngine) -> None:
        key = await new_key(engine)
        digest = hashlib.sha256()

        async def chunks() -> AsyncIterator[bytes]:
            for i in range(64):
                chunk = bytes([i]) * 262_144
                digest.update(chunk)
                yield chunk

        response = await gateway.put("/v1/submissions/sink", content=chunks(), headers=auth(key))
        assert response.status_code == 200, response.text
        assert response.json() == {"bytes": 64 * 262_144, "sha256": digest.hexdigest()}

    async def test_early_answer_to_an_upload_is_passed_on(
        self, gateway: httpx.AsyncClient, engine: AsyncEngine
    ) -> None:
        key = await new_key(engine)

        async def chunks() -> AsyncIterator[bytes]:
            for _ in range(256):
                yield b"x" * 262_144

        response = await gateway.put("/v1/submissions/refuse", content=chunks(), headers=auth(key))
        assert response.status_code == 413
        assert (await gateway.get("/v1/courses/whoami", headers=auth(key))).status_code == 200

    async def test_many_requests_reuse_connections(
        self, gateway: httpx.AsyncClient, engine: AsyncEngine
    ) -> None:
        key = await new_key(engine)
        statuses = [
            (await gateway.get("/v1/courses/whoami", headers=auth(key))).status_code for _ in range(30)
        ]
        assert statuses == [200] * 30

    async def test_download_streams_back(self, gateway: httpx.AsyncClient, engine: AsyncEngine) -> None:
        key = await new_key(engine)
        response = await gateway.get("/v1/submissions/big", params={"megabytes": 8}, headers=auth(key))
        assert response.status_code == 200
        assert len(response.content) == 8 * 1_048_576


class TestIdempotencyKey:
    async def test_same_key_same_body_replays_first_response(
        self, gateway: httpx.AsyncClient, engine: AsyncEngine
    ) -> None:
        key = await new_key(engine, "integrator")
        headers = auth(key) | {"idempotency-key": "order-42"}
        first = await gateway.post("/v1/courses/echo", json={"n": 1}, headers=headers)
        second = await gateway.post("/v1/courses/echo", json={"n": 1}, headers=headers)
        assert first.status_code == second.status_code == 201
        assert first.json() == second.json(), "the second call must not reach the service"
        assert second.headers["idempotent-replayed"] == "true"
        assert "idempotent-replayed" not in first.headers
        # The replay says what it is, as the first answer did (a client parses it by its Content-Type).
        assert second.headers["content-type"] == first.headers["content-type"] == "application/json"

    async def test_same_key_other_body_is_422(self, gateway: httpx.AsyncClient, engine: AsyncEngine) -> None:
        key = await new_key(engine, "integrator")
        headers = auth(key) | {"idempotency-key": "order-43"}
        await gateway.post("/v1/courses/echo", json={"n": 1}, headers=headers)
        assert_problem(await gateway.post("/v1/courses/echo", json={"n": 2}, headers=headers), 422)

    async def test_keys_are_per_api_key(self, gateway: httpx.AsyncClient, engine: AsyncEngine) -> None:
        one, two = await new_key(engine, "integrator"), await new_key(engine, "integrator")
        a = await gateway.post(
            "/v1/courses/echo", json={"n": 1}, headers=auth(one) | {"idempotency-key": "k"}
        )
        b = await gateway.post(
            "/v1/courses/echo", json={"n": 1}, headers=auth(two) | {"idempotency-key": "k"}
        )
        assert a.json()["call"] != b.json()["call"]

    async def test_in_flight_is_409(self, gateway: httpx.AsyncClient, engine: AsyncEngine) -> None:
        key = await new_key(engine, "integrator")
        headers = auth(key) | {"idempotency-key": "slow-one"}
        from gateway.idempotency import IdempotencyStore

        store = IdempotencyStore(engine, stale_after_seconds=600, max_response_bytes=1024)
        me = (await gateway.get("/v1/me", headers=auth(key))).json()
        assert (
            await store.claim(me["id"], "slow-one", "POST", "/v1/courses/echo") is None
        )  # another request holds it
        assert_problem(await gateway.post("/v1/courses/echo", json={"n": 1}, headers=headers), 409)

    async def test_server_errors_are_not_kept(self, gateway: httpx.AsyncClient, engine: AsyncEngine) -> None:
        key = await new_key(engine, "integrator")
        headers = auth(key) | {"idempotency-key": "retry-me"}
        before = calls.get("fails", 0)
        await gateway.post("/v1/courses/fails", headers=headers)
        await gateway.post("/v1/courses/fails", headers=headers)
        assert calls["fails"] == before + 2

    async def test_overlong_key_is_422(self, gateway: httpx.AsyncClient, engine: AsyncEngine) -> None:
        key = await new_key(engine, "integrator")
        response = await gateway.post(
            "/v1/courses/echo", json={}, headers=auth(key) | {"idempotency-key": "k" * 300}
        )
        assert_problem(response, 422, pointer="/Idempotency-Key")


class TestForwardedFor:
    async def test_rotating_the_left_end_does_not_escape_the_per_address_limit(
        self, engine: AsyncEngine, database_url: str, upstream: ServerThread
    ) -> None:
        settings = GatewaySettings(
            environment="test",
            database_url=database_url,
            eligibility_url=upstream.url,
            trust_forwarded_for=True,
            anonymous_rate_limit_per_minute=1,
            anonymous_rate_limit_burst=3,
        )
        app = create_app(settings, engine=engine, listen_for_changes=False)
        async with app.router.lifespan_context(app):
            # The gateway's peer is our own proxy, which appended the address it saw.
            transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 5000))
            async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
                statuses = [
                    (
                        await client.get(
                            f"/v1/certificates/SECOR-2026-00000{i}-1/verification",
                            headers={"x-forwarded-for": f"198.51.100.{i}, 203.0.113.9"},
                        )
                    ).status_code
                    for i in range(6)
                ]
        assert statuses[3:] == [429, 429, 429], statuses


class TestKeyGuessing:
    async def test_wrong_keys_are_limited_per_address_and_valid_keys_are_not(
        self, engine: AsyncEngine, database_url: str, upstream: ServerThread
    ) -> None:
        key = await new_key(engine, "integrator")
        settings = GatewaySettings(
            environment="test",
            database_url=database_url,
            training_url=upstream.url,
            failed_auth_per_minute=1,
            failed_auth_burst=5,
        )
        app = create_app(settings, engine=engine, listen_for_changes=False)
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app, client=("203.0.113.50", 5000))
            async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
                guesses = [
                    await client.get("/v1/courses/whoami", headers=auth(f"secor_guess{i:04d}"))
                    for i in range(8)
                ]
                valid = await client.get("/v1/courses/whoami", headers=auth(key))
        assert [r.status_code for r in guesses] == [401] * 5 + [429] * 3
        assert int(guesses[-1].headers["retry-after"]) >= 1
        assert_problem(guesses[-1], 429)
        assert valid.status_code == 200
