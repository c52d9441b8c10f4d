"""Maintenance by the program's calendar (docs/rules.md §4), and approvals that judge again.

A maintenance maintains exactly one interim year, the earliest not yet maintained, received within that year;
timeliness is judged by the day it was received, so ACSA's own backlog never costs an employer its SECOR; an
approval re-applies every rule to the day the evaluation was received with what is known by then.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.events import CATALOG
from tests.certificates.conftest import decide, mails, on, outbox_events, receive, relay, scheduler
from tests.certificates.test_lifecycle import ISSUED, YEAR_2_DUE, YEAR_3_DUE, certify
from tests.eligibility.conftest import EmployerCtx, days, eligible_employer
from tests.helpers import assert_problem
from tests.stack import Stack, build_stack
from tests.submission.conftest import ZIP, create, in_qa, settled, submission_body, upload
from tests.submission.packages import good_files, zip_bytes


def maintenance_body(employer_id: str, start: dt.date, end: dt.date) -> dict[str, Any]:
    return submission_body(
        employer_id,
        kind="maintenance",
        audit_period_start=start.isoformat(),
        audit_period_end=end.isoformat(),
    )


async def submit_maintenance(
    api: httpx.AsyncClient, ctx: EmployerCtx, day: dt.date, stack: Stack, start: dt.date | None = None
) -> httpx.Response:
    """A maintenance received on `day` covering the 200 days before it (or from `start`)."""
    stack.clock.set(day)
    body = maintenance_body(ctx.id, start or day - dt.timedelta(days=200), day)
    return await api.post("/v1/submissions", json=body, headers=ctx.headers)


async def maintenance_received(
    api: httpx.AsyncClient,
    stack: Stack,
    engine: AsyncEngine,
    ctx: EmployerCtx,
    day: dt.date,
    covering: int = 200,
) -> dict[str, Any]:
    """A maintenance received on `day` (its package through intake, into QA), covering the days before it."""
    stack.clock.set(day)
    return await receive(
        api, stack, engine, ctx, kind="maintenance", start=day - dt.timedelta(days=covering), end=day
    )


async def certificate(api: httpx.AsyncClient, ctx: EmployerCtx, number: str) -> dict[str, Any]:
    response = await api.get(f"/v1/certificates/{number}", headers=ctx.headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def refused(response: httpx.Response, code: str, status: int = 422) -> dict[str, Any]:
    problem = assert_problem(response, status)
    assert problem["type"].endswith(f"/{code}"), problem
    return problem


class TestOneYearEach:
    async def test_the_first_day_maintains_nothing(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        engine: AsyncEngine,
        employer: EmployerCtx,
        qa: dict[str, str],
    ) -> None:
        await certify(api, stack, engine, employer, qa)
        problem = refused(await submit_maintenance(api, employer, ISSUED, stack), "maintenance-not-due")
        assert str(ISSUED + dt.timedelta(days=1)) in problem["detail"]  # the year opens the day after issue

    async def test_each_year_once_in_its_own_year(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        engine: AsyncEngine,
        employer: EmployerCtx,
        qa: dict[str, str],
    ) -> None:
        number = str((await certify(api, stack, engine, employer, qa))["number"])
        day = YEAR_2_DUE - dt.timedelta(days=60)
        first = await submit_maintenance(api, employer, day, stack)
        assert first.status_code == 201, first.text
        assert (first.json()["certificate_number"], first.json()["maintenance_year"]) == (number, 2)
        assert first.json()["receive_by"] == YEAR_2_DUE.isoformat()
        # A second one for year 2 while the first is in progress.
        second = refused(await submit_maintenance(api, employer, day, stack), "maintenance-year-taken")
        assert second["submission_id"] == first.json()["id"]
        # The first goes through; year 2 is maintained; year 3 does not open before the anniversary.
        upload = await api.put(
            f"/v1/submissions/{first.json()['id']}/package",
            content=zip_bytes(good_files()),
            headers=employer.headers | ZIP,
        )
        assert upload.status_code == 202, upload.text
        assert (await settled(api, employer.headers, first.json()["id"]))["status"] == "in_qa"
        assert (await decide(api, stack, engine, qa, first.json()["id"])).status_code == 200
        years = [(m["year"], m["status"]) for m in (await certificate(api, employer, number))["maintenance"]]
        assert years == [(2, "maintained"), (3, "pending")]
        third = refused(
            await submit_maintenance(api, employer, day + dt.timedelta(days=1), stack),
            "maintenance-year-taken",
        )
        assert "Year 2" in third["detail"] and str(YEAR_2_DUE + dt.timedelta(days=1)) in third["detail"]
        # After the anniversary, year 3's turn.
        after = await submit_maintenance(
            api, employer, YEAR_2_DUE + dt.timedelta(days=100), stack, start=day + dt.timedelta(days=1)
        )
        assert after.status_code == 201, after.text
        assert after.json()["maintenance_year"] == 3
        approved = await receive_and_approve(api, stack, engine, qa, employer, after.json()["id"])
        assert approved.status_code == 200, approved.text
        # Nothing is left to maintain.
        refused(
            await submit_maintenance(api, employer, YEAR_3_DUE - dt.timedelta(days=5), stack),
            "maintenance-not-due",
        )

    async def test_a_one_year_certificate_has_no_interim_year(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        engine: AsyncEngine,
        employer: EmployerCtx,
        qa: dict[str, str],
    ) -> None:
        await certify(api, stack, engine, employer, qa, months=6)
        problem = refused(
            await submit_maintenance(api, employer, ISSUED + dt.timedelta(days=200), stack),
            "maintenance-not-due",
        )
        assert "no interim year left" in problem["detail"]

    async def test_not_for_a_certificate_that_is_not_current(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        engine: AsyncEngine,
        employer: EmployerCtx,
        qa: dict[str, str],
        staff_headers: dict[str, str],
    ) -> None:
        number = (await certify(api, stack, engine, employer, qa))["number"]
        revoked = await api.post(
            f"/v1/certificates/{number}/revocation",
            json={"reason": "false statements"},
            headers=staff_headers,
        )
        assert revoked.status_code == 200
        refused(
            await submit_maintenance(api, employer, YEAR_2_DUE - dt.timedelta(days=30), stack),
            "no-certificate",
        )


class TestDocumentationNotJudgedTwice:
    async def test_year_two_begins_after_the_certifications_period(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        engine: AsyncEngine,
        employer: EmployerCtx,
        qa: dict[str, str],
    ) -> None:
        await certify(api, stack, engine, employer, qa)  # audit period 2026-01-01 .. 2026-12-31
        day = YEAR_2_DUE - dt.timedelta(days=30)
        problem = refused(
            await submit_maintenance(api, employer, day, stack, start=dt.date(2026, 12, 31)),
            "audit-period-overlaps",
        )
        assert problem["errors"][0]["pointer"] == "/audit_period_start"
        assert "2027-01-01" in problem["detail"]
        ok = await submit_maintenance(api, employer, day, stack, start=dt.date(2027, 1, 1))
        assert ok.status_code == 201, ok.text

    async def test_year_three_begins_after_year_twos(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        engine: AsyncEngine,
        employer: EmployerCtx,
        qa: dict[str, str],
    ) -> None:
        await certify(api, stack, engine, employer, qa)
        year_2 = YEAR_2_DUE - dt.timedelta(days=10)
        submitted = await maintenance_received(api, stack, engine, employer, year_2)
        assert (await decide(api, stack, engine, qa, submitted["id"])).status_code == 200
        problem = refused(
            await submit_maintenance(api, employer, YEAR_3_DUE - dt.timedelta(days=10), stack, start=year_2),
            "audit-period-overlaps",
        )
        assert "year 2's maintenance" in problem["detail"]

    async def test_at_least_three_months(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        engine: AsyncEngine,
        employer: EmployerCtx,
        qa: dict[str, str],
    ) -> None:
        await certify(api, stack, engine, employer, qa)
        day = YEAR_2_DUE - dt.timedelta(days=30)
        refused(
            await submit_maintenance(api, employer, day, stack, start=day - dt.timedelta(days=60)),
            "audit-period-too-short",
        )


async def receive_and_approve(
    api: httpx.AsyncClient,
    stack: Stack,
    engine: AsyncEngine,
    qa: dict[str, str],
    ctx: EmployerCtx,
    submission_id: str,
) -> httpx.Response:
    assert (await upload(api, ctx.headers, submission_id, zip_bytes(good_files()))).status_code == 202
    assert (await settled(api, ctx.headers, submission_id))["status"] == "in_qa"
    await relay(stack, engine)
    return await decide(api, stack, engine, qa, submission_id)


class TestReceivedInTime:
    """The walk of the issue: a maintenance received before its anniversary, still in QA after it."""

    async def test_pending_across_the_anniversary_keeps_the_certificate_and_the_refund(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        engine: AsyncEngine,
        employer: EmployerCtx,
        qa: dict[str, str],
    ) -> None:
        number = str((await certify(api, stack, engine, employer, qa))["number"])
        await on(stack, YEAR_2_DUE - dt.timedelta(days=90))  # due soon: reminded, marked maintenance_due
        received = YEAR_2_DUE - dt.timedelta(days=10)
        submitted = await maintenance_received(api, stack, engine, employer, received, covering=250)
        assert submitted["received_on"] == received.isoformat()
        # QA asks for more, and takes its time; the anniversary and a month more go by.
        stack.clock.set(received + dt.timedelta(days=2))
        asked = await api.post(
            f"/v1/submissions/{submitted['id']}/review",
            json={"action": "request_information", "note": "Send the June inspections."},
            headers=qa,
        )
        assert asked.status_code == 200, asked.text
        await relay(stack, engine)
        # The 60-, 30- and 7-day reminders come due, but nobody nags about a year whose evaluation is in.
        seven_day = await on(stack, YEAR_2_DUE - dt.timedelta(days=7))
        assert (seven_day.reminders_sent, seven_day.reminders_skipped) == (0, 3)
        notes = [r["note"] for r in (await certificate(api, employer, number))["reminders"] if r["year"] == 2]
        assert (
            notes[1:] == ["year 2's maintenance evaluation was received in time and is in intake or QA"] * 3
        )
        for later in (1, 30):
            assert (await on(stack, YEAR_2_DUE + dt.timedelta(days=later))).status_changes["cancelled"] == 0
        assert (await certificate(api, employer, number))["status"] == "maintenance_due"
        addendum = await api.post(
            f"/v1/submissions/{submitted['id']}/addenda",
            content=zip_bytes(good_files()),
            headers=employer.headers | ZIP,
        )
        assert addendum.status_code == 202, addendum.text
        assert (await settled(api, employer.headers, submitted["id"]))["status"] == "in_qa"
        stack.clock.set(YEAR_2_DUE + dt.timedelta(days=40))
        assert (await decide(api, stack, engine, qa, submitted["id"])).status_code == 200
        state = await certificate(api, employer, number)
        year_2 = state["maintenance"][0]
        assert (year_2["status"], year_2["pir_refund_eligible"], year_2["received_on"]) == (
            "maintained",
            True,
            received.isoformat(),
        )
        assert year_2["maintained_on"] == (YEAR_2_DUE + dt.timedelta(days=40)).isoformat()
        assert state["status"] == "active"
        assert (await on(stack, YEAR_2_DUE + dt.timedelta(days=41))).status_changes["cancelled"] == 0
        verified = (await api.get(f"/v1/certificates/{number}/verification")).json()
        assert verified["status"] == "active"
        maintained = [
            e for e in await outbox_events(engine, "certificate.status_changed") if e.get("maintained_year")
        ]
        assert [(e["old_status"], e["new_status"], e["maintained_year"]) for e in maintained] == [
            ("maintenance_due", "active", 2)
        ]
        CATALOG["certificate.status_changed"][2].model_validate(maintained[0])

    async def test_returned_after_the_due_date_cancels_it_then(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        engine: AsyncEngine,
        employer: EmployerCtx,
        qa: dict[str, str],
    ) -> None:
        number = str((await certify(api, stack, engine, employer, qa))["number"])
        received = YEAR_2_DUE - dt.timedelta(days=5)
        submitted = await maintenance_received(api, stack, engine, employer, received, covering=250)
        assert (await on(stack, YEAR_2_DUE + dt.timedelta(days=3))).status_changes["cancelled"] == 0
        stack.clock.set(YEAR_2_DUE + dt.timedelta(days=4))
        returned = await decide(api, stack, engine, qa, submitted["id"], "return")
        assert returned.status_code == 200, returned.text
        state = await certificate(api, employer, number)
        assert state["status"] == "cancelled"
        assert [m["status"] for m in state["maintenance"]] == ["missed", "pending"]
        last = state["history"][-1]
        assert (last["action"], last["status"], last["by"]) == (
            "status_changed",
            "cancelled",
            f"{submitted['id']} returned",
        )
        assert [m.subject for m in await mails(engine, "been cancelled")] == [
            f"Your SECOR certificate {number} has been cancelled"
        ]

    async def test_news_of_a_timely_package_after_a_cancellation_withdraws_it(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        engine: AsyncEngine,
        employer: EmployerCtx,
        qa: dict[str, str],
    ) -> None:
        number = str((await certify(api, stack, engine, employer, qa))["number"])
        stack.clock.set(YEAR_2_DUE)  # the last day, and the events are slow to arrive
        start = YEAR_2_DUE - dt.timedelta(days=200)
        submitted = await in_qa(
            api,
            employer,
            kind="maintenance",
            audit_period_start=start.isoformat(),
            audit_period_end=YEAR_2_DUE.isoformat(),
        )
        assert (await on(stack, YEAR_2_DUE + dt.timedelta(days=1))).status_changes["cancelled"] == 1
        await relay(stack, engine)  # now the eligibility service learns it was received in time
        state = await certificate(api, employer, number)
        assert (state["status"], [m["status"] for m in state["maintenance"]]) == (
            "maintenance_due",
            ["pending", "pending"],
        )
        assert state["history"][-1]["note"].startswith(
            "cancellation withdrawn: year 2's maintenance evaluation"
        )
        assert len(await mails(engine, "is in force again")) == 1
        stack.clock.set(YEAR_2_DUE + dt.timedelta(days=20))
        assert (await decide(api, stack, engine, qa, submitted["id"])).status_code == 200
        state = await certificate(api, employer, number)
        assert (state["status"], state["maintenance"][0]["pir_refund_eligible"]) == ("active", True)

    async def test_a_withdrawn_cancellation_that_comes_again_is_told_again(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        engine: AsyncEngine,
        employer: EmployerCtx,
        qa: dict[str, str],
    ) -> None:
        number = str((await certify(api, stack, engine, employer, qa))["number"])
        stack.clock.set(YEAR_2_DUE)
        submitted = await in_qa(
            api,
            employer,
            kind="maintenance",
            audit_period_start=(YEAR_2_DUE - dt.timedelta(days=200)).isoformat(),
            audit_period_end=YEAR_2_DUE.isoformat(),
        )
        assert (await on(stack, YEAR_2_DUE + dt.timedelta(days=1))).status_changes["cancelled"] == 1
        await relay(stack, engine)
        stack.clock.set(YEAR_2_DUE + dt.timedelta(days=5))
        assert (await decide(api, stack, engine, qa, submitted["id"], "fail")).status_code == 200
        assert (await certificate(api, employer, number))["status"] == "cancelled"
        assert len(await mails(engine, "been cancelled")) == 2  # the first, and the one that stands

    async def test_a_maintenance_recorded_before_years_were_kept_takes_its_year_when_received(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        engine: AsyncEngine,
        employer: EmployerCtx,
        qa: dict[str, str],
    ) -> None:
        number = str((await certify(api, stack, engine, employer, qa))["number"])
        received = YEAR_2_DUE - dt.timedelta(days=20)
        stack.clock.set(received)
        created = await create(
            api,
            employer,
            kind="maintenance",
            audit_period_start=(received - dt.timedelta(days=200)).isoformat(),
            audit_period_end=received.isoformat(),
        )
        async with engine.begin() as conn:
            await conn.execute(
                text(
                    "UPDATE submission_submission SET certificate_number = NULL, maintenance_year = NULL, "
                    "receive_by = NULL WHERE id = :id"
                ),
                {"id": created["id"]},
            )
        assert (
            await upload(api, employer.headers, created["id"], zip_bytes(good_files()))
        ).status_code == 202
        body = await settled(api, employer.headers, created["id"])
        assert (body["certificate_number"], body["maintenance_year"]) == (number, 2)
        await relay(stack, engine)
        assert (await on(stack, YEAR_2_DUE + dt.timedelta(days=1))).status_changes["cancelled"] == 0

    async def test_returned_before_the_due_date_leaves_time_for_another(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        engine: AsyncEngine,
        employer: EmployerCtx,
        qa: dict[str, str],
    ) -> None:
        number = str((await certify(api, stack, engine, employer, qa))["number"])
        received = YEAR_2_DUE - dt.timedelta(days=40)
        stack.clock.set(received)
        first = await receive(
            api,
            stack,
            engine,
            employer,
            kind="maintenance",
            start=received - dt.timedelta(days=250),
            end=received,
        )
        assert (await decide(api, stack, engine, qa, first["id"], "fail")).status_code == 200
        assert (await certificate(api, employer, number))["status"] == "active"
        again = await submit_maintenance(api, employer, YEAR_2_DUE - dt.timedelta(days=20), stack)
        assert again.status_code == 201, again.text
        assert again.json()["maintenance_year"] == 2

    async def test_a_package_after_the_year_closed_is_refused_and_does_not_hold(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        engine: AsyncEngine,
        employer: EmployerCtx,
        qa: dict[str, str],
    ) -> None:
        number = str((await certify(api, stack, engine, employer, qa))["number"])
        stack.clock.set(YEAR_2_DUE - dt.timedelta(days=3))
        start = YEAR_2_DUE - dt.timedelta(days=200)
        created = await create(
            api,
            employer,
            kind="maintenance",
            audit_period_start=start.isoformat(),
            audit_period_end=(YEAR_2_DUE - dt.timedelta(days=3)).isoformat(),
        )
        await relay(stack, engine)

        async def send() -> httpx.Response:
            return await api.put(
                f"/v1/submissions/{created['id']}/package",
                content=zip_bytes(good_files()),
                headers=employer.headers | ZIP,
            )

        # The package comes the day after the due date: too late, whatever the submission's own date.
        stack.clock.set(YEAR_2_DUE + dt.timedelta(days=1))
        problem = refused(await send(), "maintenance-not-due")
        assert YEAR_2_DUE.isoformat() in problem["detail"]
        # Nothing was received by the due date, so nothing holds the year.
        assert (await on(stack, YEAR_2_DUE + dt.timedelta(days=1))).status_changes["cancelled"] == 1
        assert (await certificate(api, employer, number))["status"] == "cancelled"
        refused(await send(), "no-certificate")
        # Staff can close what will never come.
        closed = await decide(api, stack, engine, qa, created["id"], "return")
        assert closed.json()["status"] == "returned"


class TestApprovalJudgesAgain:
    async def test_an_employer_no_longer_eligible_on_the_receipt_date(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        engine: AsyncEngine,
        employer: EmployerCtx,
        qa: dict[str, str],
        staff_headers: dict[str, str],
    ) -> None:
        submitted = await receive(
            api, stack, engine, employer, start=dt.date(2026, 1, 1), end=dt.date(2026, 6, 30)
        )
        # Learned after receipt: the WCB account was inactive since before the evaluation was received.
        correction = await api.put(
            f"/v1/employers/{employer.id}/wcb-account",
            json={"status": "inactive", "as_of": days(-20)},
            headers=staff_headers,
        )
        assert correction.status_code == 200
        problem = refused(await decide(api, stack, engine, qa, submitted["id"]), "not-eligible", 409)
        assert [(e["code"], e["status"]) for e in problem["errors"]] == [("wcb_account", "fail")]
        after = (await api.get(f"/v1/submissions/{submitted['id']}", headers=qa)).json()
        assert (after["status"], after["qa_score"]) == ("in_qa", None)  # nothing of the approval was kept
        note = after["history"][-1]["note"]
        assert note.startswith(
            f"approval refused (determination {problem['determination_id']}): The employer"
        )
        assert after["history"][-1]["status"] == "in_qa"
        assert len(await mails(engine, "cannot be approved yet")) == 1
        assert not await outbox_events(engine, "certificate.issued")
        # Put right (the account was active after all), the approval goes through.
        fixed = await api.put(
            f"/v1/employers/{employer.id}/wcb-account",
            json={"status": "active", "as_of": days(-20)},
            headers=staff_headers,
        )
        assert fixed.status_code == 200
        assert (await decide(api, stack, engine, qa, submitted["id"])).status_code == 200
        assert len(await outbox_events(engine, "certificate.issued")) == 1

    async def test_the_maintenance_of_a_revoked_certificate(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        engine: AsyncEngine,
        employer: EmployerCtx,
        qa: dict[str, str],
        staff_headers: dict[str, str],
    ) -> None:
        number = str((await certify(api, stack, engine, employer, qa))["number"])
        received = YEAR_2_DUE - dt.timedelta(days=30)
        submitted = await maintenance_received(api, stack, engine, employer, received)
        revoked = await api.post(
            f"/v1/certificates/{number}/revocation",
            json={"reason": "false statements"},
            headers=staff_headers,
        )
        assert revoked.status_code == 200
        problem = refused(await decide(api, stack, engine, qa, submitted["id"]), "no-certificate", 409)
        assert "revoked" in problem["detail"]
        state = await certificate(api, employer, number)
        assert (state["status"], state["maintenance"][0]["status"]) == ("revoked", "pending")

    @pytest.mark.parametrize("action", ["return", "fail"])
    async def test_other_decisions_need_no_eligibility(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        engine: AsyncEngine,
        employer: EmployerCtx,
        qa: dict[str, str],
        staff_headers: dict[str, str],
        action: str,
    ) -> None:
        submitted = await receive(
            api, stack, engine, employer, start=dt.date(2026, 1, 1), end=dt.date(2026, 6, 30)
        )
        await api.put(
            f"/v1/employers/{employer.id}/wcb-account",
            json={"status": "closed", "as_of": days(0)},
            headers=staff_headers,
        )
        assert (await decide(api, stack, engine, qa, submitted["id"], action)).status_code == 200


class TestHistory:
    async def test_every_decision_says_who_when_and_why(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        engine: AsyncEngine,
        employer: EmployerCtx,
        qa: dict[str, str],
        staff_headers: dict[str, str],
    ) -> None:
        number = str((await certify(api, stack, engine, employer, qa))["number"])
        received = YEAR_2_DUE - dt.timedelta(days=30)
        submitted = await maintenance_received(api, stack, engine, employer, received)
        assert (await decide(api, stack, engine, qa, submitted["id"])).status_code == 200
        await api.post(
            f"/v1/certificates/{number}/suspension", json={"reason": "complaint"}, headers=staff_headers
        )
        qa_id = (await api.get("/v1/me", headers=qa)).json()["id"]
        admin_id = (await api.get("/v1/me", headers=staff_headers)).json()["id"]
        history = (await certificate(api, employer, number))["history"]
        assert [(h["action"], h["status"], h["by"], h["year"]) for h in history] == [
            ("issued", "active", qa_id, None),
            ("maintained", "active", qa_id, 2),
            ("status_changed", "suspended", admin_id, None),
        ]
        assert history[1]["submission_id"] == submitted["id"] and "PIR refund is kept" in history[1]["note"]
        assert history[2]["note"] == "complaint"


class TestTheProgramsCalendar:
    """Days are Alberta's: a package at 11:30 pm in Edmonton on the due date is on time, though UTC says tomorrow."""

    async def test_an_evening_upload_on_the_due_date_is_in_time(
        self, engine: AsyncEngine, database_url: str, integrator_key: str, qa: dict[str, str]
    ) -> None:
        edmonton = {"program_timezone": "America/Edmonton"}
        async with build_stack(
            engine, database_url, eligibility_overrides=edmonton, submission_overrides=edmonton
        ) as alberta:
            api = alberta.gateway
            employer = await eligible_employer(api, alberta, integrator_key)
            number = str((await certify(api, alberta, engine, employer, qa))["number"])
            alberta.clock.set(YEAR_2_DUE - dt.timedelta(days=3))
            on_time = await create(
                api,
                employer,
                kind="maintenance",
                audit_period_start=(YEAR_2_DUE - dt.timedelta(days=200)).isoformat(),
                audit_period_end=(YEAR_2_DUE - dt.timedelta(days=3)).isoformat(),
            )
            # 23:30 in Edmonton (MST, UTC-7) on the due date is 06:30 UTC the day after.
            alberta.clock.set(
                dt.datetime.combine(YEAR_2_DUE + dt.timedelta(days=1), dt.time(6, 30), tzinfo=dt.UTC)
            )
            sent = await api.put(
                f"/v1/submissions/{on_time['id']}/package",
                content=zip_bytes(good_files()),
                headers=employer.headers | ZIP,
            )
            assert sent.status_code == 202, sent.text
            body = await settled(api, employer.headers, on_time["id"])
            assert body["received_on"] == YEAR_2_DUE.isoformat()
            await relay(alberta, engine)
            # 01:00 in Edmonton two days after: the year is held, nothing is cancelled.
            alberta.clock.set(
                dt.datetime.combine(YEAR_2_DUE + dt.timedelta(days=2), dt.time(8), tzinfo=dt.UTC)
            )
            assert (await scheduler(alberta).tick()).status_changes["cancelled"] == 0
            state = (await api.get(f"/v1/certificates/{number}", headers=employer.headers)).json()
            assert state["status"] != "cancelled"
