"""Structured logs: one JSON object per line, carrying the request id of the request being served.

Tracebacks of database errors are written without the values they carry: a driver's message quotes the value it
could not take and PostgreSQL's detail quotes the key that clashed (a key hash, an e-mail address), so for
those errors only the kind, SQLSTATE, constraint and statement text are kept.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import re
import sys
import traceback
from types import TracebackType
from typing import Any

import asyncpg
from sqlalchemy.exc import StatementError

from shared.tracing import current_trace

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)

_RESERVED = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "color_message"}


ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]
_QUOTED = re.compile(r"""'[^']*'|"[^"]*"|\([^()]*\)=\([^()]*\)""")


def _is_database_error(exc: BaseException) -> bool:
    return isinstance(exc, StatementError | asyncpg.PostgresError | asyncpg.InterfaceError)


def _describe(exc: BaseException, *, in_database_error: bool) -> str:
    """The exception's message, or for a link of a database error what it is without the values it quotes."""
    if isinstance(exc, StatementError):
        return f"{type(exc.orig).__name__} in statement: {' '.join(str(exc.statement).split())[:2000]}"
    if isinstance(exc, asyncpg.PostgresError):
        parts = [f"SQLSTATE {exc.sqlstate}"]
        for attribute in ("table_name", "column_name", "constraint_name"):
            value = getattr(exc, attribute, None)
            if value:
                parts.append(f"{attribute.removesuffix('_name')} {value}")
        message = str(exc.args[0]) if exc.args else ""
        return f"{_QUOTED.sub('…', message).partition(': ')[0]} ({', '.join(parts)})"
    if in_database_error:
        # The driver's and its adapter's messages quote the value after a colon, cut to a length, maybe unclosed.
        return _QUOTED.sub("…", str(exc)).partition(": ")[0]
    return str(exc)


def format_exception(exc_info: ExcInfo) -> str:
    """A traceback like the standard one, with database errors described without their values."""
    exc = exc_info[1]
    chain: list[BaseException] = []
    while exc is not None and all(exc is not seen for seen in chain):
        chain.append(exc)
        exc = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
    in_database_error = any(_is_database_error(link) for link in chain)
    lines: list[str] = []
    for index, link in enumerate(reversed(chain)):
        if index:
            lines.append("\nThe above exception led to the following:\n\n")
        lines.append("Traceback (most recent call last):\n")
        lines.extend(traceback.format_tb(link.__traceback__))
        description = _describe(link, in_database_error=in_database_error)
        lines.append(f"{type(link).__module__}.{type(link).__qualname__}: {description}\n")
    return "".join(lines).rstrip("\n")


class JsonFormatter(logging.Formatter):
    """Formats a record as a JSON line; extra fields given with `extra=` are kept."""

    def __init__(self, component: str) -> None:
        super().__init__()
        self.component = component

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "component": self.component,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        request_id = request_id_var.get()
        if request_id:
            entry["request_id"] = request_id
        trace = current_trace.get()
        if trace is not None:
            entry["trace_id"], entry["span_id"] = trace.trace_id, trace.span_id
        for key, value in record.__dict__.items():
            if key not in _RESERVED and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exc"] = format_exception(record.exc_info)
        return json.dumps(entry, default=str)


class TextFormatter(logging.Formatter):
    """A human-readable line for a terminal."""

    def __init__(self, component: str) -> None:
        super().__init__()
        self.component = component

    def format(self, record: logging.LogRecord) -> str:
        request_id = request_id_var.get()
        suffix = f" rid={request_id}" if request_id else ""
        extras = " ".join(
            f"{k}={v}" for k, v in record.__dict__.items() if k not in _RESERVED and not k.startswith("_")
        )
        line = f"{record.levelname:<7} {self.component:<11} {record.getMessage()}{suffix}"
        if extras:
            line += f" {extras}"
        if record.exc_info:
            line += "\n" + format_exception(record.exc_info)
        return line


def configure_logging(component: str, level: str = "INFO", fmt: str = "json") -> None:
    """Route every logger (ours, uvicorn's, alembic's) to stderr in one format."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(component) if fmt == "json" else TextFormatter(component))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "alembic"):
        lg = logging.getLogger(name)
        lg.handlers[:] = []
        lg.propagate = True
    # httpx logs every request it makes at INFO: the access log already says what matters.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    # Our access-log middleware reports each request with its id; uvicorn's own line would repeat it.
    logging.getLogger("uvicorn.access").disabled = True
