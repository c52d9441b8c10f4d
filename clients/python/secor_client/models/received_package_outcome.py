from enum import StrEnum


class ReceivedPackageOutcome(StrEnum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    VALIDATING = "validating"

    def __str__(self) -> str:
        return str(self.value)
