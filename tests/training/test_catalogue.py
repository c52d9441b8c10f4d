"""Courses and providers: the seeded catalogue, staff additions, approvals."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.helpers import assert_problem, auth, new_key
from tests.training.conftest import ProviderCtx


class TestCourses:
    async def test_seeded_catalogue(self, api: httpx.AsyncClient, engine: AsyncEngine) -> None:
        key = await new_key(engine, "integrator")
        courses = {c["code"]: c for c in (await api.get("/v1/courses", headers=auth(key))).json()}
        assert set(courses) == {"SECOR", "PHSM", "SFA", "CSTS", "RSTS", "ESTS", "PCST"}
        assert courses["SFA"]["validity_months"] == 36
        assert courses["SFA"]["category"] == "first_aid"
        assert courses["PHSM"]["category"] == "management"
        assert courses["PCST"]["category"] == "industry"

    async def test_admin_adds_a_course(self, api: httpx.AsyncClient, admin_key: str) -> None:
        body = {"code": "FALL", "title": "Fall Protection", "category": "other", "acsa_course": True}
        created = await api.post("/v1/courses", json=body, headers=auth(admin_key))
        assert created.status_code == 201, created.text
        assert (await api.get("/v1/courses/FALL", headers=auth(admin_key))).json()[
            "title"
        ] == "Fall Protection"
        assert_problem(await api.post("/v1/courses", json=body, headers=auth(admin_key)), 409)

    @pytest.mark.parametrize(
        ("body", "pointer"),
        [
            ({"code": "fall", "title": "x", "category": "other"}, "/code"),
            ({"code": "FALL", "title": "", "category": "other"}, "/title"),
            ({"code": "FALL", "title": "x", "category": "juggling"}, "/category"),
            ({"code": "FALL", "title": "x", "category": "other", "validity_months": -3}, "/validity_months"),
        ],
    )
    async def test_bad_course_is_422(
        self, api: httpx.AsyncClient, admin_key: str, body: dict[str, object], pointer: str
    ) -> None:
        assert_problem(
            await api.post("/v1/courses", json=body, headers=auth(admin_key)), 422, pointer=pointer
        )

    async def test_viewer_cannot_add(self, api: httpx.AsyncClient, engine: AsyncEngine) -> None:
        viewer = await new_key(engine, "staff", role="viewer")
        body = {"code": "FALL", "title": "x", "category": "other"}
        assert_problem(await api.post("/v1/courses", json=body, headers=auth(viewer)), 403)

    async def test_unknown_course_is_404(self, api: httpx.AsyncClient, admin_key: str) -> None:
        assert_problem(await api.get("/v1/courses/NOPE", headers=auth(admin_key)), 404)


class TestProviders:
    async def test_create_and_read(
        self, api: httpx.AsyncClient, admin_key: str, provider: ProviderCtx
    ) -> None:
        body = (await api.get(f"/v1/providers/{provider.id}", headers=auth(admin_key))).json()
        assert body["approved_course_codes"] == ["CSTS", "PHSM", "SECOR", "SFA"]
        assert body["is_acsa"] is True

    async def test_provider_reads_itself_not_others(
        self, api: httpx.AsyncClient, provider: ProviderCtx, other_provider: ProviderCtx
    ) -> None:
        assert (await api.get(f"/v1/providers/{provider.id}", headers=provider.headers)).status_code == 200
        assert_problem(await api.get(f"/v1/providers/{other_provider.id}", headers=provider.headers), 404)
        assert_problem(await api.get("/v1/providers", headers=provider.headers), 403)

    async def test_unknown_course_code_is_422(self, api: httpx.AsyncClient, admin_key: str) -> None:
        response = await api.post(
            "/v1/providers",
            json={"name": "X", "approved_course_codes": ["SFA", "JUGGLING"]},
            headers=auth(admin_key),
        )
        assert_problem(response, 422, pointer="/approved_course_codes/1")

    async def test_duplicate_name_is_409(
        self, api: httpx.AsyncClient, admin_key: str, provider: ProviderCtx
    ) -> None:
        response = await api.post(
            "/v1/providers", json={"name": "Alberta Construction Safety Association"}, headers=auth(admin_key)
        )
        assert assert_problem(response, 409)["existing_id"] == provider.id

    async def test_patch_replaces_approvals(
        self, api: httpx.AsyncClient, admin_key: str, provider: ProviderCtx
    ) -> None:
        response = await api.patch(
            f"/v1/providers/{provider.id}", json={"approved_course_codes": ["RSTS"]}, headers=auth(admin_key)
        )
        assert response.status_code == 200, response.text
        assert response.json()["approved_course_codes"] == ["RSTS"]
        assert response.json()["name"] == "Alberta Construction Safety Association"

    async def test_list(
        self, api: httpx.AsyncClient, admin_key: str, provider: ProviderCtx, other_provider: ProviderCtx
    ) -> None:
        page = (await api.get("/v1/providers", headers=auth(admin_key))).json()
        assert {p["id"] for p in page["data"]} == {provider.id, other_provider.id}

    async def test_provider_key_for_unknown_provider_is_refused(
        self, api: httpx.AsyncClient, admin_key: str
    ) -> None:
        response = await api.post(
            "/v1/api-keys",
            json={"name": "x", "kind": "provider", "provider_id": "prv_nope"},
            headers=auth(admin_key),
        )
        assert_problem(response, 422, pointer="/provider_id")

    async def test_provider_key_for_known_provider(
        self, api: httpx.AsyncClient, admin_key: str, provider: ProviderCtx
    ) -> None:
        response = await api.post(
            "/v1/api-keys",
            json={"name": "x", "kind": "provider", "provider_id": provider.id},
            headers=auth(admin_key),
        )
        assert response.status_code == 201, response.text
