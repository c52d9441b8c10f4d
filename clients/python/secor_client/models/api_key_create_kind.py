from enum import StrEnum


class ApiKeyCreateKind(StrEnum):
    INTEGRATOR = "integrator"
    PROVIDER = "provider"
    STAFF = "staff"

    def __str__(self) -> str:
        return str(self.value)
