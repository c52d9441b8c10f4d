from enum import StrEnum


class CorrectionPublicOldOutcome(StrEnum):
    COR_REQUIRED = "cor_required"
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"

    def __str__(self) -> str:
        return str(self.value)
