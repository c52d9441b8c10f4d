from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.employer_completion_matched_by_type_0 import EmployerCompletionMatchedByType0
from ..models.employer_completion_status import EmployerCompletionStatus

T = TypeVar("T", bound="EmployerCompletion")


@_attrs_define
class EmployerCompletion:
    """
    Attributes:
        completion_id (str): The completion's id
        course_code (str): The course's code in the catalogue (`SECOR`, `CSTS`, ...)
        completed_on (datetime.date): The day the learner completed the course
        expires_on (datetime.date | None): The day the training stops counting, if the course expires
        given_name (str): The person's given name
        family_name (str): The person's family name
        email (None | str): The person's e-mail address, if known
        learner_id (None | str): The learner's id in the ledger, once matched
        employer_wcb_account_number (None | str): The learner's employer's WCB account number, if the provider knows it
        provider_id (None | str): The training provider's id
        provider_is_acsa (bool): Whether the provider is ACSA itself
        status (EmployerCompletionStatus): Its status now
        recorded_at (datetime.datetime): When the system recorded it (RFC 3339, UTC)
        worker_id (None | str): The roster worker this completion matched, or null
        matched_by (EmployerCompletionMatchedByType0 | None): How the completion was matched to this employer's worker
    """

    completion_id: str
    course_code: str
    completed_on: datetime.date
    expires_on: datetime.date | None
    given_name: str
    family_name: str
    email: None | str
    learner_id: None | str
    employer_wcb_account_number: None | str
    provider_id: None | str
    provider_is_acsa: bool
    status: EmployerCompletionStatus
    recorded_at: datetime.datetime
    worker_id: None | str
    matched_by: EmployerCompletionMatchedByType0 | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        completion_id = self.completion_id

        course_code = self.course_code

        completed_on = self.completed_on.isoformat()

        expires_on: None | str
        if isinstance(self.expires_on, datetime.date):
            expires_on = self.expires_on.isoformat()
        else:
            expires_on = self.expires_on

        given_name = self.given_name

        family_name = self.family_name

        email: None | str
        email = self.email

        learner_id: None | str
        learner_id = self.learner_id

        employer_wcb_account_number: None | str
        employer_wcb_account_number = self.employer_wcb_account_number

        provider_id: None | str
        provider_id = self.provider_id

        provider_is_acsa = self.provider_is_acsa

        status = self.status.value

        recorded_at = self.recorded_at.isoformat()

        worker_id: None | str
        worker_id = self.worker_id

        matched_by: None | str
        if isinstance(self.matched_by, EmployerCompletionMatchedByType0):
            matched_by = self.matched_by.value
        else:
            matched_by = self.matched_by

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "completion_id": completion_id,
                "course_code": course_code,
                "completed_on": completed_on,
                "expires_on": expires_on,
                "given_name": given_name,
                "family_name": family_name,
                "email": email,
                "learner_id": learner_id,
                "employer_wcb_account_number": employer_wcb_account_number,
                "provider_id": provider_id,
                "provider_is_acsa": provider_is_acsa,
                "status": status,
                "recorded_at": recorded_at,
                "worker_id": worker_id,
                "matched_by": matched_by,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        completion_id = d.pop("completion_id")

        course_code = d.pop("course_code")

        completed_on = datetime.date.fromisoformat(d.pop("completed_on"))

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

        given_name = d.pop("given_name")

        family_name = d.pop("family_name")

        def _parse_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        email = _parse_email(d.pop("email"))

        def _parse_learner_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        learner_id = _parse_learner_id(d.pop("learner_id"))

        def _parse_employer_wcb_account_number(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        employer_wcb_account_number = _parse_employer_wcb_account_number(d.pop("employer_wcb_account_number"))

        def _parse_provider_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        provider_id = _parse_provider_id(d.pop("provider_id"))

        provider_is_acsa = d.pop("provider_is_acsa")

        status = EmployerCompletionStatus(d.pop("status"))

        recorded_at = datetime.datetime.fromisoformat(d.pop("recorded_at"))

        def _parse_worker_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        worker_id = _parse_worker_id(d.pop("worker_id"))

        def _parse_matched_by(data: object) -> EmployerCompletionMatchedByType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                matched_by_type_0 = EmployerCompletionMatchedByType0(data)

                return matched_by_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EmployerCompletionMatchedByType0 | None, data)

        matched_by = _parse_matched_by(d.pop("matched_by"))

        employer_completion = cls(
            completion_id=completion_id,
            course_code=course_code,
            completed_on=completed_on,
            expires_on=expires_on,
            given_name=given_name,
            family_name=family_name,
            email=email,
            learner_id=learner_id,
            employer_wcb_account_number=employer_wcb_account_number,
            provider_id=provider_id,
            provider_is_acsa=provider_is_acsa,
            status=status,
            recorded_at=recorded_at,
            worker_id=worker_id,
            matched_by=matched_by,
        )

        employer_completion.additional_properties = d
        return employer_completion

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
