"""`secor run`: everything `make run` needs, in order, then one supervised group of processes."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from launcher.embedded_db import EmbeddedPostgres
from shared.settings import SecorSettings

_embedded_handles: list[EmbeddedPostgres] = []

COLORS = {
    "gateway": "\033[36m",
    "eligibility": "\033[32m",
    "training": "\033[33m",
    "submission": "\033[35m",
    "worker": "\033[34m",
    "mail-sink": "\033[90m",
    "mail-intake": "\033[95m",
}
RESET = "\033[0m"


def database_url(settings: SecorSettings | None = None, *, stop_at_exit: bool = True) -> str:
    """SECOR_DATABASE_URL, or the embedded server under `<data_dir>/pg` (started if it is not running)."""
    settings = settings or SecorSettings()
    if settings.database_url:
        return settings.database_url
    from launcher.embedded_db import start_embedded_postgres

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    handle = start_embedded_postgres(settings.data_dir / "pg", stop_at_exit=stop_at_exit)
    _embedded_handles.append(handle)
    return handle.url


def migrate(url: str, revision: str = "head") -> None:
    """alembic upgrade to `revision` (default head) against `url`."""
    from alembic import command
    from alembic.config import Config

    root = Path(__file__).resolve().parent.parent
    config = Config()
    config.set_main_option("script_location", str(root / "migrations"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(config, revision)


async def seed(url: str) -> None:
    """Reference data every installation needs; safe to run on every start."""
    from launcher.seeds import run_seeds
    from shared.db import make_engine

    engine = make_engine(url, pool_size=1)
    try:
        await run_seeds(engine)
    finally:
        await engine.dispose()


async def create_api_key(url: str, data: Any, *, created_by: str) -> str:
    from gateway.api_keys.service import create_key
    from shared.db import make_engine, make_sessionmaker

    engine = make_engine(url, pool_size=1)
    try:
        async with make_sessionmaker(engine)() as session:
            _, plaintext = await create_key(session, data, created_by=created_by, now=dt.datetime.now(dt.UTC))
            await session.commit()
    finally:
        await engine.dispose()
    return plaintext


async def _key_is_active(url: str, key: str) -> bool:
    from gateway.api_keys import repository
    from gateway.api_keys.service import hash_key
    from shared.db import make_engine, make_sessionmaker

    engine = make_engine(url, pool_size=1)
    try:
        async with make_sessionmaker(engine)() as session:
            return await repository.active_by_hash(session, hash_key(key)) is not None
    finally:
        await engine.dispose()


def bootstrap_admin_key(url: str, key_file: Path) -> tuple[str, bool]:
    """The admin key kept in `key_file`; created (and flagged new) the first time, or if it stopped working."""
    from gateway.api_keys.schemas import ApiKeyCreate

    if key_file.exists():
        existing = key_file.read_text().strip()
        if existing and asyncio.run(_key_is_active(url, existing)):
            return existing, False
    key = asyncio.run(
        create_api_key(
            url, ApiKeyCreate(name="bootstrap admin", kind="staff", role="admin"), created_by="secor run"
        )
    )
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key_file.write_text(key + "\n")
    key_file.chmod(0o600)
    return key, True


# A component that dies is started again after a pause that doubles with each death in a row (from the first
# to the last); one that dies this many times in a row, each within STEADY_SECONDS of starting, stops the run.
FIRST_BACKOFF_SECONDS = 0.5
LAST_BACKOFF_SECONDS = 30.0
STEADY_SECONDS = 10.0
FAILED_STARTS = 5


@dataclass
class _Child:
    argv: list[str]
    proc: subprocess.Popen[bytes]
    started: float
    deaths_in_a_row: int = 0
    restart_at: float | None = None


class Supervisor:
    """Runs the components as child processes with one merged, readable log stream, and starts again one
    that dies (with backoff); only one that keeps dying at start stops the run."""

    def __init__(self, env: dict[str, str], *, pretty: bool) -> None:
        self.env = env
        self.pretty = pretty
        self._children: dict[str, _Child] = {}
        self._print_lock = threading.Lock()
        self.hurry = threading.Event()  # a second Ctrl-C: stop at once
        self._stopped = False

    @property
    def children(self) -> dict[str, subprocess.Popen[bytes]]:
        return {name: child.proc for name, child in self._children.items()}

    def start(self, name: str, argv: list[str]) -> None:
        proc = subprocess.Popen(
            argv,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches us only; we stop the children in order
        )
        known = self._children.get(name)
        if known is None:
            self._children[name] = _Child(argv, proc, time.monotonic())
        else:
            known.proc, known.started, known.restart_at = proc, time.monotonic(), None
        threading.Thread(target=self._pump, args=(name, proc.stdout), daemon=True).start()

    def _look_after(self, name: str, child: _Child, now: float) -> str | None:
        """Start a dead child again when its pause is over; a reason to stop everything when it keeps dying."""
        if child.restart_at is not None:
            if now >= child.restart_at:
                self.emit("secor", f"{name} starting again (restart {child.deaths_in_a_row} in a row)")
                self.start(name, child.argv)
            return None
        code = child.proc.poll()
        if code is None:
            if child.deaths_in_a_row and now - child.started >= STEADY_SECONDS:
                child.deaths_in_a_row = 0
            return None
        child.deaths_in_a_row = child.deaths_in_a_row + 1 if now - child.started < STEADY_SECONDS else 1
        if child.deaths_in_a_row >= FAILED_STARTS:
            return (
                f"{name} exited with code {code}, {child.deaths_in_a_row} times in a row within "
                f"{STEADY_SECONDS:g} s of starting; stopping everything (see its log lines above)"
            )
        pause = min(LAST_BACKOFF_SECONDS, FIRST_BACKOFF_SECONDS * 2 ** (child.deaths_in_a_row - 1))
        child.restart_at = now + pause
        self.emit("secor", f"{name} exited with code {code}; starting it again in {pause:g} s")
        return None

    def _pump(self, name: str, stream: IO[bytes] | None) -> None:
        assert stream is not None
        for raw in iter(stream.readline, b""):
            self.emit(name, raw.decode(errors="replace").rstrip("\n"))

    def emit(self, name: str, line: str) -> None:
        if self.pretty:
            line = _pretty(name, line)
        else:
            line = line if line.startswith("{") else json.dumps({"component": name, "msg": line})
        with self._print_lock:
            print(line, flush=True)

    def wait(self) -> int:
        """Block until Ctrl-C/SIGTERM, looking after the children meanwhile (a dead one is started again), or
        until one keeps dying at start; then stop them all. A second signal while they stop kills what is left
        at once."""
        stop = threading.Event()

        def signalled(signum: int, _: object) -> None:
            if stop.is_set():
                if not self.hurry.is_set():
                    self.emit("secor", f"{signal.Signals(signum).name} again: stopping at once")
                self.hurry.set()
                return
            self.emit("secor", f"{signal.Signals(signum).name}: stopping every component")
            stop.set()

        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, signalled)
        exit_code = 0
        while not stop.is_set():
            now = time.monotonic()
            for name, child in list(self._children.items()):
                reason = self._look_after(name, child, now)
                if reason is not None:
                    self.emit("secor", reason)
                    exit_code = 1
                    stop.set()
                    break
            stop.wait(0.2)
        self.stop_all()
        return exit_code

    def stop_all(self, timeout: float = 15.0) -> None:
        """SIGTERM to every child, SIGKILL to any still running after `timeout` or once `hurry` is set; each
        one's end is logged. Once only."""
        if self._stopped:
            return
        self._stopped = True
        for proc in self.children.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while any(proc.poll() is None for proc in self.children.values()):
            if self.hurry.is_set() or time.monotonic() > deadline:
                for proc in self.children.values():
                    if proc.poll() is None:
                        proc.kill()
            self.hurry.wait(0.05)
        for name, proc in self.children.items():
            self.emit("secor", f"{name} stopped (exit code {proc.returncode})")


def _pretty(name: str, line: str) -> str:
    color = COLORS.get(name, "")
    text = line
    if line.startswith("{"):
        try:
            entry = json.loads(line)
        except ValueError:
            entry = None
        if isinstance(entry, dict):
            level = str(entry.pop("level", "info")).upper()
            msg = entry.pop("msg", "")
            for noise in ("ts", "component", "logger"):
                entry.pop(noise, None)
            rid = entry.pop("request_id", None)
            exc = entry.pop("exc", None)
            extras = " ".join(f"{k}={v}" for k, v in entry.items())
            text = f"{level:<7} {msg}" + (f"  {extras}" if extras else "") + (f"  rid={rid}" if rid else "")
            if exc:
                text += "\n" + exc
    stamp = time.strftime("%H:%M:%S")
    return f"{stamp} {color}{name:<11}{RESET} {text}"


def component_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "launcher.cli", *args]


def run_all() -> int:
    settings = SecorSettings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    pretty = sys.stdout.isatty() or os.environ.get("SECOR_RUN_PRETTY") == "1"
    say = Supervisor({}, pretty=pretty).emit

    url = database_url(settings)
    embedded = _embedded_handles[-1] if not settings.database_url else None
    say(
        "secor",
        "database: "
        + (
            embedded.describe()
            if embedded
            else "SECOR_DATABASE_URL (neither started nor stopped by this run)"
        ),
    )
    env = dict(os.environ)
    env["SECOR_DATABASE_URL"] = url
    env.setdefault("SECOR_LOG_FORMAT", "json")
    env["PYTHONUNBUFFERED"] = "1"
    supervisor = Supervisor(env, pretty=pretty)
    try:
        migrate(url)
        say("secor", "migrations applied (alembic upgrade head)")
        asyncio.run(seed(url))
        key, new = bootstrap_admin_key(url, settings.data_dir / "admin-key")
        if new:
            say("secor", f"admin API key (shown once, kept in {settings.data_dir / 'admin-key'}): {key}")
        else:
            say("secor", f"admin API key: see {settings.data_dir / 'admin-key'}")
        if not os.environ.get("SECOR_SMTP_HOST"):
            supervisor.start("mail-sink", component_argv("mail-sink"))
        for name in ("eligibility", "training", "submission", "gateway"):
            supervisor.start(name, component_argv("serve", name))
        supervisor.start("worker", component_argv("worker"))
        supervisor.start("mail-intake", component_argv("mail-intake"))
        say("secor", f"gateway on http://{settings.host}:{settings.gateway_port} - Ctrl-C stops everything")
        return supervisor.wait()
    finally:
        supervisor.stop_all()  # nothing left behind, whatever ended the run (a no-op after wait())
        if embedded is not None:
            say("secor", embedded.stop(immediate=supervisor.hurry.is_set()))
