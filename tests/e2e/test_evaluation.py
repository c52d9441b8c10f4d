"""An evaluation's whole journey over real processes: a package uploaded through the gateway, checked, approved,
the certificate issued from the approval event, the integrator told by webhook, the contact told by mail, and
the certificate verified by anyone against the published key."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from standardwebhooks import Webhook

from tests.certificates.test_verification import check
from tests.e2e.test_delivery import LOOPBACK
from tests.helpers import assert_problem, auth, new_key
from tests.servers import component, component_env, spawn, stop
from tests.smtp import SmtpServer
from tests.submission.conftest import ASSESSOR, scores
from tests.submission.packages import good_files, zip_bytes
from tests.webhooks.conftest import Receiver, eventually

pytestmark = pytest.mark.e2e

CONTACT = "owner@prairieroofing.example"


class TestEvaluationJourney:
    async def test_from_upload_to_a_verified_certificate(
        self, engine: AsyncEngine, database_url: str, tmp_path: Path, hooks: Receiver
    ) -> None:
        with SmtpServer() as smtp:
            env = component_env(
                database_url,
                tmp_path,
                SECOR_OUTBOUND_ALLOWED_NETWORKS=LOOPBACK,
                SECOR_WORKER_POLL_INTERVAL_SECONDS="0.5",
                SECOR_SMTP_HOST="127.0.0.1",
                SECOR_SMTP_PORT=str(smtp.port),
            )
            with (
                component("eligibility", env, tmp_path),
                component("submission", env, tmp_path),
                component("training", env, tmp_path),
                component("gateway", env, tmp_path),
            ):
                worker = spawn(["worker"], env, tmp_path / "worker.log")
                try:
                    await self._journey(engine, env, hooks, smtp)
                finally:
                    stop(worker)

    async def _journey(
        self, engine: AsyncEngine, env: dict[str, str], hooks: Receiver, smtp: SmtpServer
    ) -> None:
        integrator = auth(await new_key(engine, "integrator"))
        qa = auth(await new_key(engine, "staff", role="qa_analyst"))
        async with httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{env['SECOR_GATEWAY_PORT']}", timeout=30
        ) as api:
            hook = (
                await api.post(
                    "/v1/webhook-endpoints",
                    json={
                        "url": hooks.url(),
                        "event_types": ["submission.status_changed", "certificate.issued"],
                    },
                    headers=integrator,
                )
            ).json()
            employer = (
                await api.post(
                    "/v1/employers",
                    json={
                        "wcb_account_number": "7654321",
                        "legal_name": "Prairie Roofing",
                        "contact_email": CONTACT,
                    },
                    headers=integrator,
                )
            ).json()
            body = {
                "employer_id": employer["id"],
                "kind": "certification",
                "audit_period_start": "2025-10-01",
                "audit_period_end": "2026-09-30",
                "contact_email": CONTACT,
                "assessor": ASSESSOR,
                "element_scores": scores(),
            }
            # Nobody is evaluated before meeting the program's rules.
            refused = await api.post("/v1/submissions", json=body, headers=integrator)
            assert assert_problem(refused, 422)["type"].endswith("/not-eligible")
            await self._make_eligible(api, engine, employer["id"], integrator)
            created = await api.post("/v1/submissions", json=body, headers=integrator)
            assert created.status_code == 201, created.text
            sid = created.json()["id"]
            uploaded = await api.put(
                f"/v1/submissions/{sid}/package",
                content=zip_bytes(good_files()),
                headers=integrator | {"content-type": "application/zip"},
            )
            assert uploaded.status_code == 202, uploaded.text

            async def status() -> str:
                return str((await api.get(f"/v1/submissions/{sid}", headers=integrator)).json()["status"])

            assert await eventually(lambda: _is(status, "in_qa"), timeout=30)
            approved = await api.post(
                f"/v1/submissions/{sid}/review",
                json={"action": "approve", "note": "Well documented.", "qa_score": 91},
                headers=qa,
            )
            assert approved.status_code == 200, approved.text

            async def certificate() -> dict[str, Any] | None:
                response = await api.get(f"/v1/employers/{employer['id']}/certificate", headers=integrator)
                return response.json() if response.status_code == 200 else None

            issued = await eventually(certificate, timeout=30)
            number = issued["number"]

            # Anyone can check it, and check the answer.
            answer = (await api.get(f"/v1/certificates/{number}/verification")).json()
            check(answer, (await api.get("/v1/certificates/verification-key")).json())
            assert (answer["status"], answer["holder_legal_name"]) == ("active", "Prairie Roofing")

            # The integrator heard every step, signed; the contact got every mail.
            def heard() -> list[str] | None:
                types = [r.body["type"] for r in hooks.at("/hook")]
                return types if "certificate.issued" in types else None

            types = await eventually(heard, timeout=30)
            assert types.count("submission.status_changed") == 3  # validating, in_qa, approved
            for received in hooks.at("/hook"):
                Webhook(hook["secret"]).verify(received.raw, received.headers)
            subjects = await eventually(lambda: _mails(smtp), timeout=30)
            assert any(s.startswith("We received your SECOR certification evaluation") for s in subjects)
            assert any(s.endswith("was approved") for s in subjects)
            assert f"Your SECOR certificate {number}" in subjects

    async def _make_eligible(
        self, api: httpx.AsyncClient, engine: AsyncEngine, employer_id: str, integrator: dict[str, str]
    ) -> None:
        """What the README's worked example does: roster, WCB account, membership, assessor, and the courses
        posted by a provider, carried to the eligibility service by the worker."""
        admin = auth(await new_key(engine, "staff", role="admin"))
        today = dt.date.today()
        steps = [
            (
                "POST",
                f"/v1/employers/{employer_id}/workers",
                integrator,
                {
                    "given_name": "Ana",
                    "family_name": "Silva",
                    "email": ASSESSOR["email"],
                    "role": "owner",
                    "employment_type": "full_time",
                    "start_date": str(today - dt.timedelta(days=400)),
                },
            ),
            (
                "PUT",
                f"/v1/employers/{employer_id}/wcb-account",
                admin,
                {"status": "active", "as_of": str(today - dt.timedelta(days=400))},
            ),
            (
                "PUT",
                f"/v1/employers/{employer_id}/acsa-membership",
                admin,
                {
                    "member_number": "M-1001",
                    "valid_from": str(today - dt.timedelta(days=30)),
                    "valid_until": str(today + dt.timedelta(days=335)),
                },
            ),
            ("PUT", f"/v1/employers/{employer_id}/assessor", integrator, ASSESSOR),
        ]
        for method, path, headers, body in steps:
            response = await api.request(method, path, json=body, headers=headers)
            assert response.status_code in (200, 201), response.text
        provider = await api.post(
            "/v1/providers",
            json={"name": "ACSA", "is_acsa": True, "approved_course_codes": ["SECOR", "CSTS", "SFA"]},
            headers=admin,
        )
        assert provider.status_code == 201, provider.text
        poster = auth(await new_key(engine, "provider", provider_id=provider.json()["id"]))
        for course in ("SECOR", "CSTS", "SFA"):
            posted = await api.post(
                "/v1/completions",
                json={
                    "provider_record_id": f"e2e-{course}",
                    "course_code": course,
                    "completed_on": str(today - dt.timedelta(days=60)),
                    "learner": {"given_name": "Ana", "family_name": "Silva", "email": ASSESSOR["email"]},
                },
                headers=poster,
            )
            assert posted.status_code == 201, posted.text

        async def eligible() -> bool:
            answer = (await api.get(f"/v1/employers/{employer_id}/eligibility", headers=integrator)).json()
            return bool(answer["outcome"] == "eligible")

        assert await eventually(eligible, timeout=30)


async def _is(status: Any, expected: str) -> bool:
    return bool(await status() == expected)


def _mails(smtp: SmtpServer) -> list[str] | None:
    subjects = [str(m["Subject"]) for m in smtp.inbox.to(CONTACT)]
    return subjects if len(subjects) >= 4 else None
