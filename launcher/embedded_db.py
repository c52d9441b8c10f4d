"""The embedded PostgreSQL (the `pgserver` package) used when no SECOR_DATABASE_URL is given.

Its lifetime is ours, not pgserver's: pgserver stops a server at exit only if the process it remembers is still
the postmaster, which is no longer true once the server has been restarted (as it is on a fresh data folder, to
raise max_connections), and it counts every process that ever used the folder, dead ones included. So a server
is stopped here when the process that started it is done with it and no other live process still holds it; one
that was already running is left running, and both are said in the log.
"""

from __future__ import annotations

import atexit
import logging
import os
import shlex
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

logger = logging.getLogger("secor.embedded_db")

MIN_CONNECTIONS = 300


def running_postmaster(pgdata: Path) -> int | None:
    """The pid of the server running on `pgdata`, from its postmaster.pid, if that process is alive."""
    try:
        pid = int((pgdata / "postmaster.pid").read_text().split("\n", 1)[0])
    except (OSError, ValueError):
        return None
    return pid if _alive(pid) else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, and someone else's (the server runs as its own user under root)
    return True


@dataclass
class EmbeddedPostgres:
    pgdata: Path
    url: str
    started_here: bool  # False: it was running before this process asked for it, and is left running
    server: Any = field(repr=False)
    stopped: bool = False

    def describe(self) -> str:
        if self.started_here:
            return f"embedded PostgreSQL in {self.pgdata} (started by this process; stopped when it ends)"
        return (
            f"embedded PostgreSQL in {self.pgdata} (already running, pid {running_postmaster(self.pgdata)}: "
            "left running when this process ends)"
        )

    def restart(self) -> None:
        restart_embedded_postgres(self.server)

    def take_down(self) -> None:
        """Stop the server at once (fast: open transactions roll back, clients are cut off), whoever started
        it, and leave it down until `bring_up` (outage tests)."""
        _pg_ctl(["-w", "-m", "fast", "stop"], self.server)

    def bring_up(self) -> None:
        """Start it again as it ran before (the options pgserver gave it, kept in postmaster.opts)."""
        argv = shlex.split((self.pgdata / "postmaster.opts").read_text())[1:]
        if argv[:1] == ["-D"]:
            argv = argv[2:]
        _pg_ctl(["-w", "-o", shlex.join(argv), "start", "-l", str(self.server.log)], self.server)

    def _other_holders(self) -> list[int]:
        """Live processes other than this one that started or reused this server through pgserver."""
        with self.server._lock:  # pgserver's own inter-process lock on the list
            holders = self.server.global_process_id_list.get_and_remove(os.getpid()) or []
        return [pid for pid in holders if pid != os.getpid() and _alive(pid)]

    def stop(self, *, immediate: bool = False) -> str:
        """Stop the server if this process started it and nobody else still uses it; says what was done."""
        if self.stopped:
            return "embedded PostgreSQL already stopped"
        self.stopped = True
        others = self._other_holders()
        if not self.started_here:
            return f"embedded PostgreSQL in {self.pgdata} left running: it was running before this process"
        if others:
            return f"embedded PostgreSQL in {self.pgdata} left running: still used by pid(s) {others}"
        if running_postmaster(self.pgdata) is None:
            return f"embedded PostgreSQL in {self.pgdata} had already stopped"
        # "fast" rolls back open transactions and disconnects clients; "immediate" does not wait for them at
        # all (a second Ctrl-C), and the next start recovers from the write-ahead log as after a crash.
        _pg_ctl(["-w", "-m", "immediate" if immediate else "fast", "stop"], self.server)
        return f"embedded PostgreSQL in {self.pgdata} stopped" + (" (immediate)" if immediate else "")


def start_embedded_postgres(pgdata: Path, *, stop_at_exit: bool = True) -> EmbeddedPostgres:
    """Start (or reuse) the server whose data lives in `pgdata`. With `stop_at_exit`, a server this call
    started is stopped when the process exits (unless stopped before, or still used by another process)."""
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    import pgserver  # imported here: it is heavy and only this path needs it

    pgdata = pgdata.resolve()
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    already = running_postmaster(pgdata) is not None
    server = pgserver.get_server(pgdata, cleanup_mode=None)
    current = int(server.psql("SHOW max_connections;").split("\n")[2].strip())
    handle = EmbeddedPostgres(pgdata, server.get_uri(), started_here=not already, server=server)
    if current < MIN_CONNECTIONS:
        # Four services, a worker and a test suite each hold a pool; the default 100 is too few.
        server.psql(f"ALTER SYSTEM SET max_connections = {MIN_CONNECTIONS};")
        handle.restart()
    if stop_at_exit:
        atexit.register(lambda: logger.info(handle.stop()))
    return handle


def restart_embedded_postgres(server: Any) -> None:
    """Restart a pgserver server in place (after configuration changes; recovery tests)."""
    _pg_ctl(["-w", "restart", "-l", str(server.log)], server)


def _pg_ctl(args: list[str], server: Any) -> None:
    from pgserver import _commands  # pg_ctl is generated at import time, so it is looked up by name

    getattr(_commands, "pg_ctl")(args, pgdata=server.pgdata, user=server.system_user, timeout=60)  # noqa: B009
