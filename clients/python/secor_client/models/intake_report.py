from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.intake_report_outcome import IntakeReportOutcome
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.finding import Finding
    from ..models.intake_report_inventory import IntakeReportInventory
    from ..models.intake_report_summary_type_0 import IntakeReportSummaryType0


T = TypeVar("T", bound="IntakeReport")


@_attrs_define
class IntakeReport:
    """
    Attributes:
        outcome (IntakeReportOutcome): Intake's verdict on the package
        findings (list[Finding]): What intake found, each with its severity and where
        inventory (IntakeReportInventory): The package's files, by element
        summary (IntakeReportSummaryType0 | None | Unset): The package's quality at a glance for QA: errors, warnings,
            elements with documents, documents outside element folders, unlabelled documents, elements over the sample, and
            `text`, one line
    """

    outcome: IntakeReportOutcome
    findings: list[Finding]
    inventory: IntakeReportInventory
    summary: IntakeReportSummaryType0 | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.intake_report_summary_type_0 import IntakeReportSummaryType0  # noqa: PLC0415

        outcome = self.outcome.value

        findings = []
        for findings_item_data in self.findings:
            findings_item = findings_item_data.to_dict()
            findings.append(findings_item)

        inventory = self.inventory.to_dict()

        summary: dict[str, Any] | None | Unset
        if isinstance(self.summary, Unset):
            summary = UNSET
        elif isinstance(self.summary, IntakeReportSummaryType0):
            summary = self.summary.to_dict()
        else:
            summary = self.summary

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "outcome": outcome,
                "findings": findings,
                "inventory": inventory,
            }
        )
        if summary is not UNSET:
            field_dict["summary"] = summary

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.finding import Finding  # noqa: PLC0415
        from ..models.intake_report_inventory import IntakeReportInventory  # noqa: PLC0415
        from ..models.intake_report_summary_type_0 import IntakeReportSummaryType0  # noqa: PLC0415

        d = dict(src_dict)
        outcome = IntakeReportOutcome(d.pop("outcome"))

        findings = []
        _findings = d.pop("findings")
        for findings_item_data in _findings:
            findings_item = Finding.from_dict(findings_item_data)

            findings.append(findings_item)

        inventory = IntakeReportInventory.from_dict(d.pop("inventory"))

        def _parse_summary(data: object) -> IntakeReportSummaryType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                summary_type_0 = IntakeReportSummaryType0.from_dict(data)

                return summary_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(IntakeReportSummaryType0 | None | Unset, data)

        summary = _parse_summary(d.pop("summary", UNSET))

        intake_report = cls(
            outcome=outcome,
            findings=findings,
            inventory=inventory,
            summary=summary,
        )

        intake_report.additional_properties = d
        return intake_report

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
