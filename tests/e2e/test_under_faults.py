"""`secor run` under faults, with real processes: a component killed is started again, and the database away
is a 503 on every path (then success), never a 500."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil
import pytest

from launcher.embedded_db import EmbeddedPostgres, start_embedded_postgres
from tests.e2e.test_make_run import KEY_LINE
from tests.e2e.test_run_stops import Run, postgres_on
from tests.servers import free_port

pytestmark = pytest.mark.e2e

COMPONENTS = ("eligibility", "training", "submission", "gateway", "worker")


@dataclass
class Running:
    run: Run
    database: EmbeddedPostgres
    key: str

    @property
    def gateway(self) -> str:
        return f"http://127.0.0.1:{self.run.env['SECOR_GATEWAY_PORT']}"

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}"}


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    """A run on an embedded server started here, so a test can take it down and bring it back."""
    data_dir = tmp_path_factory.mktemp("faults") / "data"
    database = start_embedded_postgres(data_dir / "pg", stop_at_exit=False)
    run = Run(data_dir)
    try:
        run.ready()
        match = KEY_LINE.search(run.text())
        assert match, run.text()
        yield Running(run, database, match["key"])
    finally:
        run.signal(signal.SIGINT)
        run.wait()
        for proc in postgres_on(data_dir / "pg"):
            proc.kill()


def component_pid(run: Run, name: str) -> int | None:
    """The pid of the component's process (the uvicorn parent, or the worker) in this run."""
    for child in psutil.Process(run.proc.pid).children():
        try:
            cmdline = child.cmdline()
        except psutil.Error:  # just killed, not reaped yet
            continue
        if "launcher.cli" in cmdline and (cmdline[-1] == name and ("serve" in cmdline or name == "worker")):
            return child.pid
    return None


@dataclass
class Load:
    """Requests sent every `interval` s in a thread, each answer (or connection error) kept with its time."""

    running: Running
    interval: float = 0.05
    answers: list[tuple[float, str, int, dict[str, str]]] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    # Round robin over the paths, the gateway's own (keys, idempotency, webhook endpoints) and each service's.
    PATHS = (
        "create",
        "/v1/employers",
        "/v1/webhook-endpoints",
        "/v1/courses",
        "/v1/submissions",
        "/v1/api-keys",
    )

    def request(self, client: httpx.Client, n: int) -> tuple[str, httpx.Request]:
        base, headers = self.running.gateway, self.running.headers()
        path = self.PATHS[n % len(self.PATHS)]
        if path != "create":
            return path, client.build_request("GET", base + path, headers=headers)
        body = {
            "wcb_account_number": str(uuid.uuid4().int)[:9],
            "legal_name": "Prairie Roofing Ltd.",
            "contact_email": "owner@prairieroofing.example",
        }
        idempotent = headers | {"Idempotency-Key": uuid.uuid4().hex}
        return path, client.build_request("POST", base + "/v1/employers", json=body, headers=idempotent)

    def _send(self) -> None:
        with httpx.Client(timeout=10) as client:
            n = 0
            while not self._stop.is_set():
                name, request = self.request(client, n)
                try:
                    response = client.send(request)
                    headers = {k.lower(): v for k, v in response.headers.items()}
                    self.answers.append((time.monotonic(), name, response.status_code, headers))
                except httpx.TransportError:
                    self.answers.append((time.monotonic(), name, 0, {}))
                n += 1
                time.sleep(self.interval)

    def __enter__(self) -> Load:
        self._thread = threading.Thread(target=self._send, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join(15)


def replaced(run: Run, name: str, pid: int) -> Callable[[], bool]:
    return lambda: component_pid(run, name) not in (None, pid)


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"not within {timeout} s: {what}")


def ready(running: Running) -> bool:
    try:
        return httpx.get(running.gateway + "/readyz", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


class TestTheDatabaseAway:
    def test_every_path_answers_503_with_retry_after_then_succeeds(self, running: Running) -> None:
        with Load(running) as load:
            time.sleep(2)
            running.database.take_down()
            down_at = time.monotonic()
            time.sleep(6)
            running.database.bring_up()
            up_at = time.monotonic()
            wait_for(lambda: ready(running), 30, "ready again")
            time.sleep(3)
        during = [a for a in load.answers if down_at + 0.5 < a[0] < up_at]
        assert during, "no request was answered while the database was down"
        wrong = [(name, status) for _, name, status, _ in load.answers if status not in (200, 201, 503)]
        assert wrong == [], wrong
        away = [a for a in load.answers if a[2] == 503]
        assert {name for _, name, _, _ in away} >= {
            "create",
            "/v1/employers",
            "/v1/webhook-endpoints",
            "/v1/api-keys",
        }, away
        for _, name, _, headers in away:
            assert headers.get("content-type") == "application/problem+json", name
            assert int(headers["retry-after"]) >= 1, name
        recovered = [status for at, _, status, _ in load.answers if at > load.answers[-1][0] - 2]
        assert recovered and set(recovered) <= {200, 201}, recovered


class TestACrashIsNotAnOutage:
    def test_each_component_killed_is_started_again(self, running: Running) -> None:
        wait_for(lambda: ready(running), 30, "ready")
        with Load(running, interval=0.1) as load:
            for name in COMPONENTS:
                pid = component_pid(running.run, name)
                assert pid is not None, name
                os.kill(pid, signal.SIGKILL)
                wait_for(replaced(running.run, name, pid), 30, f"{name} started again")
                wait_for(lambda: ready(running), 60, f"ready after {name} was killed")
        log = running.run.text()
        for name in COMPONENTS:
            assert re.search(rf"{name} exited with code -9; starting it again in [0-9.]+ s", log), log
            assert f"{name} starting again" in log
        assert "stopping everything" not in log
        # Requests failed only while what serves them was down: refused, or a 502/503 from the gateway.
        assert {status for _, _, status, _ in load.answers} <= {0, 200, 201, 502, 503}
        created = httpx.post(
            running.gateway + "/v1/employers",
            json={
                "wcb_account_number": str(uuid.uuid4().int)[:9],
                "legal_name": "After the crashes Ltd.",
                "contact_email": "owner@after.example",
            },
            headers=running.headers(),
        )
        assert created.status_code == 201, created.text


class TestAComponentAlone:
    def test_it_finds_the_embedded_database_as_make_run_does(self, running: Running) -> None:
        """`secor serve training` with no SECOR_DATABASE_URL, as compose or Kubernetes would start it beside the
        run's data folder: it uses the embedded server there (running already, so left running)."""
        env = {k: v for k, v in running.run.env.items() if k != "SECOR_DATABASE_URL"}
        env["SECOR_TRAINING_PORT"] = str(free_port())
        log = Path(running.run.env["SECOR_DATA_DIR"]).parent / "alone.log"
        proc = subprocess.Popen(
            [sys.executable, "-m", "launcher.cli", "serve", "training"],
            env=env,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        try:
            url = f"http://127.0.0.1:{env['SECOR_TRAINING_PORT']}/readyz"
            wait_for(lambda: _answers(url), 60, f"training alone ready: {log.read_text(errors='replace')}")
            assert httpx.get(url).json()["database"] == "ok"
        finally:
            proc.terminate()
            proc.wait(20)
        assert ready(running), "the run's database is still up"


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False
