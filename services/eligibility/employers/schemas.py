"""Wire schemas for employers and what is recorded about them."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, model_validator

from shared.events import Outcome
from shared.validation import Day, Email, Identifier, Name, Note, ProgramDate, ShortText
from shared.wcb import WcbAccountNumber


class EmployerCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    wcb_account_number: WcbAccountNumber = Field(
        description="Digits only once spaces and dashes are removed, 6-10"
    )
    legal_name: ShortText
    trade_name: ShortText | None = None
    industry: ShortText | None = None
    contact_email: Email


class EmployerUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    legal_name: ShortText | None = None
    trade_name: ShortText | None = None
    industry: ShortText | None = None
    contact_email: Email | None = None


class EmployerPublic(BaseModel):
    id: str
    wcb_account_number: str
    legal_name: str
    trade_name: str | None
    industry: str | None
    contact_email: str
    outcome: Outcome | None = Field(description="Eligibility as of today, kept current as things change")
    outcome_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime


CorrectionReason = Annotated[
    Note | None,
    Field(description="Why, when this corrects what was recorded before (kept in the history)"),
]


class WcbAccountUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: Literal["active", "inactive", "closed"]
    as_of: ProgramDate = Field(
        description="The date from which this status holds; a later record for the same date corrects an earlier one"
    )
    reason: CorrectionReason = None


class WcbAccountPublic(WcbAccountUpdate):
    model_config = ConfigDict(extra="ignore")

    employer_id: str
    recorded_at: dt.datetime


class MembershipUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    member_number: Identifier = Field(
        description="Recorded again, the same number corrects the membership's dates"
    )
    valid_from: ProgramDate
    valid_until: ProgramDate
    reason: CorrectionReason = None

    @model_validator(mode="after")
    def _in_order(self) -> MembershipUpdate:
        if self.valid_until < self.valid_from:
            raise ValueError("valid_until must not be before valid_from")
        return self


class MembershipPublic(MembershipUpdate):
    model_config = ConfigDict(extra="ignore")

    employer_id: str
    recorded_at: dt.datetime


class AssessorUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    given_name: Name
    family_name: Name
    email: Email | None = None
    learner_id: Identifier | None = None
    internal: StrictBool = Field(description="An employee of this employer, or an external assessor")


class AssessorChange(AssessorUpdate):
    reason: CorrectionReason = None
    effective_on: Day | None = Field(
        default=None,
        description="The day this assessor is on file from (default today; the first one named, with no day "
        "given, from the start); before it the one named before stays in force. An earlier day needs a reason",
    )


class AssessorPublic(AssessorUpdate):
    model_config = ConfigDict(extra="ignore")

    reason: str | None = None
    employer_id: str
    effective_from: Day | None = Field(description="The day this assessor holds from (null: from the start)")
    updated_at: dt.datetime


class DeclarationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    period_start: ProgramDate
    period_end: ProgramDate
    peak_headcount: int = Field(
        ge=0, le=1_000_000, description="The most people covered at one time in the period"
    )

    @model_validator(mode="after")
    def _in_order(self) -> DeclarationCreate:
        if self.period_end < self.period_start:
            raise ValueError("period_end must not be before period_start")
        return self


class DeclarationPublic(DeclarationCreate):
    model_config = ConfigDict(extra="ignore")

    id: str
    employer_id: str
    created_at: dt.datetime


class IntegratorAccessPublic(BaseModel):
    employer_id: str
    integrator_id: str
    granted_at: dt.datetime


class EmployerHistoryEntry(BaseModel):
    at: dt.datetime = Field(description="When it was recorded")
    by: str | None = Field(description="Who recorded it (a principal id)")
    fact: Literal[
        "worker",
        "headcount_declaration",
        "assessor",
        "acsa_membership",
        "wcb_account",
        "integrator_access",
        "completion_link",
    ]
    id: str = Field(description="The fact's id (a worker's, a declaration's, ...)")
    change: Literal["created", "updated", "ended", "entered_in_error"]
    before: dict[str, Any] | None = Field(description="What it was until then")
    after: dict[str, Any] | None = Field(description="What it is from then on (null: no longer held)")
    reason: str | None = Field(description="Why, for a correction")
    correction: StrictBool = Field(
        description="It corrects what was recorded before (a reason, or entered in error)"
    )
