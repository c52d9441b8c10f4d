"""SQL of fan-out: new outbox events become deliveries, by the delivery policy, in one statement per run."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from gateway.webhooks.policy import visible_to

# Only one worker fans out at a time (the others go on delivering): feed positions then follow the order in
# which events were fanned out, and access changes are applied before the events that depend on them.
_FANOUT_LOCK = text("SELECT pg_try_advisory_xact_lock(hashtext('secor.fanout'))")

# No row locks: only the holder of the fan-out lock writes feed positions, and it reads after taking the lock,
# so no other fan-out can be at these events.
_FIRST_NEW_EVENT = text(
    """
    SELECT id, type, employer_id, provider_id, data FROM shared_outbox_event WHERE feed_position IS NULL
    ORDER BY id LIMIT 1
    """
)

# The leading run of new events up to the first that changes the gateway's view (which is fanned out on its own,
# once the view has changed), fanned out in one statement: a delivery to every subscribed service and every
# enabled endpoint whose filter takes the event's type and whose owner may see it, then feed positions in the
# order of the run. The new events are read in one ordered scan of the undispatched index and updated by their
# row addresses (ctid; only the holder of the fan-out lock writes these rows): looked up again by id instead,
# the planner hashed the whole outbox whenever its statistics lagged a burst.
_FAN_OUT_LEADING_RUN = text(
    f"""
    WITH heads AS (
        SELECT ctid AS row_address, id, type, provider_id, ordering_key, sequence, employer_id,
               data->>'employer_wcb_account_number' AS wcb,
               CASE WHEN type = 'webhook_endpoint.disabled' THEN data->'owner' END AS owner
        FROM shared_outbox_event WHERE feed_position IS NULL
        ORDER BY id LIMIT :limit
    ), view_change AS (
        SELECT min(id) AS id FROM heads WHERE type = ANY(CAST(:view_changing_types AS text[]))
    ), run AS (
        SELECT row_number() OVER (ORDER BY h.id) AS ord, h.row_address, h.id, h.type, h.provider_id, h.owner,
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
         AND {
        visible_to(
            kind="w.owner_kind",
            integrator_id="w.integrator_id",
            provider_id="w.provider_id",
            event_type="r.type",
            audience="r.audience",
            provider="r.provider_id",
            owner="r.owner",
        )
    }
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


async def try_fanout_lock(conn: AsyncConnection) -> bool:
    return bool((await conn.execute(_FANOUT_LOCK)).scalar_one())


async def first_new_event(conn: AsyncConnection) -> Row[Any] | None:
    """The oldest event not yet fanned out (under the fan-out lock)."""
    return (await conn.execute(_FIRST_NEW_EVENT)).first()


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


async def announce_deliveries(conn: AsyncConnection) -> None:
    await conn.execute(text("SELECT pg_notify('secor_outbox', 'deliveries')"))
