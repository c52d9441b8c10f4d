"""The submission service's metrics: intake as it runs, and (read at each scrape) the submissions waiting."""

from __future__ import annotations

import time
import typing

from prometheus_client import Counter, Gauge, Histogram
from sqlalchemy.ext.asyncio import AsyncEngine

from services.submission.packages.archive import Finding
from services.submission.stats import repository as stats
from shared.events import SubmissionKind, SubmissionStatus
from shared.metrics import Refresh

SEVERITIES = ("error", "warning", "info")
CHANNELS = ("api", "email")
# The statuses a submission waits in: on ACSA (triage, intake, QA), or on the employer (an addendum).
WAITING = ("awaiting_triage", "validating", "in_qa", "information_requested")

INTAKE_SECONDS = Histogram(
    "secor_intake_duration_seconds",
    "Time intake took to check a package or addendum (download included), by what and outcome",
    ["item", "outcome"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0),
)
INTAKE = Counter(
    "secor_intake",
    "Packages and addenda checked, by outcome (accepted, rejected) and the worst severity among the findings",
    ["item", "outcome", "worst_severity"],
)
INTAKE_FAILURES = Counter(
    "secor_intake_failures",
    "Packages and addenda intake could not finish checking (our fault: the sender is asked to send again)",
    ["item"],
)
MAIL_PROCESSED = Counter(
    "secor_mail_intake_processed",
    "Messages to the COR mailbox processed, by outcome (submitted, refused, ignored)",
    ["outcome"],
)
MAIL_RECEIVED = Counter(
    "secor_mail_intake_received",
    "Messages the mail receiver was handed, by its answer: kept, duplicate (received before), over_cap (kept "
    "unread: a link is asked for), refused_size (552), refused_sender (550) or failed (451: try again)",
    ["outcome"],
)
MAIL_RECEIVED_BYTES = Counter(
    "secor_mail_intake_received_bytes", "Bytes of the messages the mail receiver read"
)
SUBMISSIONS = Gauge(
    "secor_submissions",
    "Submissions by status, channel and kind (unknown while awaiting triage)",
    ["status", "channel", "kind"],
    multiprocess_mode="mostrecent",
)
PACKAGES_WAITING = Gauge(
    "secor_intake_packages_waiting",
    "Packages and addenda received and waiting to be checked",
    multiprocess_mode="mostrecent",
)
OLDEST_WAITING_SECONDS = Gauge(
    "secor_submissions_oldest_age_seconds",
    "How long the submission longest in each waiting status has been there (0 when none is)",
    ["status"],
    multiprocess_mode="mostrecent",
)


def worst(findings: typing.Iterable[Finding]) -> str:
    found = {f.severity for f in findings}
    return next((s for s in SEVERITIES if s in found), "none")


def intake_done(item: str, outcome: str, findings: typing.Iterable[Finding], started: float) -> None:
    INTAKE.labels(item, outcome, worst(findings)).inc()
    INTAKE_SECONDS.labels(item, outcome).observe(time.perf_counter() - started)


def program_refresher(engine: AsyncEngine) -> Refresh:
    async def refresh() -> None:
        async with engine.connect() as conn:
            found = await stats.program_gauges(conn, WAITING)
        counts = {(c["status"], c["channel"], c["kind"]): c["n"] for c in found.counts}
        for status in typing.get_args(SubmissionStatus):
            for channel in CHANNELS:
                for kind in (*typing.get_args(SubmissionKind), "unknown"):
                    SUBMISSIONS.labels(status, channel, kind).set(counts.get((status, channel, kind), 0))
        PACKAGES_WAITING.set(found.packages_waiting)
        for status in WAITING:
            OLDEST_WAITING_SECONDS.labels(status).set(float(found.oldest.get(status) or 0))

    return refresh
