"""`GET /v1/events` (the events as a feed, for clients that poll) and `GET /v1/event-types`."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel
from sqlalchemy import text

from gateway.events.catalog import EventType, event_types
from shared.db import Session
from shared.pagination import Page, Pagination, encode_cursor
from shared.principal import Principal, require
from shared.problems import ProblemError

router = APIRouter(prefix="/v1", tags=["Webhooks and events"])

Reader = Annotated[Principal, Depends(require("events:read"))]


class EventPublic(BaseModel):
    id: str
    type: str
    timestamp: dt.datetime
    data: dict[str, Any]
    ordering_key: str | None = None
    sequence: int | None = None


def _visibility(principal: Principal) -> tuple[str, dict[str, Any]]:
    """The same rule as webhook deliveries: staff everything, an integrator its employers, a provider its own."""
    if principal.kind == "integrator":
        return (
            "(e.audience_employer_id IN (SELECT employer_id FROM gateway_employer_access WHERE integrator_id = :who)"
            " OR (e.type = 'webhook_endpoint.disabled' AND e.data->'owner'->>'integrator_id' = :who))",
            {"who": principal.integrator_id},
        )
    if principal.kind == "provider":
        return "e.provider_id = :who", {"who": principal.provider_id}
    if principal.kind in ("staff", "service"):
        return "TRUE", {}
    return "FALSE", {}


@router.get("/events", response_model=Page[EventPublic], summary="Events as a feed, oldest first")
async def list_events(
    session: Session,
    page: Pagination,
    principal: Reader,
    type_: Annotated[
        str | None, Query(alias="type", max_length=64, description="Only events of this type")
    ] = None,
    after: Annotated[str | None, Query(max_length=64, description="Only events after this event id")] = None,
) -> Page[EventPublic]:
    conn = await session.connection()
    position = page.after if isinstance(page.after, int) else 0
    if after is not None:
        found = (
            await conn.execute(
                text("SELECT feed_position FROM shared_outbox_event WHERE id = :id"), {"id": after}
            )
        ).scalar_one_or_none()
        if found is None:
            raise ProblemError(
                422,
                f"No event {after} has been published.",
                title="Validation Failed",
                errors=[{"pointer": "/after", "detail": "unknown event id", "location": "query"}],
            )
        position = max(position, found)
    visible, params = _visibility(principal)
    rows = list(
        await conn.execute(
            text(
                f"""
                SELECT e.id, e.type, e.occurred_at AS timestamp, e.data, e.ordering_key, e.sequence, e.feed_position
                FROM shared_outbox_event e
                WHERE e.feed_position > :position AND (CAST(:type AS text) IS NULL OR e.type = :type) AND {visible}
                ORDER BY e.feed_position LIMIT :limit
                """
            ),
            {**params, "position": position, "type": type_, "limit": page.limit + 1},
        )
    )
    items = [EventPublic.model_validate(r, from_attributes=True) for r in rows[: page.limit]]
    next_cursor = encode_cursor(rows[page.limit - 1].feed_position) if len(rows) > page.limit else None
    return Page[EventPublic](data=items, next_cursor=next_cursor)


@router.get(
    "/event-types",
    response_model=list[EventType],
    response_model_by_alias=True,
    summary="Every event type and its data",
)
async def list_event_types(_: Reader) -> list[EventType]:
    return event_types()
