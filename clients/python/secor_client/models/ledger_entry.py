from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.ledger_entry_kind import LedgerEntryKind

T = TypeVar("T", bound="LedgerEntry")


@_attrs_define
class LedgerEntry:
    """
    Attributes:
        seq (int): The entry's position in the ledger
        kind (LedgerEntryKind): What the entry records
        completion_id (str): The completion's id
        recorded_at (datetime.datetime): When the system recorded it (RFC 3339, UTC)
        prev_hash (str): The previous entry's hash
        hash_ (str): The entry's SHA-256 hash, chained to the previous entry's
    """

    seq: int
    kind: LedgerEntryKind
    completion_id: str
    recorded_at: datetime.datetime
    prev_hash: str
    hash_: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        seq = self.seq

        kind = self.kind.value

        completion_id = self.completion_id

        recorded_at = self.recorded_at.isoformat()

        prev_hash = self.prev_hash

        hash_ = self.hash_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "seq": seq,
                "kind": kind,
                "completion_id": completion_id,
                "recorded_at": recorded_at,
                "prev_hash": prev_hash,
                "hash": hash_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        seq = d.pop("seq")

        kind = LedgerEntryKind(d.pop("kind"))

        completion_id = d.pop("completion_id")

        recorded_at = datetime.datetime.fromisoformat(d.pop("recorded_at"))

        prev_hash = d.pop("prev_hash")

        hash_ = d.pop("hash")

        ledger_entry = cls(
            seq=seq,
            kind=kind,
            completion_id=completion_id,
            recorded_at=recorded_at,
            prev_hash=prev_hash,
            hash_=hash_,
        )

        ledger_entry.additional_properties = d
        return ledger_entry

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
