"""`GET /v1/events` (the events as a feed, for clients that poll) and `GET /v1/event-types`."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from gateway.events import repository
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
    """The events this key may see, oldest first, as a feed to page through: what webhooks deliver, for those
    that poll.
    """
    conn = await session.connection()
    position = page.after if isinstance(page.after, int) else 0
    if after is not None:
        found = await repository.feed_position(conn, after)
        if found is None:
            raise ProblemError(
                422,
                f"No event {after} has been published.",
                title="Validation Failed",
                errors=[{"pointer": "/after", "detail": "unknown event id", "location": "query"}],
            )
        position = max(position, found)
    rows = await repository.feed(conn, principal, position, type_, page.limit + 1)
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
    """Every event type with its meaning, its ordering and the JSON Schema of its data."""
    return event_types()
