"""Table models for completions and their revocations (both insert-only)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, DateTime
from sqlmodel import Field, SQLModel


class Completion(SQLModel, table=True):
    __tablename__ = "training_completion"

    id: str = Field(primary_key=True)
    provider_id: str = Field(foreign_key="training_provider.id")
    provider_record_id: str
    course_code: str = Field(foreign_key="training_course.code")
    completed_on: dt.date
    learner_given_name: str
    learner_family_name: str
    learner_email: str | None = None
    learner_birth_date: dt.date | None = None
    learner_id: str | None = None
    employer_wcb_account_number: str | None = None
    certificate_number: str | None = None
    expires_on: dt.date | None = None
    recorded_at: dt.datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class Revocation(SQLModel, table=True):
    __tablename__ = "training_revocation"

    completion_id: str = Field(primary_key=True, foreign_key="training_completion.id")
    reason: str
    revoked_by: str
    revoked_at: dt.datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
