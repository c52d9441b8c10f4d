"""Facts in force from their day: a worker's role, employment type and coverage, and the assessor on file, hold
from the day a change says; the days before keep what was in force, and only a correction reaches back."""

from __future__ import annotations

from typing import Any

import httpx

from tests.eligibility.conftest import EmployerCtx, add_worker, days, make_eligible
from tests.eligibility.test_history import check, eleven_at_once, eligibility, history, moment
from tests.helpers import assert_problem
from tests.stack import Stack


async def patch(
    api: httpx.AsyncClient, ctx: EmployerCtx, worker_id: str, body: dict[str, Any]
) -> httpx.Response:
    return await api.patch(f"/v1/employers/{ctx.id}/workers/{worker_id}", json=body, headers=ctx.headers)


async def corrections(
    api: httpx.AsyncClient, ctx: EmployerCtx, staff: dict[str, str]
) -> list[dict[str, Any]]:
    response = await api.get("/v1/corrections", params={"employer_id": ctx.id}, headers=staff)
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()["data"]
    return found


class TestAttributesFromTheirDay:
    async def test_a_change_of_cover_holds_from_today_and_the_window_remembers(
        self, api: httpx.AsyncClient, employer: EmployerCtx, staff_headers: dict[str, str]
    ) -> None:
        workers = await eleven_at_once(api, employer)
        eleventh = workers[1]
        assert (await eligibility(api, employer))["outcome"] == "cor_required"
        changed = await patch(api, employer, eleventh["id"], {"covered_by_wcb_account": False})
        assert changed.status_code == 200, changed.text
        body = changed.json()
        assert body["covered_by_wcb_account"] is False and body["attributes_from"] == days(0)
        assert body["earlier_terms"] == [
            {
                "until": days(0),
                "role": "worker",
                "employment_type": "full_time",
                "covered_by_wcb_account": True,
            }
        ]
        # Eleven were covered at once 160 days ago, and still are on every day before today.
        assert (await eligibility(api, employer))["outcome"] == "cor_required"
        assert (await eligibility(api, employer, days(-1)))["outcome"] == "cor_required"
        assert await corrections(api, employer, staff_headers) == []
        # Read again, the worker says the same.
        again = await api.get(
            f"/v1/employers/{employer.id}/workers/{eleventh['id']}", headers=employer.headers
        )
        assert again.json()["earlier_terms"] == body["earlier_terms"]
        assert len(workers) == 11

    async def test_a_correction_holds_from_the_start_and_is_listed(
        self, api: httpx.AsyncClient, employer: EmployerCtx, staff_headers: dict[str, str]
    ) -> None:
        eleventh = (await eleven_at_once(api, employer))[1]
        before = await moment()
        corrected = await patch(
            api,
            employer,
            eleventh["id"],
            {"covered_by_wcb_account": False, "correction": True, "reason": "a contractor, own WCB account"},
        )
        assert corrected.status_code == 200, corrected.text
        assert corrected.json()["attributes_from"] is None and corrected.json()["earlier_terms"] == []
        assert (await eligibility(api, employer))["outcome"] != "cor_required"
        assert (await eligibility(api, employer, days(-100)))["outcome"] != "cor_required"
        assert (await eligibility(api, employer, known_at=before))["outcome"] == "cor_required"
        [correction] = await corrections(api, employer, staff_headers)
        assert (correction["old_outcome"], correction["determination_id"]) == ("cor_required", None)
        [latest, *_] = (await history(api, employer))["data"]
        assert latest["reason"] == "a contractor, own WCB account"
        assert (
            latest["after"]["attributes_from"] is None and latest["before"]["covered_by_wcb_account"] is True
        )

    async def test_employment_type_from_a_day_ahead(
        self, api: httpx.AsyncClient, stack: Stack, employer: EmployerCtx, staff_headers: dict[str, str]
    ) -> None:
        ana = await make_eligible(api, stack, employer, staff_headers)
        changed = await patch(
            api, employer, ana["id"], {"employment_type": "part_time", "effective_on": days(10)}
        )
        assert changed.status_code == 200, changed.text
        assert (await eligibility(api, employer))["outcome"] == "eligible"
        assert (await eligibility(api, employer, days(9)))["outcome"] == "eligible"
        later = await eligibility(api, employer, days(10))
        assert later["outcome"] == "not_eligible" and check(later, "training.management") == "fail"
        # Back to full time from day 20: the part-time stretch stays between.
        await patch(api, employer, ana["id"], {"employment_type": "full_time", "effective_on": days(20)})
        assert (await eligibility(api, employer, days(15)))["outcome"] == "not_eligible"
        assert (await eligibility(api, employer, days(20)))["outcome"] == "eligible"
        terms = (
            await api.get(f"/v1/employers/{employer.id}/workers/{ana['id']}", headers=employer.headers)
        ).json()["earlier_terms"]
        assert [(t["until"], t["employment_type"]) for t in terms] == [
            (days(10), "full_time"),
            (days(20), "part_time"),
        ]
        # A change of something else leaves the dated terms on their days.
        renamed = await patch(api, employer, ana["id"], {"email": "ana.silva@prairieroofing.example"})
        assert renamed.status_code == 200 and renamed.json()["earlier_terms"] == terms

    async def test_reaching_back_needs_a_reason(
        self, api: httpx.AsyncClient, stack: Stack, employer: EmployerCtx, staff_headers: dict[str, str]
    ) -> None:
        ana = await make_eligible(api, stack, employer, staff_headers)
        refused: list[tuple[dict[str, Any], str]] = [
            ({"role": "volunteer", "effective_on": days(-30)}, "/effective_on"),
            ({"role": "volunteer", "correction": True}, "/reason"),
            (
                {"role": "volunteer", "correction": True, "reason": "x", "effective_on": days(1)},
                "/effective_on",
            ),
            ({"role": "volunteer", "effective_on": days(4000)}, "/effective_on"),
            ({"given_name": "Anna", "effective_on": days(1)}, "/effective_on"),
            ({"end_date": days(-10)}, "/end_date"),
            ({"start_date": days(-300)}, "/start_date"),
        ]
        for body, pointer in refused:
            assert_problem(await patch(api, employer, ana["id"], body), 422, pointer=pointer)
        assert (await eligibility(api, employer))["outcome"] == "eligible"
        # With a reason, each is a correction that reaches back.
        back = await patch(
            api,
            employer,
            ana["id"],
            {"role": "volunteer", "effective_on": days(-30), "reason": "volunteer since"},
        )
        assert back.status_code == 200, back.text
        assert (await eligibility(api, employer, days(-31)))["outcome"] == "eligible"
        assert (await eligibility(api, employer, days(-30)))["outcome"] == "not_eligible"
        [correction] = await corrections(api, employer, staff_headers)
        assert correction["new_outcome"] == "not_eligible"
        ended = await patch(api, employer, ana["id"], {"end_date": days(-10), "reason": "left on the 10th"})
        assert ended.status_code == 200 and ended.json()["end_date"] == days(-10)
        # An end date from today on is no correction.
        other = await add_worker(api, employer, given="Bo")
        assert (await patch(api, employer, other["id"], {"end_date": days(0)})).status_code == 200


class TestRehire:
    async def test_a_rehire_under_the_same_external_id_is_a_new_stint(
        self, api: httpx.AsyncClient, employer: EmployerCtx
    ) -> None:
        url = f"/v1/employers/{employer.id}/workers"
        first = {
            "given_name": "Cam",
            "family_name": "Lee",
            "role": "worker",
            "employment_type": "full_time",
            "start_date": days(-300),
            "end_date": days(-200),
            "external_id": "E-7",
        }
        made = await api.put(url, json={"workers": [first]}, headers=employer.headers)
        assert made.status_code == 200, made.text
        [old_id] = made.json()["created"]
        rehired = await api.put(
            url,
            json={"workers": [first | {"start_date": days(-20), "end_date": None}]},
            headers=employer.headers,
        )
        assert rehired.status_code == 200, rehired.text
        [new_id] = rehired.json()["created"]
        assert new_id != old_id and rehired.json()["updated"] == []
        old = (await api.get(f"{url}/{old_id}", headers=employer.headers)).json()
        assert (old["start_date"], old["end_date"]) == (days(-300), days(-200))
        # Between the stints nobody was employed; the two never count together.
        between = await api.get(url, params={"employed_on": days(-100)}, headers=employer.headers)
        assert between.json()["data"] == []
        year = await eligibility(api, employer)
        assert next(c for c in year["checks"] if c["code"] == "headcount")["evidence"]["peak"] == 1
        # A sync that changes the new stint updates it, not the old one.
        again = await api.put(
            url,
            json={
                "workers": [first | {"start_date": days(-20), "end_date": None, "employment_type": "casual"}]
            },
            headers=employer.headers,
        )
        assert again.json()["updated"] == [new_id]
        # A worker added by hand under an external id still employed is refused; after the stint ended, it is not.
        dup = first | {"start_date": days(-10), "end_date": None}
        assert_problem(await api.post(url, json=dup, headers=employer.headers), 409)
        assert (
            await api.post(
                url, json=first | {"start_date": days(-199), "end_date": days(-150)}, headers=employer.headers
            )
        ).status_code == 201

    async def test_a_sync_that_changes_attributes_holds_from_its_day(
        self, api: httpx.AsyncClient, employer: EmployerCtx
    ) -> None:
        url = f"/v1/employers/{employer.id}/workers"
        roster: list[dict[str, Any]] = [
            {
                "given_name": f"S{i}",
                "family_name": "Sync",
                "role": "worker",
                "employment_type": "casual",
                "start_date": days(-200),
                "external_id": f"S{i}",
            }
            for i in range(11)
        ]
        assert (await api.put(url, json={"workers": roster}, headers=employer.headers)).status_code == 200
        assert (await eligibility(api, employer))["outcome"] == "cor_required"
        roster[0] |= {"covered_by_wcb_account": False}
        assert_problem(
            await api.put(
                url, json={"workers": roster, "effective_on": days(-100)}, headers=employer.headers
            ),
            422,
            pointer="/effective_on",
        )
        synced = await api.put(url, json={"workers": roster}, headers=employer.headers)
        assert len(synced.json()["updated"]) == 1
        assert (await eligibility(api, employer))["outcome"] == "cor_required"
        fixed = await api.put(
            url,
            json={"workers": roster, "effective_on": days(-300), "reason": "S0 was never covered"},
            headers=employer.headers,
        )
        assert fixed.status_code == 200, fixed.text
        assert check(await eligibility(api, employer), "headcount") == "pass"
        assert check(await eligibility(api, employer, days(-150)), "headcount") == "pass"


class TestAssessorFromItsDay:
    async def test_the_assessor_on_file_holds_from_its_day(
        self, api: httpx.AsyncClient, stack: Stack, employer: EmployerCtx, staff_headers: dict[str, str]
    ) -> None:
        await make_eligible(api, stack, employer, staff_headers)
        url = f"/v1/employers/{employer.id}/assessor"
        nobody = {"given_name": "Nobody", "family_name": "Trained", "internal": False}
        ahead = await api.put(url, json=nobody | {"effective_on": days(30)}, headers=employer.headers)
        assert ahead.status_code == 200 and ahead.json()["effective_from"] == days(30)
        assert check(await eligibility(api, employer, days(29)), "assessor") == "pass"
        assert check(await eligibility(api, employer, days(30)), "assessor") == "fail"
        [latest, *_] = (await history(api, employer))["data"]
        assert (latest["fact"], latest["after"]["effective_from"]) == ("assessor", days(30))
        assert latest["after"]["earlier"][0]["given_name"] == "Ana"

    async def test_a_first_assessor_from_a_day_leaves_the_days_before_without_one(
        self, api: httpx.AsyncClient, employer: EmployerCtx
    ) -> None:
        url = f"/v1/employers/{employer.id}/assessor"
        body = {"given_name": "Ana", "family_name": "Silva", "internal": True, "effective_on": days(5)}
        assert (await api.put(url, json=body, headers=employer.headers)).status_code == 200
        assert "No assessor" in next(
            c["reason"]
            for c in (await eligibility(api, employer, days(4)))["checks"]
            if c["code"] == "assessor"
        )
        assert "Ana Silva" in next(
            c["reason"]
            for c in (await eligibility(api, employer, days(5)))["checks"]
            if c["code"] == "assessor"
        )
