"""Wire schemas for submissions."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StrictBool,
    Tag,
    WithJsonSchema,
    model_validator,
)

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


class TriageAccept(SubmissionCreate):
    """A mailed evaluation confirmed by staff: the submission's fields, checked exactly as on creation."""

    action: Literal["accept"] = Field(
        default="accept", description="`accept` (the default): the evaluation goes on to intake"
    )
    note: Note | None = Field(default=None, description="What staff confirmed, kept in the history")


class TriageDiscard(BaseModel):
    """Mail that is not an evaluation: the submission is closed and nothing is checked or announced."""

    model_config = ConfigDict(extra="forbid")

    action: Literal["discard"]
    note: Note


def _triage_action(value: Any) -> str:
    action = value.get("action", "accept") if isinstance(value, dict) else getattr(value, "action", "accept")
    return "discard" if action == "discard" else "accept"


Triage = Annotated[
    Annotated[TriageAccept, Tag("accept")] | Annotated[TriageDiscard, Tag("discard")],
    Discriminator(_triage_action),
]


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
    source: Literal["upload", "link", "email"] = Field(
        description="`email`: attached to a mailed evaluation, or fetched from a link in it"
    )
    url: str | None = Field(default=None, description="The direct download the service fetches")
    shared_url: str | None = Field(default=None, description="The share link as given, when it was rewritten")
    filename: str | None = Field(default=None, description="A mailed package: the attachment's file name")
    bytes: int | None = None
    sha256: str | None = None
    received_at: dt.datetime | None = None


class ReceivedPackage(BaseModel):
    id: str = Field(description="`pkg_...` for a package, `add_...` for an addendum")
    kind: Literal["package", "addendum"]
    received_at: dt.datetime
    by: str = Field(description="The key (or mailbox) it came from")
    source: Literal["upload", "link", "email"]
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


class MailAttachment(BaseModel):
    filename: str | None = Field(description="As the sender named it (shown only, never used as a path)")
    content_type: str
    bytes: int = Field(description="Decoded size")
    outcome: Literal["package", "not_a_zip", "unreadable", "not_used"] = Field(
        description="`package`: the evaluation's package; `not_used`: a later zip, one package being taken"
    )


class MailLink(BaseModel):
    url: str = Field(description="The link as it appears in the message")
    outcome: Literal["package", "failed", "not_used"]
    detail: str | None = Field(default=None, description="Why it could not be used")


class ProposedEmployer(BaseModel):
    employer_id: str
    legal_name: str | None
    by: Literal["wcb_account_number", "sender"] = Field(
        description="What matched: a WCB account number in the subject or body, or the sender's address as an "
        "employer's contact (either can be forged: staff confirm)"
    )
    matched: str = Field(description="The number or address that matched")


class MailInfo(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    message_id: str | None = Field(
        description="The message's Message-ID: the same message twice is one submission"
    )
    from_: str = Field(alias="from", description="The From header as received (not verified)")
    subject: str
    received_at: dt.datetime = Field(description="When the receiver took it: the evaluation's day of receipt")
    attachments: list[MailAttachment]
    links: list[MailLink]
    proposed_employer: ProposedEmployer | None = Field(
        description="The employer the mail seems to come from, for staff to confirm at triage"
    )


class SubmissionPublic(BaseModel):
    id: str
    employer_id: str | None = Field(
        description="The employer evaluated; for a mailed evaluation awaiting triage, the one proposed (or null)"
    )
    kind: Kind | None = Field(description="Null only while a mailed evaluation awaits triage")
    status: Status
    channel: Literal["api", "email"] = Field(
        description="How the evaluation came: the API, or the COR mailbox"
    )
    audit_period_start: Day | None
    audit_period_end: Day | None
    contact_email: str | None
    assessor: Assessor | None
    element_scores: list[ElementScore] | None
    instrument_version: str | None
    mail: MailInfo | None = Field(default=None, description="A mailed evaluation: the message it came in")
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
