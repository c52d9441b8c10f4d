"""SQL for providers and their approvals."""

from __future__ import annotations

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services.training.providers.models import Provider, ProviderCourse


async def get(session: AsyncSession, provider_id: str) -> Provider | None:
    return await session.get(Provider, provider_id)


async def name_taken(session: AsyncSession, name: str, *, other_than: str | None = None) -> str | None:
    query = select(col(Provider.id)).where(col(Provider.name) == name)
    if other_than:
        query = query.where(col(Provider.id) != other_than)
    return (await session.execute(query)).scalar_one_or_none()


async def approved_codes(session: AsyncSession, provider_id: str) -> set[str]:
    rows = await session.execute(
        select(col(ProviderCourse.course_code)).where(col(ProviderCourse.provider_id) == provider_id)
    )
    return set(rows.scalars())


async def approved_codes_for(session: AsyncSession, provider_ids: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {pid: [] for pid in provider_ids}
    if provider_ids:
        rows = await session.execute(
            select(col(ProviderCourse.provider_id), col(ProviderCourse.course_code))
            .where(col(ProviderCourse.provider_id).in_(provider_ids))
            .order_by(col(ProviderCourse.course_code))
        )
        for provider_id, code in rows:
            out[provider_id].append(code)
    return out


async def replace_approvals(session: AsyncSession, provider_id: str, codes: list[str]) -> None:
    await session.execute(delete(ProviderCourse).where(col(ProviderCourse.provider_id) == provider_id))
    if codes:
        await session.execute(
            insert(ProviderCourse),
            [{"provider_id": provider_id, "course_code": c} for c in sorted(set(codes))],
        )


async def list_page(session: AsyncSession, *, after: str | None, limit: int) -> list[Provider]:
    query = select(Provider).order_by(col(Provider.id)).limit(limit + 1)
    if after:
        query = query.where(col(Provider.id) > after)
    return list((await session.execute(query)).scalars())
