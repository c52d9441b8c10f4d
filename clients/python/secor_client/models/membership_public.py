from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="MembershipPublic")


@_attrs_define
class MembershipPublic:
    """
    Attributes:
        member_number (str): Recorded again, the same number corrects the membership's dates
        valid_from (datetime.date): The first day it is valid
        valid_until (datetime.date): The last day it is valid
        employer_id (str): The employer's id
        recorded_at (datetime.datetime): When the system recorded it (RFC 3339, UTC)
        reason (None | str | Unset): Why, when this corrects what was recorded before (kept in the history)
    """

    member_number: str
    valid_from: datetime.date
    valid_until: datetime.date
    employer_id: str
    recorded_at: datetime.datetime
    reason: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        member_number = self.member_number

        valid_from = self.valid_from.isoformat()

        valid_until = self.valid_until.isoformat()

        employer_id = self.employer_id

        recorded_at = self.recorded_at.isoformat()

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "member_number": member_number,
                "valid_from": valid_from,
                "valid_until": valid_until,
                "employer_id": employer_id,
                "recorded_at": recorded_at,
            }
        )
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        member_number = d.pop("member_number")

        valid_from = datetime.date.fromisoformat(d.pop("valid_from"))

        valid_until = datetime.date.fromisoformat(d.pop("valid_until"))

        employer_id = d.pop("employer_id")

        recorded_at = datetime.datetime.fromisoformat(d.pop("recorded_at"))

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        membership_public = cls(
            member_number=member_number,
            valid_from=valid_from,
            valid_until=valid_until,
            employer_id=employer_id,
            recorded_at=recorded_at,
            reason=reason,
        )

        membership_public.additional_properties = d
        return membership_public

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
