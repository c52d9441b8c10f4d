from enum import StrEnum


class WcbAccountPublicStatus(StrEnum):
    ACTIVE = "active"
    CLOSED = "closed"
    INACTIVE = "inactive"

    def __str__(self) -> str:
        return str(self.value)
