"""Settings base: every component reads `SECOR_*` environment variables through a subclass of this."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.outbound import OutboundPolicy

# Development defaults so `make run` works with no configuration; production refuses every one of them.
DEV_PRINCIPAL_SECRET = "dev-principal-secret-change-me"
DEV_INTERNAL_WEBHOOK_SECRET = "whsec_ZGV2LWludGVybmFsLXdlYmhvb2stc2VjcmV0LWNoYW5nZS1tZQ=="
DEV_CURSOR_SECRET = "dev-cursor-secret-change-me"
DEFAULT_SECRETS = {DEV_PRINCIPAL_SECRET, DEV_INTERNAL_WEBHOOK_SECRET, DEV_CURSOR_SECRET}


class SecorSettings(BaseSettings):
    """What every component shares: environment, database, secrets, logging, ports of its peers."""

    model_config = SettingsConfigDict(env_prefix="SECOR_", extra="ignore", case_sensitive=False)

    environment: Literal["development", "test", "production"] = "development"
    database_url: str | None = Field(
        default=None,
        description="PostgreSQL URL (postgresql://...). Unset: the embedded server under data_dir.",
    )
    database_pool_size: int = Field(default=10, ge=1, le=200)
    data_dir: Path = Path(".data")

    principal_secret: SecretStr = SecretStr(DEV_PRINCIPAL_SECRET)
    principal_ttl_seconds: int = Field(default=60, ge=5, le=3600)
    internal_webhook_secret: SecretStr = SecretStr(DEV_INTERNAL_WEBHOOK_SECRET)

    log_level: str = "INFO"
    log_format: Literal["json", "text"] = "json"

    host: str = "127.0.0.1"
    gateway_port: int = 8000
    eligibility_port: int = 8001
    training_port: int = 8002
    submission_port: int = 8003
    gateway_workers: int = Field(default=1, ge=1, le=64, description="uvicorn worker processes")
    eligibility_workers: int = Field(default=1, ge=1, le=64)
    training_workers: int = Field(default=1, ge=1, le=64)
    submission_workers: int = Field(default=1, ge=1, le=64)
    eligibility_url: str | None = None
    training_url: str | None = None
    submission_url: str | None = None

    max_json_body_bytes: int = Field(default=1_048_576, ge=1024)

    program_timezone: str = Field(
        default="America/Edmonton",
        description="The program's calendar: the day an evaluation is received, a due date, 'today' (IANA name)",
    )

    outbound_allow_http: bool | None = Field(
        default=None,
        description="Plain http to user-given URLs (webhooks, package links); default: in development",
    )
    outbound_allowed_networks: list[str] = Field(
        default_factory=list,
        description="CIDRs user-given URLs may reach although not public (e.g. 10.0.0.0/8)",
    )
    outbound_public: bool = Field(
        default=True,
        description="User-given URLs may reach public addresses; false: only SECOR_OUTBOUND_ALLOWED_NETWORKS",
    )

    @model_validator(mode="after")
    def _refuse_default_secrets_in_production(self) -> SecorSettings:
        if self.environment == "production":
            for name in self._secret_field_names():
                value = getattr(self, name).get_secret_value()
                if value in DEFAULT_SECRETS or len(value) < 24:
                    raise ValueError(
                        f"SECOR_{name.upper()} must be set to a strong secret (24+ characters) in production"
                    )
            if not self.database_url:
                raise ValueError("SECOR_DATABASE_URL must be set in production")
        return self

    @field_validator("program_timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"{value!r} is not a time zone (an IANA name such as America/Edmonton)") from exc
        return value

    @property
    def program_zone(self) -> ZoneInfo:
        return ZoneInfo(self.program_timezone)  # zoneinfo keeps one instance per name

    def program_date(self, at: dt.datetime) -> dt.date:
        """The program's calendar day at `at`: an upload at 6 pm in Edmonton on a due date is on the due date."""
        return at.astimezone(self.program_zone).date()

    def _secret_field_names(self) -> list[str]:
        return [
            name
            for name, field in type(self).model_fields.items()
            if field.annotation in (SecretStr, SecretStr | None) and getattr(self, name) is not None
        ]

    def service_url(self, name: str) -> str:
        """Base URL of a peer component, from its explicit URL setting or host and port."""
        explicit = getattr(self, f"{name}_url", None)
        if explicit:
            return str(explicit).rstrip("/")
        port = getattr(self, f"{name}_port")
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::") else self.host
        return f"http://{host}:{port}"

    @property
    def is_development(self) -> bool:
        return self.environment in ("development", "test")

    @property
    def allow_plain_http(self) -> bool:
        return self.is_development if self.outbound_allow_http is None else self.outbound_allow_http

    def outbound_policy(self, **limits: Any) -> OutboundPolicy:
        """Where user-given URLs (webhooks, package links) may lead, with the caller's time and size limits."""
        return OutboundPolicy.from_strings(
            self.outbound_allowed_networks,
            allow_http=self.allow_plain_http,
            allow_public=self.outbound_public,
            **limits,
        )
