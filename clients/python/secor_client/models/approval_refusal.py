from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.refusal_reason import RefusalReason


T = TypeVar("T", bound="ApprovalRefusal")


@_attrs_define
class ApprovalRefusal:
    """
    Attributes:
        at (datetime.datetime): When it happened (RFC 3339, UTC)
        by (str): The QA analyst whose approval was refused
        determination_id (None | str): The determination it was refused on
        refusals (list[RefusalReason]): Why it was refused
    """

    at: datetime.datetime
    by: str
    determination_id: None | str
    refusals: list[RefusalReason]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        at = self.at.isoformat()

        by = self.by

        determination_id: None | str
        determination_id = self.determination_id

        refusals = []
        for refusals_item_data in self.refusals:
            refusals_item = refusals_item_data.to_dict()
            refusals.append(refusals_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "at": at,
                "by": by,
                "determination_id": determination_id,
                "refusals": refusals,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.refusal_reason import RefusalReason  # noqa: PLC0415

        d = dict(src_dict)
        at = datetime.datetime.fromisoformat(d.pop("at"))

        by = d.pop("by")

        def _parse_determination_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        determination_id = _parse_determination_id(d.pop("determination_id"))

        refusals = []
        _refusals = d.pop("refusals")
        for refusals_item_data in _refusals:
            refusals_item = RefusalReason.from_dict(refusals_item_data)

            refusals.append(refusals_item)

        approval_refusal = cls(
            at=at,
            by=by,
            determination_id=determination_id,
            refusals=refusals,
        )

        approval_refusal.additional_properties = d
        return approval_refusal

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
