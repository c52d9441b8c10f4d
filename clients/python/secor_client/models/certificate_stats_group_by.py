from enum import StrEnum


class CertificateStatsGroupBy(StrEnum):
    MONTH = "month"
    STATUS = "status"

    def __str__(self) -> str:
        return str(self.value)
