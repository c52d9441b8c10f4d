from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.certificate_public_source import CertificatePublicSource
from ..models.certificate_public_status import CertificatePublicStatus

if TYPE_CHECKING:
    from ..models.certificate_decision import CertificateDecision
    from ..models.maintenance_year import MaintenanceYear
    from ..models.reminder import Reminder


T = TypeVar("T", bound="CertificatePublic")


@_attrs_define
class CertificatePublic:
    """
    Attributes:
        number (str): The certificate number
        employer_id (str): The employer's id
        holder_legal_name (str): The certificate holder's legal name
        program (Literal['SECOR']): The program (`SECOR`)
        status (CertificatePublicStatus): Its status now
        status_reason (None | str): Why the status last changed
        status_changed_at (datetime.datetime): When the status last changed (RFC 3339, UTC)
        valid_from (datetime.date): The first day it is valid
        valid_until (datetime.date): The last day it is valid
        documentation_months (int): Months of safety-program documentation the evaluation covered (3 or more)
        audit_period_start (datetime.date | None): null for an imported certificate not given one
        audit_period_end (datetime.date | None): The last day of the audit period the evaluation covers
        submission_id (None | str): The approved certification; null when imported
        determination_id (None | str): The eligibility determination it was approved on (GET /v1/determinations/{id})
        source (CertificatePublicSource): Where it came from
        qa_score (float | None): The score QA gave, in percent
        issued_at (datetime.datetime): When this platform issued (or imported) it
        maintenance (list[MaintenanceYear]): Each maintenance year of the certificate
        reminders (list[Reminder]): The reminders for it, sent and to come
        history (list[CertificateDecision]): Every decision about it, oldest first
    """

    number: str
    employer_id: str
    holder_legal_name: str
    program: Literal["SECOR"]
    status: CertificatePublicStatus
    status_reason: None | str
    status_changed_at: datetime.datetime
    valid_from: datetime.date
    valid_until: datetime.date
    documentation_months: int
    audit_period_start: datetime.date | None
    audit_period_end: datetime.date | None
    submission_id: None | str
    determination_id: None | str
    source: CertificatePublicSource
    qa_score: float | None
    issued_at: datetime.datetime
    maintenance: list[MaintenanceYear]
    reminders: list[Reminder]
    history: list[CertificateDecision]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        number = self.number

        employer_id = self.employer_id

        holder_legal_name = self.holder_legal_name

        program = self.program

        status = self.status.value

        status_reason: None | str
        status_reason = self.status_reason

        status_changed_at = self.status_changed_at.isoformat()

        valid_from = self.valid_from.isoformat()

        valid_until = self.valid_until.isoformat()

        documentation_months = self.documentation_months

        audit_period_start: None | str
        if isinstance(self.audit_period_start, datetime.date):
            audit_period_start = self.audit_period_start.isoformat()
        else:
            audit_period_start = self.audit_period_start

        audit_period_end: None | str
        if isinstance(self.audit_period_end, datetime.date):
            audit_period_end = self.audit_period_end.isoformat()
        else:
            audit_period_end = self.audit_period_end

        submission_id: None | str
        submission_id = self.submission_id

        determination_id: None | str
        determination_id = self.determination_id

        source = self.source.value

        qa_score: float | None
        qa_score = self.qa_score

        issued_at = self.issued_at.isoformat()

        maintenance = []
        for maintenance_item_data in self.maintenance:
            maintenance_item = maintenance_item_data.to_dict()
            maintenance.append(maintenance_item)

        reminders = []
        for reminders_item_data in self.reminders:
            reminders_item = reminders_item_data.to_dict()
            reminders.append(reminders_item)

        history = []
        for history_item_data in self.history:
            history_item = history_item_data.to_dict()
            history.append(history_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "number": number,
                "employer_id": employer_id,
                "holder_legal_name": holder_legal_name,
                "program": program,
                "status": status,
                "status_reason": status_reason,
                "status_changed_at": status_changed_at,
                "valid_from": valid_from,
                "valid_until": valid_until,
                "documentation_months": documentation_months,
                "audit_period_start": audit_period_start,
                "audit_period_end": audit_period_end,
                "submission_id": submission_id,
                "determination_id": determination_id,
                "source": source,
                "qa_score": qa_score,
                "issued_at": issued_at,
                "maintenance": maintenance,
                "reminders": reminders,
                "history": history,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.certificate_decision import CertificateDecision  # noqa: PLC0415
        from ..models.maintenance_year import MaintenanceYear  # noqa: PLC0415
        from ..models.reminder import Reminder  # noqa: PLC0415

        d = dict(src_dict)
        number = d.pop("number")

        employer_id = d.pop("employer_id")

        holder_legal_name = d.pop("holder_legal_name")

        program = cast(Literal["SECOR"], d.pop("program"))
        if program != "SECOR":
            raise ValueError(f"program must match const 'SECOR', got '{program}'")

        status = CertificatePublicStatus(d.pop("status"))

        def _parse_status_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        status_reason = _parse_status_reason(d.pop("status_reason"))

        status_changed_at = datetime.datetime.fromisoformat(d.pop("status_changed_at"))

        valid_from = datetime.date.fromisoformat(d.pop("valid_from"))

        valid_until = datetime.date.fromisoformat(d.pop("valid_until"))

        documentation_months = d.pop("documentation_months")

        def _parse_audit_period_start(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                audit_period_start_type_0 = datetime.date.fromisoformat(data)

                return audit_period_start_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        audit_period_start = _parse_audit_period_start(d.pop("audit_period_start"))

        def _parse_audit_period_end(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                audit_period_end_type_0 = datetime.date.fromisoformat(data)

                return audit_period_end_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        audit_period_end = _parse_audit_period_end(d.pop("audit_period_end"))

        def _parse_submission_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        submission_id = _parse_submission_id(d.pop("submission_id"))

        def _parse_determination_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        determination_id = _parse_determination_id(d.pop("determination_id"))

        source = CertificatePublicSource(d.pop("source"))

        def _parse_qa_score(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        qa_score = _parse_qa_score(d.pop("qa_score"))

        issued_at = datetime.datetime.fromisoformat(d.pop("issued_at"))

        maintenance = []
        _maintenance = d.pop("maintenance")
        for maintenance_item_data in _maintenance:
            maintenance_item = MaintenanceYear.from_dict(maintenance_item_data)

            maintenance.append(maintenance_item)

        reminders = []
        _reminders = d.pop("reminders")
        for reminders_item_data in _reminders:
            reminders_item = Reminder.from_dict(reminders_item_data)

            reminders.append(reminders_item)

        history = []
        _history = d.pop("history")
        for history_item_data in _history:
            history_item = CertificateDecision.from_dict(history_item_data)

            history.append(history_item)

        certificate_public = cls(
            number=number,
            employer_id=employer_id,
            holder_legal_name=holder_legal_name,
            program=program,
            status=status,
            status_reason=status_reason,
            status_changed_at=status_changed_at,
            valid_from=valid_from,
            valid_until=valid_until,
            documentation_months=documentation_months,
            audit_period_start=audit_period_start,
            audit_period_end=audit_period_end,
            submission_id=submission_id,
            determination_id=determination_id,
            source=source,
            qa_score=qa_score,
            issued_at=issued_at,
            maintenance=maintenance,
            reminders=reminders,
            history=history,
        )

        certificate_public.additional_properties = d
        return certificate_public

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
