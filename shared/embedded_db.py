"""The embedded PostgreSQL (the `pgserver` package) used when no SECOR_DATABASE_URL is given."""

from __future__ import annotations

import logging
import warnings
from pathlib import Path
from typing import Any

logger = logging.getLogger("secor.embedded_db")

MIN_CONNECTIONS = 300


def start_embedded_postgres(pgdata: Path, *, stop_at_exit: bool = True) -> tuple[Any, str]:
    """Start (or reuse) the server whose data lives in `pgdata`; returns its handle and URL (unix socket)."""
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    import pgserver  # imported here: it is heavy and only this path needs it

    pgdata = pgdata.resolve()
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(pgdata, cleanup_mode="stop" if stop_at_exit else None)
    current = int(server.psql("SHOW max_connections;").split("\n")[2].strip())
    if current < MIN_CONNECTIONS:
        # Four services, a worker and a test suite each hold a pool; the default 100 is too few.
        server.psql(f"ALTER SYSTEM SET max_connections = {MIN_CONNECTIONS};")
        restart_embedded_postgres(server)
    return server, server.get_uri()


def _pg_ctl(args: list[str], server: Any) -> None:
    from pgserver import _commands  # pg_ctl is generated at import time, so it is looked up by name

    getattr(_commands, "pg_ctl")(args, pgdata=server.pgdata, user=server.system_user, timeout=60)  # noqa: B009


def restart_embedded_postgres(server: Any) -> None:
    """Restart the embedded server in place (used after configuration changes and by recovery tests)."""
    _pg_ctl(["-w", "restart", "-l", str(server.log)], server)
