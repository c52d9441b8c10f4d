"""The answers a newcomer meets first say what was wrong and how to send it right."""

from __future__ import annotations

import httpx
import pytest

from tests.helpers import assert_problem, auth

EMPLOYER = (
    '{"wcb_account_number": "1234567", "legal_name": "Prairie Roofing", "contact_email": "a@b.example"}'
)


class TestCredentials:
    async def test_a_key_without_bearer_is_told_to_add_it(
        self, api: httpx.AsyncClient, admin_key: str
    ) -> None:
        body = assert_problem(await api.get("/v1/me", headers={"Authorization": admin_key}), 401)
        assert "`Authorization: Bearer <key>`" in body["detail"] and "no `Bearer ` scheme" in body["detail"]

    async def test_another_scheme_is_named(self, api: httpx.AsyncClient) -> None:
        body = assert_problem(await api.get("/v1/me", headers={"Authorization": "Basic dTpw"}), 401)
        assert "not the 'Basic' scheme" in body["detail"]

    async def test_bearer_without_a_key(self, api: httpx.AsyncClient) -> None:
        body = assert_problem(await api.get("/v1/me", headers={"Authorization": "Bearer "}), 401)
        assert "no key follows" in body["detail"]

    async def test_an_unknown_key_says_how_to_check_it(self, api: httpx.AsyncClient) -> None:
        body = assert_problem(await api.get("/v1/me", headers=auth("secor_nope")), 401)
        assert "unknown or revoked" in body["detail"] and "copied whole" in body["detail"]

    @pytest.mark.parametrize(
        "headers", [{}, {"Authorization": "secor_x"}, {"Authorization": "Bearer secor_x"}]
    )
    async def test_every_401_carries_rate_limit_headers(
        self, api: httpx.AsyncClient, headers: dict[str, str]
    ) -> None:
        response = await api.get("/v1/me", headers=headers)
        assert response.status_code == 401
        assert "ratelimit" in response.headers and "ratelimit-policy" in response.headers


class TestBodies:
    async def test_json_sent_as_a_form_is_told_about_content_type(
        self, api: httpx.AsyncClient, admin_key: str
    ) -> None:
        # What `curl -d '{...}'` sends without -H 'Content-Type: application/json'.
        response = await api.post(
            "/v1/employers",
            content=EMPLOYER,
            headers=auth(admin_key) | {"content-type": "application/x-www-form-urlencoded"},
        )
        detail = assert_problem(response, 422)["errors"][0]["detail"]
        assert "Content-Type: application/json" in detail
        assert "`application/x-www-form-urlencoded`" in detail

    async def test_malformed_json_says_where(self, api: httpx.AsyncClient, admin_key: str) -> None:
        broken = '{\n  "wcb_account_number": "1234567",\n  "legal_name": Prairie\n}'
        response = await api.post(
            "/v1/employers", content=broken, headers=auth(admin_key) | {"content-type": "application/json"}
        )
        detail = assert_problem(response, 422)["errors"][0]["detail"]
        assert detail.startswith("The body is not valid JSON: Expecting value at line 3, column 17"), detail
