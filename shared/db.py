"""The async engine and sessions (SQLAlchemy on asyncpg) every service uses."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Annotated, Any

import asyncpg
from fastapi import Depends, Request
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)


def sqlalchemy_url(url: str) -> str:
    """The URL with the asyncpg driver, whatever form it was given in (postgres://, postgresql://...)."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    parsed = make_url(url)
    return parsed.set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)


def asyncpg_dsn(url: str) -> str:
    """The URL as plain asyncpg (and libpq) accept it."""
    parsed = make_url(sqlalchemy_url(url))
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


def make_engine(
    url: str,
    *,
    pool_size: int = 10,
    application_name: str = "secor",
    pre_ping: bool = True,
    server_settings: Mapping[str, str] | None = None,
) -> AsyncEngine:
    """An engine on asyncpg; `server_settings` are PostgreSQL settings for its connections.

    With `pre_ping` every checkout costs a round trip and a restarted database is never noticed by callers.
    Services run without it: a dead connection fails one request with a 503, which invalidates the pool, and
    the next requests connect afresh.
    """
    settings = {"application_name": application_name, **(server_settings or {})}
    connect_args: dict[str, Any] = {"server_settings": settings}
    return create_async_engine(
        sqlalchemy_url(url),
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=pre_ping,
        pool_recycle=1800,
        # Bound values (key hashes, e-mail addresses, names) never reach an exception's text or a log.
        hide_parameters=True,
        connect_args=connect_args,
    )


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)


async def database_reachable(engine: AsyncEngine) -> bool:
    """True when a round trip to the database succeeds."""
    try:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        return True
    except Exception:
        return False


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """A session for one route: committed when the route returns, before the response is sent (the dependency
    is function-scoped), and rolled back if it raises. A route commits by itself only where something must
    follow the commit (a cache told, a long upload begun, a wait for the event to be applied)."""
    maker: async_sessionmaker[AsyncSession] = request.app.state.sessionmaker
    async with maker() as session:
        yield session
        await session.commit()


async def get_streaming_session(request: Request) -> AsyncIterator[AsyncSession]:
    """A session that lives until a streamed response has been sent, for a body read as it streams; it writes
    nothing, and what it read is rolled back when the response ends."""
    maker: async_sessionmaker[AsyncSession] = request.app.state.sessionmaker
    async with maker() as session:
        yield session


Session = Annotated[AsyncSession, Depends(get_session, scope="function")]
StreamingSession = Annotated[AsyncSession, Depends(get_streaming_session)]


async def _keep_session(_: asyncpg.Connection) -> None:
    """Nothing to undo: these connections run single statements and never change their session (no SET, LISTEN
    or advisory lock). asyncpg still rolls back a transaction left open before this is called."""


async def create_raw_pool(url: str, *, size: int, application_name: str) -> asyncpg.Pool:
    """A plain asyncpg pool, for the few hot single-statement reads where SQLAlchemy's layers cost most.

    Released connections skip asyncpg's default reset (`RESET ALL; UNLISTEN *; ...`), a round trip per request
    that would undo nothing here.
    """
    return await asyncpg.create_pool(
        asyncpg_dsn(url),
        min_size=1,
        max_size=size,
        server_settings={"application_name": application_name},
        reset=_keep_session,
    )
