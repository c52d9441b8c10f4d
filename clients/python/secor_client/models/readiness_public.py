from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.readiness_public_kind import ReadinessPublicKind

if TYPE_CHECKING:
    from ..models.certificate_held import CertificateHeld
    from ..models.check_public import CheckPublic
    from ..models.determination_public import DeterminationPublic
    from ..models.maintenance_window import MaintenanceWindow
    from ..models.refusal_public import RefusalPublic


T = TypeVar("T", bound="ReadinessPublic")


@_attrs_define
class ReadinessPublic:
    """
    Attributes:
        employer_id (str): The employer's id
        kind (ReadinessPublicKind): Its kind
        received_on (datetime.date): The day it would be received, in the program's calendar
        ready (bool): True when nothing below refuses the evaluation
        refusals (list[RefusalPublic]): Every rule the evaluation breaks, the weightiest first
        determination (DeterminationPublic):
        determination_id (None | str): The kept determination, when `keep` was asked
        assessor (CheckPublic):
        certificate (CertificateHeld | None): Maintenance: the certificate it maintains
        maintenance (MaintenanceWindow | None): Maintenance: the year it maintains
    """

    employer_id: str
    kind: ReadinessPublicKind
    received_on: datetime.date
    ready: bool
    refusals: list[RefusalPublic]
    determination: DeterminationPublic
    determination_id: None | str
    assessor: CheckPublic
    certificate: CertificateHeld | None
    maintenance: MaintenanceWindow | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.certificate_held import CertificateHeld  # noqa: PLC0415
        from ..models.maintenance_window import MaintenanceWindow  # noqa: PLC0415

        employer_id = self.employer_id

        kind = self.kind.value

        received_on = self.received_on.isoformat()

        ready = self.ready

        refusals = []
        for refusals_item_data in self.refusals:
            refusals_item = refusals_item_data.to_dict()
            refusals.append(refusals_item)

        determination = self.determination.to_dict()

        determination_id: None | str
        determination_id = self.determination_id

        assessor = self.assessor.to_dict()

        certificate: dict[str, Any] | None
        if isinstance(self.certificate, CertificateHeld):
            certificate = self.certificate.to_dict()
        else:
            certificate = self.certificate

        maintenance: dict[str, Any] | None
        if isinstance(self.maintenance, MaintenanceWindow):
            maintenance = self.maintenance.to_dict()
        else:
            maintenance = self.maintenance

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "employer_id": employer_id,
                "kind": kind,
                "received_on": received_on,
                "ready": ready,
                "refusals": refusals,
                "determination": determination,
                "determination_id": determination_id,
                "assessor": assessor,
                "certificate": certificate,
                "maintenance": maintenance,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.certificate_held import CertificateHeld  # noqa: PLC0415
        from ..models.check_public import CheckPublic  # noqa: PLC0415
        from ..models.determination_public import DeterminationPublic  # noqa: PLC0415
        from ..models.maintenance_window import MaintenanceWindow  # noqa: PLC0415
        from ..models.refusal_public import RefusalPublic  # noqa: PLC0415

        d = dict(src_dict)
        employer_id = d.pop("employer_id")

        kind = ReadinessPublicKind(d.pop("kind"))

        received_on = datetime.date.fromisoformat(d.pop("received_on"))

        ready = d.pop("ready")

        refusals = []
        _refusals = d.pop("refusals")
        for refusals_item_data in _refusals:
            refusals_item = RefusalPublic.from_dict(refusals_item_data)

            refusals.append(refusals_item)

        determination = DeterminationPublic.from_dict(d.pop("determination"))

        def _parse_determination_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        determination_id = _parse_determination_id(d.pop("determination_id"))

        assessor = CheckPublic.from_dict(d.pop("assessor"))

        def _parse_certificate(data: object) -> CertificateHeld | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                certificate_type_0 = CertificateHeld.from_dict(data)

                return certificate_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CertificateHeld | None, data)

        certificate = _parse_certificate(d.pop("certificate"))

        def _parse_maintenance(data: object) -> MaintenanceWindow | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                maintenance_type_0 = MaintenanceWindow.from_dict(data)

                return maintenance_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MaintenanceWindow | None, data)

        maintenance = _parse_maintenance(d.pop("maintenance"))

        readiness_public = cls(
            employer_id=employer_id,
            kind=kind,
            received_on=received_on,
            ready=ready,
            refusals=refusals,
            determination=determination,
            determination_id=determination_id,
            assessor=assessor,
            certificate=certificate,
            maintenance=maintenance,
        )

        readiness_public.additional_properties = d
        return readiness_public

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
