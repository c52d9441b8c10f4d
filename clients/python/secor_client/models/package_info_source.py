from enum import StrEnum


class PackageInfoSource(StrEnum):
    LINK = "link"
    UPLOAD = "upload"

    def __str__(self) -> str:
        return str(self.value)
