"""Employers: registration, reading, changing, listing, and who may see them."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.eligibility.conftest import EmployerCtx, register
from tests.helpers import assert_problem, auth, new_key


class TestRegistration:
    async def test_registers_with_normalized_wcb_number(
        self, api: httpx.AsyncClient, integrator_key: str
    ) -> None:
        response = await register(api, auth(integrator_key), wcb="123 456-789", trade_name="Prairie Roofing")
        assert response.status_code == 201, response.text
        body = response.json()
        assert body["wcb_account_number"] == "123456789"
        assert body["id"].startswith("emp_")
        assert body["outcome"] == "not_eligible"

    async def test_duplicate_number_is_409_naming_the_existing(
        self, api: httpx.AsyncClient, integrator_key: str
    ) -> None:
        first = (await register(api, auth(integrator_key), wcb="5551234")).json()
        body = assert_problem(
            await register(api, auth(integrator_key), wcb="555-1234"), 409, pointer="/wcb_account_number"
        )
        assert body["existing_id"] == first["id"]
        assert first["id"] in body["detail"]

    @pytest.mark.parametrize("wcb", ["12345", "12345678901", "12AB5678", "", "1234567\x00"])
    async def test_bad_wcb_number_is_422(self, api: httpx.AsyncClient, integrator_key: str, wcb: str) -> None:
        assert_problem(await register(api, auth(integrator_key), wcb=wcb), 422, pointer="/wcb_account_number")

    async def test_bad_email_is_422(self, api: httpx.AsyncClient, integrator_key: str) -> None:
        response = await register(api, auth(integrator_key), contact_email="owner at example")
        assert_problem(response, 422, pointer="/contact_email")

    async def test_emits_registered_and_access_events(
        self, api: httpx.AsyncClient, engine: AsyncEngine, employer: EmployerCtx
    ) -> None:
        async with engine.connect() as conn:
            rows = (
                await conn.execute(
                    text(
                        "SELECT type, employer_id, data, sequence FROM shared_outbox_event ORDER BY sequence"
                    )
                )
            ).all()
        assert [(r.type, r.sequence) for r in rows] == [
            ("employer.registered", 1),
            ("employer.integrator_access_changed", 2),
        ]
        assert all(r.employer_id == employer.id for r in rows)
        assert rows[1].data["integrator_id"] == employer.integrator_id
        assert rows[1].data["access"] == "granted"

    async def test_provider_cannot_register(self, api: httpx.AsyncClient, engine: AsyncEngine) -> None:
        key = await new_key(engine, "provider", provider_id="prv_x")
        assert_problem(await register(api, auth(key)), 403)


class TestReadingAndChanging:
    async def test_read_and_patch(self, api: httpx.AsyncClient, employer: EmployerCtx) -> None:
        response = await api.patch(
            f"/v1/employers/{employer.id}",
            json={"trade_name": "Prairie Roofing", "industry": "roofing"},
            headers=employer.headers,
        )
        assert response.status_code == 200, response.text
        body = (await api.get(f"/v1/employers/{employer.id}", headers=employer.headers)).json()
        assert (body["trade_name"], body["industry"], body["legal_name"]) == (
            "Prairie Roofing",
            "roofing",
            "Prairie Roofing Ltd.",
        )

    async def test_wcb_number_cannot_be_patched(self, api: httpx.AsyncClient, employer: EmployerCtx) -> None:
        response = await api.patch(
            f"/v1/employers/{employer.id}", json={"wcb_account_number": "999999"}, headers=employer.headers
        )
        assert_problem(response, 422, pointer="/wcb_account_number")

    async def test_list_filters(
        self, api: httpx.AsyncClient, employer: EmployerCtx, integrator_key: str
    ) -> None:
        other = (await register(api, auth(integrator_key), wcb="7777777")).json()
        by_number = (
            await api.get(
                "/v1/employers", params={"wcb_account_number": "777-7777"}, headers=employer.headers
            )
        ).json()
        assert [e["id"] for e in by_number["data"]] == [other["id"]]
        by_outcome = (
            await api.get("/v1/employers", params={"outcome": "not_eligible"}, headers=employer.headers)
        ).json()
        assert {e["id"] for e in by_outcome["data"]} == {employer.id, other["id"]}
        assert (
            await api.get("/v1/employers", params={"outcome": "eligible"}, headers=employer.headers)
        ).json()["data"] == []

    async def test_unknown_outcome_filter_is_422(self, api: httpx.AsyncClient, employer: EmployerCtx) -> None:
        assert_problem(
            await api.get("/v1/employers", params={"outcome": "maybe"}, headers=employer.headers),
            422,
            pointer="/outcome",
        )

    async def test_unknown_employer_is_404(self, api: httpx.AsyncClient, employer: EmployerCtx) -> None:
        assert_problem(await api.get("/v1/employers/emp_nope", headers=employer.headers), 404)


class TestIntegratorAccess:
    async def test_other_integrator_sees_nothing(
        self, api: httpx.AsyncClient, engine: AsyncEngine, employer: EmployerCtx
    ) -> None:
        other = auth(await new_key(engine, "integrator"))
        for path in ("", "/eligibility", "/workers", "/completions", "/headcount-declarations"):
            assert_problem(await api.get(f"/v1/employers/{employer.id}{path}", headers=other), 404)
        assert_problem(
            await api.patch(f"/v1/employers/{employer.id}", json={"industry": "x"}, headers=other), 404
        )
        assert (await api.get("/v1/employers", headers=other)).json()["data"] == []

    async def test_staff_grants_and_withdraws(
        self,
        api: httpx.AsyncClient,
        engine: AsyncEngine,
        employer: EmployerCtx,
        staff_headers: dict[str, str],
    ) -> None:
        other_key = await new_key(engine, "integrator")
        other = auth(other_key)
        other_id = (await api.get("/v1/me", headers=other)).json()["integrator_id"]
        url = f"/v1/employers/{employer.id}/integrators/{other_id}"
        granted = await api.put(url, headers=staff_headers)
        assert granted.status_code == 200, granted.text
        assert (await api.get(f"/v1/employers/{employer.id}", headers=other)).status_code == 200
        listed = (await api.get(f"/v1/employers/{employer.id}/integrators", headers=staff_headers)).json()
        assert {a["integrator_id"] for a in listed} == {employer.integrator_id, other_id}
        assert (await api.delete(url, headers=staff_headers)).status_code == 204
        assert_problem(await api.get(f"/v1/employers/{employer.id}", headers=other), 404)
        assert_problem(await api.delete(url, headers=staff_headers), 404)

    async def test_integrators_cannot_grant(self, api: httpx.AsyncClient, employer: EmployerCtx) -> None:
        url = f"/v1/employers/{employer.id}/integrators/int_01AAAAAAAAAAAAAAAAAAAAAAAA"
        assert_problem(await api.put(url, headers=employer.headers), 403)

    async def test_malformed_integrator_id_is_422(
        self, api: httpx.AsyncClient, employer: EmployerCtx, staff_headers: dict[str, str]
    ) -> None:
        assert_problem(
            await api.put(f"/v1/employers/{employer.id}/integrators/nobody", headers=staff_headers), 422
        )


class TestRecords:
    async def test_staff_only_records(self, api: httpx.AsyncClient, employer: EmployerCtx) -> None:
        wcb = await api.put(
            f"/v1/employers/{employer.id}/wcb-account",
            json={"status": "active", "as_of": "2025-01-01"},
            headers=employer.headers,
        )
        assert_problem(wcb, 403)

    @pytest.mark.parametrize(
        ("path", "body", "pointer"),
        [
            ("wcb-account", {"status": "suspended", "as_of": "2025-01-01"}, "/status"),
            ("wcb-account", {"status": "active", "as_of": "2099-01-01"}, "/as_of"),
            (
                "acsa-membership",
                {"member_number": "1", "valid_from": "2026-01-01", "valid_until": "2025-01-01"},
                "",
            ),
            (
                "acsa-membership",
                {"member_number": "", "valid_from": "2026-01-01", "valid_until": "2027-01-01"},
                "/member_number",
            ),
        ],
    )
    async def test_bad_records_are_422(
        self,
        api: httpx.AsyncClient,
        employer: EmployerCtx,
        staff_headers: dict[str, str],
        path: str,
        body: dict[str, str],
        pointer: str,
    ) -> None:
        assert_problem(
            await api.put(f"/v1/employers/{employer.id}/{path}", json=body, headers=staff_headers),
            422,
            pointer=pointer,
        )

    @pytest.mark.parametrize(
        ("body", "pointer"),
        [
            (
                {"period_start": "2026-01-01", "period_end": "2026-02-01", "peak_headcount": -1},
                "/peak_headcount",
            ),
            ({"period_start": "2026-03-01", "period_end": "2026-02-01", "peak_headcount": 3}, ""),
            (
                {"period_start": "2099-03-01", "period_end": "2099-04-01", "peak_headcount": 3},
                "/period_start",
            ),
            (
                {"period_start": "2026-02-30", "period_end": "2026-04-01", "peak_headcount": 3},
                "/period_start",
            ),
        ],
    )
    async def test_bad_declarations_are_422(
        self, api: httpx.AsyncClient, employer: EmployerCtx, body: dict[str, object], pointer: str
    ) -> None:
        response = await api.post(
            f"/v1/employers/{employer.id}/headcount-declarations", json=body, headers=employer.headers
        )
        assert_problem(response, 422, pointer=pointer)

    async def test_declaration_listed(self, api: httpx.AsyncClient, employer: EmployerCtx) -> None:
        body = {"period_start": "2026-01-01", "period_end": "2026-03-31", "peak_headcount": 7}
        created = await api.post(
            f"/v1/employers/{employer.id}/headcount-declarations", json=body, headers=employer.headers
        )
        assert created.status_code == 201, created.text
        listed = (
            await api.get(f"/v1/employers/{employer.id}/headcount-declarations", headers=employer.headers)
        ).json()
        assert [d["peak_headcount"] for d in listed] == [7]
