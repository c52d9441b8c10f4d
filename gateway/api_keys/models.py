"""Table model for API keys: only the SHA-256 of a key is stored, never the key."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, DateTime
from sqlmodel import Field, SQLModel


class ApiKey(SQLModel, table=True):
    __tablename__ = "gateway_api_key"

    id: str = Field(primary_key=True)
    name: str
    kind: str
    role: str | None = None
    provider_id: str | None = None
    integrator_id: str | None = None
    key_prefix: str
    key_hash: str = Field(unique=True)
    rate_limit_per_minute: int | None = None
    created_at: dt.datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    created_by: str | None = None
    revoked_at: dt.datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
