from enum import StrEnum


class ListCompletionsStatusType0(StrEnum):
    ACTIVE = "active"
    REVOKED = "revoked"

    def __str__(self) -> str:
        return str(self.value)
