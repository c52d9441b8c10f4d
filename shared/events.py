"""The event contract: every event type, what it means, what orders it and the shape of its `data`.

One definition for every part: producers build their events' data from these models (`shared.outbox.Event`
takes nothing else), the gateway serves them as GET /v1/event-types and takes their names in webhook
subscriptions, and the tests check what the services really emit against them.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, ClassVar, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

Outcome = Literal["eligible", "not_eligible", "cor_required"]


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EventData(_Data):
    """The `data` of one event type; `event_type` is its name in CATALOG."""

    event_type: ClassVar[str]


class Registrar(_Data):
    kind: str
    integrator_id: str | None


class EmployerRegistered(EventData):
    employer_id: str
    wcb_account_number: str
    legal_name: str
    trade_name: str | None
    registered_by: Registrar
    registered_at: dt.datetime


class FailingCheck(_Data):
    code: str
    status: Literal["fail", "unknown"]
    reason: str


class EligibilityChanged(EventData):
    employer_id: str
    old_outcome: Outcome
    new_outcome: Outcome
    failing_checks: list[FailingCheck]
    as_of: dt.date = Field(
        description="The day whose outcome changed: today, or a past day a decision was made on"
    )
    evaluated_at: dt.datetime
    reason: Literal["change", "correction", "calendar"] | None = Field(
        default=None,
        description="`correction`: what was recorded before was corrected (see GET /v1/employers/{id}/history); "
        "`calendar`: nothing new was recorded, a day came (a membership, WCB status or course ran out, the "
        "12-month window rolled past a peak, the assessor's years ran out, a dated fact began to hold)",
    )
    determination_id: str | None = Field(
        default=None, description="A correction of a kept determination (GET /v1/determinations/{id})"
    )
    correction_id: str | None = Field(default=None, description="In the staff list of corrections to review")


class IntegratorAccessChanged(EventData):
    employer_id: str
    integrator_id: str
    access: Literal["granted", "withdrawn"]
    at: dt.datetime


class Learner(_Data):
    given_name: str
    family_name: str
    email: str | None
    birth_date: dt.date | None
    learner_id: str | None


class CompletionRecorded(EventData):
    completion_id: str
    provider_id: str
    provider_is_acsa: bool
    provider_record_id: str
    course_code: str
    course_category: str
    completed_on: dt.date
    learner: Learner
    employer_wcb_account_number: str | None
    certificate_number: str | None
    expires_on: dt.date | None
    status: Literal["active"]
    recorded_at: dt.datetime
    ledger_seq: int | None = Field(default=None, description="The completion's entry in the training ledger")


class CompletionRevoked(EventData):
    completion_id: str
    provider_id: str
    employer_wcb_account_number: str | None
    learner: Learner
    course_code: str
    reason: str
    revoked_at: dt.datetime
    ledger_seq: int | None = Field(default=None, description="The revocation's entry in the training ledger")


class EndpointOwner(_Data):
    kind: str
    integrator_id: str | None
    provider_id: str | None


class EndpointDisabled(EventData):
    endpoint_id: str
    url: str
    reason: str
    disabled_at: dt.datetime
    owner: EndpointOwner


SubmissionKind = Literal["certification", "maintenance"]
SubmissionStatus = Literal[
    "awaiting_triage",
    "discarded",
    "awaiting_package",
    "validating",
    "returned_at_intake",
    "in_qa",
    "information_requested",
    "approved",
    "returned",
    "failed",
]


class SubmissionReceived(EventData):
    submission_id: str
    employer_id: str
    kind: SubmissionKind
    source: Literal["upload", "link", "email"]
    bytes: int | None
    received_at: dt.datetime


class SubmissionStatusChanged(EventData):
    submission_id: str
    employer_id: str
    kind: SubmissionKind
    old_status: SubmissionStatus
    new_status: SubmissionStatus
    note: str | None
    at: dt.datetime
    received_on: dt.date | None = Field(
        default=None, description="The day its evaluation was received (its package arrived); null before"
    )
    certificate_number: str | None = Field(
        default=None, description="A maintenance: the certificate it maintains"
    )
    maintenance_year: int | None = Field(
        default=None, description="A maintenance: the interim year it maintains"
    )
    audit_period_start: dt.date | None = Field(
        default=None, description="On approval: what the certificate needs"
    )
    audit_period_end: dt.date | None = None
    decision_date: dt.date | None = None
    qa_score: float | None = None
    decided_by: str | None = Field(default=None, description="On a decision: the QA analyst's principal id")
    determination_id: str | None = Field(
        default=None,
        description="The eligibility determination it was judged on: on `validating`, when its package was "
        "received; on approval, the one it was approved on",
    )


class Refusal(_Data):
    type: str = Field(description="The problem type's last segment, e.g. `not-eligible`")
    detail: str


class SubmissionApprovalRefused(EventData):
    submission_id: str
    employer_id: str
    kind: SubmissionKind
    status: SubmissionStatus = Field(description="Where the submission stays: the refusal changes no status")
    certificate_number: str | None = Field(default=None, description="A maintenance: the certificate")
    maintenance_year: int | None = Field(default=None, description="A maintenance: the interim year")
    received_on: dt.date | None = None
    determination_id: str = Field(description="The eligibility determination the approval was refused on")
    refusals: list[Refusal]
    refused_by: str = Field(description="The QA analyst's principal id")
    at: dt.datetime


CertificateStatus = Literal["active", "maintenance_due", "suspended", "expired", "cancelled", "revoked"]


class CertificateIssued(EventData):
    certificate_number: str
    employer_id: str
    submission_id: str | None = Field(
        description="The approved certification; null for an imported certificate"
    )
    program: Literal["SECOR"]
    valid_from: dt.date
    valid_until: dt.date
    documentation_months: int
    maintenance_due: list[dt.date] = Field(
        description="Due dates of the interim years' maintenance evaluations"
    )
    issued_at: dt.datetime
    imported: bool | None = Field(
        default=None, description="True: an existing certificate brought into the platform, not a new one"
    )


class CertificateStatusChanged(EventData):
    certificate_number: str
    employer_id: str
    old_status: CertificateStatus
    new_status: CertificateStatus = Field(
        description="The same as old_status when a maintained year keeps an active certificate active"
    )
    reason: str | None
    at: dt.datetime
    maintained_year: int | None = Field(
        default=None, description="The interim year an approved maintenance kept"
    )


class CertificateMaintenanceDue(EventData):
    certificate_number: str
    employer_id: str
    due: Literal["maintenance", "expiry"] = Field(
        description="A maintenance evaluation, or the certificate's end"
    )
    year: int | None = Field(description="The maintenance year (2 or 3); null for expiry")
    due_on: dt.date
    days_before: int = Field(description="Which reminder this is (90, 60, 30, 7 by default)")
    days_left: int


class EventSpec(NamedTuple):
    description: str
    ordered_by: str | None  # events with the same value of this aggregate arrive in `sequence` order
    data: type[EventData]


CATALOG: dict[str, EventSpec] = {
    "employer.registered": EventSpec("An employer was registered.", "employer", EmployerRegistered),
    "employer.eligibility_changed": EventSpec(
        "A change (roster, records, training, time) flipped an employer's SECOR outcome.",
        "employer",
        EligibilityChanged,
    ),
    "employer.integrator_access_changed": EventSpec(
        "An integrator was granted, or lost, access to an employer.",
        "employer",
        IntegratorAccessChanged,
    ),
    "training.completion_recorded": EventSpec(
        "A training provider recorded a course completion.",
        "completion",
        CompletionRecorded,
    ),
    "training.completion_revoked": EventSpec(
        "A course completion was revoked.", "completion", CompletionRevoked
    ),
    "submission.received": EventSpec(
        "A submission's package arrived (uploaded, or downloaded from its link) and intake began.",
        "submission",
        SubmissionReceived,
    ),
    "submission.status_changed": EventSpec(
        "A submission moved in its workflow (intake, QA, decision). An approval carries what a certificate needs.",
        "submission",
        SubmissionStatusChanged,
    ),
    "submission.approval_refused": EventSpec(
        "QA approved an evaluation but the program's rules no longer pass for the day it was received: it stays "
        "where it was, and a maintenance no longer holds its year past the due date and grace.",
        "submission",
        SubmissionApprovalRefused,
    ),
    "certificate.issued": EventSpec(
        "A certificate was issued from an approved certification evaluation, or an existing one imported.",
        "certificate",
        CertificateIssued,
    ),
    "certificate.maintenance_due": EventSpec(
        "A reminder: a maintenance evaluation is due, or the certificate expires, in `days_left` days.",
        "certificate",
        CertificateMaintenanceDue,
    ),
    "certificate.status_changed": EventSpec(
        "A certificate's status changed (maintenance due, maintained, expired, cancelled, suspended, revoked).",
        "certificate",
        CertificateStatusChanged,
    ),
    "webhook_endpoint.disabled": EventSpec(
        "A webhook endpoint was disabled after failing.", None, EndpointDisabled
    ),
}

for _name, _spec in CATALOG.items():
    _spec.data.event_type = _name

EVENT_TYPES: tuple[str, ...] = tuple(CATALOG)

if TYPE_CHECKING:
    EventTypeName = str
else:
    EventTypeName = Literal[EVENT_TYPES]
