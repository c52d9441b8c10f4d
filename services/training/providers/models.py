"""Table models for training providers and the courses each is approved to deliver."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, DateTime
from sqlmodel import Field, SQLModel


class Provider(SQLModel, table=True):
    __tablename__ = "training_provider"

    id: str = Field(primary_key=True)
    name: str = Field(unique=True)
    is_acsa: bool = False
    created_at: dt.datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    updated_at: dt.datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class ProviderCourse(SQLModel, table=True):
    __tablename__ = "training_provider_course"

    provider_id: str = Field(primary_key=True, foreign_key="training_provider.id")
    course_code: str = Field(primary_key=True, foreign_key="training_course.code")
