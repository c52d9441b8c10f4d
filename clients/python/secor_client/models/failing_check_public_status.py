from enum import StrEnum


class FailingCheckPublicStatus(StrEnum):
    FAIL = "fail"
    UNKNOWN = "unknown"

    def __str__(self) -> str:
        return str(self.value)
