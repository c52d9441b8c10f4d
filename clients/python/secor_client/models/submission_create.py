from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.submission_create_kind import SubmissionCreateKind

if TYPE_CHECKING:
    from ..models.assessor import Assessor
    from ..models.element_score import ElementScore


T = TypeVar("T", bound="SubmissionCreate")


@_attrs_define
class SubmissionCreate:
    """
    Attributes:
        employer_id (str): The employer's id
        kind (SubmissionCreateKind): Its kind
        audit_period_start (datetime.date): The first day of the audit period the evaluation covers
        audit_period_end (datetime.date): The last day of the audit period the evaluation covers
        contact_email (str): Where the program's mail about this goes
        assessor (Assessor):
        element_scores (list[ElementScore]): The evaluation's own score for every element of the current instrument,
            each out of its points
    """

    employer_id: str
    kind: SubmissionCreateKind
    audit_period_start: datetime.date
    audit_period_end: datetime.date
    contact_email: str
    assessor: Assessor
    element_scores: list[ElementScore]

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

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.assessor import Assessor  # noqa: PLC0415
        from ..models.element_score import ElementScore  # noqa: PLC0415

        d = dict(src_dict)
        employer_id = d.pop("employer_id")

        kind = SubmissionCreateKind(d.pop("kind"))

        audit_period_start = datetime.date.fromisoformat(d.pop("audit_period_start"))

        audit_period_end = datetime.date.fromisoformat(d.pop("audit_period_end"))

        contact_email = d.pop("contact_email")

        assessor = Assessor.from_dict(d.pop("assessor"))

        element_scores = []
        _element_scores = d.pop("element_scores")
        for element_scores_item_data in _element_scores:
            element_scores_item = ElementScore.from_dict(element_scores_item_data)

            element_scores.append(element_scores_item)

        submission_create = cls(
            employer_id=employer_id,
            kind=kind,
            audit_period_start=audit_period_start,
            audit_period_end=audit_period_end,
            contact_email=contact_email,
            assessor=assessor,
            element_scores=element_scores,
        )

        return submission_create
