from enum import StrEnum


class ReadinessRequestKeepType0(StrEnum):
    APPROVAL = "approval"
    RECEIPT = "receipt"

    def __str__(self) -> str:
        return str(self.value)
