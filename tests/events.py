"""Events as tests build them: with data a test chooses freely (for tests of the delivery machinery rather than
of a producer), and as the bytes of a delivery's body (for tests that post to a service as the worker would)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from typing import Any

import orjson
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


def encode_body(event_type: str, timestamp: dt.datetime, data: Mapping[str, Any], **extra: Any) -> bytes:
    """A delivery's body `{type, timestamp, data}` in the form the worker's claim builds it in SQL
    (gateway.webhooks.policy.DELIVERY_BODY); tests/webhooks hold the two to the same form."""
    payload: dict[str, Any] = {
        "type": event_type,
        "timestamp": timestamp.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
        "data": data,
    }
    payload.update(extra)
    return orjson.dumps(payload, default=str)
