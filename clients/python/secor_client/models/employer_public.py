from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.employer_public_outcome_type_0 import EmployerPublicOutcomeType0

T = TypeVar("T", bound="EmployerPublic")


@_attrs_define
class EmployerPublic:
    """
    Attributes:
        id (str): Its id
        wcb_account_number (str): The employer's WCB Alberta account number: 6 to 10 digits
        legal_name (str): The employer's legal name
        trade_name (None | str): The name the employer trades under, if different
        industry (None | str): The employer's industry, in its own words
        contact_email (str): Where the program's mail about this goes
        outcome (EmployerPublicOutcomeType0 | None): Eligibility as of today, kept current as things change
        outcome_at (datetime.datetime | None): When the employer's eligibility outcome last changed
        created_at (datetime.datetime): When it was created (RFC 3339, UTC)
        updated_at (datetime.datetime): When it last changed (RFC 3339, UTC)
    """

    id: str
    wcb_account_number: str
    legal_name: str
    trade_name: None | str
    industry: None | str
    contact_email: str
    outcome: EmployerPublicOutcomeType0 | None
    outcome_at: datetime.datetime | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        wcb_account_number = self.wcb_account_number

        legal_name = self.legal_name

        trade_name: None | str
        trade_name = self.trade_name

        industry: None | str
        industry = self.industry

        contact_email = self.contact_email

        outcome: None | str
        if isinstance(self.outcome, EmployerPublicOutcomeType0):
            outcome = self.outcome.value
        else:
            outcome = self.outcome

        outcome_at: None | str
        if isinstance(self.outcome_at, datetime.datetime):
            outcome_at = self.outcome_at.isoformat()
        else:
            outcome_at = self.outcome_at

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "wcb_account_number": wcb_account_number,
                "legal_name": legal_name,
                "trade_name": trade_name,
                "industry": industry,
                "contact_email": contact_email,
                "outcome": outcome,
                "outcome_at": outcome_at,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        wcb_account_number = d.pop("wcb_account_number")

        legal_name = d.pop("legal_name")

        def _parse_trade_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        trade_name = _parse_trade_name(d.pop("trade_name"))

        def _parse_industry(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        industry = _parse_industry(d.pop("industry"))

        contact_email = d.pop("contact_email")

        def _parse_outcome(data: object) -> EmployerPublicOutcomeType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                outcome_type_0 = EmployerPublicOutcomeType0(data)

                return outcome_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EmployerPublicOutcomeType0 | None, data)

        outcome = _parse_outcome(d.pop("outcome"))

        def _parse_outcome_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                outcome_at_type_0 = datetime.datetime.fromisoformat(data)

                return outcome_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        outcome_at = _parse_outcome_at(d.pop("outcome_at"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        employer_public = cls(
            id=id,
            wcb_account_number=wcb_account_number,
            legal_name=legal_name,
            trade_name=trade_name,
            industry=industry,
            contact_email=contact_email,
            outcome=outcome,
            outcome_at=outcome_at,
            created_at=created_at,
            updated_at=updated_at,
        )

        employer_public.additional_properties = d
        return employer_public

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
