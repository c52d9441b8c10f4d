from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.worker_public_employment_type import WorkerPublicEmploymentType
from ..models.worker_public_role import WorkerPublicRole

if TYPE_CHECKING:
    from ..models.worker_term import WorkerTerm


T = TypeVar("T", bound="WorkerPublic")


@_attrs_define
class WorkerPublic:
    """
    Attributes:
        id (str): Its id
        employer_id (str): The employer's id
        given_name (str): The person's given name
        family_name (str): The person's family name
        email (None | str): The person's e-mail address, if known
        birth_date (datetime.date | None): The person's date of birth, when known (it tells two people of the same name
            apart)
        learner_id (None | str): The learner's id in the ledger, once matched
        external_id (None | str): The integrator's own id for the worker
        role (WorkerPublicRole): The worker's role at the employer
        employment_type (WorkerPublicEmploymentType): How the worker is employed (only full-time workers' training
            counts)
        covered_by_wcb_account (bool): Whether the worker is covered by the employer's WCB account (only they count)
        start_date (datetime.date): The first day of employment
        end_date (datetime.date | None): The last day of employment, if it has ended
        attributes_from (datetime.date | None): The day the role, employment_type and covered_by_wcb_account shown hold
            from (null: from start_date)
        earlier_terms (list[WorkerTerm]): What was in force before attributes_from, oldest first, each until the next
            began
        created_at (datetime.datetime): When it was created (RFC 3339, UTC)
        updated_at (datetime.datetime): When it last changed (RFC 3339, UTC)
    """

    id: str
    employer_id: str
    given_name: str
    family_name: str
    email: None | str
    birth_date: datetime.date | None
    learner_id: None | str
    external_id: None | str
    role: WorkerPublicRole
    employment_type: WorkerPublicEmploymentType
    covered_by_wcb_account: bool
    start_date: datetime.date
    end_date: datetime.date | None
    attributes_from: datetime.date | None
    earlier_terms: list[WorkerTerm]
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        employer_id = self.employer_id

        given_name = self.given_name

        family_name = self.family_name

        email: None | str
        email = self.email

        birth_date: None | str
        if isinstance(self.birth_date, datetime.date):
            birth_date = self.birth_date.isoformat()
        else:
            birth_date = self.birth_date

        learner_id: None | str
        learner_id = self.learner_id

        external_id: None | str
        external_id = self.external_id

        role = self.role.value

        employment_type = self.employment_type.value

        covered_by_wcb_account = self.covered_by_wcb_account

        start_date = self.start_date.isoformat()

        end_date: None | str
        if isinstance(self.end_date, datetime.date):
            end_date = self.end_date.isoformat()
        else:
            end_date = self.end_date

        attributes_from: None | str
        if isinstance(self.attributes_from, datetime.date):
            attributes_from = self.attributes_from.isoformat()
        else:
            attributes_from = self.attributes_from

        earlier_terms = []
        for earlier_terms_item_data in self.earlier_terms:
            earlier_terms_item = earlier_terms_item_data.to_dict()
            earlier_terms.append(earlier_terms_item)

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "employer_id": employer_id,
                "given_name": given_name,
                "family_name": family_name,
                "email": email,
                "birth_date": birth_date,
                "learner_id": learner_id,
                "external_id": external_id,
                "role": role,
                "employment_type": employment_type,
                "covered_by_wcb_account": covered_by_wcb_account,
                "start_date": start_date,
                "end_date": end_date,
                "attributes_from": attributes_from,
                "earlier_terms": earlier_terms,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.worker_term import WorkerTerm  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        employer_id = d.pop("employer_id")

        given_name = d.pop("given_name")

        family_name = d.pop("family_name")

        def _parse_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        email = _parse_email(d.pop("email"))

        def _parse_birth_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                birth_date_type_0 = datetime.date.fromisoformat(data)

                return birth_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        birth_date = _parse_birth_date(d.pop("birth_date"))

        def _parse_learner_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        learner_id = _parse_learner_id(d.pop("learner_id"))

        def _parse_external_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        external_id = _parse_external_id(d.pop("external_id"))

        role = WorkerPublicRole(d.pop("role"))

        employment_type = WorkerPublicEmploymentType(d.pop("employment_type"))

        covered_by_wcb_account = d.pop("covered_by_wcb_account")

        start_date = datetime.date.fromisoformat(d.pop("start_date"))

        def _parse_end_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                end_date_type_0 = datetime.date.fromisoformat(data)

                return end_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        end_date = _parse_end_date(d.pop("end_date"))

        def _parse_attributes_from(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                attributes_from_type_0 = datetime.date.fromisoformat(data)

                return attributes_from_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        attributes_from = _parse_attributes_from(d.pop("attributes_from"))

        earlier_terms = []
        _earlier_terms = d.pop("earlier_terms")
        for earlier_terms_item_data in _earlier_terms:
            earlier_terms_item = WorkerTerm.from_dict(earlier_terms_item_data)

            earlier_terms.append(earlier_terms_item)

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        worker_public = cls(
            id=id,
            employer_id=employer_id,
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
            attributes_from=attributes_from,
            earlier_terms=earlier_terms,
            created_at=created_at,
            updated_at=updated_at,
        )

        worker_public.additional_properties = d
        return worker_public

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
