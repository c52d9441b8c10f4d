"""GET /v1/employers/{id}/eligibility: every check passing, failing and unknown, and dates in the past."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.eligibility.conftest import (
    TODAY,
    EmployerCtx,
    add_worker,
    completion_event,
    days,
    deliver,
    make_eligible,
    record,
)
from tests.helpers import assert_problem
from tests.stack import Stack


async def determine(
    api: httpx.AsyncClient, ctx: EmployerCtx, as_of: str | None = None, known_at: dt.datetime | None = None
) -> dict[str, Any]:
    params = {"as_of": as_of} if as_of else {}
    if known_at is not None:
        params["known_at"] = known_at.isoformat()
    response = await api.get(f"/v1/employers/{ctx.id}/eligibility", params=params, headers=ctx.headers)
    assert response.status_code == 200, response.text
    return response.json()


def statuses(determination: dict[str, Any]) -> dict[str, str]:
    return {c["code"]: c["status"] for c in determination["checks"]}


class TestShape:
    async def test_new_employer_unknowns_are_not_a_pass(
        self, api: httpx.AsyncClient, employer: EmployerCtx
    ) -> None:
        body = await determine(api, employer)
        assert body["program"] == "SECOR" and body["employer_id"] == employer.id
        assert body["as_of"] == TODAY.isoformat()
        assert [c["code"] for c in body["checks"]] == [
            "headcount",
            "wcb_account",
            "acsa_membership",
            "training.management",
            "training.first_aid",
            "training.industry",
            "assessor",
            "continuing_education",
        ]
        assert set(statuses(body).values()) == {"unknown"}
        assert body["outcome"] == "not_eligible"
        assert all(c["reason"] for c in body["checks"])

    async def test_as_of_more_than_a_year_ahead_is_422(
        self, api: httpx.AsyncClient, employer: EmployerCtx
    ) -> None:
        response = await api.get(
            f"/v1/employers/{employer.id}/eligibility", params={"as_of": days(400)}, headers=employer.headers
        )
        assert_problem(response, 422, pointer="/as_of")

    async def test_malformed_as_of_is_422(self, api: httpx.AsyncClient, employer: EmployerCtx) -> None:
        response = await api.get(
            f"/v1/employers/{employer.id}/eligibility",
            params={"as_of": "yesterday"},
            headers=employer.headers,
        )
        assert_problem(response, 422, pointer="/as_of")


class TestEligible:
    async def test_every_check_passes(
        self, api: httpx.AsyncClient, stack: Stack, employer: EmployerCtx, staff_headers: dict[str, str]
    ) -> None:
        ana = await make_eligible(api, stack, employer, staff_headers)
        body = await determine(api, employer)
        assert statuses(body) == dict.fromkeys(statuses(body), "pass"), body
        assert body["outcome"] == "eligible"
        by_code = {c["code"]: c for c in body["checks"]}
        assert by_code["training.first_aid"]["evidence"]["worker_id"] == ana["id"]
        assert by_code["training.first_aid"]["evidence"]["matched_by"] == "email"
        assert by_code["headcount"]["evidence"]["peak"] == 1
        assert (await api.get(f"/v1/employers/{employer.id}", headers=employer.headers)).json()[
            "outcome"
        ] == "eligible"

    async def test_training_split_across_workers(
        self, api: httpx.AsyncClient, stack: Stack, employer: EmployerCtx, staff_headers: dict[str, str]
    ) -> None:
        ana = await add_worker(api, employer, learner_id="L-1")
        bo = await add_worker(api, employer, given="Bo", family="Lee", learner_id="L-77")
        await record(stack, completion_event("PHSM", learner_id="L-1"))
        await record(stack, completion_event("RSTS", learner_id="L-1"))
        first_aid = await record(
            stack, completion_event("SFA", given="Bo", family="Lee", learner_id="L-77", expires_on=days(300))
        )
        checks = {c["code"]: c for c in (await determine(api, employer))["checks"]}
        holders = {
            code: checks[code]["evidence"]["worker_id"]
            for code in ("training.management", "training.first_aid", "training.industry")
        }
        assert holders == {
            "training.management": ana["id"],
            "training.first_aid": bo["id"],
            "training.industry": ana["id"],
        }
        assert checks["training.first_aid"]["evidence"]["matched_by"] == "learner_id"
        # Bo's card revoked: nobody holds first aid any more.
        revoked = {
            "completion_id": first_aid["completion_id"],
            "provider_id": "prv_acsa",
            "learner": first_aid["learner"],
            "course_code": "SFA",
            "employer_wcb_account_number": None,
            "reason": "error",
            "revoked_at": dt.datetime.now(dt.UTC).isoformat(),
        }
        assert (await deliver(stack, "training.completion_revoked", revoked)).status_code == 200
        assert statuses(await determine(api, employer))["training.first_aid"] == "fail"


class TestFailing:
    async def test_part_time_workers_training_does_not_count(
        self, api: httpx.AsyncClient, stack: Stack, employer: EmployerCtx
    ) -> None:
        await add_worker(api, employer, employment_type="part_time", learner_id="L-1")
        for course in ("SECOR", "SFA", "CSTS"):
            await record(stack, completion_event(course, learner_id="L-1"))
        checks = statuses(await determine(api, employer))
        assert (
            checks["training.management"]
            == checks["training.first_aid"]
            == checks["training.industry"]
            == "fail"
        )
        assert checks["continuing_education"] == "fail"

    @pytest.mark.parametrize(
        "who",
        [
            {"role": "volunteer"},
            {"role": "other"},
            {"role": "owner", "covered_by_wcb_account": False},  # a contractor under its own account
        ],
    )
    async def test_only_employees_hold_the_training(
        self, api: httpx.AsyncClient, stack: Stack, employer: EmployerCtx, who: dict[str, Any]
    ) -> None:
        await add_worker(api, employer, learner_id="L-7", **who)
        for course in ("SECOR", "SFA", "CSTS"):
            await record(stack, completion_event(course, learner_id="L-7"))
        checks = statuses(await determine(api, employer))
        assert [checks[c] for c in ("training.management", "training.first_aid", "training.industry")] == [
            "fail"
        ] * 3
        assert checks["continuing_education"] == "fail"
        await add_worker(api, employer, given="Eve", learner_id="L-8", role="family_member")
        for course in ("SECOR", "SFA", "CSTS"):
            await record(stack, completion_event(course, given="Eve", learner_id="L-8"))
        assert statuses(await determine(api, employer))["training.management"] == "pass"

    async def test_first_aid_expiring_on_as_of_fails(
        self, api: httpx.AsyncClient, stack: Stack, employer: EmployerCtx, staff_headers: dict[str, str]
    ) -> None:
        await make_eligible(api, stack, employer, staff_headers)
        async with stack.apps["eligibility"].state.engine.begin() as conn:
            await conn.execute(
                text("UPDATE eligibility_completion SET expires_on = :d WHERE course_code = 'SFA'"),
                {"d": TODAY + dt.timedelta(days=10)},
            )
        assert statuses(await determine(api, employer, days(9)))["training.first_aid"] == "pass"
        check = {c["code"]: c for c in (await determine(api, employer, days(10)))["checks"]}[
            "training.first_aid"
        ]
        assert check["status"] == "fail" and "expired" in check["reason"]

    async def test_eleven_at_once_is_cor_required(
        self, api: httpx.AsyncClient, employer: EmployerCtx
    ) -> None:
        for i in range(11):
            await add_worker(api, employer, given=f"W{i}")
        body = await determine(api, employer)
        assert body["outcome"] == "cor_required"
        headcount = body["checks"][0]
        assert headcount["status"] == "fail" and headcount["evidence"]["peak"] == 11
        assert headcount["evidence"]["source"] == "roster" and len(headcount["evidence"]["worker_ids"]) == 11

    async def test_people_under_their_own_wcb_do_not_count(
        self, api: httpx.AsyncClient, employer: EmployerCtx
    ) -> None:
        for i in range(10):
            await add_worker(api, employer, given=f"W{i}")
        await add_worker(api, employer, given="Contractor", covered_by_wcb_account=False)
        assert (await determine(api, employer))["checks"][0]["status"] == "pass"

    async def test_declared_peak_over_ten(self, api: httpx.AsyncClient, employer: EmployerCtx) -> None:
        await api.post(
            f"/v1/employers/{employer.id}/headcount-declarations",
            json={"period_start": days(-60), "period_end": days(-30), "peak_headcount": 14},
            headers=employer.headers,
        )
        headcount = (await determine(api, employer))["checks"][0]
        assert headcount["status"] == "fail"
        assert headcount["evidence"]["source"] == "declaration" and headcount["evidence"]["on"] == days(-60)

    async def test_closed_wcb_and_lapsed_membership(
        self, api: httpx.AsyncClient, stack: Stack, employer: EmployerCtx, staff_headers: dict[str, str]
    ) -> None:
        await make_eligible(api, stack, employer, staff_headers)
        await api.put(
            f"/v1/employers/{employer.id}/wcb-account",
            json={"status": "closed", "as_of": days(-1)},
            headers=staff_headers,
        )
        await api.put(
            f"/v1/employers/{employer.id}/acsa-membership",
            json={"member_number": "M-1", "valid_from": days(-900), "valid_until": days(-600)},
            headers=staff_headers,
        )
        checks = statuses(await determine(api, employer))
        assert checks["wcb_account"] == "fail"
        assert checks["acsa_membership"] == "pass", "the earlier, still valid membership holds"
        assert statuses(await determine(api, employer, days(-2)))["wcb_account"] == "pass"

    async def test_assessor_without_the_course(
        self, api: httpx.AsyncClient, stack: Stack, employer: EmployerCtx, staff_headers: dict[str, str]
    ) -> None:
        await make_eligible(api, stack, employer, staff_headers)
        await api.put(
            f"/v1/employers/{employer.id}/assessor",
            json={"given_name": "Ext", "family_name": "Assessor", "learner_id": "EXT-9", "internal": False},
            headers=employer.headers,
        )
        check = {c["code"]: c for c in (await determine(api, employer))["checks"]}["assessor"]
        assert check["status"] == "fail" and "external" in check["reason"]
        await record(
            stack,
            completion_event(
                "PHSM", given="Ext", family="Assessor", learner_id="EXT-9", completed_on=days(-200)
            ),
        )
        assert statuses(await determine(api, employer))["assessor"] == "pass"

    async def test_assessor_status_lapses_after_three_years(
        self, api: httpx.AsyncClient, stack: Stack, employer: EmployerCtx
    ) -> None:
        await api.put(
            f"/v1/employers/{employer.id}/assessor",
            json={"given_name": "Old", "family_name": "Hand", "learner_id": "OLD-1", "internal": False},
            headers=employer.headers,
        )
        await record(
            stack,
            completion_event(
                "SECOR", given="Old", family="Hand", learner_id="OLD-1", completed_on=days(-3 * 366)
            ),
        )
        check = {c["code"]: c for c in (await determine(api, employer))["checks"]}["assessor"]
        assert check["status"] == "fail" and "lapsed" in check["reason"]

    async def test_continuing_education_needs_an_acsa_course_in_three_years(
        self, api: httpx.AsyncClient, stack: Stack, employer: EmployerCtx
    ) -> None:
        await add_worker(api, employer, learner_id="L-5")
        await record(stack, completion_event("SFA", learner_id="L-5", provider_is_acsa=False))
        assert statuses(await determine(api, employer))["continuing_education"] == "fail"
        await record(
            stack, completion_event("FALL", learner_id="L-5", provider_is_acsa=True, completed_on=days(-30))
        )
        assert statuses(await determine(api, employer))["continuing_education"] == "pass"


class TestAsOfThePast:
    async def test_a_worker_who_left_since_still_counted_then(
        self, api: httpx.AsyncClient, employer: EmployerCtx
    ) -> None:
        for i in range(11):
            await add_worker(
                api, employer, given=f"W{i}", start_date=days(-700), end_date=days(-500) if i == 0 else None
            )
        assert (await determine(api, employer))["outcome"] != "cor_required"
        assert (await determine(api, employer, days(-550)))["outcome"] == "cor_required"

    async def test_a_completion_recorded_later_is_not_known_then(
        self, api: httpx.AsyncClient, stack: Stack, employer: EmployerCtx
    ) -> None:
        await add_worker(api, employer, learner_id="L-9", start_date=days(-700))
        before = dt.datetime.now(dt.UTC)
        await record(stack, completion_event("SECOR", learner_id="L-9", completed_on=days(-300)))
        # As known before it was recorded, the course did not count; as known now, it counts back then too.
        assert statuses(await determine(api, employer, days(-200), before))["training.management"] == "fail"
        assert statuses(await determine(api, employer, days(-200)))["training.management"] == "pass"
        assert statuses(await determine(api, employer))["training.management"] == "pass"

    async def test_revoked_since_still_counted_then(
        self, api: httpx.AsyncClient, stack: Stack, employer: EmployerCtx, engine: AsyncEngine
    ) -> None:
        await add_worker(api, employer, learner_id="L-3", start_date=days(-700))
        event = await record(stack, completion_event("CSTS", learner_id="L-3", completed_on=days(-300)))
        async with engine.begin() as conn:
            await conn.execute(
                text(
                    "UPDATE eligibility_completion SET recorded_at = now() - interval '250 days', "
                    "known_from = now() - interval '250 days' WHERE completion_id = :c"
                ),
                {"c": event["completion_id"]},
            )
        known_then = dt.datetime.now(dt.UTC)
        revoked = {
            "completion_id": event["completion_id"],
            "provider_id": "prv_acsa",
            "learner": event["learner"],
            "course_code": "CSTS",
            "employer_wcb_account_number": None,
            "reason": "error",
            "revoked_at": dt.datetime.now(dt.UTC).isoformat(),
        }
        assert (await deliver(stack, "training.completion_revoked", revoked)).status_code == 200
        assert statuses(await determine(api, employer, days(-100), known_then))["training.industry"] == "pass"
        assert statuses(await determine(api, employer, days(-100)))["training.industry"] == "fail"
        assert statuses(await determine(api, employer))["training.industry"] == "fail"


class TestKeptDetermination:
    """Today's determination is kept by the change that made it; it is served only while it is current."""

    async def test_served_as_kept_until_a_change(self, api: httpx.AsyncClient, employer: EmployerCtx) -> None:
        first = await determine(api, employer)
        assert (await determine(api, employer))["evaluated_at"] == first["evaluated_at"]
        await add_worker(api, employer)
        after_change = await determine(api, employer)
        assert after_change["evaluated_at"] != first["evaluated_at"]
        assert after_change["checks"][0]["status"] == "pass"

    async def test_stale_or_foreign_rules_are_not_served(
        self, api: httpx.AsyncClient, employer: EmployerCtx, engine: AsyncEngine
    ) -> None:
        await determine(api, employer)
        forged = "jsonb_set(determination, '{outcome}', '\"eligible\"')"
        for staleness in ("determination_on = determination_on - 1", "rules_version = 'other-settings'"):
            async with engine.begin() as conn:
                await conn.execute(
                    text(f"UPDATE eligibility_employer SET determination = {forged}, {staleness}")
                )
            assert (await determine(api, employer))["outcome"] == "not_eligible", staleness

    async def test_the_first_read_of_a_day_keeps_its_answer(
        self, api: httpx.AsyncClient, employer: EmployerCtx, engine: AsyncEngine
    ) -> None:
        await determine(api, employer)
        async with engine.begin() as conn:
            await conn.execute(
                text("UPDATE eligibility_employer SET determination_on = determination_on - 1")
            )
        fresh = await determine(api, employer)
        assert (await determine(api, employer))["evaluated_at"] == fresh["evaluated_at"]

    async def test_the_fast_path_answers_as_the_route_does(
        self, api: httpx.AsyncClient, employer: EmployerCtx, stack: Stack, engine: AsyncEngine
    ) -> None:
        from services.eligibility.determination.fastpath import TodayDeterminationFastPath
        from shared.principal import Principal

        kept = await determine(api, employer)  # no as_of: the fast path's case
        computed = await determine(api, employer, stack.clock.today().isoformat())  # the route's
        assert {k: v for k, v in kept.items() if k not in ("evaluated_at", "known_at")} == {
            k: v for k, v in computed.items() if k not in ("evaluated_at", "known_at")
        }
        # Called directly, with a route behind it that must not be reached.
        app = stack.apps["eligibility"]
        sent: list[dict[str, Any]] = []

        async def route(scope: Any, receive: Any, send: Any) -> None:
            raise AssertionError("the fast path let a kept determination through to the route")

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        principal = Principal.build("integrator", "key_x", "x", integrator_id=employer.integrator_id)
        scope = {
            "type": "http",
            "method": "GET",
            "path": f"/v1/employers/{employer.id}/eligibility",
            "query_string": b"",
            "app": app,
            "state": {"principal": principal},
        }
        await TodayDeterminationFastPath(route)(scope, None, send)
        answered = json.loads(sent[1]["body"])
        assert sent[0]["status"] == 200 and answered | {"known_at": None} == kept | {"known_at": None}
        assert answered["known_at"] > kept["known_at"]  # each answer is known when it is given
        # Someone else's employer, or a date: the route's business.
        reached = []

        async def fallback(scope: Any, receive: Any, send: Any) -> None:
            reached.append(scope["path"])

        stranger = Principal.build("integrator", "key_y", "y", integrator_id="int_01STRANGER000000000000000A")
        await TodayDeterminationFastPath(fallback)(scope | {"state": {"principal": stranger}}, None, send)
        await TodayDeterminationFastPath(fallback)(scope | {"query_string": b"as_of=2026-01-01"}, None, send)
        assert len(reached) == 2
