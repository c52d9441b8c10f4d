"""Events whose data a test chooses freely, for tests of the delivery machinery rather than of a producer."""

from __future__ import annotations

import functools
from typing import Any

from pydantic import ConfigDict

from shared.events import EventData
from shared.outbox import Event


@functools.cache
def _loose(event_type: str) -> type[EventData]:
    # A stand-in model of the named type that takes any fields (what a test marks its events with).
    return type(
        "Loose",
        (EventData,),
        {"event_type": event_type, "model_config": ConfigDict(extra="allow"), "__module__": __name__},
    )


def loose_event(event_type: str, data: dict[str, Any], **fields: Any) -> Event:
    """An event of `event_type` carrying exactly `data`."""
    return Event(_loose(event_type)(**data), **fields)
