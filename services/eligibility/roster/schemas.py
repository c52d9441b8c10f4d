"""Wire schemas for the roster."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, model_validator

from shared.validation import Day, Email, Identifier, Name, Note

Role = Literal["owner", "manager", "clerical", "worker", "family_member", "volunteer", "other"]
EmploymentType = Literal["full_time", "part_time", "temporary", "casual", "seasonal"]


class WorkerCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    given_name: Name
    family_name: Name
    email: Email | None = None
    birth_date: Day | None = None
    learner_id: Identifier | None = Field(
        default=None, description="Matches training completions carrying it"
    )
    external_id: Identifier | None = Field(
        default=None, description="Your system's id; PUT .../workers syncs on it"
    )
    role: Role
    employment_type: EmploymentType
    covered_by_wcb_account: StrictBool = Field(
        default=True,
        description="False for people under their own WCB account: they do not count toward headcount",
    )
    start_date: Day
    end_date: Day | None = Field(default=None, description="Last day employed; empty while employed")

    @model_validator(mode="after")
    def _in_order(self) -> WorkerCreate:
        if self.end_date is not None and self.end_date < self.start_date:
            raise ValueError("end_date must not be before start_date")
        if self.birth_date is not None and self.birth_date >= self.start_date:
            raise ValueError("birth_date must be before start_date")
        return self


class WorkerUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    given_name: Name | None = None
    family_name: Name | None = None
    email: Email | None = None
    birth_date: Day | None = None
    learner_id: Identifier | None = None
    external_id: Identifier | None = None
    role: Role | None = None
    employment_type: EmploymentType | None = None
    covered_by_wcb_account: StrictBool | None = None
    start_date: Day | None = None
    end_date: Day | None = None
    reason: Note | None = Field(
        default=None,
        description="Why, when this corrects what was recorded (kept in the history). Needed by any change that "
        "reaches before today: a correction, an earlier effective_on, a changed start_date, a back-dated end_date",
    )
    effective_on: Day | None = Field(
        default=None,
        description="The day a change of role, employment_type or covered_by_wcb_account holds from "
        "(default: today in the program's timezone); the days before keep what was in force then",
    )
    correction: StrictBool = Field(
        default=False,
        description="The change of role, employment_type or covered_by_wcb_account holds from the start: it "
        "corrects a mistake (needs a reason; no effective_on)",
    )


class WorkerTerm(BaseModel):
    until: Day = Field(description="The day the next term begins; this one held on the days before")
    role: Role
    employment_type: EmploymentType
    covered_by_wcb_account: bool


class WorkerPublic(BaseModel):
    id: str
    employer_id: str
    given_name: str
    family_name: str
    email: str | None
    birth_date: Day | None
    learner_id: str | None
    external_id: str | None
    role: Role
    employment_type: EmploymentType
    covered_by_wcb_account: bool
    start_date: Day
    end_date: Day | None
    attributes_from: Day | None = Field(
        description="The day the role, employment_type and covered_by_wcb_account shown hold from (null: from "
        "start_date)"
    )
    earlier_terms: list[WorkerTerm] = Field(
        description="What was in force before attributes_from, oldest first, each until the next began"
    )
    created_at: dt.datetime
    updated_at: dt.datetime


class RosterSync(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Validated one by one by the sync, so that each worker's errors point into it; documented as they are.
    workers: list[Any] = Field(
        description="The whole roster your system knows, each shaped like POST .../workers with external_id",
        json_schema_extra={"items": {"$ref": "#/components/schemas/WorkerCreate"}},
    )
    ended_on: Day | None = Field(
        default=None,
        description="End date for workers with an external_id missing from `workers` (default today)",
    )
    effective_on: Day | None = Field(
        default=None,
        description="The day changed roles, employment types and coverage hold from (default today; an earlier "
        "day needs a reason)",
    )
    reason: Note | None = Field(default=None, description="Why, when the sync reaches before today")


class SyncReport(BaseModel):
    created: list[str]
    updated: list[str]
    ended: list[str]
    unchanged: int
