"""Withdrawn access is in effect in every service when the DELETE answers 204 (real processes and worker)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.e2e.test_delivery import LOOPBACK
from tests.e2e.test_evaluation import CONTACT, TestEvaluationJourney
from tests.helpers import assert_problem, auth, new_key
from tests.servers import component, component_env, spawn, stop
from tests.submission.conftest import ASSESSOR, scores
from tests.webhooks.conftest import eventually

pytestmark = pytest.mark.e2e


class TestWithdrawingAccess:
    async def test_withdrawn_access_is_gone_everywhere_before_the_answer(
        self, engine: AsyncEngine, database_url: str, tmp_path: Path
    ) -> None:
        env = component_env(
            database_url,
            tmp_path,
            SECOR_OUTBOUND_ALLOWED_NETWORKS=LOOPBACK,
            SECOR_WORKER_POLL_INTERVAL_SECONDS="0.5",
            SECOR_ACCESS_WITHDRAWAL_WAIT_SECONDS="1",
        )
        with (
            component("eligibility", env, tmp_path),
            component("submission", env, tmp_path),
            component("training", env, tmp_path),
            component("gateway", env, tmp_path),
        ):
            worker: subprocess.Popen[bytes] = spawn(["worker"], env, tmp_path / "worker.log")
            try:
                async with httpx.AsyncClient(
                    base_url=f"http://127.0.0.1:{env['SECOR_GATEWAY_PORT']}", timeout=30
                ) as api:
                    worker = await self._withdraw(api, engine, env, tmp_path, worker)
            finally:
                stop(worker)

    async def _withdraw(
        self,
        api: httpx.AsyncClient,
        engine: AsyncEngine,
        env: dict[str, str],
        tmp_path: Path,
        worker: subprocess.Popen[bytes],
    ) -> subprocess.Popen[bytes]:
        owner = auth(await new_key(engine, "integrator"))
        other = auth(await new_key(engine, "integrator"))
        staff = auth(await new_key(engine, "staff", role="admin"))
        employer = (
            await api.post(
                "/v1/employers",
                json={
                    "wcb_account_number": "7654399",
                    "legal_name": "Foothills Framing",
                    "contact_email": CONTACT,
                },
                headers=owner,
            )
        ).json()
        await TestEvaluationJourney()._make_eligible(api, engine, employer["id"], owner)
        created = await api.post(
            "/v1/submissions",
            json={
                "employer_id": employer["id"],
                "kind": "certification",
                "audit_period_start": "2025-10-01",
                "audit_period_end": "2026-09-30",
                "contact_email": CONTACT,
                "assessor": ASSESSOR,
                "element_scores": scores(),
            },
            headers=owner,
        )
        assert created.status_code == 201, created.text
        submission = f"/v1/submissions/{created.json()['id']}"
        other_id = (await api.get("/v1/me", headers=other)).json()["integrator_id"]
        access = f"/v1/employers/{employer['id']}/integrators/{other_id}"

        async def reads_submission() -> bool:
            return (await api.get(submission, headers=other)).status_code == 200

        async def employer_events() -> list[str]:
            feed = (await api.get("/v1/events", params={"limit": 200}, headers=other)).json()["data"]
            return [e["id"] for e in feed if e["data"].get("employer_id") == employer["id"]]

        assert (await api.put(access, headers=staff)).status_code == 200
        # A grant may lag, by about a second at most.
        assert await eventually(reads_submission, timeout=3)
        assert await employer_events()

        withdrawn = await api.delete(access, headers=staff)
        assert withdrawn.status_code == 204, withdrawn.text
        assert_problem(await api.get(submission, headers=other), 404)
        assert_problem(await api.get(f"/v1/employers/{employer['id']}", headers=other), 404)
        assert await employer_events() == []

        # With event delivery stopped the withdrawal cannot be confirmed: 503, and in effect once it resumes.
        assert (await api.put(access, headers=staff)).status_code == 200
        stop(worker)
        unconfirmed = await api.delete(access, headers=staff)
        assert_problem(unconfirmed, 503)
        assert unconfirmed.headers["retry-after"] == "5"
        assert "withdrawn" in unconfirmed.json()["detail"]
        assert_problem(await api.get(f"/v1/employers/{employer['id']}", headers=other), 404)
        worker = spawn(["worker"], env, tmp_path / "worker.log")

        async def gone() -> bool:
            return (await api.get(submission, headers=other)).status_code == 404

        assert await eventually(gone, timeout=15)
        return worker
