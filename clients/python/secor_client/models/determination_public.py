from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.determination_public_outcome import DeterminationPublicOutcome
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.check_public import CheckPublic


T = TypeVar("T", bound="DeterminationPublic")


@_attrs_define
class DeterminationPublic:
    """
    Attributes:
        employer_id (str): The employer's id
        as_of (datetime.date): The facts in force on this day
        known_at (datetime.datetime): As the system knew them at this moment
        outcome (DeterminationPublicOutcome): Whether the employer is eligible, and if not, whether it could become so
        checks (list[CheckPublic]): Every eligibility check, passed or failed, with its evidence
        evaluated_at (datetime.datetime): When the answer was worked out (RFC 3339, UTC)
        completions_through (int): Every training ledger entry up to this position is applied here (compare a
            completion's `ledger_seq`: once it is at or below this, the answer reflects it)
        program (Literal['SECOR'] | Unset): The program (`SECOR`) Default: 'SECOR'.
    """

    employer_id: str
    as_of: datetime.date
    known_at: datetime.datetime
    outcome: DeterminationPublicOutcome
    checks: list[CheckPublic]
    evaluated_at: datetime.datetime
    completions_through: int
    program: Literal["SECOR"] | Unset = "SECOR"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        employer_id = self.employer_id

        as_of = self.as_of.isoformat()

        known_at = self.known_at.isoformat()

        outcome = self.outcome.value

        checks = []
        for checks_item_data in self.checks:
            checks_item = checks_item_data.to_dict()
            checks.append(checks_item)

        evaluated_at = self.evaluated_at.isoformat()

        completions_through = self.completions_through

        program = self.program

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "employer_id": employer_id,
                "as_of": as_of,
                "known_at": known_at,
                "outcome": outcome,
                "checks": checks,
                "evaluated_at": evaluated_at,
                "completions_through": completions_through,
            }
        )
        if program is not UNSET:
            field_dict["program"] = program

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.check_public import CheckPublic  # noqa: PLC0415

        d = dict(src_dict)
        employer_id = d.pop("employer_id")

        as_of = datetime.date.fromisoformat(d.pop("as_of"))

        known_at = datetime.datetime.fromisoformat(d.pop("known_at"))

        outcome = DeterminationPublicOutcome(d.pop("outcome"))

        checks = []
        _checks = d.pop("checks")
        for checks_item_data in _checks:
            checks_item = CheckPublic.from_dict(checks_item_data)

            checks.append(checks_item)

        evaluated_at = datetime.datetime.fromisoformat(d.pop("evaluated_at"))

        completions_through = d.pop("completions_through")

        program = cast(Literal["SECOR"] | Unset, d.pop("program", UNSET))
        if program != "SECOR" and not isinstance(program, Unset):
            raise ValueError(f"program must match const 'SECOR', got '{program}'")

        determination_public = cls(
            employer_id=employer_id,
            as_of=as_of,
            known_at=known_at,
            outcome=outcome,
            checks=checks,
            evaluated_at=evaluated_at,
            completions_through=completions_through,
            program=program,
        )

        determination_public.additional_properties = d
        return determination_public

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
