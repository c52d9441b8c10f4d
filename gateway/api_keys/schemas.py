"""Wire schemas for API keys and `GET /v1/me`."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from shared.principal import StaffRole


class ApiKeyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200, description="Who or what uses the key")
    kind: Literal["provider", "integrator", "staff"]
    role: StaffRole | None = Field(default=None, description="Required for staff keys, refused otherwise")
    provider_id: str | None = Field(
        default=None, min_length=1, max_length=64, description="Required for provider keys"
    )
    integrator_id: str | None = Field(
        default=None,
        max_length=64,
        pattern=r"^int_[0-9A-Z]{26}$",
        description="Integrator keys: add a key for an existing integrator; omitted, a new integrator is created",
    )
    rate_limit_per_minute: int | None = Field(default=None, ge=1, le=1_000_000)

    @model_validator(mode="after")
    def _fields_fit_kind(self) -> ApiKeyCreate:
        if self.kind == "staff" and self.role is None:
            raise ValueError("role is required for a staff key (admin, qa_analyst or viewer)")
        if self.kind != "staff" and self.role is not None:
            raise ValueError("role is only for staff keys")
        if self.kind == "provider" and not self.provider_id:
            raise ValueError("provider_id is required for a provider key")
        if self.kind != "provider" and self.provider_id is not None:
            raise ValueError("provider_id is only for provider keys")
        if self.kind != "integrator" and self.integrator_id is not None:
            raise ValueError("integrator_id is only for integrator keys")
        return self


class ApiKeyPublic(BaseModel):
    id: str
    name: str
    kind: str
    role: str | None = None
    provider_id: str | None = None
    integrator_id: str | None = None
    key_prefix: str = Field(description="The first characters of the key, to recognise it")
    rate_limit_per_minute: int | None = None
    created_at: dt.datetime
    revoked_at: dt.datetime | None = None


class ApiKeyCreated(ApiKeyPublic):
    key: str = Field(description="The key itself. Shown only in this response: store it now.")


class Me(BaseModel):
    kind: str
    id: str
    name: str
    role: str | None = None
    provider_id: str | None = None
    integrator_id: str | None = None
    scopes: list[str]
