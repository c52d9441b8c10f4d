from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.learner import Learner


T = TypeVar("T", bound="CompletionCreate")


@_attrs_define
class CompletionCreate:
    """
    Attributes:
        provider_record_id (str): The provider's own id for this record; reposts are matched on it
        course_code (str): A code from GET /v1/courses
        completed_on (datetime.date): The day the learner completed the course
        learner (Learner):
        employer_wcb_account_number (None | str | Unset): The learner's employer's WCB account number, if the provider
            knows it
        certificate_number (None | str | Unset): The number on the provider's own course certificate, if it has one
        expires_on (datetime.date | None | Unset): Derived from the course's validity when omitted; never after the
            completion date plus that validity, nor before the completion
    """

    provider_record_id: str
    course_code: str
    completed_on: datetime.date
    learner: Learner
    employer_wcb_account_number: None | str | Unset = UNSET
    certificate_number: None | str | Unset = UNSET
    expires_on: datetime.date | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        provider_record_id = self.provider_record_id

        course_code = self.course_code

        completed_on = self.completed_on.isoformat()

        learner = self.learner.to_dict()

        employer_wcb_account_number: None | str | Unset
        if isinstance(self.employer_wcb_account_number, Unset):
            employer_wcb_account_number = UNSET
        else:
            employer_wcb_account_number = self.employer_wcb_account_number

        certificate_number: None | str | Unset
        if isinstance(self.certificate_number, Unset):
            certificate_number = UNSET
        else:
            certificate_number = self.certificate_number

        expires_on: None | str | Unset
        if isinstance(self.expires_on, Unset):
            expires_on = UNSET
        elif isinstance(self.expires_on, datetime.date):
            expires_on = self.expires_on.isoformat()
        else:
            expires_on = self.expires_on

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "provider_record_id": provider_record_id,
                "course_code": course_code,
                "completed_on": completed_on,
                "learner": learner,
            }
        )
        if employer_wcb_account_number is not UNSET:
            field_dict["employer_wcb_account_number"] = employer_wcb_account_number
        if certificate_number is not UNSET:
            field_dict["certificate_number"] = certificate_number
        if expires_on is not UNSET:
            field_dict["expires_on"] = expires_on

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.learner import Learner  # noqa: PLC0415

        d = dict(src_dict)
        provider_record_id = d.pop("provider_record_id")

        course_code = d.pop("course_code")

        completed_on = datetime.date.fromisoformat(d.pop("completed_on"))

        learner = Learner.from_dict(d.pop("learner"))

        def _parse_employer_wcb_account_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        employer_wcb_account_number = _parse_employer_wcb_account_number(d.pop("employer_wcb_account_number", UNSET))

        def _parse_certificate_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        certificate_number = _parse_certificate_number(d.pop("certificate_number", UNSET))

        def _parse_expires_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_on_type_0 = datetime.date.fromisoformat(data)

                return expires_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        expires_on = _parse_expires_on(d.pop("expires_on", UNSET))

        completion_create = cls(
            provider_record_id=provider_record_id,
            course_code=course_code,
            completed_on=completed_on,
            learner=learner,
            employer_wcb_account_number=employer_wcb_account_number,
            certificate_number=certificate_number,
            expires_on=expires_on,
        )

        return completion_create
