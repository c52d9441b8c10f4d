from enum import StrEnum


class ApiKeyCreateRoleType0(StrEnum):
    ADMIN = "admin"
    QA_ANALYST = "qa_analyst"
    VIEWER = "viewer"

    def __str__(self) -> str:
        return str(self.value)
