"""What an evaluation must meet on the day it is received (docs/rules.md §3): an eligible employer, a qualified
assessor, an audit period of documentation that exists, and a score for every element, each out of its points.
Every refusal is problem+json naming the rule and the field; nothing is created."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from services.eligibility.determination.rules import CHECK_CODES
from tests.eligibility.conftest import EmployerCtx, completion_event, days, deliver, record
from tests.helpers import assert_problem, auth, new_key
from tests.stack import Stack
from tests.submission.conftest import ASSESSOR, ZIP, scores, submission_body
from tests.submission.packages import good_files, zip_bytes


async def submit(api: httpx.AsyncClient, ctx: EmployerCtx, **fields: Any) -> httpx.Response:
    return await api.post("/v1/submissions", json=submission_body(ctx.id, **fields), headers=ctx.headers)


async def submissions_of(engine: AsyncEngine, employer_id: str) -> int:
    async with engine.connect() as conn:
        found = await conn.execute(
            text("SELECT count(*) FROM submission_submission WHERE employer_id = :e"), {"e": employer_id}
        )
        return int(found.scalar_one())


def refusal(response: httpx.Response, code: str, pointer: str | None = None) -> dict[str, Any]:
    problem = assert_problem(response, 422, pointer=pointer)
    assert problem["type"] == f"https://secor.acsa.ca/problems/{code}", problem
    assert problem["refusals"][0]["type"] == code
    return problem


class TestOnlyAnEligibleEmployer:
    async def test_an_employer_with_nothing_on_file_is_refused_with_every_check(
        self, api: httpx.AsyncClient, bare_employer: EmployerCtx, engine: AsyncEngine
    ) -> None:
        problem = refusal(await submit(api, bare_employer), "not-eligible", "/employer_id")
        listed = {(e["code"], e["status"]) for e in problem["errors"]}
        # Unknown never counts as a pass: every check is listed, each with its reason.
        assert {code for code, _ in listed} == set(CHECK_CODES)
        assert ("wcb_account", "unknown") in listed and ("acsa_membership", "unknown") in listed
        assert all(e["reason"] and e["detail"] == e["reason"] for e in problem["errors"])
        assert "wcb_account (unknown)" in problem["detail"]
        assert await submissions_of(engine, bare_employer.id) == 0

    async def test_one_failing_check_is_enough(
        self, api: httpx.AsyncClient, employer: EmployerCtx, staff_headers: dict[str, str]
    ) -> None:
        assert (await submit(api, employer)).status_code == 201
        lapsed = await api.put(
            f"/v1/employers/{employer.id}/wcb-account",
            json={"status": "inactive", "as_of": days(0)},
            headers=staff_headers,
        )
        assert lapsed.status_code == 200, lapsed.text
        problem = refusal(await submit(api, employer), "not-eligible")
        assert [(e["code"], e["status"]) for e in problem["errors"]] == [("wcb_account", "fail")]

    async def test_cor_required_takes_precedence(
        self, api: httpx.AsyncClient, bare_employer: EmployerCtx
    ) -> None:
        declared = await api.post(
            f"/v1/employers/{bare_employer.id}/headcount-declarations",
            json={"period_start": days(-150), "period_end": days(-150), "peak_headcount": 11},
            headers=bare_employer.headers,
        )
        assert declared.status_code == 201, declared.text
        problem = refusal(await submit(api, bare_employer), "cor-required")
        assert problem["headcount"]["evidence"]["peak"] == 11
        assert [e["code"] for e in problem["errors"]] == ["headcount"]

    async def test_maintenance_too(self, api: httpx.AsyncClient, bare_employer: EmployerCtx) -> None:
        problem = refusal(await submit(api, bare_employer, kind="maintenance"), "not-eligible")
        assert [r["type"] for r in problem["refusals"]] == [
            "not-eligible",
            "assessor-not-qualified",
            "no-certificate",
        ]


class TestReceivedWhenThePackageArrives:
    async def test_the_rules_are_applied_again_on_that_day(
        self, api: httpx.AsyncClient, employer: EmployerCtx, staff_headers: dict[str, str]
    ) -> None:
        created = await submit(api, employer)
        assert created.status_code == 201, created.text
        lapsed = await api.put(
            f"/v1/employers/{employer.id}/wcb-account",
            json={"status": "closed", "as_of": days(0)},
            headers=staff_headers,
        )
        assert lapsed.status_code == 200
        submission_id = created.json()["id"]
        upload = await api.put(
            f"/v1/submissions/{submission_id}/package",
            content=zip_bytes(good_files()),
            headers=employer.headers | ZIP,
        )
        problem = refusal(upload, "not-eligible")
        assert [e["code"] for e in problem["errors"]] == ["wcb_account"]
        link = await api.post(
            f"/v1/submissions/{submission_id}/package-link",
            json={"url": "http://127.0.0.1:9/package.zip"},
            headers=employer.headers,
        )
        refusal(link, "not-eligible")
        after = (await api.get(f"/v1/submissions/{submission_id}", headers=employer.headers)).json()
        assert (after["status"], after["received_on"], after["package"]) == ("awaiting_package", None, None)


class TestTheNamedAssessor:
    async def test_an_untrained_external_assessor_is_refused(
        self, api: httpx.AsyncClient, employer: EmployerCtx
    ) -> None:
        outsider = {
            "given_name": "Omar",
            "family_name": "Haddad",
            "email": "omar@audits.example",
            "internal": False,
        }
        problem = refusal(
            await submit(api, employer, assessor=outsider), "assessor-not-qualified", "/assessor"
        )
        assert "Omar Haddad" in problem["detail"] and "holds no SECOR or PHSM" in problem["detail"]
        # The employer's own assessor on file is qualified: it is the one named on the evaluation that counts.
        assert problem["refusals"] == [problem["refusals"][0]]

    async def test_a_qualified_external_assessor_is_fine(
        self, api: httpx.AsyncClient, stack: Stack, employer: EmployerCtx
    ) -> None:
        outsider = {
            "given_name": "Omar",
            "family_name": "Haddad",
            "email": "omar@audits.example",
            "internal": False,
        }
        await record(
            stack, completion_event("PHSM", given="Omar", family="Haddad", email="omar@audits.example")
        )
        created = await submit(api, employer, assessor=outsider)
        assert created.status_code == 201, created.text

    async def test_assessor_status_lapses_three_years_after_the_course(
        self, api: httpx.AsyncClient, stack: Stack, employer: EmployerCtx
    ) -> None:
        lapsed = {
            "given_name": "Lee",
            "family_name": "Park",
            "email": "lee@audits.example",
            "internal": False,
        }
        await record(
            stack,
            completion_event(
                "SECOR", given="Lee", family="Park", email="lee@audits.example", completed_on=days(-3 * 366)
            ),
        )
        problem = refusal(await submit(api, employer, assessor=lapsed), "assessor-not-qualified")
        assert "lapsed" in problem["detail"]
        await record(
            stack,
            completion_event(
                "SECOR", given="Lee", family="Park", email="lee@audits.example", completed_on=days(-5)
            ),
        )
        assert (await submit(api, employer, assessor=lapsed)).status_code == 201

    async def test_a_revoked_course_does_not_qualify(
        self, api: httpx.AsyncClient, stack: Stack, employer: EmployerCtx
    ) -> None:

        sam = {"given_name": "Sam", "family_name": "Roy", "email": "sam@audits.example", "internal": False}
        posted = await record(
            stack, completion_event("SECOR", given="Sam", family="Roy", email="sam@audits.example")
        )
        assert (await submit(api, employer, assessor=sam)).status_code == 201
        revoked = await deliver(
            stack,
            "training.completion_revoked",
            {
                "completion_id": posted["completion_id"],
                "provider_id": "prv_acsa",
                "employer_wcb_account_number": None,
                "learner": posted["learner"],
                "course_code": "SECOR",
                "reason": "issued in error",
                "revoked_at": dt.datetime.now(dt.UTC).isoformat(),
            },
        )
        assert revoked.status_code == 200, revoked.text
        refusal(await submit(api, employer, assessor=sam), "assessor-not-qualified")


class TestTheAuditPeriod:
    async def test_a_period_in_the_future_is_not_documentation(
        self, api: httpx.AsyncClient, employer: EmployerCtx
    ) -> None:
        future = {"audit_period_start": days(31), "audit_period_end": days(31 + 364)}
        problem = refusal(
            await submit(api, employer, **future), "audit-period-not-ended", "/audit_period_end"
        )
        assert days(0) in problem["detail"]

    async def test_it_may_end_today_but_not_tomorrow(
        self, api: httpx.AsyncClient, employer: EmployerCtx
    ) -> None:
        assert (
            await submit(api, employer, audit_period_start=days(-200), audit_period_end=days(0))
        ).status_code == 201
        refusal(
            await submit(api, employer, audit_period_start=days(-200), audit_period_end=days(1)),
            "audit-period-not-ended",
        )

    @pytest.mark.parametrize("end", ["9999-12-31", "1066-10-14"])
    async def test_dates_no_program_record_can_mean(
        self, api: httpx.AsyncClient, employer: EmployerCtx, end: str
    ) -> None:
        assert_problem(
            await submit(api, employer, audit_period_start="1066-01-01", audit_period_end=end),
            422,
            pointer="/audit_period_start",
        )
        assert_problem(
            await submit(api, employer, audit_period_start=days(-100), audit_period_end=end),
            422,
            pointer="/audit_period_end",
        )

    async def test_start_after_end_is_a_validation_error(
        self, api: httpx.AsyncClient, employer: EmployerCtx
    ) -> None:
        assert_problem(
            await submit(api, employer, audit_period_start=days(-10), audit_period_end=days(-20)), 422
        )

    @pytest.mark.parametrize(
        ("start", "end", "ok"),
        [
            ("2026-01-01", "2026-03-30", False),
            ("2026-01-01", "2026-03-31", True),
            ("2026-02-15", "2026-05-14", True),
        ],
    )
    async def test_certification_needs_three_whole_months(
        self, api: httpx.AsyncClient, employer: EmployerCtx, start: str, end: str, ok: bool
    ) -> None:
        response = await submit(api, employer, audit_period_start=start, audit_period_end=end)
        if ok:
            assert response.status_code == 201, response.text
        else:
            problem = refusal(response, "audit-period-too-short", "/audit_period_end")
            assert problem["documentation_months"] == 2


class TestScores:
    async def test_every_element_is_scored(self, api: httpx.AsyncClient, employer: EmployerCtx) -> None:
        one = [s for s in scores() if s["element"] == "E02"]
        problem = assert_problem(
            await submit(api, employer, element_scores=one), 422, pointer="/element_scores"
        )
        assert len(problem["errors"]) == 11
        assert "E01 (Corporate health and safety policy) is not scored" in problem["errors"][0]["detail"]

    async def test_each_out_of_its_points(self, api: httpx.AsyncClient, employer: EmployerCtx) -> None:
        wrong = scores()
        wrong[3] = {"element": "E04", "earned": 50, "possible": 100}
        problem = assert_problem(
            await submit(api, employer, element_scores=wrong), 422, pointer="/element_scores/3/possible"
        )
        assert "out of 20 points, not 100" in problem["errors"][0]["detail"]

    async def test_unknown_elements_and_repeats(self, api: httpx.AsyncClient, employer: EmployerCtx) -> None:
        extra = [*scores(), {"element": "E13", "earned": 5, "possible": 10}]
        assert_problem(
            await submit(api, employer, element_scores=extra), 422, pointer="/element_scores/12/element"
        )
        twice = [*scores(), scores()[0]]
        assert_problem(await submit(api, employer, element_scores=twice), 422)

    @pytest.mark.parametrize("earned", [-1, 21])
    async def test_earned_within_zero_and_possible(
        self, api: httpx.AsyncClient, employer: EmployerCtx, earned: float
    ) -> None:
        bad = scores()
        bad[0] = {"element": "E01", "earned": earned, "possible": 20}
        assert_problem(await submit(api, employer, element_scores=bad), 422)

    async def test_scores_are_required(self, api: httpx.AsyncClient, employer: EmployerCtx) -> None:
        body = submission_body(employer.id)
        del body["element_scores"]
        assert_problem(await api.post("/v1/submissions", json=body, headers=employer.headers), 422)


class TestReadiness:
    """The same rules, asked before sending anything."""

    async def test_answers_what_submitting_would(
        self, api: httpx.AsyncClient, employer: EmployerCtx, bare_employer: EmployerCtx
    ) -> None:
        body = {
            "kind": "certification",
            "audit_period_start": "2026-01-01",
            "audit_period_end": "2026-06-30",
            "assessor": ASSESSOR,
        }
        ready = await api.post(
            f"/v1/employers/{employer.id}/evaluation-readiness", json=body, headers=employer.headers
        )
        assert ready.status_code == 200, ready.text
        answer = ready.json()
        assert (answer["ready"], answer["refusals"], answer["received_on"]) == (True, [], days(0))
        assert answer["determination"]["outcome"] == "eligible" and answer["assessor"]["status"] == "pass"
        not_ready = (
            await api.post(
                f"/v1/employers/{bare_employer.id}/evaluation-readiness",
                json=body,
                headers=bare_employer.headers,
            )
        ).json()
        assert not_ready["ready"] is False
        # Ana's SECOR is on record (she is the first employer's): as an assessor she qualifies anywhere.
        assert [r["type"] for r in not_ready["refusals"]] == ["not-eligible"]
        assert not_ready["assessor"]["status"] == "pass"

    async def test_another_integrators_employer_is_not_found(
        self, api: httpx.AsyncClient, employer: EmployerCtx, bare_employer: EmployerCtx, engine: AsyncEngine
    ) -> None:
        stranger = auth(await new_key(engine, "integrator"))
        body = {
            "kind": "certification",
            "audit_period_start": "2026-01-01",
            "audit_period_end": "2026-06-30",
            "assessor": ASSESSOR,
        }
        assert_problem(
            await api.post(f"/v1/employers/{employer.id}/evaluation-readiness", json=body, headers=stranger),
            404,
        )

    @pytest.mark.parametrize("as_of", ["0001-01-01", "9999-12-31"])
    async def test_eligibility_on_a_date_no_record_can_mean(
        self, api: httpx.AsyncClient, employer: EmployerCtx, as_of: str
    ) -> None:
        answer = await api.get(
            f"/v1/employers/{employer.id}/eligibility", params={"as_of": as_of}, headers=employer.headers
        )
        assert_problem(answer, 422, pointer="/as_of")

    @pytest.mark.parametrize("received_on", ["0001-01-01", "2999-01-01"])
    async def test_receipt_dates_out_of_range(
        self, api: httpx.AsyncClient, employer: EmployerCtx, received_on: str
    ) -> None:
        body = {
            "kind": "certification",
            "audit_period_start": "2026-01-01",
            "audit_period_end": "2026-06-30",
            "assessor": ASSESSOR,
            "received_on": received_on,
        }
        assert_problem(
            await api.post(
                f"/v1/employers/{employer.id}/evaluation-readiness", json=body, headers=employer.headers
            ),
            422,
            pointer="/received_on",
        )
