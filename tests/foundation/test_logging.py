"""Logs never carry the values a database error quotes, nor the parameters bound to the statement."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import Integer, bindparam, text
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.db import make_engine
from shared.logging import JsonFormatter, TextFormatter

SECRET = "e3b0c44298fc1c149afbf4c8996fb924-secret"


def logged(exc: BaseException) -> tuple[dict[str, str], str]:
    """The JSON and the text line an `logger.exception` of this error writes."""
    try:
        raise exc
    except BaseException:
        record = logging.LogRecord("t", logging.ERROR, __file__, 1, "failed", None, sys.exc_info())
    return json.loads(JsonFormatter("test").format(record)), TextFormatter("test").format(record)


async def failure(engine: AsyncEngine, statement: str, params: dict[str, object]) -> BaseException:
    async with engine.connect() as conn:
        await conn.execute(text("CREATE TEMP TABLE t (k text CONSTRAINT t_k_unique UNIQUE)"))
        await conn.execute(text("INSERT INTO t VALUES (:k)"), {"k": SECRET})
        with pytest.raises(Exception) as caught:
            await conn.execute(text(statement).bindparams(bindparam("n", type_=Integer)), params)
        return caught.value


@pytest.fixture
async def service_engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = make_engine(database_url, pool_size=1)
    yield engine
    await engine.dispose()


class TestDatabaseErrorsInLogs:
    @pytest.mark.parametrize(
        ("statement", "params"),
        [
            # The server's detail quotes the clashing key: "Key (k)=(...) already exists".
            ("INSERT INTO t SELECT :k WHERE :n IS NULL", {"k": SECRET, "n": None}),
            # The server's message quotes the value it could not read.
            ("SELECT CAST(CAST(:k AS text) AS integer), :n", {"k": SECRET, "n": 1}),
            # The driver's message quotes the argument it could not encode.
            ("SELECT :n", {"n": SECRET}),
        ],
    )
    async def test_no_value_is_written(
        self, service_engine: AsyncEngine, statement: str, params: dict[str, object]
    ) -> None:
        exc = await failure(service_engine, statement, params)
        # Python's own traceback of this error shows the value, so this test can fail.
        standard = logging.Formatter().formatException((type(exc), exc, exc.__traceback__))
        assert SECRET in standard or SECRET in repr(getattr(exc.__cause__, "detail", ""))
        entry, line = logged(exc)
        assert SECRET not in json.dumps(entry) and SECRET not in line
        assert entry["exc"].startswith("Traceback (most recent call last)")
        assert f"in statement: {statement.split()[0]}" in entry["exc"]

    async def test_what_went_wrong_is_still_said(self, service_engine: AsyncEngine) -> None:
        exc = await failure(
            service_engine, "INSERT INTO t SELECT :k WHERE :n IS NULL", {"k": SECRET, "n": None}
        )
        entry, _ = logged(exc)
        assert "UniqueViolationError" in entry["exc"]
        assert "SQLSTATE 23505" in entry["exc"] and "constraint t_k_unique" in entry["exc"]

    def test_other_errors_keep_their_message(self) -> None:
        entry, line = logged(ValueError("the ledger position is past bigint"))
        assert "ValueError: the ledger position is past bigint" in entry["exc"]
        assert "ValueError: the ledger position is past bigint" in line
