"""Wire schemas for completions."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from shared.validation import Day, Email, Identifier, Name, Note
from shared.wcb import WcbAccountNumber

MAX_BATCH = 1000


class Learner(BaseModel):
    model_config = ConfigDict(extra="forbid")

    given_name: Name
    family_name: Name
    email: Email | None = None
    birth_date: Day | None = None
    learner_id: Identifier | None = Field(
        default=None, description="The learner's id, when the provider has one"
    )


class CompletionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    provider_record_id: Identifier = Field(
        description="The provider's own id for this record; reposts are matched on it"
    )
    course_code: str = Field(min_length=1, max_length=16, description="A code from GET /v1/courses")
    completed_on: Day
    learner: Learner
    employer_wcb_account_number: WcbAccountNumber | None = None
    certificate_number: Identifier | None = None
    expires_on: Day | None = Field(
        default=None,
        description="Derived from the course's validity when omitted; never after the completion date plus that "
        "validity, nor before the completion",
    )

    @model_validator(mode="after")
    def _dates_in_order(self) -> CompletionCreate:
        # expires_on against completed_on is the course rule's to judge (it knows the validity, and says where).
        if self.learner.birth_date is not None and self.learner.birth_date >= self.completed_on:
            raise ValueError("the learner's birth_date must be before completed_on")
        return self


class CompletionPublic(BaseModel):
    id: str
    provider_id: str
    provider_record_id: str
    course_code: str
    completed_on: Day
    learner: Learner
    employer_wcb_account_number: str | None
    certificate_number: str | None
    expires_on: Day | None
    status: Literal["active", "revoked"]
    ledger_seq: int
    recorded_at: dt.datetime
    revoked_at: dt.datetime | None = None
    revocation_reason: str | None = None


class BatchRequest(BaseModel):
    # Validated one by one, so that one bad item refuses only itself; documented as they are.
    items: list[Any] = Field(
        description=f"Up to {MAX_BATCH} completions, each shaped like POST /v1/completions",
        json_schema_extra={"items": {"$ref": "#/components/schemas/CompletionCreate"}},
    )


class ItemResult(BaseModel):
    index: int
    status: Literal["created", "duplicate", "rejected"]
    id: str | None = None
    line: int | None = Field(default=None, description="CSV imports: the line of the file")
    problem: dict[str, Any] | None = None


class BatchResult(BaseModel):
    results: list[ItemResult]
    created: int
    duplicates: int
    rejected: int


class RevocationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Note
