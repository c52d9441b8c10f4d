"""SQL of deliveries: claiming with FOR UPDATE SKIP LOCKED and leases, recording results, settling events."""

from __future__ import annotations

import re
from collections.abc import Sequence
from operator import itemgetter
from typing import Any

import asyncpg
from sqlalchemy import TextClause, text
from sqlalchemy.ext.asyncio import AsyncConnection

from gateway.webhooks.policy import DELIVERY_BODY, Result

# In order per destination and ordering key: a delivery `d` waits while one of an earlier event is pending.
_NOT_BEHIND_AN_EARLIER_EVENT = """(d.ordering_key IS NULL OR NOT EXISTS (
              SELECT 1 FROM gateway_delivery p
              WHERE p.target = d.target AND p.ordering_key = d.ordering_key AND p.sequence < d.sequence
                AND p.status = 'pending'))"""

_CLAIM = text(
    f"""
    WITH due AS (
        SELECT d.id FROM gateway_delivery d
        WHERE d.status = 'pending' AND d.next_attempt_at <= now()
          AND (d.lease_until IS NULL OR d.lease_until < now())
          AND {_NOT_BEHIND_AN_EARLIER_EVENT}
          -- Endpoints this worker is already sending to as much as it may: their turn comes when a send ends.
          AND NOT (d.target = ANY(CAST(:busy AS text[])))
        ORDER BY d.next_attempt_at, d.id
        LIMIT :limit
        FOR UPDATE SKIP LOCKED
    )
    UPDATE gateway_delivery d
    SET lease_owner = :owner, lease_until = now() + make_interval(secs => :lease), attempts = d.attempts + 1
    FROM due WHERE d.id = due.id
    RETURNING d.id, d.event_id, d.target, d.endpoint_id, d.attempts, d.ordering_key, d.sequence
    """
)
# The claim together with what sending needs: the body to sign, and the endpoint's address and secrets.
_CLAIM_WITH_DETAILS = text(
    f"""
    WITH claimed AS ({_CLAIM.text.strip()})
    SELECT c.id, c.event_id, c.target, c.endpoint_id, c.attempts, {DELIVERY_BODY} AS body, e.type, e.traceparent,
           w.url, w.secret, w.disabled_at IS NOT NULL AS disabled,
           -- For a day after a rotation the previous secret signs too.
           CASE WHEN w.previous_secret_expires_at > now() THEN w.previous_secret END AS previous_secret
    FROM claimed c
    JOIN shared_outbox_event e ON e.id = c.event_id
    LEFT JOIN gateway_webhook_endpoint w ON w.id = c.endpoint_id
    """
)

# Everything a batch of results changes, in one statement (one round trip, atomic without a transaction).
_RECORD = text(
    """
    WITH ok AS (
        UPDATE gateway_delivery d
        SET status = 'succeeded', finished_at = now(), lease_owner = NULL, lease_until = NULL,
            last_status = u.status, last_error = NULL
        FROM unnest(CAST(:ok_ids AS bigint[]), CAST(:ok_attempts AS integer[]), CAST(:ok_statuses AS integer[]))
             AS u(id, attempt, status)
        WHERE d.id = u.id AND d.lease_owner = :owner AND d.attempts = u.attempt
        RETURNING d.id
    ), bad AS (
        UPDATE gateway_delivery d
        SET status = CASE WHEN u.final THEN 'failed' ELSE 'pending' END,
            finished_at = CASE WHEN u.final THEN now() ELSE NULL END,
            next_attempt_at = now() + make_interval(secs => u.wait),
            lease_owner = NULL, lease_until = NULL, last_status = u.status, last_error = u.error
        FROM unnest(CAST(:bad_ids AS bigint[]), CAST(:bad_attempts AS integer[]), CAST(:finals AS boolean[]),
                    CAST(:waits AS double precision[]), CAST(:bad_statuses AS integer[]), CAST(:errors AS text[]))
             AS u(id, attempt, final, wait, status, error)
        WHERE d.id = u.id AND d.lease_owner = :owner AND d.attempts = u.attempt
        RETURNING d.id
    ), attempts AS (
        INSERT INTO gateway_delivery_attempt
            (delivery_id, endpoint_id, event_id, attempted_at, status_code, duration_ms, response_excerpt, error)
        SELECT u.id, d.endpoint_id, d.event_id, to_timestamp(u.attempted_at), u.status_code, u.duration_ms,
               u.excerpt, u.error
        FROM unnest(CAST(:a_delivery_ids AS bigint[]), CAST(:a_attempted_at AS double precision[]),
                    CAST(:a_status_codes AS integer[]), CAST(:a_durations AS integer[]),
                    CAST(:a_excerpts AS text[]), CAST(:a_errors AS text[]))
             AS u(id, attempted_at, status_code, duration_ms, excerpt, error)
        JOIN gateway_delivery d ON d.id = u.id
        RETURNING 1
    ), healed AS (
        UPDATE gateway_webhook_endpoint SET failing_since = NULL
        WHERE id = ANY(CAST(:healed AS text[])) AND failing_since IS NOT NULL
        RETURNING 1
    )
    SELECT (SELECT count(*) FROM ok) AS succeeded, (SELECT count(*) FROM bad) AS failed,
           (SELECT count(*) FROM attempts) AS attempts, (SELECT count(*) FROM healed) AS healed
    """
)


# Run after the results are committed, so of two workers recording an event's last deliveries at once the
# later one sees both and settles it.
_SETTLE = text(
    """
    UPDATE shared_outbox_event e SET settled_at = now()
    WHERE e.id = ANY(CAST(:event_ids AS text[])) AND e.settled_at IS NULL AND e.feed_position IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM gateway_delivery d
                      WHERE d.event_id = e.id AND d.endpoint_id IS NULL AND d.status <> 'succeeded')
    """
)


def _positional(statement: TextClause) -> tuple[str, tuple[str, ...]]:
    """A statement's `:name` parameters as asyncpg's `$n`, and the names in that order."""
    names: list[str] = []

    def number(match: re.Match[str]) -> str:
        if match.group(1) not in names:
            names.append(match.group(1))
        return f"${names.index(match.group(1)) + 1}"

    # Lower-case names only, and never the second colon of a `::` cast (nor to_char's upper-case `:MI`).
    return re.sub(r"(?<!:):([a-z_][a-z0-9_]*)", number, statement.text), tuple(names)


class Claimed(asyncpg.Record):
    """A claimed delivery as asyncpg returns it (the columns of _CLAIM_WITH_DETAILS), readable as attributes.

    Properties, not `__getattr__`: that runs only after the normal lookup has failed, and sending a delivery
    reads a dozen of them.
    """

    id = property(itemgetter("id"))
    event_id = property(itemgetter("event_id"))
    target = property(itemgetter("target"))
    endpoint_id = property(itemgetter("endpoint_id"))
    attempts = property(itemgetter("attempts"))
    body = property(itemgetter("body"))
    url = property(itemgetter("url"))
    secret = property(itemgetter("secret"))
    disabled = property(itemgetter("disabled"))
    previous_secret = property(itemgetter("previous_secret"))
    type = property(itemgetter("type"))
    traceparent = property(itemgetter("traceparent"))


# Claiming and recording run once per batch of deliveries, straight on the asyncpg connection: SQLAlchemy's
# layers over them add nothing here but their cost.
_CLAIM_ON_DRIVER = _positional(_CLAIM_WITH_DETAILS)
_RECORD_ON_DRIVER = _positional(_RECORD)


async def claim(
    driver: asyncpg.Connection,
    owner: str,
    limit: int,
    lease_seconds: float,
    busy: Sequence[str] = (),
) -> list[Claimed]:
    """Claim due deliveries (leased to `owner`), each with its body and endpoint, in one round trip; none to
    the `busy` targets."""
    sql, names = _CLAIM_ON_DRIVER
    values = {"owner": owner, "limit": limit, "lease": lease_seconds, "busy": list(busy)}
    return list(await driver.fetch(sql, *(values[n] for n in names), record_class=Claimed))


async def release(conn: AsyncConnection, owner: str, claims: Sequence[tuple[int, int]]) -> None:
    """Hand back claims `(delivery id, attempt)` that were not attempted (the claim does not count as an
    attempt). Only that very claim: one whose lease ran out while it waited, and which was claimed again
    since (its attempt number moved on, by this worker or another), is left to its new holder."""
    await conn.execute(
        text(
            """
            UPDATE gateway_delivery d SET lease_owner = NULL, lease_until = NULL, attempts = d.attempts - 1
            FROM unnest(CAST(:ids AS bigint[]), CAST(:attempts AS integer[])) AS u(id, attempt)
            WHERE d.id = u.id AND d.lease_owner = :owner AND d.attempts = u.attempt
            """
        ),
        {"ids": [i for i, _ in claims], "attempts": [a for _, a in claims], "owner": owner},
    )


async def record_results(
    driver: asyncpg.Connection,
    owner: str,
    succeeded: Sequence[tuple[int, int, int]],
    failed: Sequence[dict[str, Any]],
    attempts: Sequence[Result],
    healed_endpoints: Sequence[str],
) -> None:
    """Record a batch of attempts: successes, retries or give-ups, the attempts themselves, endpoints healed.

    Only rows still under the claim each result was made on change (leased to `owner`, at that attempt): if a
    lease ran out and the delivery was claimed again, the newer claim's result is the one that counts. Every
    attempt made is on record either way.
    """
    sql, names = _RECORD_ON_DRIVER
    values = {
        "owner": owner,
        "ok_ids": [i for i, _, _ in succeeded],
        "ok_attempts": [a for _, a, _ in succeeded],
        "ok_statuses": [s for _, _, s in succeeded],
        "bad_ids": [o["id"] for o in failed],
        "bad_attempts": [o["attempt"] for o in failed],
        "finals": [o["final"] for o in failed],
        "waits": [o["wait"] for o in failed],
        "bad_statuses": [o["status"] for o in failed],
        "errors": [o["error"] for o in failed],
        "a_delivery_ids": [a.delivery_id for a in attempts],
        "a_attempted_at": [a.attempted_at for a in attempts],
        "a_status_codes": [a.status for a in attempts],
        "a_durations": [a.duration_ms for a in attempts],
        "a_excerpts": [a.excerpt for a in attempts],
        "a_errors": [a.error for a in attempts],
        "healed": list(healed_endpoints),
    }
    await driver.execute(sql, *(values[n] for n in names))


async def settle(conn: AsyncConnection, event_ids: Sequence[str]) -> None:
    """Note the events whose every delivery to a service has now succeeded."""
    if event_ids:
        await conn.execute(_SETTLE, {"event_ids": list(event_ids)})


async def next_due_in(conn: AsyncConnection) -> float | None:
    """Seconds until a pending delivery or mail may next be claimed (None: nothing pending).

    A leased delivery may be claimed when its lease runs out; one behind an earlier event of its aggregate is
    left out, as it waits for that one to be recorded (which wakes the worker that records it). Counting either
    as due now would have the worker claim in vain while a slow endpoint keeps a delivery in flight.
    """
    value = (
        await conn.execute(
            text(
                f"""
                SELECT extract(epoch FROM least(
                    (SELECT min(CASE WHEN d.lease_until > now() THEN d.lease_until ELSE d.next_attempt_at END)
                     FROM gateway_delivery d
                     WHERE d.status = 'pending' AND {_NOT_BEHIND_AN_EARLIER_EVENT}),
                    (SELECT min(greatest(next_attempt_at, not_before)) FROM shared_outbox_mail WHERE status = 'pending')
                ) - now())
                """
            )
        )
    ).scalar_one()
    return None if value is None else float(value)
