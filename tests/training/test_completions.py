"""Posting one completion: validation, derived expiry, idempotent reposts, visibility, revocation."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.helpers import assert_problem, auth, new_key
from tests.training.conftest import ProviderCtx, completion


class TestRecord:
    async def test_created_with_derived_expiry(self, api: httpx.AsyncClient, provider: ProviderCtx) -> None:
        response = await api.post("/v1/completions", json=completion(), headers=provider.headers)
        assert response.status_code == 201, response.text
        body = response.json()
        assert body["id"].startswith("cmp_")
        assert body["status"] == "active"
        assert body["expires_on"] == "2029-03-14", "SFA is valid for 36 months"
        assert body["employer_wcb_account_number"] == "1234567"
        assert body["provider_id"] == provider.id
        assert body["ledger_seq"] == 1
        assert response.headers["location"] == f"/v1/completions/{body['id']}"

    async def test_given_expiry_is_kept(self, api: httpx.AsyncClient, provider: ProviderCtx) -> None:
        body = (
            await api.post(
                "/v1/completions", json=completion(expires_on="2027-01-01"), headers=provider.headers
            )
        ).json()
        assert body["expires_on"] == "2027-01-01"

    @pytest.mark.parametrize(
        ("completed_on", "expires_on", "why"),
        [
            ("2021-04-01", "2031-04-01", "until 2024-04-01 at the latest"),
            ("2026-03-01", "2026-02-01", "before"),
        ],
    )
    async def test_validity_caps_a_given_expiry(
        self, api: httpx.AsyncClient, provider: ProviderCtx, completed_on: str, expires_on: str, why: str
    ) -> None:
        response = await api.post(
            "/v1/completions",
            json=completion(completed_on=completed_on, expires_on=expires_on),
            headers=provider.headers,
        )
        problem = assert_problem(response, 422, pointer="/expires_on")
        assert why in problem["detail"]
        batch = await api.post(
            "/v1/completions/batch",
            json={"items": [completion(completed_on=completed_on, expires_on=expires_on)]},
            headers=provider.headers,
        )
        assert batch.json()["results"][0]["problem"]["errors"][0]["pointer"] == "/items/0/expires_on"

    async def test_course_without_validity_never_expires(
        self, api: httpx.AsyncClient, provider: ProviderCtx
    ) -> None:
        body = (
            await api.post("/v1/completions", json=completion(course_code="CSTS"), headers=provider.headers)
        ).json()
        assert body["expires_on"] is None

    async def test_leap_day_expiry_clamps(self, api: httpx.AsyncClient, provider: ProviderCtx) -> None:
        body = (
            await api.post(
                "/v1/completions", json=completion(completed_on="2024-02-29"), headers=provider.headers
            )
        ).json()
        assert body["expires_on"] == "2027-02-28"

    async def test_identical_repost_is_200_with_stored_record(
        self, api: httpx.AsyncClient, provider: ProviderCtx
    ) -> None:
        first = await api.post("/v1/completions", json=completion(), headers=provider.headers)
        again = await api.post(
            "/v1/completions",
            json=completion(employer_wcb_account_number="1234567"),
            headers=provider.headers,
        )
        assert again.status_code == 200
        assert again.json() == first.json()

    async def test_different_repost_is_409_naming_fields(
        self, api: httpx.AsyncClient, provider: ProviderCtx
    ) -> None:
        first = (await api.post("/v1/completions", json=completion(), headers=provider.headers)).json()
        response = await api.post(
            "/v1/completions",
            json=completion(learner_email="other@example.com", completed_on="2026-03-15"),
            headers=provider.headers,
        )
        body = assert_problem(response, 409)
        assert body["existing_id"] == first["id"]
        assert sorted(body["differing_fields"]) == ["completed_on", "expires_on", "learner.email"]

    async def test_same_record_id_from_two_providers_is_two_records(
        self, api: httpx.AsyncClient, provider: ProviderCtx, other_provider: ProviderCtx
    ) -> None:
        a = await api.post("/v1/completions", json=completion(), headers=provider.headers)
        b = await api.post("/v1/completions", json=completion(), headers=other_provider.headers)
        assert a.status_code == b.status_code == 201
        assert a.json()["id"] != b.json()["id"]

    async def test_concurrent_posts_of_one_record_make_exactly_one_row(
        self, api: httpx.AsyncClient, provider: ProviderCtx, engine: AsyncEngine
    ) -> None:
        responses = await asyncio.gather(
            *(
                api.post("/v1/completions", json=completion("race"), headers=provider.headers)
                for _ in range(20)
            )
        )
        assert sorted(r.status_code for r in responses) == [200] * 19 + [201]
        assert len({r.json()["id"] for r in responses}) == 1
        async with engine.connect() as conn:
            rows = (await conn.execute(text("SELECT count(*) FROM training_completion"))).scalar_one()
            entries = (await conn.execute(text("SELECT count(*) FROM training_ledger_entry"))).scalar_one()
        assert rows == entries == 1

    async def test_idempotency_key_header_replays(
        self, api: httpx.AsyncClient, provider: ProviderCtx
    ) -> None:
        headers = provider.headers | {"Idempotency-Key": "form-submit-7"}
        first = await api.post("/v1/completions", json=completion(), headers=headers)
        second = await api.post("/v1/completions", json=completion(), headers=headers)
        assert first.status_code == second.status_code == 201
        assert second.headers["idempotent-replayed"] == "true"
        assert second.json() == first.json()
        assert_problem(await api.post("/v1/completions", json=completion("rec-2"), headers=headers), 422)

    async def test_emits_recorded_event_in_outbox(
        self, api: httpx.AsyncClient, provider: ProviderCtx, engine: AsyncEngine
    ) -> None:
        body = (await api.post("/v1/completions", json=completion(), headers=provider.headers)).json()
        async with engine.connect() as conn:
            event = (await conn.execute(text("SELECT * FROM shared_outbox_event"))).one()
        assert event.type == "training.completion_recorded"
        assert event.provider_id == provider.id
        assert (event.ordering_key, event.sequence) == (f"completion:{body['id']}", 1)
        assert event.data["completion_id"] == body["id"]
        assert event.data["learner"]["email"] == "marie@example.com"
        assert event.data["employer_wcb_account_number"] == "1234567"


class TestRejections:
    async def test_course_not_approved_is_403(
        self, api: httpx.AsyncClient, other_provider: ProviderCtx
    ) -> None:
        body = assert_problem(
            await api.post(
                "/v1/completions", json=completion(course_code="CSTS"), headers=other_provider.headers
            ),
            403,
        )
        assert "CSTS" in body["detail"]

    async def test_unknown_course_is_422(self, api: httpx.AsyncClient, provider: ProviderCtx) -> None:
        response = await api.post(
            "/v1/completions", json=completion(course_code="NOPE"), headers=provider.headers
        )
        assert_problem(response, 422, pointer="/course_code")

    async def test_future_date_is_422(self, api: httpx.AsyncClient, provider: ProviderCtx) -> None:
        tomorrow = (dt.date.today() + dt.timedelta(days=2)).isoformat()
        response = await api.post(
            "/v1/completions", json=completion(completed_on=tomorrow), headers=provider.headers
        )
        assert_problem(response, 422, pointer="/completed_on")

    @pytest.mark.parametrize(
        ("overrides", "pointer"),
        [
            ({"learner_given_name": ""}, "/learner/given_name"),
            ({"learner_family_name": "   "}, "/learner/family_name"),
            ({"learner_email": "not-an-email"}, "/learner/email"),
            ({"learner_given_name": "Ma\x00rie"}, "/learner/given_name"),
            ({"learner_birth_date": "2030-01-01"}, ""),
            ({"completed_on": "2026-02-30"}, "/completed_on"),
            ({"expires_on": "2020-01-01"}, "/expires_on"),
            ({"employer_wcb_account_number": "12AB"}, "/employer_wcb_account_number"),
            ({"provider_record_id": ""}, "/provider_record_id"),
            ({"surprise": True}, "/surprise"),
        ],
    )
    async def test_invalid_fields_are_422_with_pointer(
        self, api: httpx.AsyncClient, provider: ProviderCtx, overrides: dict[str, Any], pointer: str
    ) -> None:
        response = await api.post("/v1/completions", json=completion(**overrides), headers=provider.headers)
        assert_problem(response, 422, pointer=pointer)

    async def test_missing_learner_is_422(self, api: httpx.AsyncClient, provider: ProviderCtx) -> None:
        body = completion()
        del body["learner"]
        assert_problem(
            await api.post("/v1/completions", json=body, headers=provider.headers), 422, pointer="/learner"
        )

    async def test_integrator_cannot_post(self, api: httpx.AsyncClient, engine: AsyncEngine) -> None:
        key = await new_key(engine, "integrator")
        assert_problem(await api.post("/v1/completions", json=completion(), headers=auth(key)), 403)

    async def test_staff_cannot_post_without_a_provider(self, api: httpx.AsyncClient, admin_key: str) -> None:
        assert_problem(await api.post("/v1/completions", json=completion(), headers=auth(admin_key)), 403)

    async def test_formula_in_name_is_stored_as_given(
        self, api: httpx.AsyncClient, provider: ProviderCtx
    ) -> None:
        evil = "=cmd|' /C calc'!A0"
        body = (
            await api.post(
                "/v1/completions", json=completion(learner_family_name=evil), headers=provider.headers
            )
        ).json()
        assert body["learner"]["family_name"] == evil


class TestReading:
    async def test_provider_sees_only_its_own(
        self, api: httpx.AsyncClient, provider: ProviderCtx, other_provider: ProviderCtx, admin_key: str
    ) -> None:
        mine = (await api.post("/v1/completions", json=completion("a"), headers=provider.headers)).json()
        theirs = (
            await api.post("/v1/completions", json=completion("b"), headers=other_provider.headers)
        ).json()
        listed = (await api.get("/v1/completions", headers=provider.headers)).json()
        assert [c["id"] for c in listed["data"]] == [mine["id"]]
        assert_problem(await api.get(f"/v1/completions/{theirs['id']}", headers=provider.headers), 404)
        assert (await api.get(f"/v1/completions/{theirs['id']}", headers=auth(admin_key))).status_code == 200
        everything = (await api.get("/v1/completions", headers=auth(admin_key))).json()
        assert {c["id"] for c in everything["data"]} == {mine["id"], theirs["id"]}

    async def test_filters(self, api: httpx.AsyncClient, provider: ProviderCtx) -> None:
        await api.post("/v1/completions", json=completion("a", course_code="SFA"), headers=provider.headers)
        await api.post(
            "/v1/completions",
            json=completion(
                "b", course_code="CSTS", completed_on="2025-01-10", learner_email="Bob@Example.com"
            ),
            headers=provider.headers,
        )
        await api.post(
            "/v1/completions",
            json=completion("c", employer_wcb_account_number="999999"),
            headers=provider.headers,
        )

        async def ids(**params: str) -> list[str]:
            page = (await api.get("/v1/completions", params=params, headers=provider.headers)).json()
            return sorted(c["provider_record_id"] for c in page["data"])

        assert await ids(course_code="CSTS") == ["b"]
        assert await ids(learner_email="bob@example.com") == ["b"]
        assert await ids(employer_wcb_account_number="123 4567") == ["a", "b"]
        assert await ids(completed_from="2026-01-01") == ["a", "c"]
        assert await ids(completed_to="2025-12-31") == ["b"]

    async def test_pagination(self, api: httpx.AsyncClient, provider: ProviderCtx) -> None:
        for i in range(5):
            await api.post("/v1/completions", json=completion(f"r{i}"), headers=provider.headers)
        seen, cursor = [], None
        while True:
            params = {"limit": "2"} | ({"cursor": cursor} if cursor else {})
            page = (await api.get("/v1/completions", params=params, headers=provider.headers)).json()
            seen += [c["provider_record_id"] for c in page["data"]]
            if not (cursor := page["next_cursor"]):
                break
        assert seen == ["r0", "r1", "r2", "r3", "r4"]

    async def test_csv_export_defuses_formulas(self, api: httpx.AsyncClient, provider: ProviderCtx) -> None:
        await api.post(
            "/v1/completions",
            json=completion(learner_family_name="=cmd|' /C calc'!A0", learner_given_name="+1"),
            headers=provider.headers,
        )
        response = await api.get("/v1/completions", headers=provider.headers | {"accept": "text/csv"})
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/csv")
        lines = response.text.splitlines()
        assert lines[0].startswith("id,provider_id,provider_record_id")
        assert "'=cmd|' /C calc'!A0" in lines[1]
        assert ",'+1," in lines[1]

    async def test_integrator_cannot_list_the_ledger_of_completions(
        self, api: httpx.AsyncClient, engine: AsyncEngine
    ) -> None:
        key = await new_key(engine, "integrator")
        assert_problem(await api.get("/v1/completions", headers=auth(key)), 403)


class TestRevocation:
    async def test_revocation_is_a_new_entry(
        self, api: httpx.AsyncClient, provider: ProviderCtx, engine: AsyncEngine
    ) -> None:
        created = (await api.post("/v1/completions", json=completion(), headers=provider.headers)).json()
        response = await api.post(
            f"/v1/completions/{created['id']}/revocation",
            json={"reason": "posted in error"},
            headers=provider.headers,
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["status"] == "revoked"
        assert body["revocation_reason"] == "posted in error"
        assert body["ledger_seq"] == created["ledger_seq"], "the original entry stays as it was"
        async with engine.connect() as conn:
            kinds = (
                (await conn.execute(text("SELECT kind FROM training_ledger_entry ORDER BY seq")))
                .scalars()
                .all()
            )
            events = (
                await conn.execute(text("SELECT type, sequence FROM shared_outbox_event ORDER BY id"))
            ).all()
        assert kinds == ["recorded", "revoked"]
        assert [(e.type, e.sequence) for e in events] == [
            ("training.completion_recorded", 1),
            ("training.completion_revoked", 2),
        ]

    async def test_twice_is_409(self, api: httpx.AsyncClient, provider: ProviderCtx) -> None:
        created = (await api.post("/v1/completions", json=completion(), headers=provider.headers)).json()
        url = f"/v1/completions/{created['id']}/revocation"
        await api.post(url, json={"reason": "x"}, headers=provider.headers)
        assert_problem(await api.post(url, json={"reason": "x"}, headers=provider.headers), 409)

    async def test_other_provider_gets_404_and_staff_may(
        self, api: httpx.AsyncClient, provider: ProviderCtx, other_provider: ProviderCtx, admin_key: str
    ) -> None:
        created = (await api.post("/v1/completions", json=completion(), headers=provider.headers)).json()
        url = f"/v1/completions/{created['id']}/revocation"
        assert_problem(await api.post(url, json={"reason": "x"}, headers=other_provider.headers), 404)
        assert (await api.post(url, json={"reason": "fraud"}, headers=auth(admin_key))).status_code == 200

    async def test_reason_is_required(self, api: httpx.AsyncClient, provider: ProviderCtx) -> None:
        created = (await api.post("/v1/completions", json=completion(), headers=provider.headers)).json()
        response = await api.post(
            f"/v1/completions/{created['id']}/revocation", json={}, headers=provider.headers
        )
        assert_problem(response, 422, pointer="/reason")

    async def test_history_cannot_be_rewritten_in_the_database(
        self, api: httpx.AsyncClient, provider: ProviderCtx, engine: AsyncEngine
    ) -> None:
        await api.post("/v1/completions", json=completion(), headers=provider.headers)
        for statement in (
            "UPDATE training_completion SET learner_family_name = 'X'",
            "DELETE FROM training_ledger_entry",
        ):
            with pytest.raises(Exception, match="append-only"):
                async with engine.begin() as conn:
                    await conn.execute(text(statement))


def test_completion_factory_is_json() -> None:
    assert json.loads(json.dumps(completion()))["learner"]["given_name"] == "Marie"
