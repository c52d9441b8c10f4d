"""The transactional outbox: events and mail written in the same transaction as the change that causes them.

The gateway worker reads these tables and delivers them; a business write and its events commit together or
not at all, so nothing is announced that did not happen and nothing that happened goes unannounced.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from shared.ids import new_id

OUTBOX_CHANNEL = "secor_outbox"

EVENT_TYPES = (
    "employer.registered",
    "employer.eligibility_changed",
    "employer.integrator_access_changed",
    "training.completion_recorded",
    "training.completion_revoked",
    "submission.received",
    "submission.status_changed",
    "certificate.issued",
    "certificate.maintenance_due",
    "certificate.status_changed",
    "webhook_endpoint.disabled",
)


@dataclass
class Event:
    """One event to publish.

    `employer_id` and `provider_id` decide who may see it. `ordering_key` names the aggregate whose events
    must arrive in order; its `sequence` is counted here unless the aggregate counts its own versions.
    """

    type: str
    data: dict[str, Any]
    employer_id: str | None = None
    provider_id: str | None = None
    ordering_key: str | None = None
    sequence: int | None = None
    id: str = field(default_factory=lambda: new_id("evt"))

    def __post_init__(self) -> None:
        if self.type not in EVENT_TYPES:
            raise ValueError(f"unknown event type {self.type!r}")


@dataclass
class Mail:
    to: str
    subject: str
    body: str
    not_before: dt.datetime | None = None
    dedupe_key: str | None = None
    id: str = field(default_factory=lambda: new_id("mail"))


_INSERT_EVENT = text(
    """
    INSERT INTO shared_outbox_event
        (id, type, source, data, employer_id, provider_id, ordering_key, sequence)
    VALUES (:id, :type, :source, CAST(:data AS jsonb), :employer_id, :provider_id, :ordering_key, :sequence)
    """
)
_NEXT_SEQUENCES = text(
    """
    INSERT INTO shared_outbox_sequence AS s (ordering_key, last_sequence) VALUES (:key, :n)
    ON CONFLICT (ordering_key) DO UPDATE SET last_sequence = s.last_sequence + EXCLUDED.last_sequence
    RETURNING last_sequence
    """
)


def _json(data: Any) -> str:
    return json.dumps(data, separators=(",", ":"), default=_default)


def _default(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


async def publish(db: AsyncSession | AsyncConnection, source: str, events: Iterable[Event]) -> list[str]:
    """Queue events in the caller's transaction; they are delivered only if it commits. Returns their ids."""
    events = list(events)
    if not events:
        return []
    # Ordering keys without an explicit sequence take the next numbers of their counter, in list order.
    needing = Counter(e.ordering_key for e in events if e.ordering_key and e.sequence is None)
    next_seq: dict[str, int] = {}
    for key in sorted(needing):  # a fixed order, so concurrent publishers cannot deadlock on the counters
        last = (await db.execute(_NEXT_SEQUENCES, {"key": key, "n": needing[key]})).scalar_one()
        next_seq[key] = last - needing[key] + 1
    rows = []
    for e in events:
        sequence = e.sequence
        if e.ordering_key and sequence is None:
            sequence = next_seq[e.ordering_key]
            next_seq[e.ordering_key] += 1
        rows.append(
            {
                "id": e.id,
                "type": e.type,
                "source": source,
                "data": _json(e.data),
                "employer_id": e.employer_id,
                "provider_id": e.provider_id,
                "ordering_key": e.ordering_key,
                "sequence": sequence,
            }
        )
    # An insert trigger NOTIFYs the worker (at commit), so publishing costs no extra round trip.
    await db.execute(_INSERT_EVENT, rows)
    return [e.id for e in events]


_INSERT_MAIL = text(
    """
    INSERT INTO shared_outbox_mail (id, source, to_address, subject, body_text, not_before, dedupe_key)
    VALUES (:id, :source, :to, :subject, :body, COALESCE(:not_before, now()), :dedupe_key)
    ON CONFLICT (dedupe_key) DO NOTHING
    """
)


async def enqueue_mail(db: AsyncSession | AsyncConnection, source: str, mails: Iterable[Mail]) -> list[str]:
    """Queue mail in the caller's transaction; a repeated `dedupe_key` is sent only once."""
    mails = list(mails)
    if not mails:
        return []
    await db.execute(
        _INSERT_MAIL,
        [
            {
                "id": m.id,
                "source": source,
                "to": m.to,
                "subject": m.subject,
                "body": m.body,
                "not_before": m.not_before,
                "dedupe_key": m.dedupe_key,
            }
            for m in mails
        ],
    )
    return [m.id for m in mails]
