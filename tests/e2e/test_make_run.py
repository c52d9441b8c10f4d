"""`secor run` (what `make run` calls) from nothing: embedded PostgreSQL, migrations, admin key, all processes."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import psutil
import pytest

from tests.servers import ROOT, component_env, wait_until_ready

pytestmark = pytest.mark.e2e

KEY_LINE = re.compile(
    r"admin API key \(shown once, kept in (?P<file>\S+)\): (?P<key>secor_[A-Za-z0-9_\-]{43})"
)


def start_run(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "launcher.cli", "run"],
        env=env,
        cwd=ROOT,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )


def interrupt(proc: subprocess.Popen[bytes]) -> tuple[int, list[int]]:
    """Ctrl-C the supervisor; returns its exit code and the pids of children that outlived it."""
    children = [c.pid for c in psutil.Process(proc.pid).children(recursive=True)]
    proc.send_signal(signal.SIGINT)
    code = proc.wait(40)
    time.sleep(0.5)
    survivors = [
        pid for pid in children if psutil.pid_exists(pid) and psutil.Process(pid).status() != "zombie"
    ]
    return code, survivors


@pytest.fixture
def fresh_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    env = component_env("", tmp_path / "data")
    del env["SECOR_DATABASE_URL"]  # the embedded server, exactly as on a fresh clone
    env["SECOR_ENVIRONMENT"] = "development"
    yield env


class TestMakeRun:
    def test_fresh_start_then_restart_keeps_data(self, fresh_env: dict[str, str], tmp_path: Path) -> None:
        gateway = f"http://127.0.0.1:{fresh_env['SECOR_GATEWAY_PORT']}"
        training = f"http://127.0.0.1:{fresh_env['SECOR_TRAINING_PORT']}"

        log1 = tmp_path / "run1.log"
        proc = start_run(fresh_env, log1)
        try:
            wait_until_ready(gateway + "/readyz", timeout=90, proc=proc)
            match = KEY_LINE.search(log1.read_text())
            assert match, log1.read_text()
            key = match["key"]
            assert (tmp_path / "data" / "admin-key").read_text().strip() == key
            assert oct((tmp_path / "data" / "admin-key").stat().st_mode & 0o777) == "0o600"

            me = httpx.get(gateway + "/v1/me", headers={"Authorization": f"Bearer {key}"})
            assert me.status_code == 200 and me.json()["role"] == "admin"
            direct = httpx.get(training + "/v1/me", headers={"Authorization": f"Bearer {key}"})
            assert direct.status_code == 401
            assert direct.headers["content-type"] == "application/problem+json"
            ready = httpx.get(gateway + "/readyz").json()
            assert {u["status"] for u in ready["upstreams"].values()} == {"ready"}
        finally:
            code, survivors = interrupt(proc)
        assert survivors == [], "Ctrl-C must stop every process"
        assert code == 0

        log2 = tmp_path / "run2.log"
        proc = start_run(fresh_env, log2)
        try:
            wait_until_ready(gateway + "/readyz", timeout=90, proc=proc)
            assert "shown once" not in log2.read_text()
            again = httpx.get(gateway + "/v1/me", headers={"Authorization": f"Bearer {key}"})
            assert again.status_code == 200, "the second run must keep the first run's data"
        finally:
            code, survivors = interrupt(proc)
        assert survivors == []

    def test_cli_prints_the_key_alone(self, database_url: str, tmp_path: Path) -> None:
        env = component_env(database_url, tmp_path)
        out = subprocess.run(
            [
                sys.executable,
                "-m",
                "launcher.cli",
                "api-keys",
                "create",
                "--kind",
                "staff",
                "--role",
                "admin",
                "--name",
                "ops",
            ],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        assert re.fullmatch(r"secor_[A-Za-z0-9_\-]{43}\n", out.stdout), out.stdout

    def test_cli_refuses_staff_key_without_role(self, database_url: str, tmp_path: Path) -> None:
        env = component_env(database_url, tmp_path)
        out = subprocess.run(
            [sys.executable, "-m", "launcher.cli", "api-keys", "create", "--kind", "staff", "--name", "ops"],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert out.returncode == 2
        assert out.stdout == ""
        assert "role is required" in out.stderr
