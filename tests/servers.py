"""Real servers for tests: uvicorn on a free loopback port, in a thread or as the real component processes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import uvicorn

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerThread:
    """An ASGI app served by uvicorn on 127.0.0.1 in a background thread (its own event loop)."""

    def __init__(self, app: Any, port: int | None = None) -> None:
        self.port = port or free_port()
        self.server = uvicorn.Server(
            uvicorn.Config(
                app, host="127.0.0.1", port=self.port, log_config=None, access_log=False, lifespan="on"
            )
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> ServerThread:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("test server did not start")
            time.sleep(0.01)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)


def wait_until_ready(url: str, timeout: float = 30.0, proc: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode} before {url} was ready")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError as exc:
            last = exc
        time.sleep(0.1)
    raise RuntimeError(f"{url} not ready after {timeout}s: {last}")


OFFLINE = Path(__file__).parent / "offline"


def component_env(database_url: str, data_dir: Path, **overrides: str) -> dict[str, str]:
    """Environment for real component processes on free ports (as `make run` would set it)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SECOR_")}
    env.update(
        {
            "SECOR_ENVIRONMENT": "test",
            "SECOR_DATABASE_URL": database_url,
            "SECOR_DATA_DIR": str(data_dir),
            "SECOR_GATEWAY_PORT": str(free_port()),
            "SECOR_ELIGIBILITY_PORT": str(free_port()),
            "SECOR_TRAINING_PORT": str(free_port()),
            "SECOR_SUBMISSION_PORT": str(free_port()),
            "SECOR_SMTP_PORT": str(free_port()),
            "SECOR_MAIL_INTAKE_PORT": str(free_port()),
            "SECOR_WORKER_PORT": str(free_port()),
            "SECOR_MAIL_INTAKE_METRICS_PORT": str(free_port()),
            "SECOR_LOG_LEVEL": "WARNING",
            "SECOR_PROGRAM_TIMEZONE": "UTC",
            "PYTHONUNBUFFERED": "1",
            # tests/offline/sitecustomize.py: the processes resolve no name in DNS.
            "PYTHONPATH": os.pathsep.join(p for p in (str(OFFLINE), os.environ.get("PYTHONPATH")) if p),
        }
    )
    env.update(overrides)
    return env


def spawn(argv: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    handle = log.open("ab")
    return subprocess.Popen(
        [sys.executable, "-m", "launcher.cli", *argv],
        env=env,
        cwd=ROOT,
        stdout=handle,
        stderr=subprocess.STDOUT,
    )


@contextmanager
def component(name: str, env: dict[str, str], log_dir: Path) -> Iterator[subprocess.Popen[bytes]]:
    """One real component process (`secor serve NAME`), stopped at the end."""
    proc = spawn(["serve", name], env, log_dir / f"{name}.log")
    try:
        port = env[f"SECOR_{name.upper()}_PORT"]
        wait_until_ready(f"http://127.0.0.1:{port}/healthz", proc=proc)
        yield proc
    finally:
        stop(proc)


@contextmanager
def whole_system(env: dict[str, str], log_dir: Path) -> Iterator[str]:
    """The three services, the gateway and the worker as real processes; yields the gateway's URL."""
    with (
        component("eligibility", env, log_dir),
        component("submission", env, log_dir),
        component("training", env, log_dir),
        component("gateway", env, log_dir),
    ):
        worker = spawn(["worker"], env, log_dir / "worker.log")
        try:
            yield f"http://127.0.0.1:{env['SECOR_GATEWAY_PORT']}"
        finally:
            stop(worker)


def stop(proc: subprocess.Popen[bytes], timeout: float = 15) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def peak_rss_bytes(pid: int) -> int:
    """The process's high-water resident set (VmHWM): its peak memory so far."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("VmHWM not found")
