"""Table model for the course catalogue."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, DateTime
from sqlmodel import Field, SQLModel


class Course(SQLModel, table=True):
    __tablename__ = "training_course"

    code: str = Field(primary_key=True)
    title: str
    category: str
    validity_months: int | None = None
    acsa_course: bool = False
    created_at: dt.datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
