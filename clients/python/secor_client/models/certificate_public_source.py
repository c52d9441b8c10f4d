from enum import StrEnum


class CertificatePublicSource(StrEnum):
    EVALUATION = "evaluation"
    IMPORT = "import"

    def __str__(self) -> str:
        return str(self.value)
