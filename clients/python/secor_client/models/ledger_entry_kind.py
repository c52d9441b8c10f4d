from enum import StrEnum


class LedgerEntryKind(StrEnum):
    RECORDED = "recorded"
    REVOKED = "revoked"

    def __str__(self) -> str:
        return str(self.value)
