from enum import StrEnum


class CourseCreateCategory(StrEnum):
    FIRST_AID = "first_aid"
    INDUSTRY = "industry"
    MANAGEMENT = "management"
    OTHER = "other"

    def __str__(self) -> str:
        return str(self.value)
