"""Small factories and helpers so a test states only what matters."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import uuid
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import httpx
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.api_keys.schemas import ApiKeyCreate
from gateway.api_keys.service import create_key
from launcher.seeds import run_seeds
from shared.db import asyncpg_dsn, make_sessionmaker
from shared.principal import PRINCIPAL_HEADER, Principal, sign_principal
from shared.settings import DEV_PRINCIPAL_SECRET

PROBLEM_JSON = "application/problem+json"

_TABLES_SQL = text(
    """
    SELECT string_agg(format('%I', tablename), ', ')
    FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'
    """
)


@contextlib.asynccontextmanager
async def scratch_database(server_url: str, prefix: str) -> AsyncIterator[str]:
    """A new, empty database on the server for as long as the block runs (dropped after, connections or not)."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(asyncpg_dsn(server_url))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    try:
        yield make_url(asyncpg_dsn(server_url)).set(database=name).render_as_string(hide_password=False)
    finally:
        admin = await asyncpg.connect(asyncpg_dsn(server_url))
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()


async def truncate_all(engine: AsyncEngine) -> None:
    for attempt in range(5):
        try:
            async with engine.begin() as conn:
                tables = (await conn.execute(_TABLES_SQL)).scalar_one()
                if tables:
                    await conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            break
        except DBAPIError as exc:
            # TRUNCATE locks every table in turn; a background task of the in-process services (intake, say)
            # finishing a transaction over several of them can deadlock it, and PostgreSQL picks the TRUNCATE.
            if "deadlock" not in str(exc) or attempt == 4:
                raise
            await asyncio.sleep(0.1 * (attempt + 1))
    await run_seeds(engine)


async def new_key(
    engine: AsyncEngine,
    kind: str = "staff",
    *,
    role: str | None = None,
    name: str | None = None,
    provider_id: str | None = None,
    integrator_id: str | None = None,
    rate_limit_per_minute: int | None = None,
) -> str:
    """Create an API key straight in the database and return its plaintext."""
    if kind == "staff" and role is None:
        role = "admin"
    data = ApiKeyCreate(
        name=name or f"test {kind} {uuid.uuid4().hex[:6]}",
        kind=kind,
        role=role,
        provider_id=provider_id,
        integrator_id=integrator_id,
        rate_limit_per_minute=rate_limit_per_minute,
    )
    async with make_sessionmaker(engine)() as session:
        _, plaintext = await create_key(session, data, created_by="tests", now=dt.datetime.now(dt.UTC))
        await session.commit()
    return plaintext


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def principal_headers(principal: Principal, request_id: str | None = None) -> dict[str, str]:
    """Headers a service accepts as coming from the gateway (for in-process service tests)."""
    rid = request_id or uuid.uuid4().hex
    return {"x-request-id": rid, PRINCIPAL_HEADER: sign_principal(principal, rid, DEV_PRINCIPAL_SECRET)}


def staff(role: str = "admin") -> Principal:
    return Principal.build("staff", f"key_staff_{role}", f"staff {role}", role=role)  # type: ignore[arg-type]


def integrator(integrator_id: str = "int_01TESTINTEGRATOR0000000000A") -> Principal:
    return Principal.build(
        "integrator", "key_" + integrator_id[-6:], "integrator", integrator_id=integrator_id
    )


def provider(provider_id: str) -> Principal:
    return Principal.build("provider", "key_" + provider_id[-6:], "provider", provider_id=provider_id)


def assert_problem(response: httpx.Response, status: int, *, pointer: str | None = None) -> dict[str, Any]:
    """The response is a problem+json with this status (and an error at `pointer`); returns the body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON), response.headers
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["title"] and body["detail"] and body["type"]
    if pointer is not None:
        pointers = [e["pointer"] for e in body.get("errors", [])]
        assert pointer in pointers, f"{pointer} not in {pointers}: {body}"
    return body
