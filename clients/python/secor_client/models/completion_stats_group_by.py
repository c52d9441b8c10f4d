from enum import StrEnum


class CompletionStatsGroupBy(StrEnum):
    CATEGORY = "category"
    COURSE = "course"
    MONTH = "month"
    PROVIDER = "provider"

    def __str__(self) -> str:
        return str(self.value)
