from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.maintenance_year_status import MaintenanceYearStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="MaintenanceYear")


@_attrs_define
class MaintenanceYear:
    """
    Attributes:
        year (int): 2 or 3: the interim years of a 3-year certificate
        due_on (datetime.date): The maintenance evaluation is due on or before this anniversary
        status (MaintenanceYearStatus): Its status now
        maintained_on (datetime.date | None): The day the maintenance year was maintained
        submission_id (None | str): The submission's id
        pir_refund_eligible (bool | None): Received by its due date: the year's PIR refund is kept (null: imported, not
            known)
        received_on (datetime.date | None | Unset): When its maintenance evaluation was received
        audit_period_start (datetime.date | None | Unset): The first day of the audit period the evaluation covers
        audit_period_end (datetime.date | None | Unset): The last day of the audit period the evaluation covers
        determination_id (None | str | Unset): The determination its maintenance was approved on
    """

    year: int
    due_on: datetime.date
    status: MaintenanceYearStatus
    maintained_on: datetime.date | None
    submission_id: None | str
    pir_refund_eligible: bool | None
    received_on: datetime.date | None | Unset = UNSET
    audit_period_start: datetime.date | None | Unset = UNSET
    audit_period_end: datetime.date | None | Unset = UNSET
    determination_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        year = self.year

        due_on = self.due_on.isoformat()

        status = self.status.value

        maintained_on: None | str
        if isinstance(self.maintained_on, datetime.date):
            maintained_on = self.maintained_on.isoformat()
        else:
            maintained_on = self.maintained_on

        submission_id: None | str
        submission_id = self.submission_id

        pir_refund_eligible: bool | None
        pir_refund_eligible = self.pir_refund_eligible

        received_on: None | str | Unset
        if isinstance(self.received_on, Unset):
            received_on = UNSET
        elif isinstance(self.received_on, datetime.date):
            received_on = self.received_on.isoformat()
        else:
            received_on = self.received_on

        audit_period_start: None | str | Unset
        if isinstance(self.audit_period_start, Unset):
            audit_period_start = UNSET
        elif isinstance(self.audit_period_start, datetime.date):
            audit_period_start = self.audit_period_start.isoformat()
        else:
            audit_period_start = self.audit_period_start

        audit_period_end: None | str | Unset
        if isinstance(self.audit_period_end, Unset):
            audit_period_end = UNSET
        elif isinstance(self.audit_period_end, datetime.date):
            audit_period_end = self.audit_period_end.isoformat()
        else:
            audit_period_end = self.audit_period_end

        determination_id: None | str | Unset
        if isinstance(self.determination_id, Unset):
            determination_id = UNSET
        else:
            determination_id = self.determination_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "year": year,
                "due_on": due_on,
                "status": status,
                "maintained_on": maintained_on,
                "submission_id": submission_id,
                "pir_refund_eligible": pir_refund_eligible,
            }
        )
        if received_on is not UNSET:
            field_dict["received_on"] = received_on
        if audit_period_start is not UNSET:
            field_dict["audit_period_start"] = audit_period_start
        if audit_period_end is not UNSET:
            field_dict["audit_period_end"] = audit_period_end
        if determination_id is not UNSET:
            field_dict["determination_id"] = determination_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        year = d.pop("year")

        due_on = datetime.date.fromisoformat(d.pop("due_on"))

        status = MaintenanceYearStatus(d.pop("status"))

        def _parse_maintained_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                maintained_on_type_0 = datetime.date.fromisoformat(data)

                return maintained_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        maintained_on = _parse_maintained_on(d.pop("maintained_on"))

        def _parse_submission_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        submission_id = _parse_submission_id(d.pop("submission_id"))

        def _parse_pir_refund_eligible(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        pir_refund_eligible = _parse_pir_refund_eligible(d.pop("pir_refund_eligible"))

        def _parse_received_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                received_on_type_0 = datetime.date.fromisoformat(data)

                return received_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        received_on = _parse_received_on(d.pop("received_on", UNSET))

        def _parse_audit_period_start(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                audit_period_start_type_0 = datetime.date.fromisoformat(data)

                return audit_period_start_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        audit_period_start = _parse_audit_period_start(d.pop("audit_period_start", UNSET))

        def _parse_audit_period_end(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                audit_period_end_type_0 = datetime.date.fromisoformat(data)

                return audit_period_end_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        audit_period_end = _parse_audit_period_end(d.pop("audit_period_end", UNSET))

        def _parse_determination_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        determination_id = _parse_determination_id(d.pop("determination_id", UNSET))

        maintenance_year = cls(
            year=year,
            due_on=due_on,
            status=status,
            maintained_on=maintained_on,
            submission_id=submission_id,
            pir_refund_eligible=pir_refund_eligible,
            received_on=received_on,
            audit_period_start=audit_period_start,
            audit_period_end=audit_period_end,
            determination_id=determination_id,
        )

        maintenance_year.additional_properties = d
        return maintenance_year

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
