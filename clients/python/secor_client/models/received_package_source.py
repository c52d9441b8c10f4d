from enum import StrEnum


class ReceivedPackageSource(StrEnum):
    LINK = "link"
    UPLOAD = "upload"

    def __str__(self) -> str:
        return str(self.value)
