from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.readiness_request_keep_type_0 import ReadinessRequestKeepType0
from ..models.readiness_request_kind import ReadinessRequestKind
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.assessor_update import AssessorUpdate


T = TypeVar("T", bound="ReadinessRequest")


@_attrs_define
class ReadinessRequest:
    """
    Attributes:
        kind (ReadinessRequestKind): Its kind
        audit_period_start (datetime.date): The first day of the audit period the evaluation covers
        audit_period_end (datetime.date): The last day of the audit period the evaluation covers
        assessor (AssessorUpdate):
        received_on (datetime.date | None | Unset): The day the evaluation is (or was) received; default today
        certificate_number (None | str | Unset): Maintenance: the certificate it maintains (default: the employer's
            certificate in force)
        maintenance_year (int | None | Unset): Maintenance: the year it was received for (it must still be that year's
            turn)
        keep (None | ReadinessRequestKeepType0 | Unset): Keep the determination: only the submission service may, when
            an evaluation is received or approved (anyone else gets 403); its id is in the answer, for the decision to refer
            to
        submission_id (None | str | Unset): The submission it is kept for
    """

    kind: ReadinessRequestKind
    audit_period_start: datetime.date
    audit_period_end: datetime.date
    assessor: AssessorUpdate
    received_on: datetime.date | None | Unset = UNSET
    certificate_number: None | str | Unset = UNSET
    maintenance_year: int | None | Unset = UNSET
    keep: None | ReadinessRequestKeepType0 | Unset = UNSET
    submission_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        audit_period_start = self.audit_period_start.isoformat()

        audit_period_end = self.audit_period_end.isoformat()

        assessor = self.assessor.to_dict()

        received_on: None | str | Unset
        if isinstance(self.received_on, Unset):
            received_on = UNSET
        elif isinstance(self.received_on, datetime.date):
            received_on = self.received_on.isoformat()
        else:
            received_on = self.received_on

        certificate_number: None | str | Unset
        if isinstance(self.certificate_number, Unset):
            certificate_number = UNSET
        else:
            certificate_number = self.certificate_number

        maintenance_year: int | None | Unset
        if isinstance(self.maintenance_year, Unset):
            maintenance_year = UNSET
        else:
            maintenance_year = self.maintenance_year

        keep: None | str | Unset
        if isinstance(self.keep, Unset):
            keep = UNSET
        elif isinstance(self.keep, ReadinessRequestKeepType0):
            keep = self.keep.value
        else:
            keep = self.keep

        submission_id: None | str | Unset
        if isinstance(self.submission_id, Unset):
            submission_id = UNSET
        else:
            submission_id = self.submission_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
                "audit_period_start": audit_period_start,
                "audit_period_end": audit_period_end,
                "assessor": assessor,
            }
        )
        if received_on is not UNSET:
            field_dict["received_on"] = received_on
        if certificate_number is not UNSET:
            field_dict["certificate_number"] = certificate_number
        if maintenance_year is not UNSET:
            field_dict["maintenance_year"] = maintenance_year
        if keep is not UNSET:
            field_dict["keep"] = keep
        if submission_id is not UNSET:
            field_dict["submission_id"] = submission_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.assessor_update import AssessorUpdate  # noqa: PLC0415

        d = dict(src_dict)
        kind = ReadinessRequestKind(d.pop("kind"))

        audit_period_start = datetime.date.fromisoformat(d.pop("audit_period_start"))

        audit_period_end = datetime.date.fromisoformat(d.pop("audit_period_end"))

        assessor = AssessorUpdate.from_dict(d.pop("assessor"))

        def _parse_received_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                received_on_type_0 = datetime.date.fromisoformat(data)

                return received_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        received_on = _parse_received_on(d.pop("received_on", UNSET))

        def _parse_certificate_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        certificate_number = _parse_certificate_number(d.pop("certificate_number", UNSET))

        def _parse_maintenance_year(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        maintenance_year = _parse_maintenance_year(d.pop("maintenance_year", UNSET))

        def _parse_keep(data: object) -> None | ReadinessRequestKeepType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                keep_type_0 = ReadinessRequestKeepType0(data)

                return keep_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ReadinessRequestKeepType0 | Unset, data)

        keep = _parse_keep(d.pop("keep", UNSET))

        def _parse_submission_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        submission_id = _parse_submission_id(d.pop("submission_id", UNSET))

        readiness_request = cls(
            kind=kind,
            audit_period_start=audit_period_start,
            audit_period_end=audit_period_end,
            assessor=assessor,
            received_on=received_on,
            certificate_number=certificate_number,
            maintenance_year=maintenance_year,
            keep=keep,
            submission_id=submission_id,
        )

        return readiness_request
