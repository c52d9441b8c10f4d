from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="AssessorUpdate")


@_attrs_define
class AssessorUpdate:
    """
    Attributes:
        given_name (str): The person's given name
        family_name (str): The person's family name
        internal (bool): An employee of this employer, or an external assessor
        email (None | str | Unset): The person's e-mail address, if known
        learner_id (None | str | Unset): The learner's id in the ledger, once matched
    """

    given_name: str
    family_name: str
    internal: bool
    email: None | str | Unset = UNSET
    learner_id: None | str | Unset = UNSET

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

        assessor_update = cls(
            given_name=given_name,
            family_name=family_name,
            internal=internal,
            email=email,
            learner_id=learner_id,
        )

        return assessor_update
