from enum import StrEnum


class SubmissionStatsGroupBy(StrEnum):
    CHANNEL = "channel"
    KIND = "kind"
    MONTH = "month"
    STATUS = "status"

    def __str__(self) -> str:
        return str(self.value)
