from enum import StrEnum


class WcbAccountUpdateStatus(StrEnum):
    ACTIVE = "active"
    CLOSED = "closed"
    INACTIVE = "inactive"

    def __str__(self) -> str:
        return str(self.value)
