from enum import StrEnum


class ListSubmissionsKindType0(StrEnum):
    CERTIFICATION = "certification"
    MAINTENANCE = "maintenance"

    def __str__(self) -> str:
        return str(self.value)
