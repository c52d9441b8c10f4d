from enum import StrEnum


class MaintenanceYearStatus(StrEnum):
    MAINTAINED = "maintained"
    MISSED = "missed"
    PENDING = "pending"

    def __str__(self) -> str:
        return str(self.value)
