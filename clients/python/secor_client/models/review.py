from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.review_action import ReviewAction
from ..types import UNSET, Unset

T = TypeVar("T", bound="Review")


@_attrs_define
class Review:
    """
    Attributes:
        action (ReviewAction): `return` also closes a submission still waiting for the employer's package
        note (str): The reviewer's note (kept in the submission's history and sent to the contact)
        qa_score (float | None | Unset): Required to approve; 80 or more passes
    """

    action: ReviewAction
    note: str
    qa_score: float | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        action = self.action.value

        note = self.note

        qa_score: float | None | Unset
        if isinstance(self.qa_score, Unset):
            qa_score = UNSET
        else:
            qa_score = self.qa_score

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "action": action,
                "note": note,
            }
        )
        if qa_score is not UNSET:
            field_dict["qa_score"] = qa_score

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        action = ReviewAction(d.pop("action"))

        note = d.pop("note")

        def _parse_qa_score(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        qa_score = _parse_qa_score(d.pop("qa_score", UNSET))

        review = cls(
            action=action,
            note=note,
            qa_score=qa_score,
        )

        return review
