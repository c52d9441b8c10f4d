from enum import StrEnum


class ReviewAction(StrEnum):
    APPROVE = "approve"
    ASSIGN = "assign"
    FAIL = "fail"
    REQUEST_INFORMATION = "request_information"
    RETURN = "return"

    def __str__(self) -> str:
        return str(self.value)
