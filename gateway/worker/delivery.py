"""Delivering: sign each event per the Standard Webhooks spec, POST it, and decide what happens next.

Services get it over the internal network signed with the internal secret; webhook endpoints through the safe
outbound client, signed with their secret (and, for a day after a rotation, with the previous one too).
"""

from __future__ import annotations

import time
from typing import Any

import aiohttp
from sqlalchemy.engine import Row

from gateway.settings import WorkerSettings
from gateway.webhooks.policy import ENDPOINT_GONE, SERVICE_TARGET_PREFIX, Result, retry_after_seconds
from gateway.worker.metrics import ATTEMPT
from shared.outbound import OutboundRefused, SafeClient
from shared.tracing import current_trace, trace_of_event, tracer
from shared.webhooks import signed_headers


def secrets_for(claimed: Row[Any]) -> list[str]:
    """The endpoint's secret, and for a day after a rotation its previous one too (the claim says which)."""
    return [claimed.secret, claimed.previous_secret] if claimed.previous_secret else [claimed.secret]


class Sender:
    """Sends one delivery; owns the HTTP clients (created inside the worker's loop)."""

    def __init__(self, settings: WorkerSettings, safe: SafeClient, internal: aiohttp.ClientSession) -> None:
        self.settings = settings
        self.safe = safe
        self.internal = internal
        self.service_urls = {
            name: settings.service_url(name) + "/internal/events" for name in settings.internal_subscriptions
        }
        self.internal_secret = settings.internal_webhook_secret.get_secret_value()

    async def send(self, claimed: Row[Any]) -> Result:
        """One attempt at a claimed delivery, which carries its event and (for an endpoint) address and secrets.

        The attempt is a span of the trace the event was published in, and the receiver gets its
        `traceparent`: the services continue the trace into the events they publish in turn.
        """
        span = tracer.start(
            f"deliver {claimed.type}", trace_of_event(claimed.event_id, claimed.traceparent), kind="producer"
        )
        token = current_trace.set(span.context)
        began = time.perf_counter()
        try:
            result = await self._send(claimed, span.context.traceparent)
        finally:
            current_trace.reset(token)
        to_service = claimed.target.startswith(SERVICE_TARGET_PREFIX)
        ATTEMPT["service" if to_service else "endpoint"].observe(time.perf_counter() - began)
        span.end(
            **{
                "http.response.status_code": result.status,
                "secor.event_id": claimed.event_id,
                "secor.delivery_target": "service" if to_service else "endpoint",
                "error.type": result.error,
            }
        )
        return result

    async def _send(self, claimed: Row[Any], traceparent: str) -> Result:
        started = time.perf_counter()
        attempted_at = time.time()
        body = claimed.body.encode()  # built by the claim
        status: int | None = None
        error: str | None = None
        excerpt: str | None = None
        retry_after: float | None = None
        try:
            if claimed.target.startswith(SERVICE_TARGET_PREFIX):
                url = self.service_urls[claimed.target.removeprefix(SERVICE_TARGET_PREFIX)]
                headers = signed_headers([self.internal_secret], claimed.event_id, body)
                headers["traceparent"] = traceparent
                async with self.internal.post(
                    url, data=body, headers=headers, allow_redirects=False
                ) as response:
                    status = response.status
                    raw = await response.content.read(self.settings.webhook_response_excerpt_bytes)
                    retry_after = retry_after_seconds(response.headers.get("retry-after"))
            else:
                if claimed.url is None or claimed.disabled:
                    return Result(
                        claimed.id,
                        claimed.event_id,
                        claimed.endpoint_id,
                        claimed.attempts,
                        None,
                        ENDPOINT_GONE,
                        None,
                        0,
                        attempted_at,
                    )
                headers = signed_headers(secrets_for(claimed), claimed.event_id, body)
                headers["user-agent"] = "SECOR-Webhooks/1.0"
                headers["traceparent"] = traceparent
                answer = await self.safe.post(claimed.url, body, headers)
                status = answer.status
                raw = answer.body
                retry_after = retry_after_seconds(answer.headers.get("Retry-After"))
            excerpt = raw[: self.settings.webhook_response_excerpt_bytes].decode("utf-8", "replace")
            if 300 <= status < 400:
                error = "redirects are not followed"
        except OutboundRefused as exc:
            error = f"refused: {exc}"
        except TimeoutError:
            error = f"no answer within {self.settings.webhook_timeout_seconds:g} s"
        except (aiohttp.ClientError, OSError) as exc:
            error = f"{type(exc).__name__}: {exc}"[:500]
        duration_ms = int((time.perf_counter() - started) * 1000)
        return Result(
            claimed.id,
            claimed.event_id,
            claimed.endpoint_id,
            claimed.attempts,
            status,
            error,
            excerpt,
            duration_ms,
            attempted_at,
            retry_after,
        )
