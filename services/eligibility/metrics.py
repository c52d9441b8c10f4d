"""The eligibility service's metrics: how determinations are answered, the scheduler, and (read at each scrape)
the program's certificates."""

from __future__ import annotations

import datetime as dt
import time
import typing

from prometheus_client import Counter, Gauge
from sqlalchemy.ext.asyncio import AsyncEngine

from services.eligibility.settings import EligibilitySettings
from services.eligibility.stats import repository as stats
from shared.clock import Clock
from shared.events import CertificateStatus
from shared.metrics import Refresh

DETERMINATIONS = Counter(
    "secor_determinations",
    "Determinations computed from the facts (for an answer, or to keep today's after a change), and answers "
    "served from the one stored for today",
    ["source"],
)
COMPUTED = DETERMINATIONS.labels("computed")
STORED = DETERMINATIONS.labels("stored")
SCHEDULER_ROUNDS = Counter("secor_scheduler_rounds", "Certificate scheduler rounds, by outcome", ["outcome"])
SCHEDULER_LAST_ROUND = Gauge(
    "secor_scheduler_last_round_timestamp_seconds",
    "When the certificate scheduler last finished a round (Unix time)",
    multiprocess_mode="max",
)
SCHEDULER_LAG = Gauge(
    "secor_scheduler_lag_seconds",
    "How long the earliest reminder still waiting has been due (0 when none is late)",
    multiprocess_mode="mostrecent",
)
CERTIFICATES = Gauge(
    "secor_certificates", "Certificates by status", ["status"], multiprocess_mode="mostrecent"
)
MAINTENANCE_DUE_90_DAYS = Gauge(
    "secor_maintenance_due_in_90_days",
    "Maintenance years still to be evaluated whose due date is within 90 days, on certificates in force",
    multiprocess_mode="mostrecent",
)


def round_finished(ok: bool) -> None:
    SCHEDULER_ROUNDS.labels("ok" if ok else "failed").inc()
    if ok:
        SCHEDULER_LAST_ROUND.set(time.time())


def program_refresher(engine: AsyncEngine, settings: EligibilitySettings, clock: Clock) -> Refresh:
    async def refresh() -> None:
        now = clock.now()
        async with engine.connect() as conn:
            found = await stats.program_gauges(conn, settings.program_date(now))
        for status in typing.get_args(CertificateStatus):
            CERTIFICATES.labels(status).set(found.by_status.get(status, 0))
        MAINTENANCE_DUE_90_DAYS.set(found.maintenance_due_in_90_days)
        lag = 0.0
        if found.oldest_reminder_day is not None:
            due = dt.datetime.combine(found.oldest_reminder_day, dt.time(), settings.program_zone)
            lag = max(0.0, (now - due).total_seconds())
        SCHEDULER_LAG.set(lag)

    return refresh
