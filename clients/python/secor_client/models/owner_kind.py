from enum import StrEnum


class OwnerKind(StrEnum):
    INTEGRATOR = "integrator"
    PROVIDER = "provider"
    STAFF = "staff"

    def __str__(self) -> str:
        return str(self.value)
