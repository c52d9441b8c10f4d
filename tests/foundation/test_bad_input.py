"""Unknown paths, wrong methods, malformed JSON, huge headers and bodies: each a clear problem, never a 500."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.helpers import assert_problem, auth, new_key, principal_headers, staff
from tests.stack import Stack


class TestGatewayBadInput:
    async def test_unknown_v1_path_is_404_problem(self, api: httpx.AsyncClient, admin_key: str) -> None:
        body = assert_problem(await api.get("/v1/nothing-here", headers=auth(admin_key)), 404)
        assert "/v1/nothing-here" in body["detail"]

    async def test_unknown_path_without_key_is_still_401(self, api: httpx.AsyncClient) -> None:
        # Without a key nobody learns which paths exist.
        assert_problem(await api.get("/v1/nothing-here"), 401)

    async def test_unknown_non_api_path_is_404_problem(self, api: httpx.AsyncClient) -> None:
        assert_problem(await api.get("/wp-login.php"), 404)

    async def test_wrong_method_is_405_problem(self, api: httpx.AsyncClient, admin_key: str) -> None:
        response = await api.put("/v1/me", headers=auth(admin_key))
        assert_problem(response, 405)
        assert "GET" in response.headers["allow"]

    async def test_wrong_method_on_proxied_path_is_405_problem(
        self, api: httpx.AsyncClient, admin_key: str
    ) -> None:
        assert_problem(await api.request("PATCH", "/v1/courses", headers=auth(admin_key)), 405)

    @pytest.mark.parametrize("payload", [b"{", b"[1, 2", b"\xff\xfe", b"null", b'{"name": "x", "kind":}'])
    async def test_malformed_json_is_422_problem(
        self, api: httpx.AsyncClient, admin_key: str, payload: bytes
    ) -> None:
        response = await api.post(
            "/v1/api-keys", content=payload, headers=auth(admin_key) | {"content-type": "application/json"}
        )
        assert_problem(response, 422)

    async def test_huge_body_is_413_problem(self, api: httpx.AsyncClient, admin_key: str) -> None:
        response = await api.post(
            "/v1/api-keys",
            content=b'{"name": "' + b"x" * 2_000_000 + b'"}',
            headers=auth(admin_key) | {"content-type": "application/json"},
        )
        assert_problem(response, 413)

    async def test_huge_chunked_body_is_413_problem(self, api: httpx.AsyncClient, admin_key: str) -> None:
        async def chunks() -> AsyncIterator[bytes]:
            for _ in range(40):
                yield b"x" * 65536

        response = await api.post(
            "/v1/api-keys", content=chunks(), headers=auth(admin_key) | {"content-type": "application/json"}
        )
        assert_problem(response, 413)

    async def test_huge_headers_are_431_problem(self, api: httpx.AsyncClient, admin_key: str) -> None:
        response = await api.get("/v1/me", headers=auth(admin_key) | {"x-padding": "y" * 20_000})
        assert_problem(response, 431)

    async def test_every_response_has_request_id(self, api: httpx.AsyncClient) -> None:
        given = await api.get("/v1/me", headers={"x-request-id": "trace-123"})
        assert given.headers["x-request-id"] == "trace-123"
        made = await api.get("/healthz", headers={"x-request-id": "bad id with spaces"})
        assert made.headers["x-request-id"] != "bad id with spaces"
        assert len(made.headers["x-request-id"]) == 32


class TestServiceBadInput:
    async def test_service_unknown_v1_path_without_principal_is_401(self, stack: Stack) -> None:
        assert_problem(await stack.eligibility.get("/v1/whatever"), 401)

    async def test_service_unknown_v1_path_with_principal_is_404(self, stack: Stack) -> None:
        response = await stack.training.get("/v1/whatever", headers=principal_headers(staff()))
        assert_problem(response, 404)

    async def test_service_health_is_public(self, stack: Stack) -> None:
        for client in (stack.eligibility, stack.training, stack.submission):
            assert (await client.get("/healthz")).json()["status"] == "ok"
            assert (await client.get("/readyz")).json()["database"] == "ok"


class TestMalformedQuery:
    async def test_bad_cursor_is_422(self, api: httpx.AsyncClient, engine: AsyncEngine) -> None:
        key = await new_key(engine)
        response = await api.get("/v1/api-keys", params={"cursor": "%%%not-base64"}, headers=auth(key))
        assert_problem(response, 422, pointer="/cursor")

    @pytest.mark.parametrize("limit", ["0", "201", "ten"])
    async def test_bad_limit_is_422_naming_the_parameter(
        self, api: httpx.AsyncClient, admin_key: str, limit: str
    ) -> None:
        response = await api.get("/v1/api-keys", params={"limit": limit}, headers=auth(admin_key))
        body = assert_problem(response, 422, pointer="/limit")
        assert body["errors"][0]["location"] == "query"


class TestTextTheDatabaseCannotStore:
    """A NUL (or an unpaired surrogate) anywhere a client writes text is a 422 pointing at it, never a 500."""

    @pytest.mark.parametrize(
        ("path", "body", "pointer"),
        [
            ("/v1/api-keys", {"name": "bad\u0000key", "kind": "staff", "role": "admin"}, "/name"),
            ("/v1/providers", {"name": "Prairie\u0000Safety"}, "/name"),
            (
                "/v1/courses",
                {"code": "X1", "title": "Fall\u0000protection", "category": "first_aid"},
                "/title",
            ),
            (
                "/v1/api-keys",
                {"name": "ok\ud800", "kind": "staff", "role": "admin"},
                "/name",
            ),
        ],
    )
    async def test_in_a_json_body(
        self, api: httpx.AsyncClient, admin_key: str, path: str, body: dict[str, object], pointer: str
    ) -> None:
        raw = json.dumps(body).encode()  # json escapes NUL and the lone surrogate as \\u0000 and \\ud800
        response = await api.post(
            path, content=raw, headers=auth(admin_key) | {"content-type": "application/json"}
        )
        assert_problem(response, 422, pointer=pointer)

    async def test_in_a_query_parameter_and_a_path(self, api: httpx.AsyncClient, admin_key: str) -> None:
        for url in ("/v1/submissions?employer_id=emp%00x", "/v1/employers/emp%00x"):
            assert "NUL" in assert_problem(await api.get(url, headers=auth(admin_key)), 400)["detail"]
