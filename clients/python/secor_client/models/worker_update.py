from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.worker_update_employment_type_type_0 import WorkerUpdateEmploymentTypeType0
from ..models.worker_update_role_type_0 import WorkerUpdateRoleType0
from ..types import UNSET, Unset

T = TypeVar("T", bound="WorkerUpdate")


@_attrs_define
class WorkerUpdate:
    """
    Attributes:
        given_name (None | str | Unset): The person's given name
        family_name (None | str | Unset): The person's family name
        email (None | str | Unset): The person's e-mail address, if known
        birth_date (datetime.date | None | Unset): The person's date of birth, when known (it tells two people of the
            same name apart)
        learner_id (None | str | Unset): The learner's id in the ledger, once matched
        external_id (None | str | Unset): The integrator's own id for the worker
        role (None | Unset | WorkerUpdateRoleType0): The worker's role at the employer
        employment_type (None | Unset | WorkerUpdateEmploymentTypeType0): How the worker is employed (only full-time
            workers' training counts)
        covered_by_wcb_account (bool | None | Unset): Whether the worker is covered by the employer's WCB account (only
            they count)
        start_date (datetime.date | None | Unset): The first day of employment
        end_date (datetime.date | None | Unset): The last day of employment, if it has ended
        reason (None | str | Unset): Why, when this corrects what was recorded (kept in the history). Needed by any
            change that reaches before today: a correction, an earlier effective_on, a changed start_date, a back-dated
            end_date
        effective_on (datetime.date | None | Unset): The day a change of role, employment_type or covered_by_wcb_account
            holds from (default: today in the program's timezone); the days before keep what was in force then
        correction (bool | Unset): The change of role, employment_type or covered_by_wcb_account holds from the start:
            it corrects a mistake (needs a reason; no effective_on) Default: False.
    """

    given_name: None | str | Unset = UNSET
    family_name: None | str | Unset = UNSET
    email: None | str | Unset = UNSET
    birth_date: datetime.date | None | Unset = UNSET
    learner_id: None | str | Unset = UNSET
    external_id: None | str | Unset = UNSET
    role: None | Unset | WorkerUpdateRoleType0 = UNSET
    employment_type: None | Unset | WorkerUpdateEmploymentTypeType0 = UNSET
    covered_by_wcb_account: bool | None | Unset = UNSET
    start_date: datetime.date | None | Unset = UNSET
    end_date: datetime.date | None | Unset = UNSET
    reason: None | str | Unset = UNSET
    effective_on: datetime.date | None | Unset = UNSET
    correction: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        given_name: None | str | Unset
        if isinstance(self.given_name, Unset):
            given_name = UNSET
        else:
            given_name = self.given_name

        family_name: None | str | Unset
        if isinstance(self.family_name, Unset):
            family_name = UNSET
        else:
            family_name = self.family_name

        email: None | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        birth_date: None | str | Unset
        if isinstance(self.birth_date, Unset):
            birth_date = UNSET
        elif isinstance(self.birth_date, datetime.date):
            birth_date = self.birth_date.isoformat()
        else:
            birth_date = self.birth_date

        learner_id: None | str | Unset
        if isinstance(self.learner_id, Unset):
            learner_id = UNSET
        else:
            learner_id = self.learner_id

        external_id: None | str | Unset
        if isinstance(self.external_id, Unset):
            external_id = UNSET
        else:
            external_id = self.external_id

        role: None | str | Unset
        if isinstance(self.role, Unset):
            role = UNSET
        elif isinstance(self.role, WorkerUpdateRoleType0):
            role = self.role.value
        else:
            role = self.role

        employment_type: None | str | Unset
        if isinstance(self.employment_type, Unset):
            employment_type = UNSET
        elif isinstance(self.employment_type, WorkerUpdateEmploymentTypeType0):
            employment_type = self.employment_type.value
        else:
            employment_type = self.employment_type

        covered_by_wcb_account: bool | None | Unset
        if isinstance(self.covered_by_wcb_account, Unset):
            covered_by_wcb_account = UNSET
        else:
            covered_by_wcb_account = self.covered_by_wcb_account

        start_date: None | str | Unset
        if isinstance(self.start_date, Unset):
            start_date = UNSET
        elif isinstance(self.start_date, datetime.date):
            start_date = self.start_date.isoformat()
        else:
            start_date = self.start_date

        end_date: None | str | Unset
        if isinstance(self.end_date, Unset):
            end_date = UNSET
        elif isinstance(self.end_date, datetime.date):
            end_date = self.end_date.isoformat()
        else:
            end_date = self.end_date

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        effective_on: None | str | Unset
        if isinstance(self.effective_on, Unset):
            effective_on = UNSET
        elif isinstance(self.effective_on, datetime.date):
            effective_on = self.effective_on.isoformat()
        else:
            effective_on = self.effective_on

        correction = self.correction

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if given_name is not UNSET:
            field_dict["given_name"] = given_name
        if family_name is not UNSET:
            field_dict["family_name"] = family_name
        if email is not UNSET:
            field_dict["email"] = email
        if birth_date is not UNSET:
            field_dict["birth_date"] = birth_date
        if learner_id is not UNSET:
            field_dict["learner_id"] = learner_id
        if external_id is not UNSET:
            field_dict["external_id"] = external_id
        if role is not UNSET:
            field_dict["role"] = role
        if employment_type is not UNSET:
            field_dict["employment_type"] = employment_type
        if covered_by_wcb_account is not UNSET:
            field_dict["covered_by_wcb_account"] = covered_by_wcb_account
        if start_date is not UNSET:
            field_dict["start_date"] = start_date
        if end_date is not UNSET:
            field_dict["end_date"] = end_date
        if reason is not UNSET:
            field_dict["reason"] = reason
        if effective_on is not UNSET:
            field_dict["effective_on"] = effective_on
        if correction is not UNSET:
            field_dict["correction"] = correction

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_given_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        given_name = _parse_given_name(d.pop("given_name", UNSET))

        def _parse_family_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        family_name = _parse_family_name(d.pop("family_name", UNSET))

        def _parse_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))

        def _parse_birth_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                birth_date_type_0 = datetime.date.fromisoformat(data)

                return birth_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        birth_date = _parse_birth_date(d.pop("birth_date", UNSET))

        def _parse_learner_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        learner_id = _parse_learner_id(d.pop("learner_id", UNSET))

        def _parse_external_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        external_id = _parse_external_id(d.pop("external_id", UNSET))

        def _parse_role(data: object) -> None | Unset | WorkerUpdateRoleType0:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                role_type_0 = WorkerUpdateRoleType0(data)

                return role_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | WorkerUpdateRoleType0, data)

        role = _parse_role(d.pop("role", UNSET))

        def _parse_employment_type(data: object) -> None | Unset | WorkerUpdateEmploymentTypeType0:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                employment_type_type_0 = WorkerUpdateEmploymentTypeType0(data)

                return employment_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | WorkerUpdateEmploymentTypeType0, data)

        employment_type = _parse_employment_type(d.pop("employment_type", UNSET))

        def _parse_covered_by_wcb_account(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        covered_by_wcb_account = _parse_covered_by_wcb_account(d.pop("covered_by_wcb_account", UNSET))

        def _parse_start_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                start_date_type_0 = datetime.date.fromisoformat(data)

                return start_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        start_date = _parse_start_date(d.pop("start_date", UNSET))

        def _parse_end_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                end_date_type_0 = datetime.date.fromisoformat(data)

                return end_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        end_date = _parse_end_date(d.pop("end_date", UNSET))

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        def _parse_effective_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                effective_on_type_0 = datetime.date.fromisoformat(data)

                return effective_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        effective_on = _parse_effective_on(d.pop("effective_on", UNSET))

        correction = d.pop("correction", UNSET)

        worker_update = cls(
            given_name=given_name,
            family_name=family_name,
            email=email,
            birth_date=birth_date,
            learner_id=learner_id,
            external_id=external_id,
            role=role,
            employment_type=employment_type,
            covered_by_wcb_account=covered_by_wcb_account,
            start_date=start_date,
            end_date=end_date,
            reason=reason,
            effective_on=effective_on,
            correction=correction,
        )

        return worker_update
