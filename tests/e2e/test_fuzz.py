"""Schemathesis against the real processes: every operation of the gateway's OpenAPI, fixed seed, no 5xx and
no answer outside its documented schema.

The data it needs to get past 404s (an eligible employer with a certificate, a submission in QA, a provider and
its completion, a webhook endpoint) is made first through the API; the ids go to schemathesis as parameters
(`tests/e2e/fuzz/schemathesis.toml`). Outbound calls reach nothing off the machine: public addresses are
switched off and names are not resolved (`tests/offline/`).

Replay a failure with `make pytest PYTEST_ARGS=tests/e2e/test_fuzz.py` (same seed, same cases); the report
prints a curl command for each failing case. `SECOR_FUZZ_SEED` and `SECOR_FUZZ_EXAMPLES` change the run.
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.e2e.test_evaluation import CONTACT, TestEvaluationJourney
from tests.helpers import auth, new_key
from tests.servers import ROOT, component, component_env, spawn, stop
from tests.submission.conftest import ASSESSOR, scores
from tests.submission.packages import good_files, zip_bytes
from tests.webhooks.conftest import eventually

pytestmark = pytest.mark.e2e

SEED = int(os.environ.get("SECOR_FUZZ_SEED", "20261207"))
EXAMPLES = int(os.environ.get("SECOR_FUZZ_EXAMPLES", "15"))
CHECKS = "not_a_server_error,response_schema_conformance"
CONFIG = Path(__file__).parent / "fuzz" / "schemathesis.toml"
# A bound on the whole run, far above what it takes, so that a hang fails the test instead of the CI job.
DEADLINE_SECONDS = 900


class TestFuzzingEveryOperation:
    async def test_no_server_error_and_every_answer_in_its_schema(
        self, engine: AsyncEngine, database_url: str, tmp_path: Path
    ) -> None:
        env = component_env(
            database_url,
            tmp_path,
            # The fuzzer is one client sending thousands of requests: limits would leave most untested.
            SECOR_RATE_LIMIT_PER_MINUTE="10000000",
            SECOR_RATE_LIMIT_BURST="1000000",
            SECOR_FAILED_AUTH_PER_MINUTE="10000000",
            SECOR_FAILED_AUTH_BURST="1000000",
            SECOR_OUTBOUND_PUBLIC="false",
            SECOR_OUTBOUND_ALLOWED_NETWORKS='["127.0.0.1/32"]',
            SECOR_WORKER_POLL_INTERVAL_SECONDS="0.5",
        )
        with (
            component("eligibility", env, tmp_path),
            component("submission", env, tmp_path),
            component("training", env, tmp_path),
            component("gateway", env, tmp_path),
        ):
            worker = spawn(["worker"], env, tmp_path / "worker.log")
            try:
                base = f"http://127.0.0.1:{env['SECOR_GATEWAY_PORT']}"
                fuzz_env = await self._seed(engine, base)
                report = tmp_path / "schemathesis.log"
                started = time.monotonic()
                code = await asyncio.to_thread(self._fuzz, base, env | fuzz_env, report)
                elapsed = time.monotonic() - started
            finally:
                stop(worker)
        output = report.read_text(errors="replace")
        summary = output[output.rfind("=== SUMMARY ===") - 30 :] if "SUMMARY" in output else output[-4000:]
        print(f"schemathesis: seed {SEED}, {EXAMPLES} examples per operation, {elapsed:.0f} s\n{summary}")
        assert code == 0, (
            f"schemathesis found failures (seed {SEED}); replay with "
            f"`SECOR_FUZZ_SEED={SEED} make pytest PYTEST_ARGS=tests/e2e/test_fuzz.py`.\n" + _failures(output)
        )

    def _fuzz(self, base: str, env: dict[str, str], report: Path) -> int:
        with report.open("wb") as out:
            return subprocess.run(
                [
                    str(Path(sys.executable).with_name("st")),
                    "--no-color",
                    "--config-file",
                    str(CONFIG),
                    "run",
                    f"{base}/openapi.json",
                    "--checks",
                    CHECKS,
                    "--seed",
                    str(SEED),
                    "--max-examples",
                    str(EXAMPLES),
                    "--phases",
                    "examples,coverage,fuzzing",
                    "--workers",
                    "1",
                    "--suppress-health-check",
                    "all",
                    "--warnings",
                    "off",
                ],
                env=env | {"PYTHONPATH": os.pathsep.join([str(ROOT), env["PYTHONPATH"]])},
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
                timeout=DEADLINE_SECONDS,
                check=False,
            ).returncode

    async def _seed(self, engine: AsyncEngine, base: str) -> dict[str, str]:
        """Ids worth fuzzing with: each operation then reaches its logic instead of stopping at a 404."""
        integrator = auth(await new_key(engine, "integrator"))
        admin_key = await new_key(engine, "staff", role="admin")
        admin = auth(admin_key)
        async with httpx.AsyncClient(base_url=base, timeout=30) as api:
            employer = await api.post(
                "/v1/employers",
                json={
                    "wcb_account_number": "7654001",
                    "legal_name": "Fuzz Framing",
                    "contact_email": CONTACT,
                },
                headers=integrator,
            )
            assert employer.status_code == 201, employer.text
            employer_id = employer.json()["id"]
            await TestEvaluationJourney()._make_eligible(api, engine, employer_id, integrator)
            created = await api.post(
                "/v1/submissions",
                json={
                    "employer_id": employer_id,
                    "kind": "certification",
                    "audit_period_start": "2025-10-01",
                    "audit_period_end": "2026-09-30",
                    "contact_email": CONTACT,
                    "assessor": ASSESSOR,
                    "element_scores": scores(),
                },
                headers=integrator,
            )
            assert created.status_code == 201, created.text
            submission_id = created.json()["id"]
            uploaded = await api.put(
                f"/v1/submissions/{submission_id}/package",
                content=zip_bytes(good_files()),
                headers=integrator | {"content-type": "application/zip"},
            )
            assert uploaded.status_code == 202, uploaded.text

            async def in_qa() -> bool:
                found = await api.get(f"/v1/submissions/{submission_id}", headers=admin)
                return bool(found.json()["status"] == "in_qa")

            assert await eventually(in_qa, timeout=60)
            approved = await api.post(
                f"/v1/submissions/{submission_id}/review",
                json={"action": "approve", "note": "fuzz", "qa_score": 90},
                headers=admin,
            )
            assert approved.status_code == 200, approved.text

            async def certificate() -> str | None:
                found = await api.get(f"/v1/employers/{employer_id}/certificate", headers=admin)
                return str(found.json()["number"]) if found.status_code == 200 else None

            number = await eventually(certificate, timeout=60)
            workers = (await api.get(f"/v1/employers/{employer_id}/workers", headers=admin)).json()["data"]
            providers = (await api.get("/v1/providers", headers=admin)).json()["data"]
            provider_key = await new_key(engine, "provider", provider_id=providers[0]["id"])
            completions = (await api.get("/v1/completions", headers=auth(provider_key))).json()["data"]
            endpoint = await api.post(
                "/v1/webhook-endpoints", json={"url": "http://127.0.0.1:9/hook"}, headers=integrator
            )
            assert endpoint.status_code == 201, endpoint.text
            spare = await api.post(
                "/v1/api-keys", json={"name": "spare", "kind": "staff", "role": "viewer"}, headers=admin
            )
            me = (await api.get("/v1/me", headers=integrator)).json()
            instrument = (await api.get("/v1/instruments/current", headers=admin)).json()
        return {
            "FUZZ_ADMIN_KEY": admin_key,
            "FUZZ_PROVIDER_KEY": provider_key,
            "FUZZ_EMPLOYER_ID": employer_id,
            "FUZZ_WORKER_ID": workers[0]["id"],
            "FUZZ_SUBMISSION_ID": submission_id,
            "FUZZ_CERTIFICATE_NUMBER": str(number),
            "FUZZ_PROVIDER_ID": providers[0]["id"],
            "FUZZ_COMPLETION_ID": completions[0]["id"],
            "FUZZ_ENDPOINT_ID": endpoint.json()["id"],
            "FUZZ_INTEGRATOR_ID": me["integrator_id"],
            "FUZZ_SPARE_KEY_ID": spare.json()["id"],
            "FUZZ_INSTRUMENT_VERSION": instrument["version"],
        }


def _failures(output: str) -> str:
    """The report's failures section (each with the curl command that reproduces it)."""
    match = re.search(r"=+ FAILURES =+\n(.*?)(?:\n=+ (?:WARNINGS|SUMMARY|ERRORS) =+)", output, re.S)
    errors = re.search(r"=+ ERRORS =+\n(.*?)(?:\n=+ [A-Z]+ =+)", output, re.S)
    return "\n".join(m.group(1)[:20000] for m in (errors, match) if m) or output[-8000:]
