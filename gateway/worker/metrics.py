"""The worker's metrics: what it delivers and how fast, and (read at each scrape) how much waits for it.

The backlog gauges are read from the database, so every worker reports the same outbox; Prometheus takes
the newest (`max`) over workers. Counters are each worker's own; sum them over workers.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.worker.repositories import backlog
from shared.metrics import LATENCY_BUCKETS, Refresh

STAGES = ("fanout", "service", "endpoint")

DELIVERIES = Counter(
    "secor_deliveries",
    "Delivery attempts by destination (service or endpoint) and outcome: succeeded, retrying (another attempt "
    "is scheduled) or failed (given up)",
    ["target_kind", "outcome"],
)
ATTEMPT_SECONDS = Histogram(
    "secor_delivery_attempt_duration_seconds",
    "Time one delivery attempt took, from the request to its answer (or failure)",
    ["target_kind"],
    buckets=LATENCY_BUCKETS,
)
ENDPOINTS_DISABLED = Counter(
    "secor_webhook_endpoints_disabled", "Webhook endpoints the worker disabled after failing for too long"
)
MAIL = Counter("secor_mail", "Mail the worker tried to send, by outcome: sent or failed", ["outcome"])

OUTBOX_DEPTH = Gauge(
    "secor_outbox_depth",
    "Work waiting in the outbox: events not yet fanned out (fanout), pending deliveries to the services "
    "(service) and to webhook endpoints (endpoint)",
    ["stage"],
    multiprocess_mode="mostrecent",
)
OUTBOX_OLDEST_SECONDS = Gauge(
    "secor_outbox_oldest_age_seconds",
    "Age of the oldest event still waiting at each stage (0 when none waits)",
    ["stage"],
    multiprocess_mode="mostrecent",
)
DELIVERY_OVERDUE_SECONDS = Gauge(
    "secor_delivery_overdue_seconds",
    "How long the most overdue delivery has been due without being sent: the workers' lag behind their work",
    multiprocess_mode="mostrecent",
)
ENDPOINTS_DISABLED_NOW = Gauge(
    "secor_webhook_endpoints_disabled_now",
    "Webhook endpoints disabled at present",
    multiprocess_mode="mostrecent",
)
MAIL_QUEUE_DEPTH = Gauge("secor_mail_queue_depth", "Mail waiting to be sent", multiprocess_mode="mostrecent")
MAIL_OLDEST_SECONDS = Gauge(
    "secor_mail_oldest_age_seconds",
    "Age of the oldest mail waiting to be sent (0 when none waits)",
    multiprocess_mode="mostrecent",
)

DELIVERED = {
    (kind, outcome): DELIVERIES.labels(kind, outcome)
    for kind in ("service", "endpoint")
    for outcome in ("succeeded", "retrying", "failed")
}
ATTEMPT = {kind: ATTEMPT_SECONDS.labels(kind) for kind in ("service", "endpoint")}


def backlog_refresher(engine: AsyncEngine) -> Refresh:
    """A scrape-time refresh of the backlog gauges from the database."""

    async def refresh() -> None:
        async with engine.connect() as conn:
            found = await backlog.read(conn)
        for stage in STAGES:
            depth, oldest = found.stages.get(stage, (0, 0.0))
            OUTBOX_DEPTH.labels(stage).set(depth)
            OUTBOX_OLDEST_SECONDS.labels(stage).set(oldest)
        DELIVERY_OVERDUE_SECONDS.set(found.overdue_seconds)
        ENDPOINTS_DISABLED_NOW.set(found.endpoints_disabled)
        MAIL_QUEUE_DEPTH.set(found.mail_waiting)
        MAIL_OLDEST_SECONDS.set(found.mail_oldest_seconds)

    return refresh
