from enum import StrEnum


class MailLinkOutcome(StrEnum):
    FAILED = "failed"
    NOT_USED = "not_used"
    PACKAGE = "package"

    def __str__(self) -> str:
        return str(self.value)
