from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.worker_create_employment_type import WorkerCreateEmploymentType
from ..models.worker_create_role import WorkerCreateRole
from ..types import UNSET, Unset

T = TypeVar("T", bound="WorkerCreate")


@_attrs_define
class WorkerCreate:
    """
    Attributes:
        given_name (str): The person's given name
        family_name (str): The person's family name
        role (WorkerCreateRole): The worker's role at the employer
        employment_type (WorkerCreateEmploymentType): How the worker is employed (only full-time workers' training
            counts)
        start_date (datetime.date): The first day of employment
        email (None | str | Unset): The person's e-mail address, if known
        birth_date (datetime.date | None | Unset): The person's date of birth, when known (it tells two people of the
            same name apart)
        learner_id (None | str | Unset): Matches training completions carrying it
        external_id (None | str | Unset): Your system's id; PUT .../workers syncs on it
        covered_by_wcb_account (bool | Unset): False for people under their own WCB account: they do not count toward
            headcount Default: True.
        end_date (datetime.date | None | Unset): Last day employed; empty while employed
    """

    given_name: str
    family_name: str
    role: WorkerCreateRole
    employment_type: WorkerCreateEmploymentType
    start_date: datetime.date
    email: None | str | Unset = UNSET
    birth_date: datetime.date | None | Unset = UNSET
    learner_id: None | str | Unset = UNSET
    external_id: None | str | Unset = UNSET
    covered_by_wcb_account: bool | Unset = True
    end_date: datetime.date | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        given_name = self.given_name

        family_name = self.family_name

        role = self.role.value

        employment_type = self.employment_type.value

        start_date = self.start_date.isoformat()

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

        covered_by_wcb_account = self.covered_by_wcb_account

        end_date: None | str | Unset
        if isinstance(self.end_date, Unset):
            end_date = UNSET
        elif isinstance(self.end_date, datetime.date):
            end_date = self.end_date.isoformat()
        else:
            end_date = self.end_date

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "given_name": given_name,
                "family_name": family_name,
                "role": role,
                "employment_type": employment_type,
                "start_date": start_date,
            }
        )
        if email is not UNSET:
            field_dict["email"] = email
        if birth_date is not UNSET:
            field_dict["birth_date"] = birth_date
        if learner_id is not UNSET:
            field_dict["learner_id"] = learner_id
        if external_id is not UNSET:
            field_dict["external_id"] = external_id
        if covered_by_wcb_account is not UNSET:
            field_dict["covered_by_wcb_account"] = covered_by_wcb_account
        if end_date is not UNSET:
            field_dict["end_date"] = end_date

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        given_name = d.pop("given_name")

        family_name = d.pop("family_name")

        role = WorkerCreateRole(d.pop("role"))

        employment_type = WorkerCreateEmploymentType(d.pop("employment_type"))

        start_date = datetime.date.fromisoformat(d.pop("start_date"))

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

        covered_by_wcb_account = d.pop("covered_by_wcb_account", UNSET)

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

        worker_create = cls(
            given_name=given_name,
            family_name=family_name,
            role=role,
            employment_type=employment_type,
            start_date=start_date,
            email=email,
            birth_date=birth_date,
            learner_id=learner_id,
            external_id=external_id,
            covered_by_wcb_account=covered_by_wcb_account,
            end_date=end_date,
        )

        return worker_create
