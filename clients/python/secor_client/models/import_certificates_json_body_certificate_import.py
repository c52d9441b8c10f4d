from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.import_certificates_json_body_certificate_import_status import (
    ImportCertificatesJsonBodyCertificateImportStatus,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="ImportCertificatesJsonBodyCertificateImport")


@_attrs_define
class ImportCertificatesJsonBodyCertificateImport:
    """An existing certificate, brought in with what it already is.

    Attributes:
        number (str): As issued: SECOR-YYYY-NNNNNN-C (with its check digit), or a number from before this platform
            (letters and digits joined by - or /, not starting SECOR-)
        valid_from (datetime.date): The day it was issued
        valid_until (datetime.date): Its last valid day (3 years, or 1 year, less a day)
        documentation_months (int): Months of documentation it was issued on
        employer_id (None | str | Unset): The holder; or give its WCB number
        wcb_account_number (None | str | Unset): The holder's WCB account
        maintained_years (list[int] | Unset): Interim years already maintained (2, 3)
        status (ImportCertificatesJsonBodyCertificateImportStatus | Unset): As it stands; `maintenance_due` follows from
            the calendar Default: ImportCertificatesJsonBodyCertificateImportStatus.ACTIVE.
        audit_period_start (datetime.date | None | Unset): The certification's audit period, if known
        audit_period_end (datetime.date | None | Unset): The last day of the audit period the evaluation covers
    """

    number: str
    valid_from: datetime.date
    valid_until: datetime.date
    documentation_months: int
    employer_id: None | str | Unset = UNSET
    wcb_account_number: None | str | Unset = UNSET
    maintained_years: list[int] | Unset = UNSET
    status: ImportCertificatesJsonBodyCertificateImportStatus | Unset = (
        ImportCertificatesJsonBodyCertificateImportStatus.ACTIVE
    )
    audit_period_start: datetime.date | None | Unset = UNSET
    audit_period_end: datetime.date | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        number = self.number

        valid_from = self.valid_from.isoformat()

        valid_until = self.valid_until.isoformat()

        documentation_months = self.documentation_months

        employer_id: None | str | Unset
        if isinstance(self.employer_id, Unset):
            employer_id = UNSET
        else:
            employer_id = self.employer_id

        wcb_account_number: None | str | Unset
        if isinstance(self.wcb_account_number, Unset):
            wcb_account_number = UNSET
        else:
            wcb_account_number = self.wcb_account_number

        maintained_years: list[int] | Unset = UNSET
        if not isinstance(self.maintained_years, Unset):
            maintained_years = self.maintained_years

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

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

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "number": number,
                "valid_from": valid_from,
                "valid_until": valid_until,
                "documentation_months": documentation_months,
            }
        )
        if employer_id is not UNSET:
            field_dict["employer_id"] = employer_id
        if wcb_account_number is not UNSET:
            field_dict["wcb_account_number"] = wcb_account_number
        if maintained_years is not UNSET:
            field_dict["maintained_years"] = maintained_years
        if status is not UNSET:
            field_dict["status"] = status
        if audit_period_start is not UNSET:
            field_dict["audit_period_start"] = audit_period_start
        if audit_period_end is not UNSET:
            field_dict["audit_period_end"] = audit_period_end

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        number = d.pop("number")

        valid_from = datetime.date.fromisoformat(d.pop("valid_from"))

        valid_until = datetime.date.fromisoformat(d.pop("valid_until"))

        documentation_months = d.pop("documentation_months")

        def _parse_employer_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        employer_id = _parse_employer_id(d.pop("employer_id", UNSET))

        def _parse_wcb_account_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        wcb_account_number = _parse_wcb_account_number(d.pop("wcb_account_number", UNSET))

        maintained_years = cast(list[int], d.pop("maintained_years", UNSET))

        _status = d.pop("status", UNSET)
        status: ImportCertificatesJsonBodyCertificateImportStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = ImportCertificatesJsonBodyCertificateImportStatus(_status)

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

        import_certificates_json_body_certificate_import = cls(
            number=number,
            valid_from=valid_from,
            valid_until=valid_until,
            documentation_months=documentation_months,
            employer_id=employer_id,
            wcb_account_number=wcb_account_number,
            maintained_years=maintained_years,
            status=status,
            audit_period_start=audit_period_start,
            audit_period_end=audit_period_end,
        )

        return import_certificates_json_body_certificate_import
