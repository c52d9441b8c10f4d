from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.completion_public_status import CompletionPublicStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.learner import Learner


T = TypeVar("T", bound="CompletionPublic")


@_attrs_define
class CompletionPublic:
    """
    Attributes:
        id (str): Its id
        provider_id (str): The training provider's id
        provider_record_id (str): The provider's own id for the completion (unique per provider)
        course_code (str): The course's code in the catalogue (`SECOR`, `CSTS`, ...)
        completed_on (datetime.date): The day the learner completed the course
        learner (Learner):
        employer_wcb_account_number (None | str): The learner's employer's WCB account number, if the provider knows it
        certificate_number (None | str): The number on the provider's own course certificate, if it has one
        expires_on (datetime.date | None): The day the training stops counting, if the course expires
        status (CompletionPublicStatus): Its status now
        ledger_seq (int): The completion's position in the append-only ledger
        recorded_at (datetime.datetime): When the system recorded it (RFC 3339, UTC)
        revoked_at (datetime.datetime | None | Unset): When it was revoked, if it was (RFC 3339, UTC)
        revocation_reason (None | str | Unset): Why the completion was revoked
    """

    id: str
    provider_id: str
    provider_record_id: str
    course_code: str
    completed_on: datetime.date
    learner: Learner
    employer_wcb_account_number: None | str
    certificate_number: None | str
    expires_on: datetime.date | None
    status: CompletionPublicStatus
    ledger_seq: int
    recorded_at: datetime.datetime
    revoked_at: datetime.datetime | None | Unset = UNSET
    revocation_reason: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        provider_id = self.provider_id

        provider_record_id = self.provider_record_id

        course_code = self.course_code

        completed_on = self.completed_on.isoformat()

        learner = self.learner.to_dict()

        employer_wcb_account_number: None | str
        employer_wcb_account_number = self.employer_wcb_account_number

        certificate_number: None | str
        certificate_number = self.certificate_number

        expires_on: None | str
        if isinstance(self.expires_on, datetime.date):
            expires_on = self.expires_on.isoformat()
        else:
            expires_on = self.expires_on

        status = self.status.value

        ledger_seq = self.ledger_seq

        recorded_at = self.recorded_at.isoformat()

        revoked_at: None | str | Unset
        if isinstance(self.revoked_at, Unset):
            revoked_at = UNSET
        elif isinstance(self.revoked_at, datetime.datetime):
            revoked_at = self.revoked_at.isoformat()
        else:
            revoked_at = self.revoked_at

        revocation_reason: None | str | Unset
        if isinstance(self.revocation_reason, Unset):
            revocation_reason = UNSET
        else:
            revocation_reason = self.revocation_reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "provider_id": provider_id,
                "provider_record_id": provider_record_id,
                "course_code": course_code,
                "completed_on": completed_on,
                "learner": learner,
                "employer_wcb_account_number": employer_wcb_account_number,
                "certificate_number": certificate_number,
                "expires_on": expires_on,
                "status": status,
                "ledger_seq": ledger_seq,
                "recorded_at": recorded_at,
            }
        )
        if revoked_at is not UNSET:
            field_dict["revoked_at"] = revoked_at
        if revocation_reason is not UNSET:
            field_dict["revocation_reason"] = revocation_reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.learner import Learner  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        provider_id = d.pop("provider_id")

        provider_record_id = d.pop("provider_record_id")

        course_code = d.pop("course_code")

        completed_on = datetime.date.fromisoformat(d.pop("completed_on"))

        learner = Learner.from_dict(d.pop("learner"))

        def _parse_employer_wcb_account_number(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        employer_wcb_account_number = _parse_employer_wcb_account_number(d.pop("employer_wcb_account_number"))

        def _parse_certificate_number(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        certificate_number = _parse_certificate_number(d.pop("certificate_number"))

        def _parse_expires_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_on_type_0 = datetime.date.fromisoformat(data)

                return expires_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        expires_on = _parse_expires_on(d.pop("expires_on"))

        status = CompletionPublicStatus(d.pop("status"))

        ledger_seq = d.pop("ledger_seq")

        recorded_at = datetime.datetime.fromisoformat(d.pop("recorded_at"))

        def _parse_revoked_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                revoked_at_type_0 = datetime.datetime.fromisoformat(data)

                return revoked_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        revoked_at = _parse_revoked_at(d.pop("revoked_at", UNSET))

        def _parse_revocation_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        revocation_reason = _parse_revocation_reason(d.pop("revocation_reason", UNSET))

        completion_public = cls(
            id=id,
            provider_id=provider_id,
            provider_record_id=provider_record_id,
            course_code=course_code,
            completed_on=completed_on,
            learner=learner,
            employer_wcb_account_number=employer_wcb_account_number,
            certificate_number=certificate_number,
            expires_on=expires_on,
            status=status,
            ledger_seq=ledger_seq,
            recorded_at=recorded_at,
            revoked_at=revoked_at,
            revocation_reason=revocation_reason,
        )

        completion_public.additional_properties = d
        return completion_public

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
