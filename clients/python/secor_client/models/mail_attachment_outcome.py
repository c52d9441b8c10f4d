from enum import StrEnum


class MailAttachmentOutcome(StrEnum):
    NOT_A_ZIP = "not_a_zip"
    NOT_USED = "not_used"
    PACKAGE = "package"
    UNREADABLE = "unreadable"

    def __str__(self) -> str:
        return str(self.value)
