from enum import StrEnum


class EmployerHistoryEntryFact(StrEnum):
    ACSA_MEMBERSHIP = "acsa_membership"
    ASSESSOR = "assessor"
    COMPLETION_LINK = "completion_link"
    HEADCOUNT_DECLARATION = "headcount_declaration"
    INTEGRATOR_ACCESS = "integrator_access"
    WCB_ACCOUNT = "wcb_account"
    WORKER = "worker"

    def __str__(self) -> str:
        return str(self.value)
