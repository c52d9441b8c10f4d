"""Wire schemas for courses."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool

CourseCategory = Literal["management", "first_aid", "industry", "other"]


class CourseCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(pattern=r"^[A-Z0-9][A-Z0-9_-]{1,15}$", description="Short upper-case code, e.g. SFA")
    title: str = Field(min_length=1, max_length=200)
    category: CourseCategory
    validity_months: int | None = Field(
        default=None, ge=1, le=600, description="How long a completion counts"
    )
    acsa_course: StrictBool = False


class CoursePublic(BaseModel):
    code: str
    title: str
    category: CourseCategory
    validity_months: int | None
    acsa_course: bool
    created_at: dt.datetime
