from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.failing_check_public_status import FailingCheckPublicStatus

T = TypeVar("T", bound="FailingCheckPublic")


@_attrs_define
class FailingCheckPublic:
    """
    Attributes:
        code (str): The failing check's code
        status (FailingCheckPublicStatus): Its status now
        reason (str): Why, in words
    """

    code: str
    status: FailingCheckPublicStatus
    reason: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        status = self.status.value

        reason = self.reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "status": status,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        status = FailingCheckPublicStatus(d.pop("status"))

        reason = d.pop("reason")

        failing_check_public = cls(
            code=code,
            status=status,
            reason=reason,
        )

        failing_check_public.additional_properties = d
        return failing_check_public

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
