"""Types as strict as the document says: what a lax parser would coerce into something no client meant is
refused with a problem pointing at the field (`0` is not a date, `0` is not `false`, a WCB number is text)."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.openapi import DOCUMENT_PATH
from tests.helpers import assert_problem, auth, new_key


def schema(name: str) -> dict[str, Any]:
    return dict(json.loads(DOCUMENT_PATH.read_text())["components"]["schemas"][name])


class TestRefusedNotCoerced:
    @pytest.mark.parametrize("flag", [0, 1, "true", "yes"])
    async def test_a_boolean_is_true_or_false(
        self, api: httpx.AsyncClient, admin_key: str, flag: object
    ) -> None:
        response = await api.post(
            "/v1/providers",
            json={"name": f"Strict {flag!r}", "is_acsa": flag, "approved_course_codes": ["SFA"]},
            headers=auth(admin_key),
        )
        assert_problem(response, 422, pointer="/is_acsa")

    @pytest.mark.parametrize("day", ["0", "1700000000", "2026-1-5", "2026-01-05T00:00:00"])
    async def test_a_date_in_a_query_is_yyyy_mm_dd(
        self, api: httpx.AsyncClient, admin_key: str, day: str
    ) -> None:
        response = await api.get("/v1/completions", params={"completed_to": day}, headers=auth(admin_key))
        assert_problem(response, 422, pointer="/completed_to")

    @pytest.mark.parametrize("day", [0, 1700000000, "1700000000"])
    async def test_a_date_in_a_body_is_yyyy_mm_dd(
        self, api: httpx.AsyncClient, engine: AsyncEngine, day: object
    ) -> None:
        integrator = auth(await new_key(engine, "integrator", integrator_id="int_01JDQ2Y1W3U5S7Q9O1M3K5I7GC"))
        employer = await api.post(
            "/v1/employers",
            json={
                "wcb_account_number": "7010001",
                "legal_name": "Strict Ltd.",
                "contact_email": "a@strict.example",
            },
            headers=integrator,
        )
        assert employer.status_code == 201, employer.text
        response = await api.post(
            f"/v1/employers/{employer.json()['id']}/workers",
            json={
                "given_name": "Ana",
                "family_name": "Silva",
                "role": "owner",
                "employment_type": "full_time",
                "start_date": day,
            },
            headers=integrator,
        )
        assert_problem(response, 422, pointer="/start_date")

    async def test_a_wcb_account_number_is_text(self, api: httpx.AsyncClient, engine: AsyncEngine) -> None:
        integrator = auth(await new_key(engine, "integrator", integrator_id="int_01JDQ2Y1W3U5S7Q9O1M3K5I7GC"))
        response = await api.post(
            "/v1/employers",
            json={"wcb_account_number": 7010002, "legal_name": "Number Ltd.", "contact_email": "a@n.example"},
            headers=integrator,
        )
        assert_problem(response, 422, pointer="/wcb_account_number")


class TestDeclared:
    def test_formats_patterns_and_typed_items(self) -> None:
        employer = schema("EmployerCreate")["properties"]
        assert employer["contact_email"]["format"] == "email"
        assert employer["wcb_account_number"]["pattern"] == r"^[0-9](?:[ -]?[0-9]){5,9}$"
        assert schema("RosterSync")["properties"]["workers"]["items"] == {
            "$ref": "#/components/schemas/WorkerCreate"
        }
        audit_end = schema("SubmissionCreate")["properties"]["audit_period_end"]
        assert audit_end["format"] == "date"
        assert (audit_end["formatMinimum"], audit_end["formatMaximum"]) == ("1990-01-01", "2099-12-31")
