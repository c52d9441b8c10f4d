"""Training events arriving as signed webhooks, the matching rules, and employer.eligibility_changed."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.webhooks import new_secret, signed_headers
from tests.eligibility.conftest import (
    EmployerCtx,
    add_worker,
    completion_event,
    days,
    deliver,
    make_eligible,
    record,
)
from tests.events import encode_body
from tests.helpers import assert_problem, auth, new_key
from tests.stack import Stack


async def projected(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        return int((await conn.execute(text("SELECT count(*) FROM eligibility_completion"))).scalar_one())


class TestInternalEndpoint:
    async def test_applies_a_signed_event_once(self, stack: Stack, engine: AsyncEngine) -> None:
        data = completion_event("SFA")
        first = await deliver(stack, "training.completion_recorded", data, event_id="evt_same")
        again = await deliver(stack, "training.completion_recorded", data, event_id="evt_same")
        assert first.json()["status"] == "processed"
        assert again.json()["status"] == "duplicate"
        assert await projected(engine) == 1

    async def test_forged_signature_is_refused(self, stack: Stack, engine: AsyncEngine) -> None:
        response = await deliver(
            stack, "training.completion_recorded", completion_event("SFA"), secret=new_secret()
        )
        assert_problem(response, 401)
        assert await projected(engine) == 0

    async def test_tampered_body_is_refused(self, stack: Stack, engine: AsyncEngine) -> None:
        from shared.settings import DEV_INTERNAL_WEBHOOK_SECRET

        body = encode_body("training.completion_recorded", dt.datetime.now(dt.UTC), completion_event("SFA"))
        headers = signed_headers([DEV_INTERNAL_WEBHOOK_SECRET], "evt_t", body)
        response = await stack.eligibility.post(
            "/internal/events", content=body.replace(b"SFA", b"PHSM"), headers=headers
        )
        assert_problem(response, 401)
        assert await projected(engine) == 0

    async def test_replayed_old_delivery_is_refused(self, stack: Stack, engine: AsyncEngine) -> None:
        from shared.settings import DEV_INTERNAL_WEBHOOK_SECRET

        body = encode_body("training.completion_recorded", dt.datetime.now(dt.UTC), completion_event("SFA"))
        headers = signed_headers(
            [DEV_INTERNAL_WEBHOOK_SECRET], "evt_old", body, timestamp=int(time.time()) - 3600
        )
        assert_problem(await stack.eligibility.post("/internal/events", content=body, headers=headers), 401)
        assert await projected(engine) == 0

    async def test_unsigned_is_refused(self, stack: Stack) -> None:
        assert_problem(await stack.eligibility.post("/internal/events", json={"type": "x", "data": {}}), 401)

    async def test_not_reachable_through_the_gateway(
        self, api: httpx.AsyncClient, engine: AsyncEngine
    ) -> None:
        key = await new_key(engine)
        assert_problem(await api.post("/internal/events", json={}, headers=auth(key)), 404)

    async def test_unknown_event_type_is_acknowledged(self, stack: Stack) -> None:
        response = await deliver(stack, "certificate.unheard_of", {"x": 1})
        assert response.status_code == 200 and response.json()["status"] == "ignored"


class TestMatching:
    @pytest.mark.parametrize(
        ("worker_fields", "event_fields", "matched_by"),
        [
            (
                {"learner_id": "L-1", "email": "a@x.example"},
                {"learner_id": "L-1", "email": "other@x.example"},
                "learner_id",
            ),
            ({"email": "Ana.Silva@X.example"}, {"email": "ana.silva@x.example"}, "email"),
            ({}, {"given": "ANA", "family": "  silva "}, "name"),
            (
                {"birth_date": "1990-04-01"},
                {"given": "Âna", "family": "Sílva", "birth_date": "1990-04-01"},
                "name",
            ),
        ],
    )
    async def test_rules(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        employer: EmployerCtx,
        worker_fields: dict[str, str],
        event_fields: dict[str, str],
        matched_by: str,
    ) -> None:
        ana = await add_worker(api, employer, **worker_fields)
        await record(stack, completion_event("SFA", employer_wcb_account_number=employer.wcb, **event_fields))
        listed = (await api.get(f"/v1/employers/{employer.id}/completions", headers=employer.headers)).json()[
            "data"
        ]
        assert [(c["worker_id"], c["matched_by"]) for c in listed] == [(ana["id"], matched_by)]

    @pytest.mark.parametrize(
        ("worker_fields", "event_fields"),
        [
            ({"learner_id": "L-1", "email": "a@x.example"}, {"learner_id": "L-2", "email": "a@x.example"}),
            ({"birth_date": "1990-04-01"}, {"birth_date": "1991-04-01"}),
            ({"email": "ana@x.example"}, {"email": "someone@x.example"}),
        ],
    )
    async def test_non_matches_are_listed_unmatched(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        employer: EmployerCtx,
        worker_fields: dict[str, str],
        event_fields: dict[str, str],
    ) -> None:
        await add_worker(api, employer, **worker_fields)
        event = await record(
            stack, completion_event("SFA", employer_wcb_account_number=employer.wcb, **event_fields)
        )
        unmatched = (
            await api.get(
                f"/v1/employers/{employer.id}/completions",
                params={"unmatched": "true"},
                headers=employer.headers,
            )
        ).json()["data"]
        assert [(c["completion_id"], c["worker_id"]) for c in unmatched] == [(event["completion_id"], None)]

    async def test_name_alone_does_not_match_across_employers(
        self, api: httpx.AsyncClient, stack: Stack, employer: EmployerCtx
    ) -> None:
        await add_worker(api, employer)
        await record(stack, completion_event("SFA", employer_wcb_account_number="99999999"))
        assert (await api.get(f"/v1/employers/{employer.id}/completions", headers=employer.headers)).json()[
            "data"
        ] == []

    async def test_another_employers_completion_needs_a_strong_identity(
        self, api: httpx.AsyncClient, stack: Stack, employer: EmployerCtx
    ) -> None:
        # Someone added to this roster with the e-mail address of another employer's employee.
        await add_worker(api, employer, given="Mallory", family="Jones", email="ana@other.example")
        await record(
            stack,
            completion_event("SECOR", email="ana@other.example", employer_wcb_account_number="99999999"),
        )

        async def listed() -> list[dict[str, Any]]:
            answer = await api.get(f"/v1/employers/{employer.id}/completions", headers=employer.headers)
            found: list[dict[str, Any]] = answer.json()["data"]
            return found

        assert await listed() == []
        determination = (
            await api.get(f"/v1/employers/{employer.id}/eligibility", headers=employer.headers)
        ).json()
        assert (
            next(c for c in determination["checks"] if c["code"] == "training.management")["status"] == "fail"
        )
        # The same person (e-mail and name) is theirs wherever the course was taken, and the other employer's
        # account number is not shown.
        await add_worker(api, employer, given="Ana", family="Silva", email="ana@other.example")
        [theirs] = await listed()
        assert (theirs["matched_by"], theirs["employer_wcb_account_number"]) == ("email", None)

    async def test_staff_link_by_hand(
        self, api: httpx.AsyncClient, stack: Stack, employer: EmployerCtx, staff_headers: dict[str, str]
    ) -> None:
        bo = await add_worker(api, employer, given="Bo", family="Lee")
        event = await record(
            stack,
            completion_event("SFA", given="Robert", family="Lee", employer_wcb_account_number=employer.wcb),
        )
        url = f"/v1/employers/{employer.id}/completions/{event['completion_id']}/worker"
        assert_problem(await api.put(url, json={"worker_id": bo["id"]}, headers=employer.headers), 403)
        assert_problem(
            await api.put(url, json={"worker_id": "wkr_nope"}, headers=staff_headers),
            422,
            pointer="/worker_id",
        )
        assert (await api.put(url, json={"worker_id": bo["id"]}, headers=staff_headers)).status_code == 204
        listed = (await api.get(f"/v1/employers/{employer.id}/completions", headers=employer.headers)).json()[
            "data"
        ]
        assert [(c["worker_id"], c["matched_by"]) for c in listed] == [(bo["id"], "linked")]
        assert (await api.delete(url, headers=staff_headers)).status_code == 204
        listed = (await api.get(f"/v1/employers/{employer.id}/completions", headers=employer.headers)).json()[
            "data"
        ]
        assert listed[0]["worker_id"] is None

    async def test_providers_cannot_read_employer_completions(
        self, api: httpx.AsyncClient, engine: AsyncEngine, employer: EmployerCtx
    ) -> None:
        key = await new_key(engine, "provider", provider_id="prv_x")
        assert_problem(await api.get(f"/v1/employers/{employer.id}/completions", headers=auth(key)), 403)


class TestEligibilityChanged:
    async def outbox(self, engine: AsyncEngine, employer_id: str) -> list[dict[str, Any]]:
        async with engine.connect() as conn:
            rows = await conn.execute(
                text(
                    "SELECT data, sequence FROM shared_outbox_event WHERE type = 'employer.eligibility_changed' "
                    "AND employer_id = :e ORDER BY sequence"
                ),
                {"e": employer_id},
            )
            return [r.data | {"sequence": r.sequence} for r in rows]

    async def test_the_completion_that_makes_an_employer_eligible_announces_it(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        employer: EmployerCtx,
        staff_headers: dict[str, str],
        engine: AsyncEngine,
    ) -> None:
        await make_eligible(api, stack, employer, staff_headers)
        changes = await self.outbox(engine, employer.id)
        assert changes[-1]["old_outcome"] == "not_eligible" and changes[-1]["new_outcome"] == "eligible"
        assert changes[-1]["failing_checks"] == []
        assert len(changes) == 1, "only the flip is announced, not every change"

    async def test_a_roster_change_that_flips_announces_failing_checks(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        employer: EmployerCtx,
        staff_headers: dict[str, str],
        engine: AsyncEngine,
    ) -> None:
        ana = await make_eligible(api, stack, employer, staff_headers)
        await api.patch(
            f"/v1/employers/{employer.id}/workers/{ana['id']}",
            json={"employment_type": "part_time"},
            headers=employer.headers,
        )
        last = (await self.outbox(engine, employer.id))[-1]
        assert (last["old_outcome"], last["new_outcome"]) == ("eligible", "not_eligible")
        assert {c["code"] for c in last["failing_checks"]} == {
            "training.management",
            "training.first_aid",
            "training.industry",
            "continuing_education",
        }

    async def test_growing_past_ten_is_cor_required(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        employer: EmployerCtx,
        staff_headers: dict[str, str],
        engine: AsyncEngine,
    ) -> None:
        await make_eligible(api, stack, employer, staff_headers)
        workers = [
            {
                "given_name": f"G{i}",
                "family_name": "F",
                "role": "worker",
                "employment_type": "casual",
                "start_date": days(-10),
                "external_id": str(i),
            }
            for i in range(10)
        ]
        await api.put(
            f"/v1/employers/{employer.id}/workers", json={"workers": workers}, headers=employer.headers
        )
        last = (await self.outbox(engine, employer.id))[-1]
        assert last["new_outcome"] == "cor_required"
        employer_now = (await api.get(f"/v1/employers/{employer.id}", headers=employer.headers)).json()
        assert employer_now["outcome"] == "cor_required"

    async def test_sequences_keep_per_employer_order(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        employer: EmployerCtx,
        staff_headers: dict[str, str],
        engine: AsyncEngine,
    ) -> None:
        ana = await make_eligible(api, stack, employer, staff_headers)
        url = f"/v1/employers/{employer.id}/workers/{ana['id']}"
        await api.patch(url, json={"employment_type": "part_time"}, headers=employer.headers)
        await api.patch(url, json={"employment_type": "full_time"}, headers=employer.headers)
        async with engine.connect() as conn:
            sequences = (
                (
                    await conn.execute(
                        text("SELECT sequence FROM shared_outbox_event WHERE employer_id = :e ORDER BY id"),
                        {"e": employer.id},
                    )
                )
                .scalars()
                .all()
            )
        assert list(sequences) == list(range(1, len(sequences) + 1))
