"""Eligibility service settings (`SECOR_*`): the program's thresholds are configuration, not code."""

from __future__ import annotations

import hashlib
import json
from functools import cached_property

from pydantic import Field

from shared.settings import SecorSettings


class EligibilitySettings(SecorSettings):
    headcount_limit: int = Field(default=10, ge=1, description="More than this at once: COR, not SECOR")
    management_courses: list[str] = Field(default=["SECOR", "PHSM"])
    first_aid_courses: list[str] = Field(default=["SFA"])
    industry_courses: list[str] = Field(default=["CSTS", "RSTS", "ESTS", "PCST"])
    assessor_courses: list[str] = Field(default=["SECOR", "PHSM"])
    assessor_validity_years: int = Field(default=3, ge=1, description="Public practice: from the last course")
    continuing_education_years: int = Field(default=3, ge=1)
    max_roster_sync: int = Field(default=10_000, ge=1, description="Workers in one PUT .../workers")
    max_roster_body_bytes: int = Field(default=8 * 1024 * 1024, ge=1024)
    max_future_as_of_days: int = Field(
        default=366, ge=0, description="How far ahead a determination may look"
    )

    @cached_property
    def rules_version(self) -> str:
        """A fingerprint of every setting a determination depends on (stored with each kept determination)."""
        rules = self.model_dump(
            include={
                "headcount_limit",
                "management_courses",
                "first_aid_courses",
                "industry_courses",
                "assessor_courses",
                "assessor_validity_years",
                "continuing_education_years",
            }
        )
        return hashlib.sha256(json.dumps(rules, sort_keys=True).encode()).hexdigest()[:16]
