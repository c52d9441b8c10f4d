from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.submission_public_channel import SubmissionPublicChannel
from ..models.submission_public_kind_type_0 import SubmissionPublicKindType0
from ..models.submission_public_status import SubmissionPublicStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.addendum_public import AddendumPublic
    from ..models.approval_refusal import ApprovalRefusal
    from ..models.assessor import Assessor
    from ..models.element_score import ElementScore
    from ..models.intake_report import IntakeReport
    from ..models.mail_info import MailInfo
    from ..models.package_info import PackageInfo
    from ..models.submission_history_entry import SubmissionHistoryEntry


T = TypeVar("T", bound="SubmissionPublic")


@_attrs_define
class SubmissionPublic:
    """
    Attributes:
        id (str): Its id
        employer_id (None | str): The employer evaluated; for a mailed evaluation awaiting triage, the one proposed (or
            null)
        kind (None | SubmissionPublicKindType0): Null only while a mailed evaluation awaits triage
        status (SubmissionPublicStatus): Its status now
        channel (SubmissionPublicChannel): How the evaluation came: the API, or the COR mailbox
        audit_period_start (datetime.date | None): The first day of the audit period the evaluation covers
        audit_period_end (datetime.date | None): The last day of the audit period the evaluation covers
        contact_email (None | str): Where the program's mail about this goes
        assessor (Assessor | None): Who did the evaluation
        element_scores (list[ElementScore] | None): The evaluation tool's score for each element of the instrument
        instrument_version (None | str): The version of the evaluation instrument it is judged against
        received_on (datetime.date | None): The day the evaluation was received: its package (the one in intake or QA)
            arrived
        certificate_number (None | str): A maintenance: the certificate it maintains
        maintenance_year (int | None): A maintenance: the interim year it maintains
        receive_by (datetime.date | None): A maintenance: the last day its package may arrive (the year's due date plus
            any grace)
        determination_id (None | str): The eligibility determination it was judged on when received (GET
            /v1/determinations/{id})
        approval_determination_id (None | str): The one it was approved on
        package (None | PackageInfo): The package as received
        intake_report (IntakeReport | None): What intake found in the package, once it has checked it
        qa_analyst (None | str): The QA analyst who reviewed it
        qa_score (float | None): The score QA gave, in percent
        history (list[SubmissionHistoryEntry]): Every change of status, oldest first
        addenda (list[AddendumPublic]): Every addendum sent after QA asked for one, oldest first
        created_at (datetime.datetime): When it was created (RFC 3339, UTC)
        updated_at (datetime.datetime): When it last changed (RFC 3339, UTC)
        mail (MailInfo | None | Unset): A mailed evaluation: the message it came in
        approval_refused (ApprovalRefusal | None | Unset): QA's last approval, refused by the program's rules, while the
            submission has not moved since
    """

    id: str
    employer_id: None | str
    kind: None | SubmissionPublicKindType0
    status: SubmissionPublicStatus
    channel: SubmissionPublicChannel
    audit_period_start: datetime.date | None
    audit_period_end: datetime.date | None
    contact_email: None | str
    assessor: Assessor | None
    element_scores: list[ElementScore] | None
    instrument_version: None | str
    received_on: datetime.date | None
    certificate_number: None | str
    maintenance_year: int | None
    receive_by: datetime.date | None
    determination_id: None | str
    approval_determination_id: None | str
    package: None | PackageInfo
    intake_report: IntakeReport | None
    qa_analyst: None | str
    qa_score: float | None
    history: list[SubmissionHistoryEntry]
    addenda: list[AddendumPublic]
    created_at: datetime.datetime
    updated_at: datetime.datetime
    mail: MailInfo | None | Unset = UNSET
    approval_refused: ApprovalRefusal | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.approval_refusal import ApprovalRefusal  # noqa: PLC0415
        from ..models.assessor import Assessor  # noqa: PLC0415
        from ..models.intake_report import IntakeReport  # noqa: PLC0415
        from ..models.mail_info import MailInfo  # noqa: PLC0415
        from ..models.package_info import PackageInfo  # noqa: PLC0415

        id = self.id

        employer_id: None | str
        employer_id = self.employer_id

        kind: None | str
        if isinstance(self.kind, SubmissionPublicKindType0):
            kind = self.kind.value
        else:
            kind = self.kind

        status = self.status.value

        channel = self.channel.value

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

        contact_email: None | str
        contact_email = self.contact_email

        assessor: dict[str, Any] | None
        if isinstance(self.assessor, Assessor):
            assessor = self.assessor.to_dict()
        else:
            assessor = self.assessor

        element_scores: list[dict[str, Any]] | None
        if isinstance(self.element_scores, list):
            element_scores = []
            for element_scores_type_0_item_data in self.element_scores:
                element_scores_type_0_item = element_scores_type_0_item_data.to_dict()
                element_scores.append(element_scores_type_0_item)

        else:
            element_scores = self.element_scores

        instrument_version: None | str
        instrument_version = self.instrument_version

        received_on: None | str
        if isinstance(self.received_on, datetime.date):
            received_on = self.received_on.isoformat()
        else:
            received_on = self.received_on

        certificate_number: None | str
        certificate_number = self.certificate_number

        maintenance_year: int | None
        maintenance_year = self.maintenance_year

        receive_by: None | str
        if isinstance(self.receive_by, datetime.date):
            receive_by = self.receive_by.isoformat()
        else:
            receive_by = self.receive_by

        determination_id: None | str
        determination_id = self.determination_id

        approval_determination_id: None | str
        approval_determination_id = self.approval_determination_id

        package: dict[str, Any] | None
        if isinstance(self.package, PackageInfo):
            package = self.package.to_dict()
        else:
            package = self.package

        intake_report: dict[str, Any] | None
        if isinstance(self.intake_report, IntakeReport):
            intake_report = self.intake_report.to_dict()
        else:
            intake_report = self.intake_report

        qa_analyst: None | str
        qa_analyst = self.qa_analyst

        qa_score: float | None
        qa_score = self.qa_score

        history = []
        for history_item_data in self.history:
            history_item = history_item_data.to_dict()
            history.append(history_item)

        addenda = []
        for addenda_item_data in self.addenda:
            addenda_item = addenda_item_data.to_dict()
            addenda.append(addenda_item)

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        mail: dict[str, Any] | None | Unset
        if isinstance(self.mail, Unset):
            mail = UNSET
        elif isinstance(self.mail, MailInfo):
            mail = self.mail.to_dict()
        else:
            mail = self.mail

        approval_refused: dict[str, Any] | None | Unset
        if isinstance(self.approval_refused, Unset):
            approval_refused = UNSET
        elif isinstance(self.approval_refused, ApprovalRefusal):
            approval_refused = self.approval_refused.to_dict()
        else:
            approval_refused = self.approval_refused

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "employer_id": employer_id,
                "kind": kind,
                "status": status,
                "channel": channel,
                "audit_period_start": audit_period_start,
                "audit_period_end": audit_period_end,
                "contact_email": contact_email,
                "assessor": assessor,
                "element_scores": element_scores,
                "instrument_version": instrument_version,
                "received_on": received_on,
                "certificate_number": certificate_number,
                "maintenance_year": maintenance_year,
                "receive_by": receive_by,
                "determination_id": determination_id,
                "approval_determination_id": approval_determination_id,
                "package": package,
                "intake_report": intake_report,
                "qa_analyst": qa_analyst,
                "qa_score": qa_score,
                "history": history,
                "addenda": addenda,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
        if mail is not UNSET:
            field_dict["mail"] = mail
        if approval_refused is not UNSET:
            field_dict["approval_refused"] = approval_refused

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.addendum_public import AddendumPublic  # noqa: PLC0415
        from ..models.approval_refusal import ApprovalRefusal  # noqa: PLC0415
        from ..models.assessor import Assessor  # noqa: PLC0415
        from ..models.element_score import ElementScore  # noqa: PLC0415
        from ..models.intake_report import IntakeReport  # noqa: PLC0415
        from ..models.mail_info import MailInfo  # noqa: PLC0415
        from ..models.package_info import PackageInfo  # noqa: PLC0415
        from ..models.submission_history_entry import SubmissionHistoryEntry  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        def _parse_employer_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        employer_id = _parse_employer_id(d.pop("employer_id"))

        def _parse_kind(data: object) -> None | SubmissionPublicKindType0:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                kind_type_0 = SubmissionPublicKindType0(data)

                return kind_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SubmissionPublicKindType0, data)

        kind = _parse_kind(d.pop("kind"))

        status = SubmissionPublicStatus(d.pop("status"))

        channel = SubmissionPublicChannel(d.pop("channel"))

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

        def _parse_contact_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        contact_email = _parse_contact_email(d.pop("contact_email"))

        def _parse_assessor(data: object) -> Assessor | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                assessor_type_0 = Assessor.from_dict(data)

                return assessor_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Assessor | None, data)

        assessor = _parse_assessor(d.pop("assessor"))

        def _parse_element_scores(data: object) -> list[ElementScore] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                element_scores_type_0 = []
                _element_scores_type_0 = data
                for element_scores_type_0_item_data in _element_scores_type_0:
                    element_scores_type_0_item = ElementScore.from_dict(element_scores_type_0_item_data)

                    element_scores_type_0.append(element_scores_type_0_item)

                return element_scores_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ElementScore] | None, data)

        element_scores = _parse_element_scores(d.pop("element_scores"))

        def _parse_instrument_version(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        instrument_version = _parse_instrument_version(d.pop("instrument_version"))

        def _parse_received_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                received_on_type_0 = datetime.date.fromisoformat(data)

                return received_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        received_on = _parse_received_on(d.pop("received_on"))

        def _parse_certificate_number(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        certificate_number = _parse_certificate_number(d.pop("certificate_number"))

        def _parse_maintenance_year(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        maintenance_year = _parse_maintenance_year(d.pop("maintenance_year"))

        def _parse_receive_by(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                receive_by_type_0 = datetime.date.fromisoformat(data)

                return receive_by_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        receive_by = _parse_receive_by(d.pop("receive_by"))

        def _parse_determination_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        determination_id = _parse_determination_id(d.pop("determination_id"))

        def _parse_approval_determination_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        approval_determination_id = _parse_approval_determination_id(d.pop("approval_determination_id"))

        def _parse_package(data: object) -> None | PackageInfo:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                package_type_0 = PackageInfo.from_dict(data)

                return package_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PackageInfo, data)

        package = _parse_package(d.pop("package"))

        def _parse_intake_report(data: object) -> IntakeReport | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                intake_report_type_0 = IntakeReport.from_dict(data)

                return intake_report_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(IntakeReport | None, data)

        intake_report = _parse_intake_report(d.pop("intake_report"))

        def _parse_qa_analyst(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        qa_analyst = _parse_qa_analyst(d.pop("qa_analyst"))

        def _parse_qa_score(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        qa_score = _parse_qa_score(d.pop("qa_score"))

        history = []
        _history = d.pop("history")
        for history_item_data in _history:
            history_item = SubmissionHistoryEntry.from_dict(history_item_data)

            history.append(history_item)

        addenda = []
        _addenda = d.pop("addenda")
        for addenda_item_data in _addenda:
            addenda_item = AddendumPublic.from_dict(addenda_item_data)

            addenda.append(addenda_item)

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_mail(data: object) -> MailInfo | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                mail_type_0 = MailInfo.from_dict(data)

                return mail_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MailInfo | None | Unset, data)

        mail = _parse_mail(d.pop("mail", UNSET))

        def _parse_approval_refused(data: object) -> ApprovalRefusal | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                approval_refused_type_0 = ApprovalRefusal.from_dict(data)

                return approval_refused_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ApprovalRefusal | None | Unset, data)

        approval_refused = _parse_approval_refused(d.pop("approval_refused", UNSET))

        submission_public = cls(
            id=id,
            employer_id=employer_id,
            kind=kind,
            status=status,
            channel=channel,
            audit_period_start=audit_period_start,
            audit_period_end=audit_period_end,
            contact_email=contact_email,
            assessor=assessor,
            element_scores=element_scores,
            instrument_version=instrument_version,
            received_on=received_on,
            certificate_number=certificate_number,
            maintenance_year=maintenance_year,
            receive_by=receive_by,
            determination_id=determination_id,
            approval_determination_id=approval_determination_id,
            package=package,
            intake_report=intake_report,
            qa_analyst=qa_analyst,
            qa_score=qa_score,
            history=history,
            addenda=addenda,
            created_at=created_at,
            updated_at=updated_at,
            mail=mail,
            approval_refused=approval_refused,
        )

        submission_public.additional_properties = d
        return submission_public

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
