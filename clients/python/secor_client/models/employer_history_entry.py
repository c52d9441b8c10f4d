from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.employer_history_entry_change import EmployerHistoryEntryChange
from ..models.employer_history_entry_fact import EmployerHistoryEntryFact

if TYPE_CHECKING:
    from ..models.employer_history_entry_after_type_0 import EmployerHistoryEntryAfterType0
    from ..models.employer_history_entry_before_type_0 import EmployerHistoryEntryBeforeType0


T = TypeVar("T", bound="EmployerHistoryEntry")


@_attrs_define
class EmployerHistoryEntry:
    """
    Attributes:
        at (datetime.datetime): When it was recorded
        by (None | str): Who recorded it (a principal id)
        fact (EmployerHistoryEntryFact): Which fact about the employer
        id (str): The fact's id (a worker's, a declaration's, ...)
        change (EmployerHistoryEntryChange): What changed
        before (EmployerHistoryEntryBeforeType0 | None): What it was until then
        after (EmployerHistoryEntryAfterType0 | None): What it is from then on (null: no longer held)
        reason (None | str): Why, for a correction
        correction (bool): It corrects what was recorded before (a reason, or entered in error)
    """

    at: datetime.datetime
    by: None | str
    fact: EmployerHistoryEntryFact
    id: str
    change: EmployerHistoryEntryChange
    before: EmployerHistoryEntryBeforeType0 | None
    after: EmployerHistoryEntryAfterType0 | None
    reason: None | str
    correction: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.employer_history_entry_after_type_0 import EmployerHistoryEntryAfterType0  # noqa: PLC0415
        from ..models.employer_history_entry_before_type_0 import EmployerHistoryEntryBeforeType0  # noqa: PLC0415

        at = self.at.isoformat()

        by: None | str
        by = self.by

        fact = self.fact.value

        id = self.id

        change = self.change.value

        before: dict[str, Any] | None
        if isinstance(self.before, EmployerHistoryEntryBeforeType0):
            before = self.before.to_dict()
        else:
            before = self.before

        after: dict[str, Any] | None
        if isinstance(self.after, EmployerHistoryEntryAfterType0):
            after = self.after.to_dict()
        else:
            after = self.after

        reason: None | str
        reason = self.reason

        correction = self.correction

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "at": at,
                "by": by,
                "fact": fact,
                "id": id,
                "change": change,
                "before": before,
                "after": after,
                "reason": reason,
                "correction": correction,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.employer_history_entry_after_type_0 import EmployerHistoryEntryAfterType0  # noqa: PLC0415
        from ..models.employer_history_entry_before_type_0 import EmployerHistoryEntryBeforeType0  # noqa: PLC0415

        d = dict(src_dict)
        at = datetime.datetime.fromisoformat(d.pop("at"))

        def _parse_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        by = _parse_by(d.pop("by"))

        fact = EmployerHistoryEntryFact(d.pop("fact"))

        id = d.pop("id")

        change = EmployerHistoryEntryChange(d.pop("change"))

        def _parse_before(data: object) -> EmployerHistoryEntryBeforeType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                before_type_0 = EmployerHistoryEntryBeforeType0.from_dict(data)

                return before_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EmployerHistoryEntryBeforeType0 | None, data)

        before = _parse_before(d.pop("before"))

        def _parse_after(data: object) -> EmployerHistoryEntryAfterType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                after_type_0 = EmployerHistoryEntryAfterType0.from_dict(data)

                return after_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EmployerHistoryEntryAfterType0 | None, data)

        after = _parse_after(d.pop("after"))

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        correction = d.pop("correction")

        employer_history_entry = cls(
            at=at,
            by=by,
            fact=fact,
            id=id,
            change=change,
            before=before,
            after=after,
            reason=reason,
            correction=correction,
        )

        employer_history_entry.additional_properties = d
        return employer_history_entry

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
