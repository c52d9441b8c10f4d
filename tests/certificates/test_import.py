"""ACSA's existing holders brought in (POST /v1/certificates/import): each checked like an issued certificate,
reported on its own, idempotent on the number, and from then on verified, reminded and cancelled like any other."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from services.eligibility.certificates.numbers import certificate_number
from shared.dates import add_years
from shared.events import CATALOG
from tests.certificates.conftest import approve, on, outbox_events
from tests.eligibility.conftest import EmployerCtx, eligible_employer
from tests.helpers import assert_problem, auth, new_key
from tests.stack import Stack
from tests.submission.conftest import bare_employer
from tests.webhooks.conftest import eventually

__all__ = ["bare_employer"]

TODAY = dt.date.today()


def held_since(days_ago: int, years: int = 3, **fields: Any) -> dict[str, Any]:
    """A certificate issued `days_ago` days ago, valid `years` (12 months of documentation for 3)."""
    valid_from = TODAY - dt.timedelta(days=days_ago)
    return {
        "valid_from": valid_from.isoformat(),
        "valid_until": (add_years(valid_from, years) - dt.timedelta(days=1)).isoformat(),
        "documentation_months": 12 if years == 3 else 6,
    } | fields


async def import_json(api: httpx.AsyncClient, headers: dict[str, str], items: list[Any]) -> dict[str, Any]:
    response = await api.post("/v1/certificates/import", json={"items": items}, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


class TestEachLikeAnIssuedOne:
    async def test_a_batch_reports_each_item(
        self, api: httpx.AsyncClient, bare_employer: EmployerCtx, staff_headers: dict[str, str]
    ) -> None:
        ours = certificate_number(2025, 41)
        items = [
            {"number": ours, "employer_id": bare_employer.id} | held_since(200),
            {"number": "SECOR-2025-000042-0", "employer_id": bare_employer.id}
            | held_since(200),  # check digit
            {"number": "SEC/2019/0042", "wcb_account_number": "000000"} | held_since(30),
            {"number": "AB-1234", "employer_id": bare_employer.id} | held_since(30, valid_until="2099-01-01"),
            {"number": "AB-1235", "employer_id": bare_employer.id} | held_since(400),  # year 2 missed
            {"number": "AB-1236", "employer_id": bare_employer.id} | held_since(10, documentation_months=2),
            {"number": "AB-1237"} | held_since(10),
            "not an object",
        ]
        body = await import_json(api, staff_headers, items)
        assert [r["status"] for r in body["results"]] == ["created"] + ["rejected"] * 7
        assert (body["created"], body["duplicates"], body["rejected"]) == (1, 0, 7)
        pointers = [r["problem"]["errors"][0]["pointer"] for r in body["results"][1:]]
        assert pointers == [
            "/items/1/number",
            "/items/2/wcb_account_number",
            "/items/3/valid_until",
            "/items/4/maintained_years",
            "/items/5/documentation_months",
            "/items/6",
            "/items/7",
        ]
        missed = body["results"][4]["problem"]["detail"]
        assert "is not listed as maintained" in missed and "import the certificate as cancelled" in missed

    async def test_interim_years_in_order_and_only_once_open(
        self, api: httpx.AsyncClient, bare_employer: EmployerCtx, staff_headers: dict[str, str]
    ) -> None:
        body = await import_json(
            api,
            staff_headers,
            [
                {"number": "YR-0001", "employer_id": bare_employer.id, "maintained_years": [3]}
                | held_since(400),
                {"number": "YR-0002", "employer_id": bare_employer.id, "maintained_years": [2, 3]}
                | held_since(100),
                {
                    "number": "YR-0003",
                    "employer_id": bare_employer.id,
                    "maintained_years": [2],
                    "status": "cancelled",
                }
                | held_since(30, years=1),
            ],
        )
        details = [r["problem"]["detail"] for r in body["results"]]
        assert "only after year 2" in details[0]
        assert "cannot be maintained before" in details[1]
        assert "no interim year 2" in details[2]

    async def test_a_status_its_dates_allow(
        self, api: httpx.AsyncClient, bare_employer: EmployerCtx, staff_headers: dict[str, str]
    ) -> None:
        past = held_since(4 * 365, maintained_years=[2, 3])
        body = await import_json(
            api,
            staff_headers,
            [
                {"number": "ST-0001", "employer_id": bare_employer.id} | past,
                {"number": "ST-0002", "employer_id": bare_employer.id, "status": "expired"} | past,
                {"number": "ST-0003", "employer_id": bare_employer.id, "status": "expired"} | held_since(10),
            ],
        )
        assert [r["status"] for r in body["results"]] == ["rejected", "created", "rejected"]
        assert "import it as expired" in body["results"][0]["problem"]["detail"]

    async def test_one_certificate_in_force_per_employer(
        self, api: httpx.AsyncClient, bare_employer: EmployerCtx, staff_headers: dict[str, str]
    ) -> None:
        body = await import_json(
            api,
            staff_headers,
            [
                {"number": "ONE-0001", "employer_id": bare_employer.id} | held_since(20),
                {"number": "ONE-0002", "employer_id": bare_employer.id} | held_since(10),
                {"number": "ONE-0003", "employer_id": bare_employer.id, "status": "revoked"} | held_since(10),
            ],
        )
        assert [r["status"] for r in body["results"]] == ["created", "rejected", "created"]
        assert body["results"][1]["problem"]["status"] == 409
        assert body["results"][1]["problem"]["certificate_number"] == "ONE-0001"


class TestIdempotentOnTheNumber:
    async def test_again_is_a_duplicate_and_different_is_a_conflict(
        self,
        api: httpx.AsyncClient,
        bare_employer: EmployerCtx,
        staff_headers: dict[str, str],
        engine: AsyncEngine,
    ) -> None:
        item = {"number": "id-7788", "wcb_account_number": bare_employer.wcb} | held_since(60)
        first = await import_json(api, staff_headers, [item])
        assert first["results"][0] == {"index": 0, "status": "created", "id": "ID-7788", "number": "ID-7788"}
        again = await import_json(api, staff_headers, [item, item | {"employer_id": bare_employer.id}])
        assert [r["status"] for r in again["results"]] == ["duplicate", "duplicate"]
        changed = await import_json(api, staff_headers, [item | {"status": "suspended"}])
        assert changed["results"][0]["problem"]["status"] == 409
        assert len(await outbox_events(engine, "certificate.issued")) == 1

    async def test_new_numbers_pass_over_imported_ones(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        engine: AsyncEngine,
        integrator_key: str,
        staff_headers: dict[str, str],
        qa: dict[str, str],
    ) -> None:
        holder = await eligible_employer(api, stack, integrator_key, staff_headers)
        async with engine.connect() as conn:
            sequence = (
                await conn.execute(text("SELECT last_value, is_called FROM eligibility_certificate_serial"))
            ).one()
        # The number the platform would issue next, already held by an imported certificate.
        imported = certificate_number(
            TODAY.year, sequence.last_value + 1 if sequence.is_called else sequence.last_value
        )
        other = await eligible_employer(api, stack, integrator_key, staff_headers)
        body = await import_json(
            api,
            staff_headers,
            [{"number": imported, "employer_id": holder.id, "status": "revoked"} | held_since(700)],
        )
        assert body["created"] == 1
        await approve(api, stack, engine, other, qa, start=dt.date(2026, 1, 1), end=dt.date(2026, 6, 30))
        issued = (await api.get(f"/v1/employers/{other.id}/certificate", headers=other.headers)).json()
        assert issued["number"] != imported
        assert int(issued["number"].split("-")[2]) == int(imported.split("-")[2]) + 1


class TestThenLikeAnyOther:
    async def test_verified_reminded_and_cancelled(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        engine: AsyncEngine,
        bare_employer: EmployerCtx,
        staff_headers: dict[str, str],
    ) -> None:
        item = {"number": "SEC-2025-1001", "employer_id": bare_employer.id} | held_since(100)
        await import_json(api, staff_headers, [item])
        verified = await api.get("/v1/certificates/sec-2025-1001/verification")
        assert verified.status_code == 200, verified.text
        assert (verified.json()["status"], verified.json()["holder_legal_name"]) == (
            "active",
            "Prairie Roofing Ltd.",
        )
        state = (await api.get("/v1/certificates/SEC-2025-1001", headers=staff_headers)).json()
        admin = (await api.get("/v1/me", headers=staff_headers)).json()["id"]
        assert (state["source"], state["submission_id"], state["audit_period_end"]) == ("import", None, None)
        assert [(h["action"], h["by"]) for h in state["history"]] == [("imported", admin)]
        [issued] = await outbox_events(engine, "certificate.issued")
        CATALOG["certificate.issued"][2].model_validate(issued)
        assert (issued["imported"], issued["submission_id"]) == (True, None)
        due = dt.date.fromisoformat(state["maintenance"][0]["due_on"])
        assert (await on(stack, due - dt.timedelta(days=90))).reminders_sent == 1
        assert (await on(stack, due + dt.timedelta(days=1))).status_changes["cancelled"] == 1

        async def cancelled() -> bool:
            # Not changed through the gateway, whose cache (not listening in these tests) holds its 30 s.
            stack.apps["gateway"].state.public_cache.clear()
            answer = (await api.get("/v1/certificates/SEC-2025-1001/verification")).json()
            return bool(answer["status"] == "cancelled")

        assert await eventually(cancelled)

    async def test_maintained_like_any_other(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        engine: AsyncEngine,
        employer: EmployerCtx,
        staff_headers: dict[str, str],
        qa: dict[str, str],
    ) -> None:
        await import_json(
            api, staff_headers, [{"number": "MT-2025-1", "employer_id": employer.id} | held_since(300)]
        )
        assert (await api.get(f"/v1/employers/{employer.id}/certificate", headers=employer.headers)).json()[
            "number"
        ] == "MT-2025-1"
        approve_body = await approve(
            api,
            stack,
            engine,
            employer,
            qa,
            kind="maintenance",
            start=TODAY - dt.timedelta(days=200),
            end=TODAY - dt.timedelta(days=1),
        )
        assert (approve_body["certificate_number"], approve_body["maintenance_year"]) == ("MT-2025-1", 2)
        state = (await api.get("/v1/certificates/MT-2025-1", headers=staff_headers)).json()
        assert [(m["year"], m["status"]) for m in state["maintenance"]] == [(2, "maintained"), (3, "pending")]


class TestCsv:
    async def test_a_file_row_by_row(
        self, api: httpx.AsyncClient, bare_employer: EmployerCtx, staff_headers: dict[str, str]
    ) -> None:
        old = held_since(2 * 365 + 30)
        rows = [
            "number,wcb_account_number,valid_from,valid_until,documentation_months,maintained_years,status",
            f"CSV-0001,{bare_employer.wcb},{old['valid_from']},{old['valid_until']},12,2;3,",
            "CSV-0002,123,2026-01-01",
            f"CSV-0003,{bare_employer.wcb},{old['valid_from']},{old['valid_until']},12,,suspended",
        ]
        response = await api.post(
            "/v1/certificates/import",
            content="\r\n".join(rows).encode(),
            headers=staff_headers | {"content-type": "text/csv"},
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["results"][0]["status"] == "created", body["results"][0]
        assert [(r["status"], r["line"]) for r in body["results"]] == [
            ("created", 2),
            ("rejected", 3),
            ("rejected", 4),
        ]
        assert "has 3 cells" in body["results"][1]["problem"]["detail"]
        assert body["results"][2]["problem"]["errors"][0]["pointer"] == "/rows/2/maintained_years"
        state = (await api.get("/v1/certificates/CSV-0001", headers=staff_headers)).json()
        assert [m["status"] for m in state["maintenance"]] == ["maintained", "maintained"]

    async def test_header_checked(self, api: httpx.AsyncClient, staff_headers: dict[str, str]) -> None:
        response = await api.post(
            "/v1/certificates/import",
            content=b"number,colour\n",
            headers=staff_headers | {"content-type": "text/csv"},
        )
        problem = assert_problem(response, 422, pointer="/header")
        assert "valid_from" in problem["detail"]


class TestRefusals:
    @pytest.mark.parametrize(
        ("kind", "role"), [("integrator", None), ("staff", "qa_analyst"), ("staff", "viewer")]
    )
    async def test_staff_admin_only(
        self, api: httpx.AsyncClient, engine: AsyncEngine, kind: str, role: str | None
    ) -> None:
        headers = auth(await new_key(engine, kind, role=role))
        assert_problem(await api.post("/v1/certificates/import", json={"items": []}, headers=headers), 403)

    async def test_too_many_and_wrong_types(
        self, api: httpx.AsyncClient, staff_headers: dict[str, str]
    ) -> None:
        too_many = await api.post(
            "/v1/certificates/import", json={"items": [{}] * 1001}, headers=staff_headers
        )
        assert assert_problem(too_many, 413)["limit_items"] == 1000
        xml = await api.post(
            "/v1/certificates/import",
            content=b"<items/>",
            headers=staff_headers | {"content-type": "text/xml"},
        )
        assert_problem(xml, 415)
        broken = await api.post(
            "/v1/certificates/import",
            content=b"{",
            headers=staff_headers | {"content-type": "application/json"},
        )
        assert_problem(broken, 422)
