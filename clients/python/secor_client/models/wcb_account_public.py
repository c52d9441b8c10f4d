from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.wcb_account_public_status import WcbAccountPublicStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="WcbAccountPublic")


@_attrs_define
class WcbAccountPublic:
    """
    Attributes:
        status (WcbAccountPublicStatus): Its status now
        as_of (datetime.date): The date from which this status holds; a later record for the same date corrects an
            earlier one
        employer_id (str): The employer's id
        recorded_at (datetime.datetime): When the system recorded it (RFC 3339, UTC)
        reason (None | str | Unset): Why, when this corrects what was recorded before (kept in the history)
    """

    status: WcbAccountPublicStatus
    as_of: datetime.date
    employer_id: str
    recorded_at: datetime.datetime
    reason: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        as_of = self.as_of.isoformat()

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
                "status": status,
                "as_of": as_of,
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
        status = WcbAccountPublicStatus(d.pop("status"))

        as_of = datetime.date.fromisoformat(d.pop("as_of"))

        employer_id = d.pop("employer_id")

        recorded_at = datetime.datetime.fromisoformat(d.pop("recorded_at"))

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        wcb_account_public = cls(
            status=status,
            as_of=as_of,
            employer_id=employer_id,
            recorded_at=recorded_at,
            reason=reason,
        )

        wcb_account_public.additional_properties = d
        return wcb_account_public

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
