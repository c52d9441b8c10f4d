from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.worker_term_employment_type import WorkerTermEmploymentType
from ..models.worker_term_role import WorkerTermRole

T = TypeVar("T", bound="WorkerTerm")


@_attrs_define
class WorkerTerm:
    """
    Attributes:
        until (datetime.date): The day the next term begins; this one held on the days before
        role (WorkerTermRole): The worker's role at the employer
        employment_type (WorkerTermEmploymentType): How the worker is employed (only full-time workers' training counts)
        covered_by_wcb_account (bool): Whether the worker is covered by the employer's WCB account (only they count)
    """

    until: datetime.date
    role: WorkerTermRole
    employment_type: WorkerTermEmploymentType
    covered_by_wcb_account: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        until = self.until.isoformat()

        role = self.role.value

        employment_type = self.employment_type.value

        covered_by_wcb_account = self.covered_by_wcb_account

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "until": until,
                "role": role,
                "employment_type": employment_type,
                "covered_by_wcb_account": covered_by_wcb_account,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        until = datetime.date.fromisoformat(d.pop("until"))

        role = WorkerTermRole(d.pop("role"))

        employment_type = WorkerTermEmploymentType(d.pop("employment_type"))

        covered_by_wcb_account = d.pop("covered_by_wcb_account")

        worker_term = cls(
            until=until,
            role=role,
            employment_type=employment_type,
            covered_by_wcb_account=covered_by_wcb_account,
        )

        worker_term.additional_properties = d
        return worker_term

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
