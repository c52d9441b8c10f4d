"""SQL of the delivery worker: fan-out, claiming with FOR UPDATE SKIP LOCKED and leases, recording results."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import TYPE_CHECKING, Any

import asyncpg
from sqlalchemy import TextClause, text
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

if TYPE_CHECKING:
    from gateway.worker.delivery import Result

# Only one worker fans out at a time (the others go on delivering): feed positions then follow the order in
# which events were fanned out, and access changes are applied before the events that depend on them.
_FANOUT_LOCK = text("SELECT pg_try_advisory_xact_lock(hashtext('secor.fanout'))")

# No row locks: only the holder of the fan-out lock writes feed positions, and it reads after taking the lock,
# so no other fan-out can be at these events (locking a thousand rows was half the cost of this statement).
_NEW_EVENT_HEADS = text(
    """
    SELECT id, type FROM shared_outbox_event WHERE feed_position IS NULL
    ORDER BY id LIMIT :limit
    """
)
_EVENTS_BY_ID = text(
    """
    SELECT id, type, occurred_at, employer_id, provider_id, ordering_key, sequence, data
    FROM shared_outbox_event WHERE id = ANY(CAST(:ids AS text[])) ORDER BY id
    """
)

# The leading run of new events that change nothing in the gateway's view (up to the first that does, which is
# fanned out in Python, one by one), fanned out in one statement: the same rules as fanout.may_receive (an
# event's audience is its employer, or the one its WCB number names; staff endpoints see everything, an
# integrator's what concerns employers it has access to, a provider's its own events; an endpoint's event-type
# filter applies), then feed positions in the order of the run.
# The new events are read in one ordered scan of the undispatched index, and updated by their row addresses
# (ctid; only the holder of the fan-out lock writes these rows). Looked up again by id instead, the planner
# hashed the whole outbox whenever its statistics lagged a burst: EXPLAIN ANALYZE in a fresh database gave that
# 25 of the 60 ms the old statement took for 1,000 events. The heads no longer make a round trip to Python.
_FAN_OUT_LEADING_RUN = text(
    """
    WITH heads AS (
        SELECT ctid AS row_address, id, type, provider_id, ordering_key, sequence, employer_id,
               data->>'employer_wcb_account_number' AS wcb
        FROM shared_outbox_event WHERE feed_position IS NULL
        ORDER BY id LIMIT :limit
    ), view_change AS (
        SELECT min(id) AS id FROM heads WHERE type = ANY(CAST(:view_changing_types AS text[]))
    ), run AS (
        SELECT row_number() OVER (ORDER BY h.id) AS ord, h.row_address, h.id, h.type, h.provider_id,
               h.ordering_key, h.sequence, coalesce(h.employer_id, g.employer_id) AS audience
        FROM heads h
        LEFT JOIN gateway_employer g ON h.employer_id IS NULL AND g.wcb_account_number = h.wcb
        WHERE (SELECT id FROM view_change) IS NULL OR h.id < (SELECT id FROM view_change)
    ), targets AS (
        SELECT r.ord, r.id AS event_id, s.target, NULL AS endpoint_id, r.ordering_key, r.sequence
        FROM run r
        JOIN unnest(CAST(:service_targets AS text[]), CAST(:service_types AS text[])) AS s(target, type)
          ON s.type = r.type
        UNION ALL
        SELECT r.ord, r.id, w.id, w.id, r.ordering_key, r.sequence
        FROM run r
        JOIN gateway_webhook_endpoint w
          ON w.disabled_at IS NULL
         AND (cardinality(w.event_types) = 0 OR r.type = ANY(w.event_types))
         AND (w.owner_kind = 'staff'
              OR (w.owner_kind = 'provider' AND w.provider_id = r.provider_id)
              OR (w.owner_kind = 'integrator' AND EXISTS (
                      SELECT 1 FROM gateway_employer_access a
                      WHERE a.employer_id = r.audience AND a.integrator_id = w.integrator_id)))
    ), inserted AS (
        INSERT INTO gateway_delivery (event_id, target, endpoint_id, ordering_key, sequence)
        SELECT event_id, target, endpoint_id, ordering_key, sequence FROM targets ORDER BY ord, target
        ON CONFLICT (event_id, target) DO NOTHING
        RETURNING 1
    ), positions AS (
        -- Whatever order nextval runs in, the smallest position goes to the first event of the run.
        SELECT row_number() OVER (ORDER BY p) AS ord, p
        FROM (SELECT nextval('gateway_feed_position') AS p FROM generate_series(1, (SELECT count(*) FROM run))) n
    ), dispatched AS (
        UPDATE shared_outbox_event e
        SET feed_position = p.p, dispatched_at = now(), audience_employer_id = r.audience,
            settled_at = CASE WHEN r.type = ANY(CAST(:service_types AS text[])) THEN NULL ELSE now() END
        FROM run r JOIN positions p ON p.ord = r.ord
        WHERE e.ctid = ANY(ARRAY(SELECT row_address FROM run)) AND e.id = r.id
        RETURNING 1
    )
    SELECT (SELECT count(*) FROM inserted) AS deliveries, (SELECT count(*) FROM dispatched) AS events,
           (SELECT id FROM view_change) IS NOT NULL AS view_change_next
    """
)

_POSITIONS = text("SELECT nextval('gateway_feed_position') AS p FROM generate_series(1, :n) ORDER BY 1")
_DISPATCHED = text(
    """
    UPDATE shared_outbox_event e
    SET feed_position = u.position, dispatched_at = now(), audience_employer_id = u.audience,
        settled_at = CASE WHEN u.to_services THEN NULL ELSE now() END
    FROM unnest(CAST(:ids AS text[]), CAST(:positions AS bigint[]), CAST(:audiences AS text[]),
                CAST(:to_services AS boolean[]))
         AS u(id, position, audience, to_services)
    WHERE e.id = u.id
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

_INSERT_DELIVERIES = text(
    """
    INSERT INTO gateway_delivery (event_id, target, endpoint_id, ordering_key, sequence)
    SELECT * FROM unnest(CAST(:event_ids AS text[]), CAST(:targets AS text[]), CAST(:endpoint_ids AS text[]),
                         CAST(:ordering_keys AS text[]), CAST(:sequences AS bigint[]))
    ON CONFLICT (event_id, target) DO NOTHING
    """
)

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
# The body `{type, timestamp, data}` (with the event's place in its aggregate's order, when it has one) is
# built here, in the form of shared.webhooks.encode_body, so the worker neither decodes the event nor encodes
# the body (together with slotted results, ~9% more deliveries/s in the bench).
_CLAIM_WITH_DETAILS = text(
    f"""
    WITH claimed AS ({_CLAIM.text.strip()})
    SELECT c.id, c.event_id, c.target, c.endpoint_id, c.attempts,
           (jsonb_build_object(
                'type', e.type,
                'timestamp', to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                'data', e.data)
            || CASE WHEN c.ordering_key IS NULL THEN '{{}}'::jsonb
                    ELSE jsonb_build_object('ordering_key', c.ordering_key, 'sequence', c.sequence) END
           )::text AS body,
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


async def try_fanout_lock(conn: AsyncConnection) -> bool:
    return bool((await conn.execute(_FANOUT_LOCK)).scalar_one())


async def new_event_heads(conn: AsyncConnection, limit: int) -> list[Row[Any]]:
    """Up to `limit` events not yet fanned out, oldest first: their ids and types (under the fan-out lock)."""
    return list(await conn.execute(_NEW_EVENT_HEADS, {"limit": limit}))


async def events_by_id(conn: AsyncConnection, ids: Sequence[str]) -> list[Row[Any]]:
    return list(await conn.execute(_EVENTS_BY_ID, {"ids": list(ids)}))


@dataclass(frozen=True, slots=True)
class LeadingRun:
    events: int  # fanned out, each given its feed position
    deliveries: int  # made
    view_change_next: bool  # it stopped at an event that changes the gateway's view (within the limit)


async def fan_out_leading_run(
    conn: AsyncConnection,
    limit: int,
    view_changing_types: Collection[str],
    service_targets: Sequence[tuple[str, str]],
) -> LeadingRun:
    """Fan out, in one statement, the new events (up to `limit`) before the first of `view_changing_types`.

    `service_targets` pairs each subscribed service's delivery target with an event type it receives.
    """
    row = (
        await conn.execute(
            _FAN_OUT_LEADING_RUN,
            {
                "limit": limit,
                "view_changing_types": sorted(view_changing_types),
                "service_targets": [target for target, _ in service_targets],
                "service_types": [event_type for _, event_type in service_targets],
            },
        )
    ).one()
    return LeadingRun(int(row.events), int(row.deliveries), bool(row.view_change_next))


async def employers_by_wcb(conn: AsyncConnection, wcbs: Sequence[str]) -> dict[str, str]:
    if not wcbs:
        return {}
    rows = await conn.execute(
        text(
            "SELECT wcb_account_number, employer_id FROM gateway_employer WHERE wcb_account_number = ANY(CAST(:w AS text[]))"
        ),
        {"w": list(wcbs)},
    )
    return {r.wcb_account_number: r.employer_id for r in rows}


async def access_pairs(conn: AsyncConnection, employer_ids: Sequence[str]) -> set[tuple[str, str]]:
    if not employer_ids:
        return set()
    rows = await conn.execute(
        text(
            "SELECT employer_id, integrator_id FROM gateway_employer_access WHERE employer_id = ANY(CAST(:e AS text[]))"
        ),
        {"e": list(employer_ids)},
    )
    return {(r.employer_id, r.integrator_id) for r in rows}


async def remember_employer(conn: AsyncConnection, employer_id: str, wcb: str | None) -> None:
    await conn.execute(
        text(
            """
            INSERT INTO gateway_employer (employer_id, wcb_account_number) VALUES (:e, :w)
            ON CONFLICT (employer_id) DO UPDATE SET wcb_account_number = EXCLUDED.wcb_account_number
            """
        ),
        {"e": employer_id, "w": wcb},
    )


async def set_access(conn: AsyncConnection, employer_id: str, integrator_id: str, granted: bool) -> None:
    if granted:
        await conn.execute(
            text("INSERT INTO gateway_employer_access VALUES (:e, :i) ON CONFLICT DO NOTHING"),
            {"e": employer_id, "i": integrator_id},
        )
    else:
        await conn.execute(
            text("DELETE FROM gateway_employer_access WHERE employer_id = :e AND integrator_id = :i"),
            {"e": employer_id, "i": integrator_id},
        )


async def active_endpoints(conn: AsyncConnection) -> list[Row[Any]]:
    result = await conn.execute(
        text(
            """
            SELECT id, owner_kind, integrator_id, provider_id, event_types FROM gateway_webhook_endpoint
            WHERE disabled_at IS NULL
            """
        )
    )
    return list(result)


async def insert_deliveries(conn: AsyncConnection, rows: Sequence[dict[str, Any]]) -> None:
    if not rows:
        return
    await conn.execute(
        _INSERT_DELIVERIES,
        {
            "event_ids": [r["event_id"] for r in rows],
            "targets": [r["target"] for r in rows],
            "endpoint_ids": [r["endpoint_id"] for r in rows],
            "ordering_keys": [r["ordering_key"] for r in rows],
            "sequences": [r["sequence"] for r in rows],
        },
    )


async def announce_deliveries(conn: AsyncConnection) -> None:
    await conn.execute(text("SELECT pg_notify('secor_outbox', 'deliveries')"))


async def mark_dispatched(conn: AsyncConnection, events: Sequence[tuple[str, str | None, bool]]) -> None:
    """Give fanned-out events (id, audience, whether a service receives it) their feed positions, in order."""
    positions = list((await conn.execute(_POSITIONS, {"n": len(events)})).scalars())
    await conn.execute(
        _DISPATCHED,
        {
            "ids": [e for e, _, _ in events],
            "positions": positions,
            "audiences": [a for _, a, _ in events],
            "to_services": [s for _, _, s in events],
        },
    )


async def settle(conn: AsyncConnection, event_ids: Sequence[str]) -> None:
    """Note the events whose every delivery to a service has now succeeded."""
    if event_ids:
        await conn.execute(_SETTLE, {"event_ids": list(event_ids)})


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

    Properties, not `__getattr__`: that runs only after the normal lookup has failed, ~0.7 µs an attribute, and
    sending a delivery reads a dozen of them (against ~0.06 µs each as properties).
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


# Claiming and recording run once per batch of deliveries, straight on the asyncpg connection: SQLAlchemy's
# layers over them (a few percent of the worker's time at full rate, in py-spy) added nothing here.
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


async def endpoints_failing(
    conn: AsyncConnection, endpoint_ids: Sequence[str], now: dt.datetime
) -> list[Row[Any]]:
    """Mark endpoints as failing since now (if they were not already); returns their state."""
    if not endpoint_ids:
        return []
    result = await conn.execute(
        text(
            """
            UPDATE gateway_webhook_endpoint SET failing_since = coalesce(failing_since, :now)
            WHERE id = ANY(CAST(:ids AS text[])) AND disabled_at IS NULL
            RETURNING id, owner_kind, integrator_id, provider_id, url, contact_email, failing_since
            """
        ),
        {"ids": list(endpoint_ids), "now": now},
    )
    return list(result)


async def disable_endpoint(
    conn: AsyncConnection, endpoint_id: str, reason: str, now: dt.datetime
) -> Row[Any] | None:
    """Disable an endpoint and end its pending deliveries; None if it was already disabled."""
    row = (
        await conn.execute(
            text(
                """
                UPDATE gateway_webhook_endpoint SET disabled_at = :now, disabled_reason = :reason, updated_at = :now
                WHERE id = :id AND disabled_at IS NULL
                RETURNING id, owner_kind, integrator_id, provider_id, url, contact_email
                """
            ),
            {"id": endpoint_id, "reason": reason, "now": now},
        )
    ).first()
    if row is not None:
        await conn.execute(
            text(
                """
                UPDATE gateway_delivery SET status = 'failed', finished_at = :now, last_error = 'endpoint disabled',
                    lease_owner = NULL, lease_until = NULL
                WHERE endpoint_id = :id AND status = 'pending'
                """
            ),
            {"id": endpoint_id, "now": now},
        )
    return row


async def next_due_in(conn: AsyncConnection) -> float | None:
    """Seconds until a pending delivery or mail may next be claimed (None: nothing pending).

    A leased delivery may be claimed when its lease runs out; one behind an earlier event of its aggregate is
    left out, as it waits for that one to be recorded (which wakes the worker that records it). Counting either
    as due now had the worker claim in vain every 10 ms while a slow endpoint kept a delivery in flight.
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


_MAIL_CLAIM = text(
    """
    UPDATE shared_outbox_mail m
    SET lease_owner = :owner, lease_until = now() + make_interval(secs => :lease), attempts = m.attempts + 1
    WHERE m.id IN (
        SELECT id FROM shared_outbox_mail
        WHERE status = 'pending' AND next_attempt_at <= now() AND not_before <= now()
          AND (lease_until IS NULL OR lease_until < now())
        ORDER BY next_attempt_at, id
        LIMIT :limit
        FOR UPDATE SKIP LOCKED
    )
    RETURNING m.id, m.to_address, m.subject, m.body_text, m.attempts
    """
)


async def claim_mail(conn: AsyncConnection, owner: str, limit: int, lease_seconds: float) -> list[Row[Any]]:
    return list(await conn.execute(_MAIL_CLAIM, {"owner": owner, "limit": limit, "lease": lease_seconds}))


# Each statement below touches a mail only under the claim it names (owner and attempt): a claim that ran out
# and was taken by another worker is that worker's.
_UNDER_CLAIM = "id = :id AND lease_owner = :owner AND attempts = :attempt"


async def renew_mail(
    conn: AsyncConnection, mail_id: str, owner: str, attempt: int, lease_seconds: float
) -> bool:
    """Just before sending: the claim's lease starts again (a batch is sent one by one, and the last of it must
    not run out meanwhile); False when the claim was lost, and the mail is then not this worker's to send."""
    result = await conn.execute(
        text(
            f"UPDATE shared_outbox_mail SET lease_until = now() + make_interval(secs => :lease) "
            f"WHERE {_UNDER_CLAIM} AND status = 'pending'"
        ),
        {"id": mail_id, "owner": owner, "attempt": attempt, "lease": lease_seconds},
    )
    return bool(result.rowcount)


async def mail_sent(conn: AsyncConnection, mail_id: str, owner: str, attempt: int) -> None:
    await conn.execute(
        text(
            f"""
            UPDATE shared_outbox_mail SET status = 'sent', sent_at = now(), lease_owner = NULL, lease_until = NULL,
                last_error = NULL
            WHERE {_UNDER_CLAIM}
            """
        ),
        {"id": mail_id, "owner": owner, "attempt": attempt},
    )


async def mail_failed(
    conn: AsyncConnection, mail_id: str, owner: str, attempt: int, wait: float, error: str
) -> None:
    await conn.execute(
        text(
            f"""
            UPDATE shared_outbox_mail
            SET next_attempt_at = now() + make_interval(secs => :wait), lease_owner = NULL, lease_until = NULL,
                last_error = :error
            WHERE {_UNDER_CLAIM}
            """
        ),
        {"id": mail_id, "owner": owner, "attempt": attempt, "wait": wait, "error": error[:1000]},
    )


_WAITING_AFTER_FAILURE = (
    "status = 'pending' AND last_error IS NOT NULL AND next_attempt_at > now() "
    "AND (lease_until IS NULL OR lease_until < now())"
)


async def mail_waiting_after_failure(conn: AsyncConnection) -> bool:
    """Is mail waiting for its next try because sending it failed (the server was away, say)?"""
    found = await conn.execute(
        text(f"SELECT EXISTS (SELECT 1 FROM shared_outbox_mail WHERE {_WAITING_AFTER_FAILURE})")
    )
    return bool(found.scalar_one())


async def retry_waiting_mail(conn: AsyncConnection) -> int:
    """The mail server answers again: what waits after a failure is due now, not at its scheduled try."""
    result = await conn.execute(
        text(f"UPDATE shared_outbox_mail SET next_attempt_at = now() WHERE {_WAITING_AFTER_FAILURE}")
    )
    return int(result.rowcount or 0)


async def purge(conn: AsyncConnection, retention_days: int) -> None:
    """Forget what is done and old: succeeded deliveries with their attempts, and sent mail."""
    await conn.execute(
        text(
            """
            WITH purged AS (
                DELETE FROM gateway_delivery
                WHERE status = 'succeeded' AND finished_at < now() - make_interval(days => :days)
                RETURNING id
            )
            DELETE FROM gateway_delivery_attempt WHERE delivery_id IN (SELECT id FROM purged)
            """
        ),
        {"days": retention_days},
    )
    await conn.execute(
        text(
            "DELETE FROM shared_outbox_mail WHERE status = 'sent' AND sent_at < now() - make_interval(days => :days)"
        ),
        {"days": retention_days},
    )
