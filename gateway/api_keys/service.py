"""API keys: create (the key is returned once), resolve to a principal, revoke at once."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.api_keys import repository
from gateway.api_keys.models import ApiKey
from gateway.api_keys.schemas import ApiKeyCreate
from shared.ids import new_id
from shared.principal import Principal
from shared.problems import ProblemError

KEY_PREFIX = "secor_"
REVOCATION_CHANNEL = "secor_api_key_revoked"


def hash_key(key: str) -> str:
    """SHA-256 of the key: keys carry 256 random bits, so a fast hash is enough and lookups stay fast."""
    return hashlib.sha256(key.encode()).hexdigest()


def generate_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


async def create_key(
    session: AsyncSession, data: ApiKeyCreate, *, created_by: str | None, now: dt.datetime
) -> tuple[ApiKey, str]:
    """Store a new key's hash and return the row with the plaintext key (which is never stored)."""
    plaintext = generate_key()
    integrator_id = data.integrator_id
    if data.kind == "integrator" and integrator_id is None:
        integrator_id = new_id("int")
    key = ApiKey(
        id=new_id("key"),
        name=data.name,
        kind=data.kind,
        role=data.role,
        provider_id=data.provider_id,
        integrator_id=integrator_id,
        key_prefix=plaintext[: len(KEY_PREFIX) + 6],
        key_hash=hash_key(plaintext),
        rate_limit_per_minute=data.rate_limit_per_minute,
        created_at=now,
        created_by=created_by,
    )
    await repository.insert(session, key)
    return key, plaintext


async def revoke_key(session: AsyncSession, key_id: str, *, now: dt.datetime) -> ApiKey:
    """Revoke a key; every gateway process hears of it through NOTIFY and drops its cached copy."""
    key = await repository.get(session, key_id)
    if key is None:
        raise ProblemError(404, f"There is no API key {key_id}.")
    if key.revoked_at is None:
        await repository.revoke(session, key_id, now)
        await session.execute(text("SELECT pg_notify(:c, :h)"), {"c": REVOCATION_CHANNEL, "h": key.key_hash})
        await session.refresh(key)
    return key


def principal_for(key: ApiKey) -> Principal:
    return Principal.build(
        key.kind,  # type: ignore[arg-type]
        key.id,
        key.name,
        role=key.role,  # type: ignore[arg-type]
        provider_id=key.provider_id,
        integrator_id=key.integrator_id,
    )
