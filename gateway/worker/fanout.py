"""Fan-out: each new outbox event becomes one delivery per destination that should receive it.

Destinations are the services subscribed by configuration and the webhook endpoints whose owner may see the
event: staff see everything, an integrator what concerns employers it has access to (a completion concerns the
employer its WCB number names), a provider its own completions. The gateway's own view of employers and access
is kept from the same events here, in order, before the events that depend on it are fanned out.

Most events change nothing in that view; the run of them up to the next that does is fanned out by one
set-based statement, in the database (deciding per event in Python, fan-out took ~35 ms per 200 events at full
rate, which capped delivery at ~5,700/s). The few that do change it (registrations, access changes, disabled
endpoints) go through `may_receive` here, one run at a time, in the same transaction, so every event is judged
by the view as it stood at that event.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from gateway.worker import repository

SERVICE_TARGET_PREFIX = "service:"
# Events that change the gateway's view of who may see what, or whose audience is not an employer.
VIEW_CHANGING_TYPES = frozenset(
    {"employer.registered", "employer.integrator_access_changed", "webhook_endpoint.disabled"}
)


@dataclass(frozen=True)
class Audience:
    employer_id: str | None
    provider_id: str | None
    owner: Mapping[str, Any] | None  # for events about an endpoint: its owner


def audience_of(event: Row[Any], employers_by_wcb: Mapping[str, str]) -> Audience:
    data = event.data if isinstance(event.data, dict) else {}
    employer_id = event.employer_id
    if employer_id is None:
        wcb = data.get("employer_wcb_account_number")
        employer_id = employers_by_wcb.get(wcb) if isinstance(wcb, str) else None
    owner = data.get("owner") if event.type == "webhook_endpoint.disabled" else None
    return Audience(employer_id, event.provider_id, owner if isinstance(owner, dict) else None)


def may_receive(
    endpoint: Row[Any], event_type: str, audience: Audience, access: set[tuple[str, str]]
) -> bool:
    if endpoint.event_types and event_type not in endpoint.event_types:
        return False
    if audience.owner is not None:
        return bool(
            endpoint.owner_kind == "staff"
            or (
                endpoint.owner_kind == "integrator"
                and audience.owner.get("integrator_id") == endpoint.integrator_id
            )
            or (
                endpoint.owner_kind == "provider"
                and audience.owner.get("provider_id") == endpoint.provider_id
            )
        )
    if endpoint.owner_kind == "staff":
        return True
    if endpoint.owner_kind == "integrator":
        return audience.employer_id is not None and (audience.employer_id, endpoint.integrator_id) in access
    return audience.provider_id is not None and audience.provider_id == endpoint.provider_id


async def _apply_gateway_view(conn: AsyncConnection, event: Row[Any], access: set[tuple[str, str]]) -> None:
    """Keep the gateway's projection of employers and integrator access (it decides who sees what)."""
    data = event.data
    if event.type == "employer.registered":
        await repository.remember_employer(conn, data["employer_id"], data.get("wcb_account_number"))
        registrar = (data.get("registered_by") or {}).get("integrator_id")
        if registrar:
            # The access event follows; the registering integrator should already hear of its registration.
            access.add((data["employer_id"], registrar))
    elif event.type == "employer.integrator_access_changed":
        pair = (data["employer_id"], data["integrator_id"])
        granted = data.get("access") == "granted"
        await repository.set_access(conn, *pair, granted=granted)
        if granted:
            access.add(pair)
        else:
            access.discard(pair)


async def fan_out(conn: AsyncConnection, subscriptions: Mapping[str, Sequence[str]], limit: int) -> int:
    """Fan out up to `limit` new events in the caller's transaction; returns how many (0: nothing, or locked)."""
    if not await repository.try_fanout_lock(conn):
        return 0
    services_for: dict[str, list[str]] = {}
    for service, types in subscriptions.items():
        for event_type in types:
            services_for.setdefault(event_type, []).append(service)
    service_targets = [
        (SERVICE_TARGET_PREFIX + s, t) for t, services in services_for.items() for s in services
    ]
    fanned = deliveries = 0
    while fanned < limit:
        run = await repository.fan_out_leading_run(conn, limit - fanned, VIEW_CHANGING_TYPES, service_targets)
        fanned += run.events
        deliveries += run.deliveries
        if not run.view_change_next:
            break  # nothing more is new, or the limit is reached
        heads = await repository.new_event_heads(conn, limit - fanned)
        changing = [h.id for h in itertools.takewhile(lambda h: h.type in VIEW_CHANGING_TYPES, heads)]
        if not changing:
            break  # cannot happen under the fan-out lock; never loop on it
        deliveries += await _fan_out_one_by_one(conn, changing, services_for)
        fanned += len(changing)
    if deliveries:
        # Wake every worker (at commit), not only this one: all of them may claim the new deliveries.
        await repository.announce_deliveries(conn)
    return fanned


async def _fan_out_one_by_one(
    conn: AsyncConnection, ids: Sequence[str], services_for: Mapping[str, Sequence[str]]
) -> int:
    """Fan out events in order, each judged by the view the events before it left; returns deliveries made."""
    events = await repository.events_by_id(conn, ids)
    wcbs: list[str] = [
        e.data["employer_wcb_account_number"]
        for e in events
        if e.employer_id is None and isinstance(e.data, dict) and e.data.get("employer_wcb_account_number")
    ]
    employers_by_wcb = await repository.employers_by_wcb(conn, wcbs)
    # Employers registered in this very batch are known before their later events are fanned out.
    for e in events:
        if e.type == "employer.registered" and e.data and e.data.get("wcb_account_number"):
            employers_by_wcb[e.data["wcb_account_number"]] = e.data["employer_id"]
    audiences = [audience_of(e, employers_by_wcb) for e in events]
    access = await repository.access_pairs(conn, [a.employer_id for a in audiences if a.employer_id])
    endpoints = await repository.active_endpoints(conn)
    deliveries: list[dict[str, Any]] = []
    for event, audience in zip(events, audiences, strict=True):
        await _apply_gateway_view(conn, event, access)
        targets = [(SERVICE_TARGET_PREFIX + s, None) for s in services_for.get(event.type, [])]
        targets += [(ep.id, ep.id) for ep in endpoints if may_receive(ep, event.type, audience, access)]
        deliveries += [
            {
                "event_id": event.id,
                "target": target,
                "endpoint_id": endpoint_id,
                "ordering_key": event.ordering_key,
                "sequence": event.sequence,
            }
            for target, endpoint_id in targets
        ]
    await repository.insert_deliveries(conn, deliveries)
    await repository.mark_dispatched(
        conn,
        [(e.id, a.employer_id, e.type in services_for) for e, a in zip(events, audiences, strict=True)],
    )
    return len(deliveries)
