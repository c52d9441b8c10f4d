from enum import StrEnum


class CertificateDecisionAction(StrEnum):
    IMPORTED = "imported"
    ISSUED = "issued"
    MAINTAINED = "maintained"
    MAINTENANCE_MISSED = "maintenance_missed"
    MAINTENANCE_NOT_APPLIED = "maintenance_not_applied"
    STATUS_CHANGED = "status_changed"

    def __str__(self) -> str:
        return str(self.value)
