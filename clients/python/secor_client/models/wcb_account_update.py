from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.wcb_account_update_status import WcbAccountUpdateStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="WcbAccountUpdate")


@_attrs_define
class WcbAccountUpdate:
    """
    Attributes:
        status (WcbAccountUpdateStatus): Its status now
        as_of (datetime.date): The date from which this status holds; a later record for the same date corrects an
            earlier one
        reason (None | str | Unset): Why, when this corrects what was recorded before (kept in the history)
    """

    status: WcbAccountUpdateStatus
    as_of: datetime.date
    reason: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        as_of = self.as_of.isoformat()

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
                "as_of": as_of,
            }
        )
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = WcbAccountUpdateStatus(d.pop("status"))

        as_of = datetime.date.fromisoformat(d.pop("as_of"))

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        wcb_account_update = cls(
            status=status,
            as_of=as_of,
            reason=reason,
        )

        return wcb_account_update
