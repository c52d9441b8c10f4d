from enum import StrEnum


class SubmissionPublicKindType0(StrEnum):
    CERTIFICATION = "certification"
    MAINTENANCE = "maintenance"

    def __str__(self) -> str:
        return str(self.value)
