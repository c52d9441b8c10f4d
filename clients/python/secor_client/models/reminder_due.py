from enum import StrEnum


class ReminderDue(StrEnum):
    EXPIRY = "expiry"
    MAINTENANCE = "maintenance"

    def __str__(self) -> str:
        return str(self.value)
