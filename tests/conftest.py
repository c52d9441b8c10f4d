"""Test fixtures: a real PostgreSQL migrated by alembic, apps wired in-process, and real processes for e2e.

The database is the embedded one under `.data/test-pg` unless SECOR_TEST_DATABASE_URL names another server;
each session creates its own database there and drops it at the end. Every test starts from empty tables.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from launcher.runner import migrate, seed
from shared.db import make_engine
from tests.helpers import new_key, scratch_database, truncate_all
from tests.stack import Stack, build_stack

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    """URL of the PostgreSQL server the suite uses (its maintenance database)."""
    external = os.environ.get("SECOR_TEST_DATABASE_URL")
    if external:
        yield external
        return
    from launcher.embedded_db import start_embedded_postgres

    handle = start_embedded_postgres(ROOT / ".data" / "test-pg", stop_at_exit=True)
    yield handle.url
    # Last of the session's fixtures to end: nothing of the suite's runs after it (unless it was running before).
    handle.stop()


@pytest.fixture(scope="session")
async def database_url(server_url: str) -> AsyncIterator[str]:
    """A fresh database for this session, migrated to head and seeded."""
    async with scratch_database(server_url, "secor_test") as url:
        await asyncio.to_thread(migrate, url)
        await seed(url)
        os.environ["SECOR_DATABASE_URL"] = url
        yield url


@pytest.fixture(scope="session")
async def session_engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    eng = make_engine(database_url, pool_size=20, application_name="tests")
    yield eng
    await eng.dispose()


@pytest.fixture
async def engine(session_engine: AsyncEngine) -> AsyncEngine:
    """The test database, emptied of everything but the seeded reference data before the test."""
    await truncate_all(session_engine)
    return session_engine


@pytest.fixture(scope="session")
async def session_stack(session_engine: AsyncEngine, database_url: str) -> AsyncIterator[Stack]:
    async with build_stack(session_engine, database_url) as built:
        yield built


@pytest.fixture
async def stack(session_stack: Stack, engine: AsyncEngine) -> AsyncIterator[Stack]:
    """The in-process system, with a clock reset to real time after the test."""
    yield session_stack
    session_stack.clock.reset()


@pytest.fixture
async def api(stack: Stack) -> httpx.AsyncClient:
    """A client of the gateway, as the outside world sees it."""
    return stack.gateway


@pytest.fixture
async def admin_key(engine: AsyncEngine) -> str:
    return await new_key(engine, "staff", role="admin")
