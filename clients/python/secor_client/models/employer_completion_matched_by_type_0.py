from enum import StrEnum


class EmployerCompletionMatchedByType0(StrEnum):
    EMAIL = "email"
    LEARNER_ID = "learner_id"
    LINKED = "linked"
    NAME = "name"

    def __str__(self) -> str:
        return str(self.value)
