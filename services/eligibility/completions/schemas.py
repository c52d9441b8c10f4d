"""Wire schemas for completions as this service sees them: matched (or not) to an employer's people."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.validation import Day


class EmployerCompletion(BaseModel):
    completion_id: str
    course_code: str
    completed_on: Day
    expires_on: Day | None
    given_name: str
    family_name: str
    email: str | None
    learner_id: str | None
    employer_wcb_account_number: str | None
    provider_id: str | None
    provider_is_acsa: bool
    status: Literal["active", "revoked"]
    recorded_at: dt.datetime
    worker_id: str | None = Field(description="The roster worker this completion matched, or null")
    matched_by: Literal["linked", "learner_id", "email", "name"] | None


class LinkCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    worker_id: str = Field(max_length=64)


class UnplacedIds(BaseModel):
    """Completion ids in order, and whether more follow the last."""

    data: list[str]
    more: bool
