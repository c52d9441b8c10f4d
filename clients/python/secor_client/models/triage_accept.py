from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

from ..models.triage_accept_kind import TriageAcceptKind
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.assessor import Assessor
    from ..models.element_score import ElementScore


T = TypeVar("T", bound="TriageAccept")


@_attrs_define
class TriageAccept:
    """A mailed evaluation confirmed by staff: the submission's fields, checked exactly as on creation.

    Attributes:
        employer_id (str): The employer's id
        kind (TriageAcceptKind): Its kind
        audit_period_start (datetime.date): The first day of the audit period the evaluation covers
        audit_period_end (datetime.date): The last day of the audit period the evaluation covers
        contact_email (str): Where the program's mail about this goes
        assessor (Assessor):
        element_scores (list[ElementScore]): The evaluation's own score for every element of the current instrument,
            each out of its points
        action (Literal['accept'] | Unset): `accept` (the default): the evaluation goes on to intake Default: 'accept'.
        note (None | str | Unset): What staff confirmed, kept in the history
    """

    employer_id: str
    kind: TriageAcceptKind
    audit_period_start: datetime.date
    audit_period_end: datetime.date
    contact_email: str
    assessor: Assessor
    element_scores: list[ElementScore]
    action: Literal["accept"] | Unset = "accept"
    note: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        employer_id = self.employer_id

        kind = self.kind.value

        audit_period_start = self.audit_period_start.isoformat()

        audit_period_end = self.audit_period_end.isoformat()

        contact_email = self.contact_email

        assessor = self.assessor.to_dict()

        element_scores = []
        for element_scores_item_data in self.element_scores:
            element_scores_item = element_scores_item_data.to_dict()
            element_scores.append(element_scores_item)

        action = self.action

        note: None | str | Unset
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "employer_id": employer_id,
                "kind": kind,
                "audit_period_start": audit_period_start,
                "audit_period_end": audit_period_end,
                "contact_email": contact_email,
                "assessor": assessor,
                "element_scores": element_scores,
            }
        )
        if action is not UNSET:
            field_dict["action"] = action
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.assessor import Assessor  # noqa: PLC0415
        from ..models.element_score import ElementScore  # noqa: PLC0415

        d = dict(src_dict)
        employer_id = d.pop("employer_id")

        kind = TriageAcceptKind(d.pop("kind"))

        audit_period_start = datetime.date.fromisoformat(d.pop("audit_period_start"))

        audit_period_end = datetime.date.fromisoformat(d.pop("audit_period_end"))

        contact_email = d.pop("contact_email")

        assessor = Assessor.from_dict(d.pop("assessor"))

        element_scores = []
        _element_scores = d.pop("element_scores")
        for element_scores_item_data in _element_scores:
            element_scores_item = ElementScore.from_dict(element_scores_item_data)

            element_scores.append(element_scores_item)

        action = cast(Literal["accept"] | Unset, d.pop("action", UNSET))
        if action != "accept" and not isinstance(action, Unset):
            raise ValueError(f"action must match const 'accept', got '{action}'")

        def _parse_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))

        triage_accept = cls(
            employer_id=employer_id,
            kind=kind,
            audit_period_start=audit_period_start,
            audit_period_end=audit_period_end,
            contact_email=contact_email,
            assessor=assessor,
            element_scores=element_scores,
            action=action,
            note=note,
        )

        return triage_accept
