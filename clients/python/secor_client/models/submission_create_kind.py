from enum import StrEnum


class SubmissionCreateKind(StrEnum):
    CERTIFICATION = "certification"
    MAINTENANCE = "maintenance"

    def __str__(self) -> str:
        return str(self.value)
