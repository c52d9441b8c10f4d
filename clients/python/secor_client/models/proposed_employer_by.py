from enum import StrEnum


class ProposedEmployerBy(StrEnum):
    SENDER = "sender"
    WCB_ACCOUNT_NUMBER = "wcb_account_number"

    def __str__(self) -> str:
        return str(self.value)
