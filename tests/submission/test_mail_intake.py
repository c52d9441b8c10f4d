"""Evaluations by e-mail: the real receiver on loopback, real SMTP clients, the real submission service.

A mailed evaluation waits for triage (nothing in a mail is trusted), then is checked like any upload; a mail the
system cannot use is answered with what to send instead, never an automatic one, and never too often.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import smtplib
from collections.abc import AsyncIterator, Iterator
from typing import Any

import aiosmtplib
import httpx
import pytest
from fastapi import FastAPI
from fastapi.responses import Response
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from services.submission.mail import repository as mail_repository
from services.submission.submissions import repository as submissions_repository
from tests.eligibility.conftest import EmployerCtx, register
from tests.helpers import assert_problem, auth, new_key
from tests.servers import ServerThread
from tests.stack import Stack, intake_paused
from tests.submission.conftest import settled, submission_body
from tests.submission.mailbox import COR, OWNER, Mailbox, evaluation_mail, mailbox_for
from tests.submission.packages import good_files, zip_bytes

PACKAGE = zip_bytes(good_files())
CAP = 2 * 1024 * 1024


@pytest.fixture
async def mailbox(stack: Stack, engine: AsyncEngine) -> AsyncIterator[Mailbox]:
    async with mailbox_for(stack, engine, max_mail_bytes=CAP) as running:
        yield running


@pytest.fixture
async def reviewer(engine: AsyncEngine) -> dict[str, str]:
    return auth(await new_key(engine, "staff", role="qa_analyst"))


@pytest.fixture(scope="module")
def downloads() -> Iterator[ServerThread]:
    app = FastAPI()

    @app.get("/package.zip")
    async def package() -> Response:
        return Response(PACKAGE, media_type="application/zip")

    @app.get("/page")
    async def page() -> Response:
        return Response("<html>our web site</html>", media_type="text/html")

    with ServerThread(app) as running:
        yield running


async def grant_access(engine: AsyncEngine, employer: EmployerCtx) -> None:
    """The employer's integrator known here as having access (what the worker's delivery of the access
    event does; no worker runs in these tests)."""
    async with engine.begin() as conn:
        await submissions_repository.set_access(
            conn, employer.id, employer.integrator_id, True, dt.datetime.now(dt.UTC)
        )


async def mailed(api: httpx.AsyncClient, staff: dict[str, str]) -> list[dict[str, Any]]:
    response = await api.get("/v1/submissions", params={"status": "awaiting_triage"}, headers=staff)
    assert response.status_code == 200, response.text
    data: list[dict[str, Any]] = response.json()["data"]
    return data


class TestAttachment:
    async def test_a_zip_attached_waits_for_triage_and_is_acknowledged(
        self,
        api: httpx.AsyncClient,
        mailbox: Mailbox,
        employer: EmployerCtx,
        reviewer: dict[str, str],
    ) -> None:
        await grant_access(mailbox.engine, employer)
        message = evaluation_mail(attachments=[("SECOR 2026.zip", PACKAGE)])
        answer = await mailbox.send(message)
        assert answer.startswith("2.0.0 Message accepted (msg_"), answer
        [row] = await mailbox.processed()
        assert row.status == "submitted" and row.submission_id

        [submission] = await mailed(api, reviewer)
        assert submission["id"] == row.submission_id
        assert submission["channel"] == "email" and submission["status"] == "awaiting_triage"
        assert submission["kind"] is None and submission["contact_email"] is None
        mail = submission["mail"]
        assert mail["message_id"] == message["Message-ID"]
        assert mail["from"] == f"Pat Owner <{OWNER}>" and mail["subject"] == "SECOR evaluation"
        assert mail["attachments"] == [
            {
                "filename": "SECOR 2026.zip",
                "content_type": "application/zip",
                "bytes": len(PACKAGE),
                "outcome": "package",
            }
        ]
        # The sender is an employer's contact address: proposed, not trusted.
        assert mail["proposed_employer"]["employer_id"] == employer.id
        assert mail["proposed_employer"]["by"] == "sender"
        assert submission["employer_id"] == employer.id
        assert submission["package"]["source"] == "email"
        assert submission["package"]["bytes"] == len(PACKAGE)

        [reply] = await mailbox.replies()
        assert reply.to_address == OWNER and reply.in_reply_to == message["Message-ID"]
        assert reply.subject == "Re: SECOR evaluation" and submission["id"] in reply.body_text
        # Nothing is announced of a mail staff have not confirmed, and its employer's integrator sees none of it.
        assert await mailbox.events() == []
        hidden = await api.get(f"/v1/submissions/{submission['id']}", headers=employer.headers)
        assert_problem(hidden, 404)
        listed = await api.get("/v1/submissions", headers=employer.headers)
        assert listed.json()["data"] == []
        # Staff can look into the mailed package while they triage it.
        files = await api.get(f"/v1/submissions/{submission['id']}/package/files", headers=reviewer)
        assert files.status_code == 200 and files.json()["data"], files.text

    async def test_triage_through_the_gateway_to_qa(
        self,
        api: httpx.AsyncClient,
        mailbox: Mailbox,
        employer: EmployerCtx,
        reviewer: dict[str, str],
        stack: Stack,
    ) -> None:
        await grant_access(mailbox.engine, employer)
        await mailbox.send(evaluation_mail(attachments=[("evaluation.zip", PACKAGE)]))
        [row] = await mailbox.processed()
        mailed_on = row.received_at.date()
        stack.clock.advance(days=3)  # staff get to it later; the evaluation was received when the mail came
        response = await api.post(
            f"/v1/submissions/{row.submission_id}/triage",
            json=submission_body(employer.id, note="confirmed by phone with the owner"),
            headers=reviewer,
        )
        assert response.status_code == 200, response.text
        assert response.json()["status"] == "validating"
        body = await settled(api, reviewer, row.submission_id)
        assert body["status"] == "in_qa", body
        assert body["channel"] == "email" and body["kind"] == "certification"
        assert body["received_on"] == mailed_on.isoformat()
        assert body["determination_id"], body
        assert [h["status"] for h in body["history"]] == [
            "awaiting_triage",
            "awaiting_triage",
            "validating",
            "in_qa",
        ]
        assert "confirmed by phone" in body["history"][1]["note"]
        # Now confirmed: the employer's integrator sees it, and hears of it as of any submission.
        seen = await api.get(f"/v1/submissions/{row.submission_id}", headers=employer.headers)
        assert seen.status_code == 200, seen.text
        events = await mailbox.events()
        received = [e.data for e in events if e.type == "submission.received"]
        assert received and received[0]["source"] == "email"
        assert dt.datetime.fromisoformat(received[0]["received_at"]) == row.received_at
        changes = [(e.data["old_status"], e.data["new_status"]) for e in events if e.type.endswith("changed")]
        assert changes == [("awaiting_triage", "validating"), ("validating", "in_qa")]
        [listed] = (await api.get("/v1/submissions", headers=employer.headers)).json()["data"]
        assert listed["id"] == row.submission_id
        async with mailbox.engine.connect() as conn:
            contact_mail = await conn.scalar(
                text(
                    "SELECT count(*) FROM shared_outbox_mail WHERE to_address = :to AND subject LIKE 'We received%'"
                ),
                {"to": "owner@prairieroofing.example"},
            )
        assert contact_mail == 1
        stats = (await api.get("/v1/stats/submissions", headers=reviewer)).json()
        assert stats["by_channel"] == {"api": 0, "email": 1}

    async def test_triage_applies_every_check_of_a_new_submission(
        self,
        api: httpx.AsyncClient,
        mailbox: Mailbox,
        employer: EmployerCtx,
        bare_employer: EmployerCtx,
        reviewer: dict[str, str],
        stack: Stack,
    ) -> None:
        await mailbox.send(evaluation_mail(attachments=[("evaluation.zip", PACKAGE)]))
        [row] = await mailbox.processed()
        url = f"/v1/submissions/{row.submission_id}/triage"
        not_eligible = await api.post(url, json=submission_body(bare_employer.id), headers=reviewer)
        assert assert_problem(not_eligible, 422)["type"].endswith("not-eligible")
        unknown = await api.post(url, json=submission_body("emp_nobody"), headers=reviewer)
        assert_problem(unknown, 422, pointer="/employer_id")
        bad_scores = submission_body(employer.id)
        bad_scores["element_scores"] = bad_scores["element_scores"][:-1]
        assert_problem(await api.post(url, json=bad_scores, headers=reviewer), 422)
        # Judged on the day the mail came: an audit period that ends after it had not ended then.
        mailed_on = row.received_at.date()
        stack.clock.advance(days=10)
        late = submission_body(
            employer.id,
            audit_period_start=(mailed_on - dt.timedelta(days=120)).isoformat(),
            audit_period_end=(mailed_on + dt.timedelta(days=5)).isoformat(),
        )
        assert assert_problem(await api.post(url, json=late, headers=reviewer), 422)["type"].endswith(
            "audit-period-not-ended"
        )
        # Only staff who review may triage; the integrator is refused, as is a viewer.
        assert_problem(await api.post(url, json=submission_body(employer.id), headers=employer.headers), 403)
        viewer = auth(await new_key(mailbox.engine, "staff", role="viewer"))
        assert_problem(await api.post(url, json=submission_body(employer.id), headers=viewer), 403)
        # Every refusal left it as it was.
        still = (await api.get(f"/v1/submissions/{row.submission_id}", headers=reviewer)).json()
        assert still["status"] == "awaiting_triage" and still["kind"] is None
        assert await mailbox.events() == []
        # Once triaged, it is not triaged again, and no package can be sent to one awaiting triage.
        assert (await api.post(url, json=submission_body(employer.id), headers=reviewer)).status_code == 200
        assert_problem(await api.post(url, json=submission_body(employer.id), headers=reviewer), 409)

    async def test_a_forwarded_evaluation_and_a_zip_without_a_name(
        self, api: httpx.AsyncClient, mailbox: Mailbox, reviewer: dict[str, str]
    ) -> None:
        # A colleague forwards the employer's mail as an attachment: the zip inside it is the package.
        inner = evaluation_mail(attachments=[("evaluation.zip", PACKAGE)])
        outer = evaluation_mail(subject="Fwd: SECOR evaluation", body="Forwarding this one.")
        outer.add_attachment(inner)
        await mailbox.send(outer)
        # A mail program that sends the zip inline, with no file name.
        bare = evaluation_mail(subject="evaluation")
        bare.add_attachment(PACKAGE, maintype="application", subtype="zip", disposition="inline")
        await mailbox.send(bare)
        rows = await mailbox.processed()
        assert [r.status for r in rows] == ["submitted", "submitted"], [r.outcome for r in rows]
        for submission in await mailed(api, reviewer):
            assert submission["package"]["bytes"] == len(PACKAGE)

    async def test_an_upload_to_a_mailed_evaluation_is_refused(
        self, api: httpx.AsyncClient, mailbox: Mailbox, reviewer: dict[str, str]
    ) -> None:
        await mailbox.send(evaluation_mail(attachments=[("evaluation.zip", PACKAGE)]))
        [row] = await mailbox.processed()
        upload = await api.put(
            f"/v1/submissions/{row.submission_id}/package",
            content=PACKAGE,
            headers=reviewer | {"content-type": "application/zip"},
        )
        assert "triage" in assert_problem(upload, 409)["detail"]
        review = await api.post(
            f"/v1/submissions/{row.submission_id}/review",
            json={"action": "assign", "note": "x"},
            headers=reviewer,
        )
        assert_problem(review, 409)


class TestLinks:
    async def test_a_share_link_in_the_body_is_downloaded(
        self, api: httpx.AsyncClient, mailbox: Mailbox, downloads: ServerThread, reviewer: dict[str, str]
    ) -> None:
        body = f"Our evaluation: {downloads.url}/package.zip\n\n-- \nPat Owner\nPrairie Roofing {downloads.url}/page\n"
        await mailbox.send(evaluation_mail(body=body))
        [row] = await mailbox.processed()
        assert row.status == "submitted", row.outcome
        [submission] = await mailed(api, reviewer)
        links = submission["mail"]["links"]
        assert [(link["url"], link["outcome"]) for link in links] == [
            (f"{downloads.url}/package.zip", "package"),
            (f"{downloads.url}/page", "not_used"),
        ]
        assert submission["package"]["url"] == f"{downloads.url}/package.zip"
        assert submission["package"]["bytes"] == len(PACKAGE)

    async def test_links_that_lead_to_no_zip_get_a_reply(
        self, mailbox: Mailbox, downloads: ServerThread
    ) -> None:
        await mailbox.send(
            evaluation_mail(body=f"Here: {downloads.url}/page and {downloads.url}/missing.zip")
        )
        [row] = await mailbox.processed()
        assert row.status == "refused" and row.outcome["reason"] == "link_failed"
        [reply] = await mailbox.replies()
        assert "download link" in reply.body_text and f"{downloads.url}/missing.zip" in reply.body_text

    async def test_a_link_to_a_private_address_is_refused(self, mailbox: Mailbox) -> None:
        # The cloud's metadata address: never fetched, whatever the mail says.
        await mailbox.send(evaluation_mail(body="Our package: http://169.254.169.254/latest/package.zip"))
        [row] = await mailbox.processed()
        assert row.status == "refused" and row.outcome["reason"] == "link_failed"
        assert row.outcome["links"][0]["outcome"] == "failed"
        assert "could not be used" in row.outcome["links"][0]["detail"]

    async def test_attachment_and_link_the_attachment_is_the_package(
        self, api: httpx.AsyncClient, mailbox: Mailbox, downloads: ServerThread, reviewer: dict[str, str]
    ) -> None:
        message = evaluation_mail(
            body=f"Also on {downloads.url}/package.zip", attachments=[("evaluation.zip", PACKAGE)]
        )
        await mailbox.send(message)
        [row] = await mailbox.processed()
        [submission] = await mailed(api, reviewer)
        assert submission["mail"]["attachments"][0]["outcome"] == "package"
        assert submission["mail"]["links"] == [
            {"url": f"{downloads.url}/package.zip", "outcome": "not_used", "detail": None}
        ]
        assert submission["package"].get("url") is None and row.status == "submitted"


class TestUnusable:
    async def test_neither_zip_nor_link_gets_a_reply_saying_what_to_send(
        self, api: httpx.AsyncClient, mailbox: Mailbox, reviewer: dict[str, str]
    ) -> None:
        message = evaluation_mail(body="Hello, how do we send our evaluation?")
        await mailbox.send(message)
        [row] = await mailbox.processed()
        assert row.status == "refused" and row.outcome["reason"] == "no_package"
        [reply] = await mailbox.replies()
        assert reply.to_address == OWNER and reply.in_reply_to == message["Message-ID"]
        assert "zipped folder" in reply.body_text and "download link" in reply.body_text
        assert await mailed(api, reviewer) == []

    async def test_too_large_is_read_to_its_end_and_answered(self, mailbox: Mailbox) -> None:
        big = evaluation_mail(attachments=[("evaluation.zip", b"\x01" * (CAP + 1000))])
        answer = await mailbox.send(big)
        assert "Message accepted" in answer
        [row] = await mailbox.processed()
        assert row.status == "refused" and row.outcome["reason"] == "too_large"
        assert row.storage_key is None and row.bytes > CAP
        [reply] = await mailbox.replies()
        assert "larger than" in reply.body_text and "download link" in reply.body_text
        # Kept nowhere: no file under the message's folder.
        assert list((mailbox.settings.packages_dir / row.id).glob("*")) == []

    async def test_far_too_large_is_refused_by_smtp(self, mailbox: Mailbox) -> None:
        huge = evaluation_mail(attachments=[("evaluation.zip", b"\x01" * (4 * CAP + 1000))])
        with pytest.raises(aiosmtplib.SMTPException) as refused:
            await mailbox.send(huge)
        assert "552" in str(refused.value) or "too big" in str(refused.value).lower()
        assert await mailbox.messages() == []

    async def test_a_zip_bomb_attached_is_answered_and_kept_out(
        self, api: httpx.AsyncClient, mailbox: Mailbox, reviewer: dict[str, str]
    ) -> None:
        files = good_files() | {
            "01 Health and Safety Policy/Policy statement.txt": b"\0" * (64 * 1024 * 1024)
        }
        bomb = zip_bytes(files)
        assert len(bomb) < CAP
        await mailbox.send(evaluation_mail(attachments=[("evaluation.zip", bomb)]))
        [row] = await mailbox.processed()
        assert row.status == "refused" and row.outcome["reason"] == "unreadable_zip"
        assert row.outcome["attachments"][0]["outcome"] == "unreadable"
        [reply] = await mailbox.replies()
        assert "could not be opened" in reply.body_text
        assert await mailed(api, reviewer) == []
        assert not (mailbox.settings.packages_dir / row.id / "attachment-0.zip").exists()

    async def test_a_file_named_zip_that_is_not_one(self, mailbox: Mailbox) -> None:
        await mailbox.send(evaluation_mail(attachments=[("evaluation.zip", b"this is not a zip at all")]))
        [row] = await mailbox.processed()
        assert row.outcome["reason"] == "unreadable_zip"


class TestTrust:
    async def test_a_forged_sender_proposes_but_decides_nothing(
        self,
        api: httpx.AsyncClient,
        mailbox: Mailbox,
        employer: EmployerCtx,
        integrator_key: str,
        reviewer: dict[str, str],
    ) -> None:
        # Someone else's employer named by its WCB number in the subject; the envelope is the forger's own.
        other = (await register(api, auth(integrator_key), contact_email="office@other.example")).json()
        message = evaluation_mail(
            subject=f"Evaluation for WCB {other['wcb_account_number'][:3]}-{other['wcb_account_number'][3:]}",
            attachments=[("evaluation.zip", PACKAGE)],
        )
        await grant_access(mailbox.engine, employer)
        async with mailbox.engine.begin() as conn:
            await submissions_repository.set_access(
                conn, other["id"], employer.integrator_id, True, dt.datetime.now(dt.UTC)
            )
        await mailbox.send(message, envelope_from="forger@elsewhere.example")
        [row] = await mailbox.processed()
        [submission] = await mailed(api, reviewer)
        proposal = submission["mail"]["proposed_employer"]
        assert proposal["employer_id"] == other["id"] and proposal["by"] == "wcb_account_number"
        assert submission["status"] == "awaiting_triage"
        for headers in (employer.headers, auth(integrator_key)):
            assert_problem(await api.get(f"/v1/submissions/{row.submission_id}", headers=headers), 404)
        assert await mailbox.events() == []
        # Staff find it is not an evaluation at all.
        discarded = await api.post(
            f"/v1/submissions/{row.submission_id}/triage",
            json={"action": "discard", "note": "not from the employer"},
            headers=reviewer,
        )
        assert discarded.status_code == 200, discarded.text
        assert discarded.json()["status"] == "discarded"
        assert await mailbox.events() == []
        assert await mailed(api, reviewer) == []
        again = await api.post(
            f"/v1/submissions/{row.submission_id}/triage",
            json={"action": "discard", "note": "x"},
            headers=reviewer,
        )
        assert_problem(again, 409)
        missing_note = await api.post(
            f"/v1/submissions/{row.submission_id}/triage", json={"action": "discard"}, headers=reviewer
        )
        assert_problem(missing_note, 422)

    async def test_the_same_message_twice_is_one_submission(
        self, api: httpx.AsyncClient, mailbox: Mailbox, reviewer: dict[str, str]
    ) -> None:
        kept_before = set(mailbox.settings.packages_dir.glob("msg_*/message.eml"))
        message = evaluation_mail(attachments=[("evaluation.zip", PACKAGE)])
        first = await mailbox.send(message)
        second = await mailbox.send(message)
        assert "msg_" in first and "received before" in second
        rows = await mailbox.processed()
        assert len(rows) == 1
        assert len(await mailed(api, reviewer)) == 1
        assert len(await mailbox.replies()) == 1
        # No second copy left in storage.
        kept = set(mailbox.settings.packages_dir.glob("msg_*/message.eml")) - kept_before
        assert [p.parent.name for p in kept] == [rows[0].id]

    async def test_without_a_message_id_the_same_bytes_are_one_message(self, mailbox: Mailbox) -> None:
        message = evaluation_mail(attachments=[("evaluation.zip", PACKAGE)])
        del message["Message-ID"]
        raw = message.as_bytes()
        assert "msg_" in await mailbox.send(raw)
        assert "received before" in await mailbox.send(raw)
        [row] = await mailbox.processed()
        assert row.message_key == f"sha256:{row.sha256}" and row.status == "submitted"


class TestWhoMaySend:
    async def test_only_the_allowed_networks_hand_over_mail(self, stack: Stack, engine: AsyncEngine) -> None:
        message = evaluation_mail(attachments=[("evaluation.zip", PACKAGE)])
        elsewhere = [ipaddress.ip_network("10.0.0.0/8")]
        async with mailbox_for(stack, engine, mail_intake_allowed_networks=elsewhere) as closed:
            with pytest.raises(aiosmtplib.SMTPSenderRefused) as refused:
                await closed.send(message)
            assert refused.value.code == 550
            assert await closed.messages() == []
        loopback = [ipaddress.ip_network("127.0.0.0/8")]
        async with mailbox_for(stack, engine, mail_intake_allowed_networks=loopback) as open_to_us:
            assert "Message accepted" in await open_to_us.send(message)


class TestNoLoops:
    @pytest.mark.parametrize(
        ("headers", "envelope_from"),
        [
            ({"Auto-Submitted": "auto-replied"}, OWNER),
            ({"Precedence": "bulk"}, OWNER),
            ({"List-Id": "<safety.lists.example>"}, OWNER),
            ({}, ""),  # a bounce: the null sender
            ({}, "MAILER-DAEMON@prairieroofing.example"),
        ],
    )
    async def test_no_reply_to_an_automatic_message(
        self, mailbox: Mailbox, headers: dict[str, str], envelope_from: str
    ) -> None:
        await mailbox.send(
            evaluation_mail(body="Out of office until Monday.", headers=headers), envelope_from=envelope_from
        )
        [row] = await mailbox.processed()
        assert row.status == "ignored", row.outcome
        assert row.outcome["reply"].startswith("none: an automatic message")
        assert await mailbox.replies() == []

    async def test_an_automatic_message_with_a_package_is_still_taken(
        self, api: httpx.AsyncClient, mailbox: Mailbox, reviewer: dict[str, str]
    ) -> None:
        message = evaluation_mail(
            headers={"Auto-Submitted": "auto-generated"}, attachments=[("evaluation.zip", PACKAGE)]
        )
        await mailbox.send(message)
        [row] = await mailbox.processed()
        assert row.status == "submitted" and len(await mailed(api, reviewer)) == 1
        assert await mailbox.replies() == []

    async def test_replies_to_one_sender_are_limited(self, mailbox: Mailbox) -> None:
        # A robot that marks nothing as automatic, answering every reply it gets: at most so many a day.
        limit = mailbox.stack.apps["submission"].state.settings.mail_replies_per_sender
        for n in range(limit + 3):
            await mailbox.send(evaluation_mail(sender="robot@loop.example", body=f"Ticket {n} received"))
        rows = await mailbox.processed()
        assert len(rows) == limit + 3
        assert len(await mailbox.replies()) == limit
        assert sum(1 for r in rows if "replies in 24 hours" in r.outcome["reply"]) == 3


class TestDurability:
    async def test_a_message_cut_off_mid_data_leaves_nothing(self, mailbox: Mailbox) -> None:
        def cut_off() -> None:
            with smtplib.SMTP("127.0.0.1", mailbox.port, timeout=10) as client:
                client.ehlo()
                client.mail(OWNER)
                client.rcpt(COR)
                client.putcmd("data")
                assert client.getreply()[0] == 354
                client.send(b"Subject: half\r\n\r\n" + b"x" * 100_000 + b"\r\n")
                client.sock.close()  # type: ignore[union-attr]

        await asyncio.to_thread(cut_off)
        await asyncio.sleep(0.2)
        assert await mailbox.messages() == []

    async def test_processing_resumes_after_a_crash(
        self, api: httpx.AsyncClient, mailbox: Mailbox, reviewer: dict[str, str], stack: Stack
    ) -> None:
        async with intake_paused():
            await mailbox.send(evaluation_mail(attachments=[("evaluation.zip", PACKAGE)]))
            # A processor claims it and dies before deciding anything.
            async with mailbox.engine.begin() as conn:
                dead = await mail_repository.claim(conn, 900)
            assert dead is not None
            intake = stack.apps["submission"].state.mail_intake
            assert await intake.step() is False  # leased to the dead one
            async with mailbox.engine.begin() as conn:
                await conn.execute(
                    text("UPDATE submission_mail SET lease_until = now() - interval '1 second'")
                )
            assert await intake.step() is True
            # The dead processor coming back to life decides nothing a second time.
            await intake._process(dead)
        rows = await mailbox.processed()
        assert [r.status for r in rows] == ["submitted"]
        assert len(await mailed(api, reviewer)) == 1
        assert len(await mailbox.replies()) == 1

    async def test_mail_waits_for_the_service_and_is_processed_when_it_runs(
        self, api: httpx.AsyncClient, mailbox: Mailbox, reviewer: dict[str, str]
    ) -> None:
        async with intake_paused():
            await mailbox.send(evaluation_mail(attachments=[("evaluation.zip", PACKAGE)]))
            await asyncio.sleep(0.3)
            [waiting] = await mailbox.messages()
            assert waiting.status == "received"
        [row] = await mailbox.processed()
        assert row.status == "submitted" and len(await mailed(api, reviewer)) == 1
