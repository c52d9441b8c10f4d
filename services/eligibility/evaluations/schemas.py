"""Wire schemas for evaluation readiness: may this employer be evaluated, with this assessor and period."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from services.eligibility.determination.schemas import CheckPublic, DeterminationPublic
from services.eligibility.employers.schemas import AssessorUpdate
from services.eligibility.evaluations.rules import Kind
from shared.validation import Day, ProgramDate


class ReadinessRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Kind
    received_on: ProgramDate | None = Field(
        default=None, description="The day the evaluation is (or was) received; default today"
    )
    audit_period_start: ProgramDate
    audit_period_end: ProgramDate
    assessor: AssessorUpdate = Field(description="The person who completed the evaluation tool")
    certificate_number: str | None = Field(
        default=None,
        max_length=64,
        description="Maintenance: the certificate it maintains (default: the employer's certificate in force)",
    )
    maintenance_year: int | None = Field(
        default=None,
        ge=2,
        le=50,
        description="Maintenance: the year it was received for (it must still be that year's turn)",
    )

    keep: Literal["receipt", "approval"] | None = Field(
        default=None,
        description="Keep the determination: only the submission service may, when an evaluation is received or "
        "approved (anyone else gets 403); its id is in the answer, for the decision to refer to",
    )
    submission_id: str | None = Field(
        default=None, max_length=64, description="The submission it is kept for"
    )

    @model_validator(mode="after")
    def _period(self) -> ReadinessRequest:
        if self.audit_period_end < self.audit_period_start:
            raise ValueError("audit_period_end must not be before audit_period_start")
        return self


class RefusalPublic(BaseModel):
    model_config = ConfigDict(extra="allow")

    type: str = Field(description="The problem type's last segment, e.g. not-eligible")
    detail: str
    errors: list[dict[str, Any]]


class CertificateHeld(BaseModel):
    number: str
    status: str
    valid_from: Day
    valid_until: Day


class MaintenanceWindow(BaseModel):
    year: int
    due_on: Day
    receivable_from: Day
    receive_by: Day = Field(description="The last day the evaluation's package may arrive (due date + grace)")
    previous_audit_period_end: Day | None


class ReadinessPublic(BaseModel):
    employer_id: str
    kind: Kind
    received_on: Day
    ready: bool = Field(description="True when nothing below refuses the evaluation")
    refusals: list[RefusalPublic] = Field(
        description="Every rule the evaluation breaks, the weightiest first"
    )
    determination: DeterminationPublic = Field(description="The employer's eligibility on `received_on`")
    determination_id: str | None = Field(description="The kept determination, when `keep` was asked")
    assessor: CheckPublic = Field(description="The named assessor's qualification on `received_on`")
    certificate: CertificateHeld | None = Field(description="Maintenance: the certificate it maintains")
    maintenance: MaintenanceWindow | None = Field(description="Maintenance: the year it maintains")
