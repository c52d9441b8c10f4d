"""Webhook endpoints: registered by integrators, providers and staff, checked before anything is sent."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from gateway.settings import GatewaySettings
from gateway.webhooks import repository
from gateway.webhooks.schemas import EndpointCreate, EndpointPublic, EndpointUpdate, Owner
from shared.ids import new_id
from shared.outbound import OutboundPolicy, OutboundRefused, check_url, resolve_checked
from shared.principal import Principal
from shared.problems import ProblemError
from shared.webhooks import new_secret


def policy_for(settings: GatewaySettings) -> OutboundPolicy:
    return settings.outbound_policy()


async def check_destination(url: str, settings: GatewaySettings) -> None:
    """Refuse, at registration already, a URL the worker would refuse to call."""
    policy = policy_for(settings)
    try:
        host, port = check_url(url, policy)
        await resolve_checked(host, port, policy)
    except OutboundRefused as exc:
        raise ProblemError(
            422,
            f"This URL cannot receive webhooks: {exc}.",
            title="Validation Failed",
            errors=[{"pointer": "/url", "detail": str(exc), "location": "body"}],
        ) from exc


def owner_of(principal: Principal) -> dict[str, Any]:
    kind = principal.kind if principal.kind in ("integrator", "provider") else "staff"
    return {
        "owner_kind": kind,
        "integrator_id": principal.integrator_id if kind == "integrator" else None,
        "provider_id": principal.provider_id if kind == "provider" else None,
    }


def public(row: Row[Any]) -> EndpointPublic:
    return EndpointPublic(
        id=row.id,
        url=row.url,
        event_types=list(row.event_types),
        description=row.description,
        contact_email=row.contact_email,
        owner=Owner(kind=row.owner_kind, integrator_id=row.integrator_id, provider_id=row.provider_id),
        disabled_at=row.disabled_at,
        disabled_reason=row.disabled_reason,
        failing_since=row.failing_since,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


async def create(
    conn: AsyncConnection,
    principal: Principal,
    data: EndpointCreate,
    settings: GatewaySettings,
    now: dt.datetime,
) -> tuple[Row[Any], str]:
    await check_destination(data.url, settings)
    secret = new_secret()
    row = await repository.insert(
        conn,
        {
            "id": new_id("whe"),
            **owner_of(principal),
            "created_by": principal.id,
            "url": data.url,
            "event_types": sorted(set(data.event_types)),
            "description": data.description,
            "contact_email": data.contact_email,
            "secret": secret,
            "now": now,
        },
    )
    return row, secret


async def visible(conn: AsyncConnection, principal: Principal, endpoint_id: str) -> Row[Any]:
    """The endpoint if it is this principal's (or the principal is staff); else 404."""
    row = await repository.get(
        conn,
        endpoint_id,
        kind=principal.kind,
        integrator_id=principal.integrator_id,
        provider_id=principal.provider_id,
    )
    if row is None:
        raise ProblemError(404, f"There is no webhook endpoint {endpoint_id}.")
    return row


async def update(
    conn: AsyncConnection,
    principal: Principal,
    endpoint_id: str,
    data: EndpointUpdate,
    settings: GatewaySettings,
    now: dt.datetime,
) -> Row[Any]:
    await visible(conn, principal, endpoint_id)
    changes = data.model_dump(exclude_unset=True)
    if changes.get("url") is not None:
        await check_destination(changes["url"], settings)
    elif "url" in changes:
        raise ProblemError(422, "url cannot be removed.", title="Validation Failed")
    if "event_types" in changes:
        changes["event_types"] = sorted(set(changes["event_types"] or []))
    if changes.pop("disabled", None) is False:
        changes |= {"disabled_at": None, "disabled_reason": None, "failing_since": None}
    return await repository.update(conn, endpoint_id, changes, now)
