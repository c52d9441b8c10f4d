"""`secor run` (what `make run` runs) stopped as a terminal stops it: SIGINT to its process group. Every process
it started ends, the embedded PostgreSQL included, and the log says so; a server that was running before is left
running."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import psutil
import pytest

from launcher.embedded_db import running_postmaster, start_embedded_postgres
from tests.servers import free_port


def run_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SECOR_")}
    env |= {
        "SECOR_DATA_DIR": str(data_dir),
        "SECOR_GATEWAY_PORT": str(free_port()),
        "SECOR_ELIGIBILITY_PORT": str(free_port()),
        "SECOR_TRAINING_PORT": str(free_port()),
        "SECOR_SUBMISSION_PORT": str(free_port()),
        "SECOR_SMTP_PORT": str(free_port()),
        "SECOR_LOG_LEVEL": "WARNING",
    }
    return env


class Run:
    """`secor run` in a process group of its own, as a terminal's foreground job is."""

    def __init__(self, data_dir: Path) -> None:
        self.env = run_env(data_dir)
        self.log = data_dir.parent / f"{data_dir.name}-run.log"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "launcher.cli", "run"],
            env=self.env,
            stdout=self.log.open("wb"),
            stderr=subprocess.STDOUT,
            process_group=0,
        )

    def ready(self, timeout: float = 120) -> list[psutil.Process]:
        """Every process of the run once the gateway answers /readyz."""
        url = f"http://127.0.0.1:{self.env['SECOR_GATEWAY_PORT']}/readyz"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, self.text()
            try:
                if httpx.get(url, timeout=2).status_code == 200:
                    return psutil.Process(self.proc.pid).children(recursive=True)
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise AssertionError(f"not ready: {self.text()}")

    def signal(self, sig: int) -> None:
        os.killpg(self.proc.pid, sig)

    def wait(self, timeout: float = 60) -> int:
        return self.proc.wait(timeout)

    def text(self) -> str:
        return self.log.read_text(errors="replace")


def postgres_on(pgdata: Path) -> list[psutil.Process]:
    found = []
    for proc in psutil.process_iter(["name", "cmdline"]):
        cmdline = proc.info["cmdline"] or []
        if proc.info["name"] == "postgres" and str(pgdata.resolve()) in cmdline:
            found.append(proc)
    return found


def assert_gone(processes: list[psutil.Process]) -> None:
    alive = [p for p in processes if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    assert alive == [], alive


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("run") / "data"
    yield folder
    for proc in postgres_on(folder / "pg"):  # only if a test failed half way
        proc.kill()


def test_ctrl_c_stops_everything_it_started_from_a_fresh_data_folder(data_dir: Path) -> None:
    run = Run(data_dir)
    processes = run.ready()
    assert len(processes) >= 6  # five components and the mail sink, with any helpers they start
    assert running_postmaster(data_dir / "pg") is not None
    run.signal(signal.SIGINT)
    assert run.wait() == 0, run.text()
    assert_gone(processes)
    assert running_postmaster(data_dir / "pg") is None and postgres_on(data_dir / "pg") == []
    log = run.text()
    assert "started by this process" in log
    assert "SIGINT: stopping every component" in log
    for name in ("mail-sink", "eligibility", "training", "submission", "gateway", "worker"):
        assert f"{name} stopped" in log
    assert f"embedded PostgreSQL in {(data_dir / 'pg').resolve()} stopped" in log


def test_a_second_signal_stops_at_once_and_leaves_nothing(data_dir: Path) -> None:
    run = Run(data_dir)
    processes = run.ready()
    run.signal(signal.SIGTERM)
    time.sleep(0.05)
    run.signal(signal.SIGINT)
    run.wait()
    assert_gone(processes)
    assert running_postmaster(data_dir / "pg") is None and postgres_on(data_dir / "pg") == []
    log = run.text()
    assert "SIGINT again: stopping at once" in log
    assert "stopped (immediate)" in log


def test_a_server_running_before_is_left_running(data_dir: Path) -> None:
    before = start_embedded_postgres(data_dir / "pg", stop_at_exit=False)
    try:
        pid = running_postmaster(data_dir / "pg")
        run = Run(data_dir)
        processes = run.ready()
        run.signal(signal.SIGINT)
        assert run.wait() == 0, run.text()
        assert_gone(processes)
        assert running_postmaster(data_dir / "pg") == pid
        log = run.text()
        assert f"already running, pid {pid}" in log
        assert "left running: it was running before this process" in log
    finally:
        assert "stopped" in before.stop()
    assert postgres_on(data_dir / "pg") == []
