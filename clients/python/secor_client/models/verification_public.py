from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.verification_public_status import VerificationPublicStatus

if TYPE_CHECKING:
    from ..models.signature import Signature


T = TypeVar("T", bound="VerificationPublic")


@_attrs_define
class VerificationPublic:
    """What anyone may know of a certificate from its number, signed.

    Attributes:
        number (str): The certificate number
        holder_legal_name (str): The certificate holder's legal name
        program (Literal['SECOR']): The program (`SECOR`)
        status (VerificationPublicStatus): Its status now
        valid_from (datetime.date): The first day it is valid
        valid_until (datetime.date): The last day it is valid
        checked_at (datetime.datetime): When this answer was true
        signature (Signature):
    """

    number: str
    holder_legal_name: str
    program: Literal["SECOR"]
    status: VerificationPublicStatus
    valid_from: datetime.date
    valid_until: datetime.date
    checked_at: datetime.datetime
    signature: Signature
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        number = self.number

        holder_legal_name = self.holder_legal_name

        program = self.program

        status = self.status.value

        valid_from = self.valid_from.isoformat()

        valid_until = self.valid_until.isoformat()

        checked_at = self.checked_at.isoformat()

        signature = self.signature.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "number": number,
                "holder_legal_name": holder_legal_name,
                "program": program,
                "status": status,
                "valid_from": valid_from,
                "valid_until": valid_until,
                "checked_at": checked_at,
                "signature": signature,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.signature import Signature  # noqa: PLC0415

        d = dict(src_dict)
        number = d.pop("number")

        holder_legal_name = d.pop("holder_legal_name")

        program = cast(Literal["SECOR"], d.pop("program"))
        if program != "SECOR":
            raise ValueError(f"program must match const 'SECOR', got '{program}'")

        status = VerificationPublicStatus(d.pop("status"))

        valid_from = datetime.date.fromisoformat(d.pop("valid_from"))

        valid_until = datetime.date.fromisoformat(d.pop("valid_until"))

        checked_at = datetime.datetime.fromisoformat(d.pop("checked_at"))

        signature = Signature.from_dict(d.pop("signature"))

        verification_public = cls(
            number=number,
            holder_legal_name=holder_legal_name,
            program=program,
            status=status,
            valid_from=valid_from,
            valid_until=valid_until,
            checked_at=checked_at,
            signature=signature,
        )

        verification_public.additional_properties = d
        return verification_public

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
