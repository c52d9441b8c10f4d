"""SQL for API keys."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from gateway.api_keys.models import ApiKey


async def insert(session: AsyncSession, key: ApiKey) -> ApiKey:
    session.add(key)
    await session.flush()
    return key


async def get(session: AsyncSession, key_id: str) -> ApiKey | None:
    return await session.get(ApiKey, key_id)


async def active_by_hash(session: AsyncSession, key_hash: str) -> ApiKey | None:
    result = await session.execute(
        select(ApiKey).where(col(ApiKey.key_hash) == key_hash, col(ApiKey.revoked_at).is_(None))
    )
    return result.scalars().first()


async def list_page(session: AsyncSession, *, after: str | None, limit: int) -> list[ApiKey]:
    query = select(ApiKey).order_by(col(ApiKey.id)).limit(limit + 1)
    if after:
        query = query.where(col(ApiKey.id) > after)
    return list((await session.execute(query)).scalars().all())


async def revoke(session: AsyncSession, key_id: str, at: dt.datetime) -> None:
    await session.execute(
        update(ApiKey).where(col(ApiKey.id) == key_id, col(ApiKey.revoked_at).is_(None)).values(revoked_at=at)
    )
