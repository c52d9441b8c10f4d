from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.proposed_employer_by import ProposedEmployerBy

T = TypeVar("T", bound="ProposedEmployer")


@_attrs_define
class ProposedEmployer:
    """
    Attributes:
        employer_id (str): The employer's id
        legal_name (None | str): The employer's legal name
        by (ProposedEmployerBy): What matched: a WCB account number in the subject or body, or the sender's address as
            an employer's contact (either can be forged: staff confirm)
        matched (str): The number or address that matched
    """

    employer_id: str
    legal_name: None | str
    by: ProposedEmployerBy
    matched: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        employer_id = self.employer_id

        legal_name: None | str
        legal_name = self.legal_name

        by = self.by.value

        matched = self.matched

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "employer_id": employer_id,
                "legal_name": legal_name,
                "by": by,
                "matched": matched,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        employer_id = d.pop("employer_id")

        def _parse_legal_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        legal_name = _parse_legal_name(d.pop("legal_name"))

        by = ProposedEmployerBy(d.pop("by"))

        matched = d.pop("matched")

        proposed_employer = cls(
            employer_id=employer_id,
            legal_name=legal_name,
            by=by,
            matched=matched,
        )

        proposed_employer.additional_properties = d
        return proposed_employer

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
