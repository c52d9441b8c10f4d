from enum import StrEnum


class EmployerHistoryEntryChange(StrEnum):
    CREATED = "created"
    ENDED = "ended"
    ENTERED_IN_ERROR = "entered_in_error"
    UPDATED = "updated"

    def __str__(self) -> str:
        return str(self.value)
