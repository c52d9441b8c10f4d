from enum import StrEnum


class ReceivedPackageKind(StrEnum):
    ADDENDUM = "addendum"
    PACKAGE = "package"

    def __str__(self) -> str:
        return str(self.value)
