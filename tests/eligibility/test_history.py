"""Facts with history (docs/rules.md §1): nothing an employer did can be erased, and every (as_of, known_at) gives the
same answer years later. Each scenario of issue 14 is walked through the gateway."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.certificates.conftest import outbox_events
from tests.eligibility.conftest import (
    EmployerCtx,
    add_worker,
    completion_event,
    days,
    make_eligible,
    record,
)
from tests.helpers import assert_problem
from tests.stack import Stack


async def eligibility(
    api: httpx.AsyncClient, ctx: EmployerCtx, as_of: str | None = None, known_at: dt.datetime | None = None
) -> dict[str, Any]:
    params = {}
    if as_of:
        params["as_of"] = as_of
    if known_at:
        params["known_at"] = known_at.isoformat()
    response = await api.get(f"/v1/employers/{ctx.id}/eligibility", params=params, headers=ctx.headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def check(answer: dict[str, Any], code: str) -> str:
    return str(next(c for c in answer["checks"] if c["code"] == code)["status"])


async def moment() -> dt.datetime:
    """A point in time strictly between what was recorded before and what is recorded after."""
    await asyncio.sleep(0.01)
    at = dt.datetime.now(dt.UTC)
    await asyncio.sleep(0.01)
    return at


async def history(api: httpx.AsyncClient, ctx: EmployerCtx, **params: Any) -> dict[str, Any]:
    response = await api.get(f"/v1/employers/{ctx.id}/history", params=params, headers=ctx.headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def eleven_at_once(api: httpx.AsyncClient, ctx: EmployerCtx) -> list[dict[str, Any]]:
    """Eleven people covered at the same time five months ago; one of them has left since."""
    return [
        await add_worker(
            api,
            ctx,
            given=f"W{i}",
            start_date=days(-200),
            end_date=days(-150) if i == 0 else None,
        )
        for i in range(11)
    ]


class TestNothingIsErased:
    async def test_a_worker_entered_in_error_is_kept_and_no_longer_counts(
        self,
        api: httpx.AsyncClient,
        engine: AsyncEngine,
        employer: EmployerCtx,
        staff_headers: dict[str, str],
    ) -> None:
        workers = await eleven_at_once(api, employer)
        assert (await eligibility(api, employer))["outcome"] == "cor_required"
        before = await moment()
        gone = await api.delete(
            f"/v1/employers/{employer.id}/workers/{workers[0]['id']}",
            params={"reason": "a duplicate of W1"},
            headers=employer.headers,
        )
        assert gone.status_code == 204
        now = await eligibility(api, employer)
        assert now["outcome"] != "cor_required"
        # A correction that changed today's outcome: staff are told, and it waits for their review.
        [correction] = (await api.get("/v1/corrections", headers=staff_headers)).json()["data"]
        assert (
            correction["employer_id"],
            correction["determination_id"],
            correction["old_outcome"],
            correction["new_outcome"],
        ) == (employer.id, None, "cor_required", now["outcome"])
        *_, told = await outbox_events(engine, "employer.eligibility_changed")
        assert (told["reason"], told["correction_id"]) == ("correction", correction["id"])
        # What was said before is still what was known before.
        assert (await eligibility(api, employer, known_at=before))["outcome"] == "cor_required"
        [latest, *_] = (await history(api, employer))["data"]
        assert (latest["fact"], latest["id"], latest["change"], latest["reason"], latest["after"]) == (
            "worker",
            workers[0]["id"],
            "entered_in_error",
            "a duplicate of W1",
            None,
        )
        assert latest["before"]["given_name"] == "W0" and latest["correction"] is True
        assert_problem(
            await api.get(
                f"/v1/employers/{employer.id}/workers/{workers[0]['id']}", headers=employer.headers
            ),
            404,
        )

    async def test_a_change_of_cover_is_a_new_version(
        self, api: httpx.AsyncClient, employer: EmployerCtx
    ) -> None:
        workers = await eleven_at_once(api, employer)
        before = await moment()
        patched = await api.patch(
            f"/v1/employers/{employer.id}/workers/{workers[3]['id']}",
            json={
                "covered_by_wcb_account": False,
                "correction": True,
                "reason": "a contractor with their own account",
            },
            headers=employer.headers,
        )
        assert patched.status_code == 200
        assert (await eligibility(api, employer))["outcome"] != "cor_required"
        assert (await eligibility(api, employer, known_at=before))["outcome"] == "cor_required"
        [latest, *_] = (await history(api, employer))["data"]
        assert (
            latest["change"],
            latest["before"]["covered_by_wcb_account"],
            latest["after"]["covered_by_wcb_account"],
        ) == (
            "updated",
            True,
            False,
        )

    async def test_a_sync_that_omits_someone_ends_their_employment(
        self, api: httpx.AsyncClient, employer: EmployerCtx
    ) -> None:
        roster = [
            {
                "external_id": f"hr-{i}",
                "given_name": f"P{i}",
                "family_name": "Lee",
                "role": "worker",
                "employment_type": "full_time",
                "start_date": days(-100),
            }
            for i in range(2)
        ]
        synced = await api.put(
            f"/v1/employers/{employer.id}/workers", json={"workers": roster}, headers=employer.headers
        )
        assert synced.status_code == 200, synced.text
        again = await api.put(
            f"/v1/employers/{employer.id}/workers", json={"workers": roster[:1]}, headers=employer.headers
        )
        [ended_id] = again.json()["ended"]
        ended = await api.get(f"/v1/employers/{employer.id}/workers/{ended_id}", headers=employer.headers)
        assert ended.json()["end_date"] == days(0)
        [latest, *_] = (await history(api, employer))["data"]
        assert (latest["change"], latest["before"]["end_date"], latest["after"]["end_date"]) == (
            "ended",
            None,
            days(0),
        )

    async def test_a_declaration_entered_in_error(
        self, api: httpx.AsyncClient, employer: EmployerCtx
    ) -> None:
        declared = await api.post(
            f"/v1/employers/{employer.id}/headcount-declarations",
            json={"period_start": days(-90), "period_end": days(-60), "peak_headcount": 14},
            headers=employer.headers,
        )
        assert (await eligibility(api, employer))["outcome"] == "cor_required"
        before = await moment()
        removed = await api.delete(
            f"/v1/employers/{employer.id}/headcount-declarations/{declared.json()['id']}",
            params={"reason": "typed 14 for 4"},
            headers=employer.headers,
        )
        assert removed.status_code == 204
        assert (await eligibility(api, employer))["outcome"] != "cor_required"
        assert (await eligibility(api, employer, known_at=before))["outcome"] == "cor_required"
        assert (
            await api.get(f"/v1/employers/{employer.id}/headcount-declarations", headers=employer.headers)
        ).json() == []


class TestEveryFactEnteredInError:
    """The assessor, ACSA memberships and WCB statuses are marked entered in error like workers: kept in the
    history, no longer counted, answers as known before unchanged."""

    @pytest.mark.parametrize(
        ("path", "params", "code", "now_status", "fact"),
        [
            ("wcb-account", {}, "wcb_account", "unknown", "wcb_account"),
            ("wcb-account", {"as_of": days(-500)}, "wcb_account", "unknown", "wcb_account"),
            ("acsa-membership/M-1001", {}, "acsa_membership", "unknown", "acsa_membership"),
            ("assessor", {}, "assessor", "unknown", "assessor"),
        ],
    )
    async def test_marked_kept_and_no_longer_counted(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        employer: EmployerCtx,
        staff_headers: dict[str, str],
        path: str,
        params: dict[str, str],
        code: str,
        now_status: str,
        fact: str,
    ) -> None:
        await make_eligible(api, stack, employer, staff_headers)
        before = await moment()
        removed = await api.delete(
            f"/v1/employers/{employer.id}/{path}",
            params=params | {"reason": "recorded for the wrong employer"},
            headers=staff_headers,
        )
        assert removed.status_code == 204, removed.text
        now = await eligibility(api, employer)
        assert (now["outcome"], check(now, code)) == ("not_eligible", now_status)
        assert check(await eligibility(api, employer, known_at=before), code) == "pass"
        [latest, *_] = (await history(api, employer))["data"]
        assert (latest["fact"], latest["change"], latest["after"], latest["reason"]) == (
            fact,
            "entered_in_error",
            None,
            "recorded for the wrong employer",
        )
        assert latest["before"] is not None
        # Once marked, there is nothing left to mark.
        assert_problem(await api.delete(f"/v1/employers/{employer.id}/{path}", headers=staff_headers), 404)

    async def test_a_wcb_record_for_another_date_is_not_found(
        self, api: httpx.AsyncClient, stack: Stack, employer: EmployerCtx, staff_headers: dict[str, str]
    ) -> None:
        await make_eligible(api, stack, employer, staff_headers)
        missing = await api.delete(
            f"/v1/employers/{employer.id}/wcb-account", params={"as_of": days(-3)}, headers=staff_headers
        )
        assert "as of" in assert_problem(missing, 404)["detail"]
        assert (await eligibility(api, employer))["outcome"] == "eligible"


class TestAsKnownThen:
    async def test_a_wcb_status_dated_back(
        self, api: httpx.AsyncClient, stack: Stack, employer: EmployerCtx, staff_headers: dict[str, str]
    ) -> None:
        await make_eligible(api, stack, employer, staff_headers)
        yesterday_ish = await moment()
        recorded = await api.put(
            f"/v1/employers/{employer.id}/wcb-account",
            json={"status": "inactive", "as_of": days(-180), "reason": "WCB's letter of June"},
            headers=staff_headers,
        )
        assert recorded.status_code == 200
        three_months_ago = days(-90)
        assert (
            check(await eligibility(api, employer, three_months_ago, yesterday_ish), "wcb_account") == "pass"
        )
        assert check(await eligibility(api, employer, three_months_ago), "wcb_account") == "fail"

    async def test_replacing_the_assessor_leaves_yesterdays_answer(
        self, api: httpx.AsyncClient, stack: Stack, employer: EmployerCtx, staff_headers: dict[str, str]
    ) -> None:
        await make_eligible(api, stack, employer, staff_headers)
        nobody = {"given_name": "Nobody", "family_name": "Trained", "internal": False}
        # From today by default: yesterday keeps the assessor in force then.
        await api.put(f"/v1/employers/{employer.id}/assessor", json=nobody, headers=employer.headers)
        assert check(await eligibility(api, employer), "assessor") == "fail"
        assert check(await eligibility(api, employer, days(-1)), "assessor") == "pass"
        before = await moment()
        # Reaching back to yesterday is a correction: it needs a reason, and is then answered as known.
        dated = nobody | {"effective_on": days(-1)}
        assert_problem(
            await api.put(f"/v1/employers/{employer.id}/assessor", json=dated, headers=employer.headers),
            422,
            pointer="/effective_on",
        )
        changed = await api.put(
            f"/v1/employers/{employer.id}/assessor",
            json=dated | {"reason": "named yesterday, entered late"},
            headers=employer.headers,
        )
        assert changed.status_code == 200 and changed.json()["effective_from"] == days(-1)
        assert check(await eligibility(api, employer, days(-1)), "assessor") == "fail"
        assert check(await eligibility(api, employer, days(-2)), "assessor") == "pass"
        then = await eligibility(api, employer, days(-1), before)
        assert check(then, "assessor") == "pass" and "Ana Silva" in next(
            c["reason"] for c in then["checks"] if c["code"] == "assessor"
        )

    async def test_a_membership_recorded_today_does_not_count_as_known_before(
        self, api: httpx.AsyncClient, employer: EmployerCtx, staff_headers: dict[str, str]
    ) -> None:
        before = await moment()
        await api.put(
            f"/v1/employers/{employer.id}/acsa-membership",
            json={"member_number": "M-7", "valid_from": days(-60), "valid_until": days(300)},
            headers=staff_headers,
        )
        assert check(await eligibility(api, employer, days(-30)), "acsa_membership") == "pass"
        assert check(await eligibility(api, employer, days(-30), before), "acsa_membership") == "unknown"
        # Recorded again under its number, the membership is corrected, not doubled.
        await api.put(
            f"/v1/employers/{employer.id}/acsa-membership",
            json={
                "member_number": "M-7",
                "valid_from": days(-10),
                "valid_until": days(300),
                "reason": "wrong start",
            },
            headers=staff_headers,
        )
        assert check(await eligibility(api, employer, days(-30)), "acsa_membership") == "fail"
        [latest, *_] = (await history(api, employer))["data"]
        assert (
            latest["fact"],
            latest["change"],
            latest["before"]["valid_from"],
            latest["after"]["valid_from"],
        ) == (
            "acsa_membership",
            "updated",
            days(-60),
            days(-10),
        )

    async def test_the_same_pair_gives_the_same_answer(
        self, api: httpx.AsyncClient, stack: Stack, employer: EmployerCtx, staff_headers: dict[str, str]
    ) -> None:
        await make_eligible(api, stack, employer, staff_headers)
        then = await moment()
        first = await eligibility(api, employer, days(-10), then)
        await add_worker(api, employer, given="Later")
        await api.put(
            f"/v1/employers/{employer.id}/wcb-account",
            json={"status": "closed", "as_of": days(-20)},
            headers=staff_headers,
        )
        again = await eligibility(api, employer, days(-10), then)
        assert {k: v for k, v in again.items() if k != "evaluated_at"} == {
            k: v for k, v in first.items() if k != "evaluated_at"
        }
        assert (again["as_of"], again["known_at"]) == (days(-10), then.isoformat().replace("+00:00", "Z"))


class TestBadMoments:
    async def test_known_at_in_the_future(self, api: httpx.AsyncClient, employer: EmployerCtx) -> None:
        later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
        response = await api.get(
            f"/v1/employers/{employer.id}/eligibility",
            params={"known_at": later.isoformat()},
            headers=employer.headers,
        )
        assert_problem(response, 422, pointer="/known_at")

    async def test_known_at_before_the_employer_existed(
        self, api: httpx.AsyncClient, employer: EmployerCtx
    ) -> None:
        response = await api.get(
            f"/v1/employers/{employer.id}/eligibility",
            params={"known_at": "2020-01-01T00:00:00Z"},
            headers=employer.headers,
        )
        assert "before employer" in assert_problem(response, 422, pointer="/known_at")["detail"]

    @pytest.mark.parametrize("known_at", ["2026-12-01T10:00:00", "yesterday", "2026-13-01T00:00:00Z"])
    async def test_known_at_that_says_no_moment(
        self, api: httpx.AsyncClient, employer: EmployerCtx, known_at: str
    ) -> None:
        response = await api.get(
            f"/v1/employers/{employer.id}/eligibility",
            params={"known_at": known_at},
            headers=employer.headers,
        )
        assert_problem(response, 422, pointer="/known_at")


class TestHistoryPages:
    async def test_newest_first_in_pages(
        self, api: httpx.AsyncClient, employer: EmployerCtx, staff_headers: dict[str, str]
    ) -> None:
        for i in range(5):
            await add_worker(api, employer, given=f"P{i}")
        await api.put(
            f"/v1/employers/{employer.id}/wcb-account",
            json={"status": "active", "as_of": days(-5)},
            headers=staff_headers,
        )
        first = await history(api, employer, limit=3)
        second = await history(api, employer, limit=3, cursor=first["next_cursor"])
        rest = await history(api, employer, limit=3, cursor=second["next_cursor"])
        entries = first["data"] + second["data"] + rest["data"]
        # The registration granted the integrator access; then five workers; then the WCB record.
        assert [e["fact"] for e in entries] == ["wcb_account"] + ["worker"] * 5 + ["integrator_access"]
        assert rest["next_cursor"] is None
        ats = [e["at"] for e in entries]
        assert ats == sorted(ats, reverse=True)
        admin = (await api.get("/v1/me", headers=staff_headers)).json()["id"]
        assert entries[0]["by"] == admin

    async def test_another_integrator_sees_nothing(
        self, api: httpx.AsyncClient, employer: EmployerCtx, engine: AsyncEngine
    ) -> None:
        from tests.helpers import auth, new_key

        stranger = auth(await new_key(engine, "integrator"))
        assert_problem(await api.get(f"/v1/employers/{employer.id}/history", headers=stranger), 404)


class TestLedgerPosition:
    async def test_an_answer_says_which_completions_it_reflects(
        self, api: httpx.AsyncClient, stack: Stack, employer: EmployerCtx, engine: AsyncEngine
    ) -> None:
        await add_worker(api, employer, learner_id="L-42")
        first = await eligibility(api, employer)
        await record(stack, completion_event("SECOR", learner_id="L-42", ledger_seq=1))
        await record(stack, completion_event("SFA", learner_id="L-42", ledger_seq=3))
        assert (await eligibility(api, employer))["completions_through"] == 1  # 2 has not come yet
        await record(stack, completion_event("CSTS", learner_id="L-99", ledger_seq=2))
        answer = await eligibility(api, employer)
        assert (first["completions_through"], answer["completions_through"]) == (0, 3)
        async with engine.connect() as conn:
            ahead = (await conn.execute(text("SELECT count(*) FROM eligibility_ledger_ahead"))).scalar_one()
        assert ahead == 0
