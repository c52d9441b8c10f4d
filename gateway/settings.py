"""Gateway and worker settings (`SECOR_*`)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Depends
from pydantic import Field, model_validator

from shared.dependencies import settings_of
from shared.settings import SecorSettings


class GatewaySettings(SecorSettings):
    rate_limit_per_minute: int = Field(default=1200, ge=1, description="Sustained requests per key")
    rate_limit_burst: int = Field(default=200, ge=1, description="Token bucket size per key")
    anonymous_rate_limit_per_minute: int = Field(default=120, ge=1, description="Per client address")
    anonymous_rate_limit_burst: int = Field(
        default=30,
        ge=1,
        description="Requests an address may make at once without a key (public verification)",
    )
    failed_auth_per_minute: int = Field(
        default=30, ge=1, description="Requests with a wrong API key allowed per client address"
    )
    failed_auth_burst: int = Field(
        default=30, ge=1, description="Requests with a wrong key an address may make at once before 429"
    )
    trust_forwarded_for: bool = Field(
        default=False, description="Take the client address from X-Forwarded-For (see trusted_proxies)"
    )
    trusted_proxies: str = Field(
        default="127.0.0.0/8,::1/128",
        description="Comma-separated networks of our own proxies: with trust_forwarded_for, the client is the "
        "rightmost X-Forwarded-For entry outside them, and only a peer inside them is believed",
    )

    upstream_connect_timeout_seconds: float = Field(default=2.0, gt=0, description="Connecting to a service")
    eligibility_timeout_seconds: float = Field(
        default=30.0, gt=0, description="The longest the gateway waits for the eligibility service's answer"
    )
    training_timeout_seconds: float = Field(
        default=120.0,
        gt=0,
        description="The longest the gateway waits for the training service's answer (CSV imports)",
    )
    submission_timeout_seconds: float = Field(
        default=600.0,
        gt=0,
        description="The longest the gateway waits for the submission service's answer (uploads)",
    )
    upstream_max_connections: int = Field(
        default=200, ge=1, description="Connections the gateway keeps to each service"
    )
    gateway_http_client: Literal["aiohttp", "httpx"] = Field(
        default="aiohttp", description="The proxy's HTTP client; chosen by bench/gateway.py's figures"
    )

    api_key_cache_seconds: float = Field(
        default=30.0,
        ge=0,
        description="How long a looked-up key is reused (a revocation reaches every gateway at once)",
    )
    idempotency_in_flight_seconds: int = Field(
        default=600, ge=1, description="After this, a stuck key is reusable"
    )
    idempotency_max_response_bytes: int = Field(
        default=8 * 1024 * 1024,
        ge=1024,
        description="Answers larger than this are not kept for Idempotency-Key replays",
    )
    idempotency_retention_hours: int = Field(
        default=48, ge=24, description="How long an Idempotency-Key and its answer are kept"
    )

    def upstream_timeout(self, service: str) -> float:
        return float(getattr(self, f"{service}_timeout_seconds"))


INTERNAL_SUBSCRIPTIONS = {
    "eligibility": [
        "training.completion_recorded",
        "training.completion_revoked",
        "submission.status_changed",
        "submission.approval_refused",
    ],
    # Who may see which employer's submissions; everything else it asks the eligibility service when needed.
    "submission": ["employer.integrator_access_changed"],
}


class WorkerSettings(GatewaySettings):
    """The delivery worker: event fan-out, webhook and mail delivery, periodic housekeeping."""

    worker_port: int = Field(
        default=8004,
        ge=0,
        le=65535,
        description="The worker's /metrics, /healthz and /readyz (0: not served)",
    )
    worker_poll_interval_seconds: float = Field(
        default=1.0, gt=0, description="Backstop when no NOTIFY comes"
    )
    worker_lease_seconds: float = Field(
        default=60.0, gt=0, description="A claimed row is free again after this"
    )
    worker_batch_size: int = Field(default=200, ge=1, description="Deliveries claimed or recorded at once")
    worker_fanout_batch_size: int = Field(default=1000, ge=1, description="Events fanned out per transaction")
    worker_concurrency: int = Field(
        default=64, ge=1, description="Deliveries to webhook endpoints in flight per worker"
    )
    worker_endpoint_concurrency: int = Field(
        default=4,
        ge=1,
        description="Deliveries to one webhook endpoint in flight per worker: a slow or dead receiver holds up "
        "only itself",
    )
    worker_internal_concurrency: int = Field(
        default=16,
        ge=1,
        description="Deliveries to the services in flight per worker, on senders of their own",
    )
    internal_subscriptions: dict[str, list[str]] = Field(
        default_factory=lambda: dict(INTERNAL_SUBSCRIPTIONS),
        description="Which event types each service receives (a service name: a list of types)",
    )
    webhook_timeout_seconds: float = Field(
        default=30.0, gt=0, description="One delivery attempt to a webhook endpoint"
    )
    webhook_retry_schedule_seconds: list[float] = Field(
        default_factory=lambda: [0.0, 5.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0, 36000.0],
        description="Wait before each attempt; after the last, the delivery has failed",
    )
    webhook_retry_jitter: float = Field(
        default=0.1, ge=0, le=1, description="Spread of each wait, as a fraction"
    )
    webhook_disable_after_seconds: float = Field(
        default=5 * 86400, gt=0, description="Failing this long: disabled"
    )
    webhook_secret_overlap_hours: float = Field(
        default=24, ge=0, description="Old secret still signs after rotation"
    )
    webhook_response_excerpt_bytes: int = Field(
        default=1024, ge=0, description="How much of an endpoint's answer each attempt keeps"
    )
    mail_probe_seconds: float = Field(
        default=15.0,
        gt=0,
        description="While mail waits after failed sends, how often the mail server is asked whether it answers "
        "again (then that mail goes at once)",
    )
    mail_retry_schedule_seconds: list[float] = Field(
        default_factory=lambda: [5.0, 30.0, 120.0, 600.0, 1800.0, 3600.0],
        description="Waits before each attempt to send a mail; after the last, that wait repeats",
    )
    delivery_retention_days: int = Field(
        default=30, ge=1, description="How long succeeded deliveries and their attempts are kept"
    )

    smtp_host: str | None = Field(
        default=None, description="Unset: the embedded mail sink `secor run` starts"
    )
    smtp_port: int = Field(default=8025, description="The SMTP server's port (the embedded mail sink's too)")
    smtp_username: str | None = Field(default=None, description="SMTP login, if the server asks for one")
    smtp_password: str | None = Field(default=None, description="SMTP password, if the server asks for one")
    smtp_starttls: bool = Field(default=False, description="Upgrade the SMTP connection with STARTTLS")
    smtp_timeout_seconds: float = Field(default=30.0, gt=0, description="One SMTP conversation")
    mail_from: str = Field(
        default="SECOR <no-reply@secor.youracsa.ca>", description="The sender of every mail"
    )

    @model_validator(mode="after")
    def _a_send_fits_its_lease(self) -> WorkerSettings:
        if self.latest_send_start_seconds <= 0:
            raise ValueError(
                f"SECOR_WORKER_LEASE_SECONDS ({self.worker_lease_seconds:g}) must exceed "
                f"SECOR_WEBHOOK_TIMEOUT_SECONDS ({self.webhook_timeout_seconds:g}) by a tenth of itself: an attempt, "
                "and the recording of its answer, must end before its claim runs out"
            )
        return self

    @property
    def latest_send_start_seconds(self) -> float:
        """How far into its lease a claimed delivery may still be sent: the attempt (up to the timeout) and
        the recording of its answer (a tenth of the lease is kept for that) must end before the lease does,
        or the delivery is claimed again and sent twice."""
        return self.worker_lease_seconds - self.webhook_timeout_seconds - self.worker_lease_seconds / 10


# What a route takes to read its settings.
Settings = Annotated[GatewaySettings, Depends(settings_of)]
