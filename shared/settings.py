"""Settings base: every component reads `SECOR_*` environment variables through a subclass of this."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

if TYPE_CHECKING:
    from shared.outbound import OutboundPolicy

# Development defaults so `make run` works with no configuration; production refuses every one of them.
DEV_PRINCIPAL_SECRET = "dev-principal-secret-change-me"
DEV_INTERNAL_WEBHOOK_SECRET = "whsec_ZGV2LWludGVybmFsLXdlYmhvb2stc2VjcmV0LWNoYW5nZS1tZQ=="
DEV_CURSOR_SECRET = "dev-cursor-secret-change-me"
DEFAULT_SECRETS = {DEV_PRINCIPAL_SECRET, DEV_INTERNAL_WEBHOOK_SECRET, DEV_CURSOR_SECRET}


class SecorSettings(BaseSettings):
    """What every component shares: environment, database, secrets, logging, ports of its peers."""

    model_config = SettingsConfigDict(env_prefix="SECOR_", extra="ignore", case_sensitive=False)

    environment: Literal["development", "test", "production"] = Field(
        default="development",
        description="`development`, `test` or `production` (which refuses development secrets and an unset database)",
    )
    database_url: str | None = Field(
        default=None,
        description="PostgreSQL URL (postgresql://...). Unset: the embedded server under data_dir.",
    )
    database_pool_size: int = Field(
        default=10, ge=1, le=200, description="Connections each process keeps to PostgreSQL"
    )
    data_dir: Path = Field(
        default=Path(".data"), description="Embedded database, admin key, mail sink, stored packages"
    )

    principal_secret: SecretStr = Field(
        default=SecretStr(DEV_PRINCIPAL_SECRET),
        description="Signs the principal the gateway forwards to each service (required in production)",
    )
    principal_ttl_seconds: int = Field(
        default=60, ge=5, le=3600, description="How long a forwarded principal is valid"
    )
    internal_webhook_secret: SecretStr = Field(
        default=SecretStr(DEV_INTERNAL_WEBHOOK_SECRET),
        description="Signs the events the worker delivers to the services (required in production)",
    )

    log_level: str = Field(default="INFO", description="DEBUG, INFO, WARNING or ERROR")
    log_format: Literal["json", "text"] = Field(
        default="json",
        description="`json` (one object per line, with the request id) or `text` for a terminal",
    )

    metrics_allowed_networks: list[str] = Field(
        default_factory=lambda: [
            "127.0.0.0/8",
            "::1/128",
            "10.0.0.0/8",
            "172.16.0.0/12",
            "192.168.0.0/16",
            "fc00::/7",
        ],
        description="Networks that may read /metrics on every component (default: loopback and private ones)",
    )

    host: str = Field(default="127.0.0.1", description="The address every component listens on")
    gateway_port: int = Field(default=8000, description="The gateway: the only public door")
    eligibility_port: int = Field(default=8001, description="The eligibility service")
    training_port: int = Field(default=8002, description="The training service")
    submission_port: int = Field(default=8003, description="The submission service")
    gateway_workers: int = Field(default=1, ge=1, le=64, description="uvicorn worker processes")
    eligibility_workers: int = Field(default=1, ge=1, le=64, description="uvicorn worker processes")
    training_workers: int = Field(default=1, ge=1, le=64, description="uvicorn worker processes")
    submission_workers: int = Field(default=1, ge=1, le=64, description="uvicorn worker processes")
    eligibility_url: str | None = Field(
        default=None,
        description="Where the gateway, the worker and the other services reach it; default: from host and port",
    )
    training_url: str | None = Field(
        default=None,
        description="Where the gateway, the worker and the other services reach it; default: from host and port",
    )
    submission_url: str | None = Field(
        default=None,
        description="Where the gateway, the worker and the other services reach it; default: from host and port",
    )

    max_json_body_bytes: int = Field(
        default=1_048_576,
        ge=1024,
        description="The largest JSON body accepted (rosters, batches and imports have their own)",
    )

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
        # Imported here: the outbound client brings aiohttp, which components reading only settings never need.
        from shared.outbound import OutboundPolicy

        return OutboundPolicy.from_strings(
            self.outbound_allowed_networks,
            allow_http=self.allow_plain_http,
            allow_public=self.outbound_public,
            **limits,
        )
