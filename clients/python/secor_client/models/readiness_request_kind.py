from enum import StrEnum


class ReadinessRequestKind(StrEnum):
    CERTIFICATION = "certification"
    MAINTENANCE = "maintenance"

    def __str__(self) -> str:
        return str(self.value)
