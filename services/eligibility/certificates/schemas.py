"""Wire schemas for certificates and their verification."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.events import CertificateStatus
from shared.validation import Day, Identifier, Note, ProgramDate


class MaintenanceYear(BaseModel):
    year: int = Field(description="2 or 3: the interim years of a 3-year certificate")
    due_on: Day = Field(description="The maintenance evaluation is due on or before this anniversary")
    status: Literal["pending", "maintained", "missed"]
    maintained_on: Day | None
    submission_id: str | None
    pir_refund_eligible: bool | None = Field(
        description="Received by its due date: the year's PIR refund is kept (null: imported, not known)"
    )
    received_on: Day | None = Field(default=None, description="When its maintenance evaluation was received")
    audit_period_start: Day | None = None
    audit_period_end: Day | None = None
    determination_id: str | None = Field(
        default=None, description="The determination its maintenance was approved on"
    )


class Reminder(BaseModel):
    due: Literal["maintenance", "expiry"]
    year: int | None
    due_on: Day
    days_before: int
    send_on: Day
    status: Literal["pending", "sent", "skipped"]
    sent_at: dt.datetime | None
    note: str | None


class CertificateDecision(BaseModel):
    at: dt.datetime
    by: str = Field(description="Who decided: a principal id, `scheduler`, or the submission that caused it")
    action: Literal[
        "issued", "imported", "maintained", "maintenance_not_applied", "maintenance_missed", "status_changed"
    ]
    status: CertificateStatus = Field(description="The certificate's status after this")
    year: int | None = Field(description="The maintenance year concerned")
    submission_id: str | None
    note: str | None = Field(description="Why")


class CertificatePublic(BaseModel):
    number: str
    employer_id: str
    holder_legal_name: str
    program: Literal["SECOR"]
    status: CertificateStatus
    status_reason: str | None
    status_changed_at: dt.datetime
    valid_from: Day
    valid_until: Day
    documentation_months: int
    audit_period_start: Day | None = Field(description="null for an imported certificate not given one")
    audit_period_end: Day | None
    submission_id: str | None = Field(description="The approved certification; null when imported")
    determination_id: str | None = Field(
        description="The eligibility determination it was approved on (GET /v1/determinations/{id})"
    )
    source: Literal["evaluation", "import"]
    qa_score: float | None
    issued_at: dt.datetime = Field(description="When this platform issued (or imported) it")
    maintenance: list[MaintenanceYear]
    reminders: list[Reminder]
    history: list[CertificateDecision] = Field(description="Every decision about it, oldest first")


class Signature(BaseModel):
    algorithm: Literal["Ed25519"]
    key_id: str
    value: str = Field(description="base64url Ed25519 signature over the answer's canonical JSON")


class VerificationPublic(BaseModel):
    """What anyone may know of a certificate from its number, signed."""

    number: str
    holder_legal_name: str
    program: Literal["SECOR"]
    status: CertificateStatus
    valid_from: Day
    valid_until: Day
    checked_at: dt.datetime = Field(description="When this answer was true")
    signature: Signature


class VerificationKey(BaseModel):
    key_id: str
    algorithm: Literal["Ed25519"]
    public_key: str = Field(description="The raw 32-byte public key, base64url")
    public_key_pem: str
    how_to_verify: str


class StatusChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Note


IMPORT_MAX_ITEMS = 1000
ImportStatus = Literal["active", "suspended", "expired", "cancelled", "revoked"]


class CertificateImport(BaseModel):
    """An existing certificate, brought in with what it already is."""

    model_config = ConfigDict(extra="forbid")

    number: str = Field(
        min_length=4,
        max_length=64,
        description="As issued: SECOR-YYYY-NNNNNN-C (with its check digit), or a number from before this "
        "platform (letters and digits joined by - or /, not starting SECOR-)",
    )
    employer_id: Identifier | None = Field(default=None, description="The holder; or give its WCB number")
    wcb_account_number: str | None = Field(
        default=None, max_length=32, description="The holder's WCB account"
    )
    valid_from: ProgramDate = Field(description="The day it was issued")
    valid_until: ProgramDate = Field(description="Its last valid day (3 years, or 1 year, less a day)")
    documentation_months: int = Field(ge=1, le=600, description="Months of documentation it was issued on")
    maintained_years: list[Annotated[int, Field(ge=2, le=50)]] = Field(
        default_factory=list, max_length=49, description="Interim years already maintained (2, 3)"
    )
    status: ImportStatus = Field(
        default="active", description="As it stands; `maintenance_due` follows from the calendar"
    )
    audit_period_start: ProgramDate | None = Field(
        default=None, description="The certification's audit period, if known"
    )
    audit_period_end: ProgramDate | None = None


class ImportRequest(BaseModel):
    items: list[Any] = Field(
        description=f"Up to {IMPORT_MAX_ITEMS} certificates, each shaped like CertificateImport"
    )


class ImportItemResult(BaseModel):
    index: int
    status: Literal["created", "duplicate", "rejected"]
    id: str | None = Field(default=None, description="The certificate's number, as imported")
    number: str | None = None
    line: int | None = Field(default=None, description="CSV imports: the line of the file")
    problem: dict[str, Any] | None = None


class ImportResult(BaseModel):
    results: list[ImportItemResult]
    created: int
    duplicates: int
    rejected: int
