"""SQL for the course catalogue."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services.training.courses.models import Course


async def list_all(session: AsyncSession) -> list[Course]:
    return list((await session.execute(select(Course).order_by(col(Course.code)))).scalars())


async def get(session: AsyncSession, code: str) -> Course | None:
    return await session.get(Course, code)


async def get_many(session: AsyncSession, codes: set[str]) -> dict[str, Course]:
    if not codes:
        return {}
    rows = await session.execute(select(Course).where(col(Course.code).in_(codes)))
    return {c.code: c for c in rows.scalars()}


async def insert_if_absent(session: AsyncSession, course: Course) -> bool:
    """Insert; False when the code is taken."""
    result = await session.execute(
        insert(Course).values(**course.model_dump()).on_conflict_do_nothing(index_elements=["code"])
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]
