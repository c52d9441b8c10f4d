"""Fan-out: each new outbox event becomes one delivery per destination that should receive it.

Destinations are the services subscribed by configuration and the webhook endpoints whose owner may see the
event (gateway.webhooks.policy). The gateway's own view of employers and access is kept from the same events
here, in order, before the events that depend on it are fanned out.

Most events change nothing in that view; the run of them up to the next that does is fanned out by one
set-based statement, in the database. Each of the few that do change it (registrations, access changes,
disabled endpoints) first changes the view and is then fanned out alone by the same statement, in the same
transaction, so every event is judged by the view as it stood at that event.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from gateway.webhooks.policy import SERVICE_TARGET_PREFIX, VIEW_CHANGING_TYPES
from gateway.worker.repositories import fanout as repository


async def _apply_gateway_view(conn: AsyncConnection, event: Row[Any]) -> None:
    """Keep the gateway's projection of employers and integrator access (it decides who sees what)."""
    data = event.data
    if event.type == "employer.registered":
        await repository.remember_employer(conn, data["employer_id"], data.get("wcb_account_number"))
        registrar = (data.get("registered_by") or {}).get("integrator_id")
        if registrar:
            # The access event follows; the registering integrator should already hear of its registration.
            await repository.set_access(conn, data["employer_id"], registrar, granted=True)
    elif event.type == "employer.integrator_access_changed":
        granted = data.get("access") == "granted"
        await repository.set_access(conn, data["employer_id"], data["integrator_id"], granted=granted)


async def fan_out(conn: AsyncConnection, subscriptions: Mapping[str, Sequence[str]], limit: int) -> int:
    """Fan out up to `limit` new events in the caller's transaction; returns how many (0: nothing, or locked)."""
    if not await repository.try_fanout_lock(conn):
        return 0
    service_targets = [
        (SERVICE_TARGET_PREFIX + service, event_type)
        for service, types in subscriptions.items()
        for event_type in types
    ]
    fanned = deliveries = 0
    while fanned < limit:
        run = await repository.fan_out_leading_run(conn, limit - fanned, VIEW_CHANGING_TYPES, service_targets)
        fanned += run.events
        deliveries += run.deliveries
        if not run.view_change_next:
            break  # nothing more is new, or the limit is reached
        head = await repository.first_new_event(conn)
        if head is None or head.type not in VIEW_CHANGING_TYPES:
            break  # cannot happen under the fan-out lock; never loop on it
        await _apply_gateway_view(conn, head)
        alone = await repository.fan_out_leading_run(conn, 1, (), service_targets)
        fanned += alone.events
        deliveries += alone.deliveries
    if deliveries:
        # Wake every worker (at commit), not only this one: all of them may claim the new deliveries.
        await repository.announce_deliveries(conn)
    return fanned
