"""Wire schemas for determinations."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.events import Outcome
from shared.validation import Day, Note


class CheckPublic(BaseModel):
    code: str
    status: Literal["pass", "fail", "unknown"]
    reason: str
    evidence: dict[str, Any]


class DeterminationPublic(BaseModel):
    employer_id: str
    as_of: Day = Field(description="The facts in force on this day")
    known_at: dt.datetime = Field(description="As the system knew them at this moment")
    program: Literal["SECOR"] = "SECOR"
    outcome: Outcome
    checks: list[CheckPublic]
    evaluated_at: dt.datetime
    completions_through: int = Field(
        description="Every training ledger entry up to this position is applied here (compare a completion's "
        "`ledger_seq`: once it is at or below this, the answer reflects it)"
    )


class FailingCheckPublic(BaseModel):
    code: str
    status: Literal["fail", "unknown"]
    reason: str


class CorrectionPublic(BaseModel):
    id: str
    employer_id: str
    determination_id: str | None = Field(
        description="The kept determination whose outcome changed; null when the correction changed today's outcome"
    )
    as_of: Day
    old_outcome: Outcome
    new_outcome: Outcome
    failing_checks: list[FailingCheckPublic] = Field(description="Why, as known now")
    found_at: dt.datetime
    reviewed_at: dt.datetime | None
    reviewed_by: str | None
    review_note: str | None


class CorrectionReview(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: Note = Field(description="What was done about it")
