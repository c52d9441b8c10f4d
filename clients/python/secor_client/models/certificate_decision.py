from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.certificate_decision_action import CertificateDecisionAction
from ..models.certificate_decision_status import CertificateDecisionStatus

T = TypeVar("T", bound="CertificateDecision")


@_attrs_define
class CertificateDecision:
    """
    Attributes:
        at (datetime.datetime): When it happened (RFC 3339, UTC)
        by (str): Who decided: a principal id, `scheduler`, or the submission that caused it
        action (CertificateDecisionAction): What was done
        status (CertificateDecisionStatus): The certificate's status after this
        year (int | None): The maintenance year concerned
        submission_id (None | str): The submission's id
        note (None | str): Why
    """

    at: datetime.datetime
    by: str
    action: CertificateDecisionAction
    status: CertificateDecisionStatus
    year: int | None
    submission_id: None | str
    note: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        at = self.at.isoformat()

        by = self.by

        action = self.action.value

        status = self.status.value

        year: int | None
        year = self.year

        submission_id: None | str
        submission_id = self.submission_id

        note: None | str
        note = self.note

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "at": at,
                "by": by,
                "action": action,
                "status": status,
                "year": year,
                "submission_id": submission_id,
                "note": note,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        at = datetime.datetime.fromisoformat(d.pop("at"))

        by = d.pop("by")

        action = CertificateDecisionAction(d.pop("action"))

        status = CertificateDecisionStatus(d.pop("status"))

        def _parse_year(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        year = _parse_year(d.pop("year"))

        def _parse_submission_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        submission_id = _parse_submission_id(d.pop("submission_id"))

        def _parse_note(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        note = _parse_note(d.pop("note"))

        certificate_decision = cls(
            at=at,
            by=by,
            action=action,
            status=status,
            year=year,
            submission_id=submission_id,
            note=note,
        )

        certificate_decision.additional_properties = d
        return certificate_decision

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
