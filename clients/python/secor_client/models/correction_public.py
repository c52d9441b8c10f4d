from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.correction_public_new_outcome import CorrectionPublicNewOutcome
from ..models.correction_public_old_outcome import CorrectionPublicOldOutcome

if TYPE_CHECKING:
    from ..models.failing_check_public import FailingCheckPublic


T = TypeVar("T", bound="CorrectionPublic")


@_attrs_define
class CorrectionPublic:
    """
    Attributes:
        id (str): Its id
        employer_id (str): The employer's id
        determination_id (None | str): The kept determination whose outcome changed; null when the correction changed
            today's outcome
        as_of (datetime.date): The day (or instant) the figures or the fact hold from
        old_outcome (CorrectionPublicOldOutcome): The outcome before the correction
        new_outcome (CorrectionPublicNewOutcome): The outcome after the correction
        failing_checks (list[FailingCheckPublic]): Why, as known now
        found_at (datetime.datetime): When the correction was found (RFC 3339, UTC)
        reviewed_at (datetime.datetime | None): When it was reviewed (RFC 3339, UTC)
        reviewed_by (None | str): Who reviewed it
        review_note (None | str): The reviewer's note
    """

    id: str
    employer_id: str
    determination_id: None | str
    as_of: datetime.date
    old_outcome: CorrectionPublicOldOutcome
    new_outcome: CorrectionPublicNewOutcome
    failing_checks: list[FailingCheckPublic]
    found_at: datetime.datetime
    reviewed_at: datetime.datetime | None
    reviewed_by: None | str
    review_note: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        employer_id = self.employer_id

        determination_id: None | str
        determination_id = self.determination_id

        as_of = self.as_of.isoformat()

        old_outcome = self.old_outcome.value

        new_outcome = self.new_outcome.value

        failing_checks = []
        for failing_checks_item_data in self.failing_checks:
            failing_checks_item = failing_checks_item_data.to_dict()
            failing_checks.append(failing_checks_item)

        found_at = self.found_at.isoformat()

        reviewed_at: None | str
        if isinstance(self.reviewed_at, datetime.datetime):
            reviewed_at = self.reviewed_at.isoformat()
        else:
            reviewed_at = self.reviewed_at

        reviewed_by: None | str
        reviewed_by = self.reviewed_by

        review_note: None | str
        review_note = self.review_note

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "employer_id": employer_id,
                "determination_id": determination_id,
                "as_of": as_of,
                "old_outcome": old_outcome,
                "new_outcome": new_outcome,
                "failing_checks": failing_checks,
                "found_at": found_at,
                "reviewed_at": reviewed_at,
                "reviewed_by": reviewed_by,
                "review_note": review_note,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.failing_check_public import FailingCheckPublic  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        employer_id = d.pop("employer_id")

        def _parse_determination_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        determination_id = _parse_determination_id(d.pop("determination_id"))

        as_of = datetime.date.fromisoformat(d.pop("as_of"))

        old_outcome = CorrectionPublicOldOutcome(d.pop("old_outcome"))

        new_outcome = CorrectionPublicNewOutcome(d.pop("new_outcome"))

        failing_checks = []
        _failing_checks = d.pop("failing_checks")
        for failing_checks_item_data in _failing_checks:
            failing_checks_item = FailingCheckPublic.from_dict(failing_checks_item_data)

            failing_checks.append(failing_checks_item)

        found_at = datetime.datetime.fromisoformat(d.pop("found_at"))

        def _parse_reviewed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                reviewed_at_type_0 = datetime.datetime.fromisoformat(data)

                return reviewed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        reviewed_at = _parse_reviewed_at(d.pop("reviewed_at"))

        def _parse_reviewed_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reviewed_by = _parse_reviewed_by(d.pop("reviewed_by"))

        def _parse_review_note(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        review_note = _parse_review_note(d.pop("review_note"))

        correction_public = cls(
            id=id,
            employer_id=employer_id,
            determination_id=determination_id,
            as_of=as_of,
            old_outcome=old_outcome,
            new_outcome=new_outcome,
            failing_checks=failing_checks,
            found_at=found_at,
            reviewed_at=reviewed_at,
            reviewed_by=reviewed_by,
            review_note=review_note,
        )

        correction_public.additional_properties = d
        return correction_public

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
