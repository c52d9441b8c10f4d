"""GET /v1/event-types: the event contract (shared.events) as integrators read it."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from shared.events import CATALOG


class EventType(BaseModel):
    type: str
    description: str
    ordered_by: str | None = Field(
        description="Events with the same value of this arrive in `sequence` order"
    )
    data_schema: dict[str, Any] = Field(alias="schema", serialization_alias="schema")


def event_types() -> list[EventType]:
    return [
        EventType(
            type=name,
            description=spec.description,
            ordered_by=spec.ordered_by,
            schema=spec.data.model_json_schema(),
        )
        for name, spec in sorted(CATALOG.items())
    ]
