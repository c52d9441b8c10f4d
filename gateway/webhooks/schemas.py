"""Wire schemas for webhook endpoints."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.events import EventTypeName
from shared.validation import Email, ShortText


class EndpointCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str = Field(min_length=8, max_length=2048, description="https URL that receives POSTed events")
    event_types: list[EventTypeName] = Field(default_factory=list, description="Empty: every type")
    description: ShortText | None = None
    contact_email: Email | None = Field(
        default=None, description="Told by mail if the endpoint gets disabled"
    )


class EndpointUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str | None = Field(default=None, min_length=8, max_length=2048)
    event_types: list[EventTypeName] | None = None
    description: ShortText | None = None
    contact_email: Email | None = None
    disabled: Literal[False] | None = Field(default=None, description="false re-enables a disabled endpoint")


class Owner(BaseModel):
    kind: Literal["integrator", "provider", "staff"]
    integrator_id: str | None = None
    provider_id: str | None = None


class EndpointPublic(BaseModel):
    id: str
    url: str
    event_types: list[str]
    description: str | None
    contact_email: str | None
    owner: Owner
    disabled_at: dt.datetime | None
    disabled_reason: str | None
    failing_since: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime


class EndpointCreated(EndpointPublic):
    secret: str = Field(description="whsec_... Shown only in this response: store it now.")


class SecretRotated(BaseModel):
    id: str
    secret: str = Field(description="The new secret, shown only here")
    previous_secret_valid_until: dt.datetime = Field(description="Until then deliveries are signed with both")


class AttemptPublic(BaseModel):
    id: int
    event_id: str
    attempted_at: dt.datetime
    status_code: int | None
    duration_ms: int
    response_excerpt: str | None
    error: str | None


class RecoveryRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    since: dt.datetime = Field(description="Re-send every delivery to this endpoint that failed since then")


class RecoveryResult(BaseModel):
    requeued: int
