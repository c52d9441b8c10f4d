"""Wire schemas for submissions."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, WithJsonSchema, model_validator

from shared.events import SubmissionKind, SubmissionStatus
from shared.validation import Day, Email, Identifier, Name, Note, ProgramDate

Kind = SubmissionKind
Status = SubmissionStatus


class Assessor(BaseModel):
    model_config = ConfigDict(extra="forbid")

    given_name: Name
    family_name: Name
    email: Email | None = None
    learner_id: Identifier | None = None
    internal: StrictBool


class ElementScore(BaseModel):
    model_config = ConfigDict(extra="forbid")

    element: str = Field(
        pattern=r"^E\d{2}$", description="An element code of the instrument (GET /v1/instruments/current)"
    )
    earned: float = Field(ge=0, description="Points the evaluation gives the element")
    possible: float = Field(gt=0, description="The element's points in the instrument")

    @model_validator(mode="after")
    def _within(self) -> ElementScore:
        if self.earned > self.possible:
            raise ValueError("earned cannot exceed possible")
        return self


class SubmissionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    employer_id: str = Field(max_length=64)
    kind: Kind
    audit_period_start: ProgramDate
    audit_period_end: ProgramDate
    contact_email: Email
    assessor: Assessor = Field(description="Who completed the evaluation tool: qualified on the day received")
    element_scores: list[ElementScore] = Field(
        min_length=1,
        max_length=50,
        description="The evaluation's own score for every element of the current instrument, each out of its points",
    )

    @model_validator(mode="after")
    def _consistent(self) -> SubmissionCreate:
        if self.audit_period_end < self.audit_period_start:
            raise ValueError("audit_period_end must not be before audit_period_start")
        codes = [s.element for s in self.element_scores]
        if len(codes) != len(set(codes)):
            raise ValueError("each element may be scored once")
        return self


class PackageLink(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str = Field(
        min_length=10,
        max_length=4096,
        description="A share link (Dropbox, OneDrive, Google Drive) or any https URL",
    )


class Review(BaseModel):
    model_config = ConfigDict(extra="forbid")

    action: Literal["assign", "request_information", "approve", "return", "fail"] = Field(
        description="`return` also closes a submission still waiting for the employer's package"
    )
    note: Note
    qa_score: float | None = Field(
        default=None, ge=0, le=100, description="Required to approve; 80 or more passes"
    )


class SubmissionHistoryEntry(BaseModel):
    at: dt.datetime
    status: str
    by: str
    note: str | None


class Finding(BaseModel):
    severity: Literal["error", "warning"]
    code: str
    path: str | None = None
    message: str


class IntakeReport(BaseModel):
    outcome: Literal["accepted", "rejected"]
    findings: list[Finding]
    inventory: dict[str, Any]
    summary: dict[str, Any] | None = Field(
        default=None,
        description="The package's quality at a glance for QA: errors, warnings, elements with documents, "
        "documents outside element folders, unlabelled documents, elements over the sample, and `text`, one line",
    )


_LOCAL_TIME = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$"


class PackageFileEntry(BaseModel):
    path: str = Field(description="The document's path in the package, as the intake report names it")
    size: int = Field(description="Bytes, unpacked")
    element: str | None = Field(description="The element whose folder holds it (null: none)")
    # A zip records the local time of whoever made it, with no zone: not an RFC 3339 timestamp, so not declared
    # as one (generated clients would refuse it).
    modified: Annotated[
        dt.datetime | None,
        WithJsonSchema({"anyOf": [{"type": "string", "pattern": _LOCAL_TIME}, {"type": "null"}]}),
    ] = Field(description="The time stamp the zip gives it: local time, YYYY-MM-DDTHH:MM:SS, no zone")


class PackageFiles(BaseModel):
    data: list[PackageFileEntry]


class PackageInfo(BaseModel):
    id: str | None = Field(
        default=None, description="The package's id among those received (GET .../packages lists them all)"
    )
    source: Literal["upload", "link"]
    url: str | None = Field(default=None, description="The direct download the service fetches")
    shared_url: str | None = Field(default=None, description="The share link as given, when it was rewritten")
    bytes: int | None = None
    sha256: str | None = None
    received_at: dt.datetime | None = None


class ReceivedPackage(BaseModel):
    id: str = Field(description="`pkg_...` for a package, `add_...` for an addendum")
    kind: Literal["package", "addendum"]
    received_at: dt.datetime
    by: str = Field(description="The key (or mailbox) it came from")
    source: Literal["upload", "link"]
    url: str | None = Field(default=None, description="The link it was fetched from, for a link")
    bytes: int | None = Field(description="Its size as stored (null: a link not yet downloaded)")
    sha256: str | None = Field(description="Hex SHA-256 of the stored zip (null: not yet downloaded)")
    outcome: Literal["validating", "accepted", "rejected"] = Field(
        description="validating until intake has checked it, then its report's outcome"
    )
    intake_report: IntakeReport | None


class ReceivedPackages(BaseModel):
    data: list[ReceivedPackage]


class AddendumPublic(BaseModel):
    id: str
    status: Literal["validating", "accepted", "rejected"]
    received_at: dt.datetime
    package: PackageInfo
    intake_report: IntakeReport | None


class RefusalReason(BaseModel):
    type: str = Field(description="The problem type's last segment, e.g. `not-eligible`")
    detail: str


class ApprovalRefusal(BaseModel):
    at: dt.datetime
    by: str = Field(description="The QA analyst whose approval was refused")
    determination_id: str | None = Field(description="The determination it was refused on")
    refusals: list[RefusalReason]


class SubmissionPublic(BaseModel):
    id: str
    employer_id: str
    kind: Kind
    status: Status
    audit_period_start: Day
    audit_period_end: Day
    contact_email: str
    assessor: Assessor
    element_scores: list[ElementScore] | None
    instrument_version: str
    received_on: Day | None = Field(
        description="The day the evaluation was received: its package (the one in intake or QA) arrived"
    )
    certificate_number: str | None = Field(description="A maintenance: the certificate it maintains")
    maintenance_year: int | None = Field(description="A maintenance: the interim year it maintains")
    receive_by: Day | None = Field(
        description="A maintenance: the last day its package may arrive (the year's due date plus any grace)"
    )
    determination_id: str | None = Field(
        description="The eligibility determination it was judged on when received (GET /v1/determinations/{id})"
    )
    approval_determination_id: str | None = Field(description="The one it was approved on")
    approval_refused: ApprovalRefusal | None = Field(
        default=None,
        description="QA's last approval, refused by the program's rules, while the submission has not moved since",
    )
    package: PackageInfo | None
    intake_report: IntakeReport | None
    qa_analyst: str | None
    qa_score: float | None
    history: list[SubmissionHistoryEntry]
    addenda: list[AddendumPublic]
    created_at: dt.datetime
    updated_at: dt.datetime


class Accepted(BaseModel):
    id: str
    status: Status
    detail: str
