"""Wire schemas for providers."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, StrictBool

CourseCodes = list[str]


class ProviderCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    is_acsa: StrictBool = Field(
        default=False, description="ACSA itself: its courses count as continuing education"
    )
    approved_course_codes: CourseCodes = Field(default_factory=list, max_length=200)


class ProviderUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=200)
    is_acsa: StrictBool | None = None
    approved_course_codes: CourseCodes | None = Field(default=None, max_length=200)


class ProviderPublic(BaseModel):
    id: str
    name: str
    is_acsa: bool
    approved_course_codes: list[str]
    created_at: dt.datetime
    updated_at: dt.datetime
