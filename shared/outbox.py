"""The transactional outbox: events and mail written in the same transaction as the change that causes them.

The gateway worker reads these tables and delivers them; a business write and its events commit together or
not at all, so nothing is announced that did not happen and nothing that happened goes unannounced.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import orjson
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession

from shared.events import EVENT_TYPES, EventData
from shared.ids import new_id
from shared.tracing import current_traceparent

OUTBOX_CHANNEL = "secor_outbox"


@dataclass
class Event:
    """One event to publish: its data is one of the contract's models, which names its type.

    `employer_id` and `provider_id` decide who may see it. `ordering_key` names the aggregate whose events
    must arrive in order; its `sequence` is counted here unless the aggregate counts its own versions.
    """

    data: EventData
    employer_id: str | None = None
    provider_id: str | None = None
    ordering_key: str | None = None
    sequence: int | None = None
    id: str = field(default_factory=lambda: new_id("evt"))
    # The trace being served when the event was made: its deliveries continue it.
    traceparent: str | None = field(default_factory=current_traceparent)

    @property
    def type(self) -> str:
        return self.data.event_type

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
    # The Message-ID this mail answers: it goes out as an automatic reply to that message.
    in_reply_to: str | None = None
    id: str = field(default_factory=lambda: new_id("mail"))


# Parameters named as `event_arrays` names them, so a service's SQL can take the same arrays.
PUBLISH_ARGUMENTS = (
    "CAST(:event_ids AS text[]), CAST(:event_types AS text[]), CAST(:event_data AS text[]), "
    "CAST(:event_employer_ids AS text[]), CAST(:event_provider_ids AS text[]), "
    "CAST(:event_ordering_keys AS text[]), CAST(:event_sequences AS bigint[]), CAST(:event_traceparents AS text[])"
)
_PUBLISH = text(f"SELECT shared_outbox_publish(:source, {PUBLISH_ARGUMENTS})")
_NEXT_SEQUENCES = text(
    """
    INSERT INTO shared_outbox_sequence AS s (ordering_key, last_sequence) VALUES (:key, :n)
    ON CONFLICT (ordering_key) DO UPDATE SET last_sequence = s.last_sequence + EXCLUDED.last_sequence
    RETURNING last_sequence
    """
)


def _json(data: Any) -> str:
    # orjson: dates and datetimes natively (RFC 3339, UTC as Z), and fast for big batches.
    return orjson.dumps(data, default=str, option=orjson.OPT_UTC_Z).decode()


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
    for e in events:
        if e.ordering_key and e.sequence is None:
            e.sequence = next_seq[e.ordering_key]
            next_seq[e.ordering_key] += 1
    # One statement for the lot; an insert trigger NOTIFYs the worker at commit.
    await db.execute(_PUBLISH, {"source": source, **event_arrays(events)})
    return [e.id for e in events]


def event_arrays(events: list[Event]) -> dict[str, list[Any]]:
    """Events as the parallel arrays shared_outbox_publish() takes (bind with PUBLISH_ARGUMENTS).

    For SQL that publishes in the same statement as its write: every ordered event needs its sequence already.
    """
    if any(e.ordering_key and e.sequence is None for e in events):
        raise ValueError("ordered events need their sequence before they can be passed as arrays")
    return {
        "event_ids": [e.id for e in events],
        "event_types": [e.type for e in events],
        "event_data": [_json(e.data.model_dump(exclude_unset=True)) for e in events],
        "event_employer_ids": [e.employer_id for e in events],
        "event_provider_ids": [e.provider_id for e in events],
        "event_ordering_keys": [e.ordering_key for e in events],
        "event_sequences": [e.sequence for e in events],
        "event_traceparents": [e.traceparent for e in events],
    }


_INSERT_MAIL = text(
    """
    INSERT INTO shared_outbox_mail (id, source, to_address, subject, body_text, not_before, dedupe_key,
        in_reply_to)
    VALUES (:id, :source, :to, :subject, :body, COALESCE(:not_before, now()), :dedupe_key, :in_reply_to)
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
                "in_reply_to": m.in_reply_to,
            }
            for m in mails
        ],
    )
    return [m.id for m in mails]


_SETTLED = text("SELECT settled_at IS NOT NULL FROM shared_outbox_event WHERE id = :id")


async def wait_until_settled(engine: AsyncEngine, event_id: str, within_seconds: float) -> bool:
    """Wait (after commit) until every service subscribed to the event has applied it; False after `within_seconds`.

    The worker fans an event out within milliseconds of its commit (NOTIFY wakes it), so polling from a few
    milliseconds upwards answers about as soon as the services have it.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within_seconds
    pause = 0.005
    while True:
        async with engine.connect() as conn:
            if (await conn.execute(_SETTLED, {"id": event_id})).scalar():
                return True
        remaining = deadline - loop.time()
        if remaining <= 0:
            return False
        await asyncio.sleep(min(pause, remaining))
        pause = min(pause * 2, 0.1)
