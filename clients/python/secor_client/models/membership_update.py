from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="MembershipUpdate")


@_attrs_define
class MembershipUpdate:
    """
    Attributes:
        member_number (str): Recorded again, the same number corrects the membership's dates
        valid_from (datetime.date): The first day it is valid
        valid_until (datetime.date): The last day it is valid
        reason (None | str | Unset): Why, when this corrects what was recorded before (kept in the history)
    """

    member_number: str
    valid_from: datetime.date
    valid_until: datetime.date
    reason: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        member_number = self.member_number

        valid_from = self.valid_from.isoformat()

        valid_until = self.valid_until.isoformat()

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "member_number": member_number,
                "valid_from": valid_from,
                "valid_until": valid_until,
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

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        membership_update = cls(
            member_number=member_number,
            valid_from=valid_from,
            valid_until=valid_until,
            reason=reason,
        )

        return membership_update
