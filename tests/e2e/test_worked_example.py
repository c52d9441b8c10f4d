"""The README's worked example is `examples/worked_example.sh`, shown in the README verbatim, and it runs as
written against the real processes, on whatever day the suite runs, again on the same database."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.helpers import new_key
from tests.servers import ROOT, component_env, whole_system

pytestmark = pytest.mark.e2e

SCRIPT = ROOT / "examples" / "worked_example.sh"
PYTHON_EXAMPLE = ROOT / "examples" / "worked_example.py"
CLIENT = ROOT / "clients" / "python"
needs_tools = pytest.mark.skipif(
    shutil.which("curl") is None or shutil.which("jq") is None, reason="the example needs curl and jq"
)


def run_example(env: dict[str, str], **settings: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(SCRIPT)],
        env=env | {"SECOR": f"{sys.executable} -m launcher.cli"} | settings,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


class TestTheWorkedExample:
    def test_the_readme_shows_the_script_as_it_is(self) -> None:
        readme = (ROOT / "README.md").read_text()
        blocks = re.findall(r"```sh\n(.*?)```", readme, re.S)
        assert SCRIPT.read_text() in blocks

    @needs_tools
    async def test_it_runs_as_written_and_runs_again(
        self, engine: AsyncEngine, database_url: str, tmp_path: Path
    ) -> None:
        env = component_env(database_url, tmp_path, SECOR_WORKER_POLL_INTERVAL_SECONDS="0.5")
        # The example's dates are today's in the program's calendar, as the services have it.
        env["SECOR_PROGRAM_TIMEZONE"] = "America/Edmonton"
        with whole_system(env, tmp_path) as gateway:
            admin = await new_key(engine, "staff", role="admin")
            settings = {"GW": gateway, "ADMIN": admin}
            for _ in range(2):
                done = run_example(env, **settings)
                assert done.returncode == 0, done.stdout + done.stderr
                assert re.search(r"^Certificate SECOR-\S+ is active", done.stdout, re.M), done.stdout
                assert '"outcome":"eligible"' in done.stdout
                assert '"status":"active"' in done.stdout

            # A wrong step stops the script there, saying which and what came back.
            refused = run_example(env, **(settings | {"ADMIN": "secor_not-a-key"}))
            assert refused.returncode == 1
            assert refused.stderr.startswith("worked example stopped: POST /v1/api-keys answered 401:")

    @needs_tools
    def test_without_a_running_system_it_says_so(self, tmp_path: Path) -> None:
        done = run_example(component_env("postgresql://unused", tmp_path), GW="http://127.0.0.1:9", ADMIN="k")
        assert done.returncode == 1
        assert "no answer from http://127.0.0.1:9 (is `make run` going?)" in done.stderr


class TestTheWorkedExampleThroughThePythonClient:
    """`examples/worked_example.py`: the same journey through the generated client, with the integrator's webhook
    deliveries received on loopback and verified by the stock `standardwebhooks` package."""

    async def test_it_runs_as_written(self, engine: AsyncEngine, database_url: str, tmp_path: Path) -> None:
        env = component_env(
            database_url,
            tmp_path,
            SECOR_WORKER_POLL_INTERVAL_SECONDS="0.5",
            SECOR_OUTBOUND_ALLOWED_NETWORKS='["127.0.0.1/32"]',
        )
        env["SECOR_PROGRAM_TIMEZONE"] = "America/Edmonton"
        with whole_system(env, tmp_path) as gateway:
            admin = await new_key(engine, "staff", role="admin")
            done = subprocess.run(
                [sys.executable, str(PYTHON_EXAMPLE)],
                env=env
                | {
                    "GW": gateway,
                    "ADMIN": admin,
                    "SECOR": f"{sys.executable} -m launcher.cli",
                    # As if `pip install dist/secor_client-*.whl`: the committed client, as generated.
                    "PYTHONPATH": os.pathsep.join([str(CLIENT), env["PYTHONPATH"]]),
                },
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
        assert done.returncode == 0, done.stdout + done.stderr
        assert re.search(r"^Certificate SECOR-\S+ is active, valid until ", done.stdout, re.M), done.stdout
        assert re.search(r"^Eligible: headcount pass, ", done.stdout, re.M), done.stdout
        hooks = re.search(r"^Webhooks received and verified: (.*)$", done.stdout, re.M)
        assert hooks is not None, done.stdout
        assert {"employer.registered", "certificate.issued"} <= set(json.loads(hooks.group(1)))
