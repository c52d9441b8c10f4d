from enum import StrEnum


class ReceivedPackageSource(StrEnum):
    EMAIL = "email"
    LINK = "link"
    UPLOAD = "upload"

    def __str__(self) -> str:
        return str(self.value)
