"""Eligibility service settings (`SECOR_*`): the program's thresholds are configuration, not code."""

from __future__ import annotations

import hashlib
import json
from functools import cached_property
from typing import Annotated

from fastapi import Depends
from pydantic import Field, SecretStr, model_validator

from shared.dependencies import settings_of
from shared.settings import SecorSettings

# Development only (production refuses it): base64 of a 32-byte Ed25519 seed.
# `secor secrets certificate-signing-key` makes a real one.
DEV_CERTIFICATE_SIGNING_KEY = "ZGV2LWNlcnRpZmljYXRlLXNpZ25pbmcta2V5LTMyYiE="


class EligibilitySettings(SecorSettings):
    headcount_limit: int = Field(default=10, ge=1, description="More than this at once: COR, not SECOR")
    management_courses: list[str] = Field(
        default=["SECOR", "PHSM"], description="Course codes that meet training.management"
    )
    first_aid_courses: list[str] = Field(
        default=["SFA"], description="Course codes that meet training.first_aid"
    )
    industry_courses: list[str] = Field(
        default=["CSTS", "RSTS", "ESTS", "PCST"], description="Course codes that meet training.industry"
    )
    assessor_courses: list[str] = Field(
        default=["SECOR", "PHSM"], description="Course codes that qualify an assessor"
    )
    assessor_validity_years: int = Field(default=3, ge=1, description="Public practice: from the last course")
    continuing_education_years: int = Field(
        default=3, ge=1, description="The window for continuing_education (an ACSA course)"
    )
    max_roster_sync: int = Field(default=10_000, ge=1, description="Workers in one PUT .../workers")
    max_roster_body_bytes: int = Field(
        default=8 * 1024 * 1024, ge=1024, description="The largest roster sync body (PUT .../workers)"
    )
    access_withdrawal_wait_seconds: float = Field(
        default=5.0,
        ge=0,
        description="A withdrawn integrator access is answered once every service applied it, waiting this "
        "long at most (then 503); 0: answer at once",
    )
    max_future_as_of_days: int = Field(
        default=366, ge=0, description="How far ahead a determination may look"
    )

    # Certificates (docs/rules.md §4).
    minimum_documentation_months: int = Field(
        default=3,
        ge=3,
        description="A certification's audit period covers at least this; fewer: no certificate",
    )
    minimum_maintenance_months: int = Field(
        default=3, ge=1, description="A maintenance evaluation's audit period covers at least this"
    )
    full_documentation_months: int = Field(
        default=12, ge=1, description="This many or more: the long validity"
    )
    full_validity_years: int = Field(
        default=3, ge=1, description="A certificate's validity with 12 months of documentation"
    )
    short_validity_years: int = Field(
        default=1, ge=1, description="A certificate's validity with 3 to 12 months of documentation"
    )
    unconfirmed_determination_days: int = Field(
        default=7,
        ge=1,
        description="A determination kept for an evaluation whose receipt or approval was never recorded (the "
        "upload failed) is let go after this many days",
    )
    maintenance_grace_days: int = Field(
        default=0,
        ge=0,
        description="After a missed maintenance due date, days before the certificate is cancelled",
    )
    max_import_body_bytes: int = Field(
        default=4 * 1024 * 1024, ge=1024, description="Cap on a JSON certificate import (CSV streams)"
    )
    reminder_days: list[int] = Field(
        default=[90, 60, 30, 7], description="Days before each maintenance due date and expiry to remind"
    )
    certificate_signing_key: SecretStr = Field(
        default=SecretStr(DEV_CERTIFICATE_SIGNING_KEY),
        description="Ed25519 private key (base64 of the 32-byte seed) signing verification answers",
    )
    verification_cache_seconds: float = Field(
        default=30.0, ge=0, description="Signed answers are reused this long"
    )
    run_scheduler: bool = Field(
        default=True, description="Run certificate statuses and reminders in this process"
    )
    scheduler_interval_seconds: float = Field(
        default=60.0, gt=0, description="How often reminders and calendar changes are looked for"
    )
    reminder_batch_size: int = Field(
        default=200, ge=1, description="Reminders sent per scheduler round at most"
    )
    reminder_mail_spacing_seconds: float = Field(
        default=0.25, ge=0, description="Mails of one round are spread this far apart"
    )

    @model_validator(mode="after")
    def _refuse_dev_signing_key_in_production(self) -> EligibilitySettings:
        if self.environment == "production" and (
            self.certificate_signing_key.get_secret_value() == DEV_CERTIFICATE_SIGNING_KEY
        ):
            raise ValueError(
                "SECOR_CERTIFICATE_SIGNING_KEY must be set in production (`secor secrets certificate-signing-key`)"
            )
        return self

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


# What a route takes to read its settings.
Settings = Annotated[EligibilitySettings, Depends(settings_of)]
