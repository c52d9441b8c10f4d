from enum import StrEnum


class WorkerPublicRole(StrEnum):
    CLERICAL = "clerical"
    FAMILY_MEMBER = "family_member"
    MANAGER = "manager"
    OTHER = "other"
    OWNER = "owner"
    VOLUNTEER = "volunteer"
    WORKER = "worker"

    def __str__(self) -> str:
        return str(self.value)
