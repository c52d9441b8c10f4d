"""`/v1/courses`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, status

from services.training.courses import repository, service
from services.training.courses.schemas import CourseCreate, CoursePublic
from shared.db import Session
from shared.dependencies import AppClock
from shared.principal import Principal, require

router = APIRouter(prefix="/v1/courses", tags=["Training ledger"])

Reader = Annotated[Principal, Depends(require("courses:read"))]
Writer = Annotated[Principal, Depends(require("courses:write"))]


@router.get("", response_model=list[CoursePublic], summary="The course catalogue")
async def list_courses(session: Session, _: Reader) -> list[CoursePublic]:
    """The course catalogue: each course's code, title, category and validity."""
    return [CoursePublic.model_validate(c, from_attributes=True) for c in await repository.list_all(session)]


@router.get("/{code}", response_model=CoursePublic, summary="One course")
async def get_course(code: str, session: Session, _: Reader) -> CoursePublic:
    """One course of the catalogue."""
    return CoursePublic.model_validate(await service.get_course(session, code), from_attributes=True)


@router.post("", status_code=status.HTTP_201_CREATED, response_model=CoursePublic, summary="Add a course")
async def create_course(
    clock: AppClock, body: CourseCreate, request: Request, session: Session, _: Writer
) -> CoursePublic:
    """Adds a course to the catalogue. Refused (409) if the code exists."""
    course = await service.create_course(session, body, now=clock.now())
    return CoursePublic.model_validate(course, from_attributes=True)
