from enum import StrEnum


class WorkerCreateEmploymentType(StrEnum):
    CASUAL = "casual"
    FULL_TIME = "full_time"
    PART_TIME = "part_time"
    SEASONAL = "seasonal"
    TEMPORARY = "temporary"

    def __str__(self) -> str:
        return str(self.value)
