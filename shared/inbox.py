"""Receiving the platform's own events: signed Standard Webhooks POSTed by the gateway worker.

The signature is checked against the internal secret (forged, tampered and replayed deliveries are refused);
a repeated event id is acknowledged and not applied twice; the handler runs in the same transaction as the
record of the id, so an event is applied exactly once even though it is delivered at least once.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection
from starlette.responses import Response

from shared.problems import problem_response
from shared.webhooks import InvalidWebhook, WebhookVerifier

logger = logging.getLogger("secor.inbox")

Handler = Callable[[AsyncConnection, dict[str, Any], FastAPI], Awaitable[None]]


def internal_events_router(*, processed_table: str, handlers: Mapping[str, Handler]) -> APIRouter:
    """`POST /internal/events` for one service; `processed_table` has (event_id, event_type, processed_at)."""
    router = APIRouter(include_in_schema=False)
    record = text(
        f"INSERT INTO {processed_table} (event_id, event_type) VALUES (:id, :type) "
        "ON CONFLICT (event_id) DO NOTHING RETURNING 1"
    )

    @router.post("/internal/events")
    async def receive_event(request: Request) -> Response:
        body = await request.body()
        verifier: WebhookVerifier = request.app.state.webhook_verifier
        try:
            payload = verifier.verify(body, dict(request.headers))
        except InvalidWebhook as exc:
            logger.warning("refused an internal event: %s", exc)
            return problem_response(
                401,
                f"The event's signature does not check out: {exc}.",
                title="Unauthorized",
                instance=request.url.path,
            )
        event_id = request.headers["webhook-id"]
        event_type, data = payload.get("type"), payload.get("data")
        if not isinstance(event_type, str) or not isinstance(data, dict):
            return problem_response(
                422, "An event needs a string `type` and an object `data`.", title="Validation Failed"
            )
        handler = handlers.get(event_type)
        async with request.app.state.engine.begin() as conn:
            fresh = (await conn.execute(record, {"id": event_id, "type": event_type})).first() is not None
            if fresh and handler is not None:
                await handler(conn, data, request.app)
        status = "duplicate" if not fresh else ("processed" if handler else "ignored")
        return JSONResponse({"event_id": event_id, "status": status})

    return router


def verifier_for(secret: str) -> WebhookVerifier:
    return WebhookVerifier([secret])
