from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="TriageDiscard")


@_attrs_define
class TriageDiscard:
    """Mail that is not an evaluation: the submission is closed and nothing is checked or announced.

    Attributes:
        action (Literal['discard']): What was done
        note (str): A note in words
    """

    action: Literal["discard"]
    note: str

    def to_dict(self) -> dict[str, Any]:
        action = self.action

        note = self.note

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "action": action,
                "note": note,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        action = cast(Literal["discard"], d.pop("action"))
        if action != "discard":
            raise ValueError(f"action must match const 'discard', got '{action}'")

        note = d.pop("note")

        triage_discard = cls(
            action=action,
            note=note,
        )

        return triage_discard
