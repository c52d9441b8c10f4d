from enum import StrEnum


class TriageAcceptKind(StrEnum):
    CERTIFICATION = "certification"
    MAINTENANCE = "maintenance"

    def __str__(self) -> str:
        return str(self.value)
