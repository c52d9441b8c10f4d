"""A mailed evaluation over real processes: the receiver takes mail while the submission service is down, the
service processes it once it runs, the worker sends the acknowledgement as an automatic reply, and staff triage
it through the gateway to QA."""

from __future__ import annotations

import asyncio
import smtplib
import time
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.e2e import test_evaluation as evaluation
from tests.e2e.test_delivery import LOOPBACK
from tests.e2e.test_observability import scrape
from tests.foundation.test_observability import samples
from tests.helpers import auth, new_key
from tests.servers import component, component_env, spawn, stop
from tests.smtp import SmtpServer
from tests.submission.conftest import ASSESSOR, scores
from tests.submission.mailbox import COR, evaluation_mail
from tests.submission.packages import good_files, zip_bytes
from tests.webhooks.conftest import eventually

pytestmark = pytest.mark.e2e


def deliver(port: int, message: EmailMessage) -> tuple[int, bytes]:
    """As a mail server forwarding the COR mailbox would: retried while the receiver is not yet listening."""
    deadline = time.monotonic() + 30
    while True:
        try:
            with smtplib.SMTP("127.0.0.1", port, timeout=30) as client:
                client.ehlo()
                client.mail(evaluation.CONTACT)
                client.rcpt(COR)
                return client.data(message.as_bytes())
        except ConnectionRefusedError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


class TestMailedEvaluation:
    async def test_mail_waits_for_the_service_then_goes_to_qa(
        self, engine: AsyncEngine, database_url: str, tmp_path: Path
    ) -> None:
        with SmtpServer() as smtp:
            env = component_env(
                database_url,
                tmp_path,
                SECOR_OUTBOUND_ALLOWED_NETWORKS=LOOPBACK,
                SECOR_WORKER_POLL_INTERVAL_SECONDS="0.5",
                SECOR_SMTP_HOST="127.0.0.1",
                SECOR_SMTP_PORT=str(smtp.port),
                SECOR_MAIL_POLL_SECONDS="0.2",
            )
            with (
                component("eligibility", env, tmp_path),
                component("training", env, tmp_path),
                component("gateway", env, tmp_path),
            ):
                worker = spawn(["worker"], env, tmp_path / "worker.log")
                receiver = spawn(["mail-intake"], env, tmp_path / "mail-intake.log")
                try:
                    await self._journey(engine, env, smtp, tmp_path)
                finally:
                    stop(receiver)
                    stop(worker)

    async def _journey(self, engine: AsyncEngine, env: dict[str, str], smtp: SmtpServer, logs: Path) -> None:
        integrator = auth(await new_key(engine, "integrator"))
        qa = auth(await new_key(engine, "staff", role="qa_analyst"))
        async with httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{env['SECOR_GATEWAY_PORT']}", timeout=30
        ) as api:
            employer = (
                await api.post(
                    "/v1/employers",
                    json={
                        "wcb_account_number": "7654321",
                        "legal_name": "Prairie Roofing",
                        "contact_email": evaluation.CONTACT,
                    },
                    headers=integrator,
                )
            ).json()
            await evaluation.TestEvaluationJourney()._make_eligible(api, engine, employer["id"], integrator)

            message = evaluation_mail(
                sender=evaluation.CONTACT,
                subject="Our SECOR evaluation",
                attachments=[("SECOR.zip", zip_bytes(good_files()))],
            )
            code, answer = await asyncio.to_thread(deliver, int(env["SECOR_MAIL_INTAKE_PORT"]), message)
            assert code == 250, answer
            # Kept, with no submission service running to read it.
            async with engine.connect() as conn:
                status = await conn.scalar(text("SELECT status FROM submission_mail"))
            assert status == "received"
            received = await asyncio.to_thread(scrape, env["SECOR_MAIL_INTAKE_METRICS_PORT"])
            assert samples(received, "secor_mail_intake_received_total", outcome="kept") == 1

            with component("submission", env, logs):

                async def waiting() -> list[dict[str, Any]] | None:
                    listed = await api.get(
                        "/v1/submissions", params={"status": "awaiting_triage"}, headers=qa
                    )
                    return listed.json()["data"] or None

                [mailed] = await eventually(waiting, timeout=30)
                processed = await asyncio.to_thread(scrape, env["SECOR_SUBMISSION_PORT"])
                assert samples(processed, "secor_mail_intake_processed_total", outcome="submitted") == 1
                assert mailed["mail"]["proposed_employer"]["employer_id"] == employer["id"]

                def acknowledged() -> EmailMessage | None:
                    replies = [
                        m
                        for m in smtp.inbox.to(evaluation.CONTACT)
                        if m["In-Reply-To"] == message["Message-ID"]
                    ]
                    return replies[0] if replies else None

                reply = await eventually(acknowledged, timeout=30)
                assert reply["Auto-Submitted"] == "auto-replied"
                assert mailed["id"] in reply.get_content()

                body = {
                    "employer_id": employer["id"],
                    "kind": "certification",
                    "audit_period_start": "2025-10-01",
                    "audit_period_end": "2026-09-30",
                    "contact_email": evaluation.CONTACT,
                    "assessor": ASSESSOR,
                    "element_scores": scores(),
                }
                triaged = await api.post(f"/v1/submissions/{mailed['id']}/triage", json=body, headers=qa)
                assert triaged.status_code == 200, triaged.text

                async def in_qa() -> bool:
                    got = (await api.get(f"/v1/submissions/{mailed['id']}", headers=integrator)).json()
                    return bool(got.get("status") == "in_qa")

                assert await eventually(in_qa, timeout=30)

                def told() -> bool:
                    return any(
                        str(m["Subject"]).startswith("We received your")
                        for m in smtp.inbox.to(evaluation.CONTACT)
                    )

                assert await eventually(told, timeout=30)
