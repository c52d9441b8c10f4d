from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="AssessorChange")


@_attrs_define
class AssessorChange:
    """
    Attributes:
        given_name (str): The person's given name
        family_name (str): The person's family name
        internal (bool): An employee of this employer, or an external assessor
        email (None | str | Unset): The person's e-mail address, if known
        learner_id (None | str | Unset): The learner's id in the ledger, once matched
        reason (None | str | Unset): Why, when this corrects what was recorded before (kept in the history)
        effective_on (datetime.date | None | Unset): The day this assessor is on file from (default today; the first one
            named, with no day given, from the start); before it the one named before stays in force. An earlier day needs a
            reason
    """

    given_name: str
    family_name: str
    internal: bool
    email: None | str | Unset = UNSET
    learner_id: None | str | Unset = UNSET
    reason: None | str | Unset = UNSET
    effective_on: datetime.date | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        given_name = self.given_name

        family_name = self.family_name

        internal = self.internal

        email: None | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        learner_id: None | str | Unset
        if isinstance(self.learner_id, Unset):
            learner_id = UNSET
        else:
            learner_id = self.learner_id

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        effective_on: None | str | Unset
        if isinstance(self.effective_on, Unset):
            effective_on = UNSET
        elif isinstance(self.effective_on, datetime.date):
            effective_on = self.effective_on.isoformat()
        else:
            effective_on = self.effective_on

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "given_name": given_name,
                "family_name": family_name,
                "internal": internal,
            }
        )
        if email is not UNSET:
            field_dict["email"] = email
        if learner_id is not UNSET:
            field_dict["learner_id"] = learner_id
        if reason is not UNSET:
            field_dict["reason"] = reason
        if effective_on is not UNSET:
            field_dict["effective_on"] = effective_on

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        given_name = d.pop("given_name")

        family_name = d.pop("family_name")

        internal = d.pop("internal")

        def _parse_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))

        def _parse_learner_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        learner_id = _parse_learner_id(d.pop("learner_id", UNSET))

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        def _parse_effective_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                effective_on_type_0 = datetime.date.fromisoformat(data)

                return effective_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        effective_on = _parse_effective_on(d.pop("effective_on", UNSET))

        assessor_change = cls(
            given_name=given_name,
            family_name=family_name,
            internal=internal,
            email=email,
            learner_id=learner_id,
            reason=reason,
            effective_on=effective_on,
        )

        return assessor_change
