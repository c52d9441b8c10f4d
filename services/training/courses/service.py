"""The course catalogue: what providers post completions of."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from services.training.completions.rules import announce_change
from services.training.courses import repository
from services.training.courses.models import Course
from services.training.courses.schemas import CourseCreate
from shared.problems import ProblemError


async def create_course(session: AsyncSession, data: CourseCreate, *, now: dt.datetime) -> Course:
    course = Course(**data.model_dump(), created_at=now)
    if not await repository.insert_if_absent(session, course):
        raise ProblemError(409, f"A course with code {data.code} already exists.", existing_code=data.code)
    await announce_change(await session.connection())
    return course


async def get_course(session: AsyncSession, code: str) -> Course:
    course = await repository.get(session, code)
    if course is None:
        raise ProblemError(404, f"There is no course {code}.")
    return course
