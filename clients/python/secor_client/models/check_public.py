from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.check_public_status import CheckPublicStatus

if TYPE_CHECKING:
    from ..models.check_public_evidence import CheckPublicEvidence


T = TypeVar("T", bound="CheckPublic")


@_attrs_define
class CheckPublic:
    """
    Attributes:
        code (str): The check's code
        status (CheckPublicStatus): Its status now
        reason (str): Why, in words
        evidence (CheckPublicEvidence): The facts the check looked at
    """

    code: str
    status: CheckPublicStatus
    reason: str
    evidence: CheckPublicEvidence
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        status = self.status.value

        reason = self.reason

        evidence = self.evidence.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "status": status,
                "reason": reason,
                "evidence": evidence,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.check_public_evidence import CheckPublicEvidence  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        status = CheckPublicStatus(d.pop("status"))

        reason = d.pop("reason")

        evidence = CheckPublicEvidence.from_dict(d.pop("evidence"))

        check_public = cls(
            code=code,
            status=status,
            reason=reason,
            evidence=evidence,
        )

        check_public.additional_properties = d
        return check_public

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
