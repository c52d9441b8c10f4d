"""Alembic environment: runs migrations over asyncpg against SECOR_DATABASE_URL (or the configured URL)."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy import pool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from shared.db import sqlalchemy_url
from shared.settings import SecorSettings

config = context.config


def _url() -> str:
    url = config.get_main_option("sqlalchemy.url") or SecorSettings().database_url
    if not url:
        raise RuntimeError(
            "Set SECOR_DATABASE_URL (or run `secor migrate`, which starts the embedded database)"
        )
    return sqlalchemy_url(url)


def _run(connection: Connection) -> None:
    context.configure(connection=connection, transaction_per_migration=True)
    with context.begin_transaction():
        context.run_migrations()


async def _run_async() -> None:
    engine = create_async_engine(_url(), poolclass=pool.NullPool)
    async with engine.connect() as connection:
        await connection.run_sync(_run)
    await engine.dispose()


if context.is_offline_mode():
    context.configure(url=_url(), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    existing = config.attributes.get("connection")
    if existing is not None:
        _run(existing)
    else:
        asyncio.run(_run_async())
