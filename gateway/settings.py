"""Gateway and worker settings (`SECOR_*`)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from shared.settings import SecorSettings


class GatewaySettings(SecorSettings):
    rate_limit_per_minute: int = Field(default=1200, ge=1, description="Sustained requests per key")
    rate_limit_burst: int = Field(default=200, ge=1, description="Token bucket size per key")
    anonymous_rate_limit_per_minute: int = Field(default=120, ge=1, description="Per client address")
    anonymous_rate_limit_burst: int = Field(default=30, ge=1)
    trust_forwarded_for: bool = Field(
        default=False, description="Take the client address from X-Forwarded-For"
    )

    upstream_connect_timeout_seconds: float = Field(default=2.0, gt=0)
    eligibility_timeout_seconds: float = Field(default=30.0, gt=0)
    training_timeout_seconds: float = Field(default=120.0, gt=0)
    submission_timeout_seconds: float = Field(default=600.0, gt=0)
    upstream_max_connections: int = Field(default=200, ge=1)
    gateway_http_client: Literal["aiohttp", "httpx"] = Field(
        default="aiohttp", description="The proxy's HTTP client; chosen by bench/gateway.py's figures"
    )

    api_key_cache_seconds: float = Field(default=30.0, ge=0)
    idempotency_in_flight_seconds: int = Field(
        default=600, ge=1, description="After this, a stuck key is reusable"
    )
    idempotency_max_response_bytes: int = Field(default=8 * 1024 * 1024, ge=1024)
    idempotency_retention_hours: int = Field(default=48, ge=24)

    def upstream_timeout(self, service: str) -> float:
        return float(getattr(self, f"{service}_timeout_seconds"))


class WorkerSettings(GatewaySettings):
    """The delivery worker: event fan-out, webhook and mail delivery, periodic housekeeping."""

    smtp_host: str | None = Field(
        default=None, description="Unset: the embedded mail sink `secor run` starts"
    )
    smtp_port: int = 8025
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    smtp_timeout_seconds: float = Field(default=30.0, gt=0)
    mail_from: str = "SECOR <no-reply@secor.youracsa.ca>"
