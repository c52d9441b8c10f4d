from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="EmployerCreate")


@_attrs_define
class EmployerCreate:
    """
    Attributes:
        wcb_account_number (str): Digits only once spaces and dashes are removed, 6-10
        legal_name (str): The employer's legal name
        contact_email (str): Where the program's mail about this goes
        trade_name (None | str | Unset): The name the employer trades under, if different
        industry (None | str | Unset): The employer's industry, in its own words
    """

    wcb_account_number: str
    legal_name: str
    contact_email: str
    trade_name: None | str | Unset = UNSET
    industry: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        wcb_account_number = self.wcb_account_number

        legal_name = self.legal_name

        contact_email = self.contact_email

        trade_name: None | str | Unset
        if isinstance(self.trade_name, Unset):
            trade_name = UNSET
        else:
            trade_name = self.trade_name

        industry: None | str | Unset
        if isinstance(self.industry, Unset):
            industry = UNSET
        else:
            industry = self.industry

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "wcb_account_number": wcb_account_number,
                "legal_name": legal_name,
                "contact_email": contact_email,
            }
        )
        if trade_name is not UNSET:
            field_dict["trade_name"] = trade_name
        if industry is not UNSET:
            field_dict["industry"] = industry

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        wcb_account_number = d.pop("wcb_account_number")

        legal_name = d.pop("legal_name")

        contact_email = d.pop("contact_email")

        def _parse_trade_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        trade_name = _parse_trade_name(d.pop("trade_name", UNSET))

        def _parse_industry(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        industry = _parse_industry(d.pop("industry", UNSET))

        employer_create = cls(
            wcb_account_number=wcb_account_number,
            legal_name=legal_name,
            contact_email=contact_email,
            trade_name=trade_name,
            industry=industry,
        )

        return employer_create
