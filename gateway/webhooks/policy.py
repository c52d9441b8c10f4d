"""The delivery policy: who may receive which event, what a delivery's body is, when to try again, and when
an endpoint has failed for long enough to be disabled. The worker applies it; the event feed reads by it.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from gateway.settings import WorkerSettings
from gateway.webhooks import repository
from gateway.worker.metrics import ENDPOINTS_DISABLED
from shared.events import EndpointDisabled, EndpointOwner
from shared.outbox import Event, Mail, enqueue_mail, publish

logger = logging.getLogger("secor.worker")

# Deliveries to a service subscribed by configuration have this target (then the service's name); an endpoint's
# deliveries have the endpoint's id.
SERVICE_TARGET_PREFIX = "service:"

# Events that change the gateway's view of who may see what (its employers and their integrators' access), or
# whose audience is an endpoint's owner rather than an employer: fanned out one at a time, after the view changes.
VIEW_CHANGING_TYPES = frozenset(
    {"employer.registered", "employer.integrator_access_changed", "webhook_endpoint.disabled"}
)


def visible_to(
    *,
    kind: str,
    integrator_id: str,
    provider_id: str,
    event_type: str,
    audience: str,
    provider: str,
    owner: str,
) -> str:
    """Who may see an event, as one SQL condition; the arguments are the SQL expressions it is about.

    The viewer (an endpoint's owner, or the principal reading the feed): `kind`, `integrator_id`, `provider_id`.
    The event: its `event_type`, its `audience` (the employer it concerns: its own, or the one its WCB number
    names), the `provider` it came from, and for an endpoint's disabling the endpoint's `owner` (jsonb).

    Staff see everything; an integrator what concerns employers it has access to now (gateway_employer_access,
    kept from the events in order); a provider its own events; an endpoint's disabling only its owner (and staff).
    """
    return f"""(CASE WHEN {event_type} = 'webhook_endpoint.disabled' THEN
            {kind} IN ('staff', 'service')
            OR ({kind} = 'integrator' AND {owner}->>'integrator_id' = {integrator_id})
            OR ({kind} = 'provider' AND {owner}->>'provider_id' = {provider_id})
        ELSE
            {kind} IN ('staff', 'service')
            OR ({kind} = 'provider' AND {provider} = {provider_id})
            OR ({kind} = 'integrator' AND EXISTS (
                SELECT 1 FROM gateway_employer_access a
                WHERE a.employer_id = {audience} AND a.integrator_id = {integrator_id}))
        END)"""


# The body `{type, timestamp, data}`, with the event's place in its aggregate's order when it has one: built
# where the delivery is claimed (`e` the event, `c` the delivery), so the worker neither decodes the event nor
# encodes the body. These are the exact bytes that get signed.
DELIVERY_BODY = """(jsonb_build_object(
        'type', e.type,
        'timestamp', to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        'data', e.data)
    || CASE WHEN c.ordering_key IS NULL THEN '{}'::jsonb
            ELSE jsonb_build_object('ordering_key', c.ordering_key, 'sequence', c.sequence) END
    )::text"""


@dataclass(slots=True)
class Result:
    """One attempt at a delivery."""

    delivery_id: int
    event_id: str
    endpoint_id: str | None
    attempts: int
    status: int | None
    error: str | None
    excerpt: str | None
    duration_ms: int
    attempted_at: float  # unix time: sent as a float, a fraction of the cost of encoding a datetime
    retry_after: float | None = None

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


ENDPOINT_GONE = "endpoint disabled or gone"


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds, from either of its forms (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


def next_wait(attempts: int, settings: WorkerSettings, retry_after: float | None) -> float | None:
    """Seconds until the next attempt after `attempts` made, or None when the schedule is spent."""
    schedule = settings.webhook_retry_schedule_seconds
    if attempts >= len(schedule):
        return None
    base = schedule[attempts]
    jitter = settings.webhook_retry_jitter
    wait = base * (1 + random.uniform(-jitter, jitter)) if base else 0.0
    if retry_after is not None:
        # The receiver's own Retry-After is honoured (up to a day), when it asks for more patience.
        wait = max(wait, min(retry_after, 86400.0))
    return wait


def outcomes(
    results: Sequence[Result], settings: WorkerSettings
) -> tuple[list[tuple[int, int, int]], list[dict[str, Any]]]:
    """Split results into successes `(id, attempt, status)` and (retry or give up) failures with their next
    wait; each names the attempt (the claim) it was."""
    succeeded: list[tuple[int, int, int]] = []
    failed: list[dict[str, Any]] = []
    for r in results:
        if r.ok:
            assert r.status is not None
            succeeded.append((r.delivery_id, r.attempts, r.status))
            continue
        gone = r.status == 410 or r.error == ENDPOINT_GONE
        wait = None if gone else next_wait(r.attempts, settings, r.retry_after)
        failed.append(
            {
                "id": r.delivery_id,
                "attempt": r.attempts,
                "final": wait is None,
                "wait": wait or 0.0,
                "status": r.status,
                "error": r.error or f"HTTP {r.status}",
            }
        )
    return succeeded, failed


async def judge_endpoints(
    conn: AsyncConnection, results: Sequence[Result], settings: WorkerSettings, now: dt.datetime
) -> None:
    """Endpoints that failed: note since when, and disable those gone (410) or failing too long."""
    ok = {r.endpoint_id for r in results if r.endpoint_id and r.ok}
    bad = {r.endpoint_id for r in results if r.endpoint_id and not r.ok} - ok
    gone = {r.endpoint_id for r in results if r.endpoint_id and r.status == 410}
    to_disable: dict[str, str] = {e: "the endpoint answered 410 Gone" for e in gone if e}
    limit = dt.timedelta(seconds=settings.webhook_disable_after_seconds)
    for row in await repository.mark_failing(conn, sorted(e for e in bad if e), now):
        if now - row.failing_since >= limit and row.id not in to_disable:
            to_disable[row.id] = f"every delivery has failed since {row.failing_since.isoformat()}"
    for endpoint_id, reason in sorted(to_disable.items()):
        endpoint = await repository.disable(conn, endpoint_id, reason, now)
        if endpoint is not None:
            await _announce_disabled(conn, endpoint, reason, now)


async def _announce_disabled(conn: AsyncConnection, endpoint: Any, reason: str, now: dt.datetime) -> None:
    """Subscribers hear of it as an event, the endpoint's contact by mail."""
    logger.warning("disabled webhook endpoint %s: %s", endpoint.id, reason)
    ENDPOINTS_DISABLED.inc()
    owner = EndpointOwner(
        kind=endpoint.owner_kind, integrator_id=endpoint.integrator_id, provider_id=endpoint.provider_id
    )
    data = EndpointDisabled(
        endpoint_id=endpoint.id, url=endpoint.url, reason=reason, disabled_at=now, owner=owner
    )
    await publish(conn, "gateway", [Event(data, provider_id=endpoint.provider_id)])
    if endpoint.contact_email:
        await enqueue_mail(
            conn,
            "gateway",
            [
                Mail(
                    endpoint.contact_email,
                    "Your SECOR webhook endpoint was disabled",
                    f"The webhook endpoint {endpoint.id} ({endpoint.url}) was disabled: {reason}.\n\n"
                    "Nothing more is sent to it. When it works again, re-enable it with PATCH "
                    f'/v1/webhook-endpoints/{endpoint.id} {{"disabled": false}} and ask for what it missed '
                    f"with POST /v1/webhook-endpoints/{endpoint.id}/recovery.\n",
                    dedupe_key=f"endpoint-disabled:{endpoint.id}:{now.isoformat()}",
                )
            ],
        )
