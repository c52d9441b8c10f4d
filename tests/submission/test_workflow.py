"""QA: assign, request information (answered by an addendum), approve, return, fail; history, events, mail."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.ids import new_id
from shared.settings import DEV_INTERNAL_WEBHOOK_SECRET
from shared.webhooks import signed_headers
from tests.eligibility.conftest import EmployerCtx, eligible_employer
from tests.events import encode_body
from tests.helpers import assert_problem, auth, new_key
from tests.smtp import SmtpServer
from tests.stack import Stack
from tests.submission.conftest import ZIP, create, in_qa, settled, upload
from tests.submission.packages import PDF, good_files, zip_bytes
from tests.submission.test_intake import outbox
from tests.webhooks.conftest import eventually, running_worker, worker_settings

ACTIONS = ("assign", "request_information", "approve", "return", "fail")


async def review(
    api: httpx.AsyncClient,
    headers: dict[str, str],
    submission_id: str,
    action: str,
    note: str = "looked at it",
    **extra: Any,
) -> httpx.Response:
    return await api.post(
        f"/v1/submissions/{submission_id}/review",
        json={"action": action, "note": note, **extra},
        headers=headers,
    )


async def addendum(
    api: httpx.AsyncClient, headers: dict[str, str], submission_id: str, files: dict[str, bytes]
) -> httpx.Response:
    return await api.post(
        f"/v1/submissions/{submission_id}/addenda", content=zip_bytes(files), headers=headers | ZIP
    )


@pytest.fixture
async def qa(engine: AsyncEngine) -> dict[str, str]:
    return auth(await new_key(engine, "staff", role="qa_analyst", name="Quinn QA"))


class TestReview:
    async def test_approved_with_a_passing_qa_score(
        self, api: httpx.AsyncClient, employer: EmployerCtx, qa: dict[str, str], engine: AsyncEngine
    ) -> None:
        submission = await in_qa(api, employer)
        assigned = await review(api, qa, submission["id"], "assign", "mine")
        assert assigned.status_code == 200, assigned.text
        me = (await api.get("/v1/me", headers=qa)).json()
        assert assigned.json()["qa_analyst"] == me["id"]
        approved = await review(api, qa, submission["id"], "approve", "well documented", qa_score=86.5)
        assert approved.status_code == 200, approved.text
        body = approved.json()
        assert (body["status"], body["qa_score"]) == ("approved", 86.5)
        assert [(h["status"], h["by"], h["note"]) for h in body["history"][-2:]] == [
            ("in_qa", me["id"], "mine"),
            ("approved", me["id"], "well documented"),
        ]
        decision = (await outbox(engine, "submission.status_changed"))[-1]
        assert decision["new_status"] == "approved"
        # Everything a certificate needs, in the event itself.
        assert {
            k: decision[k]
            for k in ("employer_id", "kind", "audit_period_start", "audit_period_end", "qa_score")
        } == {
            "employer_id": employer.id,
            "kind": "certification",
            "audit_period_start": "2026-01-01",
            "audit_period_end": "2026-03-31",
            "qa_score": 86.5,
        }
        assert dt.date.fromisoformat(str(decision["decision_date"])) == dt.date.today()

    @pytest.mark.parametrize(("score", "status"), [(None, 422), (79.99, 422), (80, 200)])
    async def test_qa_score_needed_to_approve(
        self,
        api: httpx.AsyncClient,
        employer: EmployerCtx,
        qa: dict[str, str],
        score: float | None,
        status: int,
    ) -> None:
        submission = await in_qa(api, employer)
        extra: dict[str, Any] = {} if score is None else {"qa_score": score}
        response = await review(api, qa, submission["id"], "approve", **extra)
        assert response.status_code == status, response.text
        if status == 422:
            assert_problem(response, 422, pointer="/qa_score")

    @pytest.mark.parametrize(("action", "status"), [("return", "returned"), ("fail", "failed")])
    async def test_return_or_fail(
        self, api: httpx.AsyncClient, employer: EmployerCtx, qa: dict[str, str], action: str, status: str
    ) -> None:
        submission = await in_qa(api, employer)
        response = await review(api, qa, submission["id"], action, "too little documentation of element 9")
        assert response.json()["status"] == status
        assert response.json()["history"][-1]["note"] == "too little documentation of element 9"

    async def test_only_qa_staff_review(
        self,
        api: httpx.AsyncClient,
        employer: EmployerCtx,
        engine: AsyncEngine,
        staff_headers: dict[str, str],
    ) -> None:
        submission = await in_qa(api, employer)
        assert_problem(await review(api, employer.headers, submission["id"], "assign"), 403)
        viewer = auth(await new_key(engine, "staff", role="viewer"))
        assert_problem(await review(api, viewer, submission["id"], "assign"), 403)
        assert (await review(api, staff_headers, submission["id"], "assign")).status_code == 200

    async def test_bad_review_input(
        self, api: httpx.AsyncClient, employer: EmployerCtx, qa: dict[str, str]
    ) -> None:
        submission = await in_qa(api, employer)
        assert_problem(await review(api, qa, submission["id"], "rubber_stamp"), 422, pointer="/action")
        assert_problem(
            await review(api, qa, submission["id"], "approve", qa_score=101), 422, pointer="/qa_score"
        )
        response = await api.post(
            f"/v1/submissions/{submission['id']}/review", json={"action": "assign"}, headers=qa
        )
        assert_problem(response, 422, pointer="/note")


# Every (status, action) pair that is not a legal move.
LEGAL = {
    ("in_qa", "assign"),
    ("in_qa", "request_information"),
    ("in_qa", "approve"),
    ("in_qa", "return"),
    ("in_qa", "fail"),
    ("information_requested", "assign"),
    ("information_requested", "return"),
    ("information_requested", "fail"),
    # Staff close a submission whose package never came right.
    ("awaiting_package", "return"),
    ("returned_at_intake", "return"),
}


async def reach(api: httpx.AsyncClient, ctx: EmployerCtx, qa: dict[str, str], status: str) -> str:
    """A submission brought to `status` by the API."""
    if status == "awaiting_package":
        return str((await create(api, ctx))["id"])
    if status == "returned_at_intake":
        submission = await create(api, ctx)
        await upload(api, ctx.headers, submission["id"], zip_bytes({"x.pdf": PDF}))
        assert (await settled(api, ctx.headers, submission["id"]))["status"] == status
        return str(submission["id"])
    submission_id = str((await in_qa(api, ctx))["id"])
    plan: dict[str, list[tuple[str, dict[str, Any]]]] = {
        "in_qa": [],
        "information_requested": [("request_information", {})],
        "approved": [("approve", {"qa_score": 90})],
        "returned": [("return", {})],
        "failed": [("fail", {})],
    }
    for action, extra in plan[status]:
        assert (await review(api, qa, submission_id, action, **extra)).status_code == 200
    return submission_id


STATUSES = [
    "awaiting_package",
    "returned_at_intake",
    "in_qa",
    "information_requested",
    "approved",
    "returned",
    "failed",
]


class TestStateMachine:
    @pytest.mark.parametrize("status", STATUSES)
    async def test_illegal_moves_are_409(
        self, api: httpx.AsyncClient, employer: EmployerCtx, qa: dict[str, str], status: str
    ) -> None:
        submission_id = await reach(api, employer, qa, status)
        for action in ACTIONS:
            if (status, action) in LEGAL:
                continue
            response = await review(api, qa, submission_id, action, qa_score=90)
            problem = assert_problem(response, 409)
            assert problem["status_now"] == status
        body = (await api.get(f"/v1/submissions/{submission_id}", headers=qa)).json()
        assert body["status"] == status

    async def test_legal_moves_cover_the_workflow(self) -> None:
        from services.submission.submissions.workflow import REVIEWS

        assert set(REVIEWS) == LEGAL
        # A decision is final: no review moves a submission out of it.
        assert not {status for status, _ in REVIEWS} & {"approved", "returned", "failed"}

    @pytest.mark.parametrize("status", ["in_qa", "information_requested", "approved"])
    async def test_no_new_package_after_intake(
        self, api: httpx.AsyncClient, employer: EmployerCtx, qa: dict[str, str], status: str
    ) -> None:
        submission_id = await reach(api, employer, qa, status)
        problem = assert_problem(
            await upload(api, employer.headers, submission_id, zip_bytes(good_files())), 409
        )
        if status == "information_requested":
            assert "addendum" in problem["detail"]


class TestAddenda:
    async def test_information_request_answered(
        self, api: httpx.AsyncClient, employer: EmployerCtx, qa: dict[str, str]
    ) -> None:
        submission_id = await reach(api, employer, qa, "information_requested")
        bad = await addendum(api, employer.headers, submission_id, {"Inspection.exe": b"MZ"})
        assert bad.status_code == 202, bad.text
        body = await settled(api, employer.headers, submission_id)
        assert body["status"] == "information_requested"
        assert body["addenda"][0]["status"] == "rejected"
        assert [f["code"] for f in body["addenda"][0]["intake_report"]["findings"]] == [
            "file.disallowed_type"
        ]
        good = await addendum(api, employer.headers, submission_id, {"Inspection 2026-02-01.pdf": PDF})
        assert good.json()["status"] == "validating"
        body = await settled(api, employer.headers, submission_id)
        assert body["status"] == "in_qa"
        assert [a["status"] for a in body["addenda"]] == ["rejected", "accepted"]
        notes = [h["note"] for h in body["history"]]
        assert f"addendum {good.json()['id']} accepted" in notes
        assert (await review(api, qa, submission_id, "approve", qa_score=81)).json()["status"] == "approved"

    async def test_only_when_asked(self, api: httpx.AsyncClient, employer: EmployerCtx) -> None:
        submission = await in_qa(api, employer)
        problem = assert_problem(await addendum(api, employer.headers, submission["id"], {"a.pdf": PDF}), 409)
        assert problem["status_now"] == "in_qa"

    async def test_hostile_addendum(
        self, api: httpx.AsyncClient, employer: EmployerCtx, qa: dict[str, str]
    ) -> None:
        submission_id = await reach(api, employer, qa, "information_requested")
        await addendum(api, employer.headers, submission_id, {"../../evil.pdf": PDF})
        body = await settled(api, employer.headers, submission_id)
        assert [f["code"] for f in body["addenda"][0]["intake_report"]["findings"]] == ["archive.unsafe_path"]
        assert body["status"] == "information_requested"


class TestMail:
    async def test_each_step_mails_the_contact(
        self,
        api: httpx.AsyncClient,
        employer: EmployerCtx,
        qa: dict[str, str],
        engine: AsyncEngine,
        database_url: str,
    ) -> None:
        contact = "safety@prairieroofing.example"
        returned = await create(api, employer, contact_email=contact)
        await upload(api, employer.headers, returned["id"], zip_bytes({"scan0001.pdf": PDF}))
        await settled(api, employer.headers, returned["id"])
        accepted = await in_qa(api, employer, contact_email=contact)
        await review(
            api, qa, accepted["id"], "request_information", "Please send the inspection records for May."
        )
        await addendum(api, employer.headers, accepted["id"], {"Inspection 2026-05-02.pdf": PDF})
        await settled(api, employer.headers, accepted["id"])
        await review(api, qa, accepted["id"], "approve", "Congratulations.", qa_score=92)
        with SmtpServer() as smtp:
            async with running_worker(worker_settings(database_url, smtp_port=smtp.port), engine):
                messages = await eventually(
                    lambda: (m := smtp.inbox.to(contact)) and len(m) >= 7 and m, timeout=20
                )
        subjects = sorted(str(m["Subject"]) for m in messages)
        ref_r = f"SECOR certification evaluation {returned['id']}"
        ref_a = f"SECOR certification evaluation {accepted['id']}"
        assert subjects == sorted(
            [
                f"We received your {ref_r}",
                f"Your {ref_r} needs changes before QA review",
                f"We received your {ref_a}",
                f"Your {ref_a} is in QA review",
                f"More documentation is needed for your {ref_a}",
                f"Your {ref_a} is in QA review",
                f"Your {ref_a} was approved",
            ]
        )
        by_subject = {str(m["Subject"]): m.get_content() for m in messages}
        findings = by_subject[f"Your {ref_r} needs changes before QA review"]
        assert "evaluation tool is missing" in findings and "scan0001.pdf" in findings
        assert "inspection records for May" in by_subject[f"More documentation is needed for your {ref_a}"]


class TestVisibility:
    async def test_list_filters_and_tenants(
        self,
        api: httpx.AsyncClient,
        employer: EmployerCtx,
        engine: AsyncEngine,
        stack: Stack,
        staff_headers: dict[str, str],
    ) -> None:
        mine = [await create(api, employer) for _ in range(3)]
        other_key = await new_key(engine, "integrator")
        other = await eligible_employer(api, stack, other_key, staff_headers)
        other_employer = {"id": other.id}
        theirs = await create(api, other)
        listed = (await api.get("/v1/submissions", headers=employer.headers)).json()
        assert sorted(s["id"] for s in listed["data"]) == sorted(s["id"] for s in mine)
        everything = (await api.get("/v1/submissions", headers=staff_headers, params={"limit": 2})).json()
        assert len(everything["data"]) == 2 and everything["next_cursor"]
        rest = (
            await api.get(
                "/v1/submissions",
                headers=staff_headers,
                params={"limit": 2, "cursor": everything["next_cursor"]},
            )
        ).json()
        assert {s["id"] for s in everything["data"] + rest["data"]} == {s["id"] for s in [*mine, theirs]}
        by_employer = (
            await api.get(
                "/v1/submissions", headers=staff_headers, params={"employer_id": other_employer["id"]}
            )
        ).json()
        assert [s["id"] for s in by_employer["data"]] == [theirs["id"]]
        waiting = (await api.get("/v1/submissions", headers=staff_headers, params={"status": "in_qa"})).json()
        assert waiting["data"] == []
        assert_problem(
            await api.get("/v1/submissions", headers=staff_headers, params={"status": "lost"}),
            422,
            pointer="/status",
        )

    async def test_access_withdrawn_hides_submissions(
        self, api: httpx.AsyncClient, employer: EmployerCtx, stack: Stack
    ) -> None:
        submission = await create(api, employer)
        data = {
            "employer_id": employer.id,
            "integrator_id": employer.integrator_id,
            "access": "withdrawn",
            "at": dt.datetime.now(dt.UTC).isoformat(),
        }
        body = encode_body("employer.integrator_access_changed", dt.datetime.now(dt.UTC), data)
        delivered = await stack.submission.post(
            "/internal/events",
            content=body,
            headers=signed_headers([DEV_INTERNAL_WEBHOOK_SECRET], new_id("evt"), body),
        )
        assert delivered.status_code == 200, delivered.text
        assert_problem(await api.get(f"/v1/submissions/{submission['id']}", headers=employer.headers), 404)
        assert (await api.get("/v1/submissions", headers=employer.headers)).json()["data"] == []

    async def test_forged_event_refused(self, stack: Stack, employer: EmployerCtx) -> None:
        data = {
            "employer_id": employer.id,
            "integrator_id": "int_x",
            "access": "granted",
            "at": dt.datetime.now(dt.UTC).isoformat(),
        }
        body = encode_body("employer.integrator_access_changed", dt.datetime.now(dt.UTC), data)
        forged = signed_headers(["whsec_" + "QUJD" * 8], new_id("evt"), body)
        assert_problem(await stack.submission.post("/internal/events", content=body, headers=forged), 401)
