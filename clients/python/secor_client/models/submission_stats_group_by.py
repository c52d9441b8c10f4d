from enum import StrEnum


class SubmissionStatsGroupBy(StrEnum):
    KIND = "kind"
    MONTH = "month"
    STATUS = "status"

    def __str__(self) -> str:
        return str(self.value)
