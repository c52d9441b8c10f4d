from enum import StrEnum


class AcceptedStatus(StrEnum):
    APPROVED = "approved"
    AWAITING_PACKAGE = "awaiting_package"
    AWAITING_TRIAGE = "awaiting_triage"
    DISCARDED = "discarded"
    FAILED = "failed"
    INFORMATION_REQUESTED = "information_requested"
    IN_QA = "in_qa"
    RETURNED = "returned"
    RETURNED_AT_INTAKE = "returned_at_intake"
    VALIDATING = "validating"

    def __str__(self) -> str:
        return str(self.value)
