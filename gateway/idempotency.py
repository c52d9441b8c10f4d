"""`Idempotency-Key` on POST: the first response is kept and replayed for a retry with the same body.

Same key and body → the first response again (with `Idempotent-Replayed: true`); same key, different body or
endpoint → 422; the first request still running → 409. 5xx answers are not kept, so a retry runs again.
One implementation serves every POST: those proxied to a service and those the gateway answers itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.types import Message, Receive, Scope, Send

from gateway.proxy import has_body, stream_request_body
from shared.problems import send_problem

MAX_KEY_LENGTH = 255


@dataclass(frozen=True, slots=True)
class StoredRequest:
    state: str
    method: str
    path: str
    request_hash: str | None
    status_code: int | None
    headers: list[tuple[str, str]]
    body: bytes
    created_at: dt.datetime


_CLAIM = text(
    """
    INSERT INTO gateway_idempotency_key (principal_id, key, method, path, state)
    VALUES (:principal_id, :key, :method, :path, 'in_flight')
    ON CONFLICT (principal_id, key) DO UPDATE
        SET method = EXCLUDED.method, path = EXCLUDED.path, created_at = now()
        -- a stale in-flight claim (its gateway died mid-request) may be taken over
        WHERE gateway_idempotency_key.state = 'in_flight'
          AND gateway_idempotency_key.created_at < now() - make_interval(secs => :stale_after)
    RETURNING 1
    """
)
_EXISTING = text(
    """
    SELECT state, method, path, request_hash, status_code, response_headers, response_body, created_at
    FROM gateway_idempotency_key WHERE principal_id = :principal_id AND key = :key
    """
)
_COMPLETE = text(
    """
    UPDATE gateway_idempotency_key
    SET state = 'completed', request_hash = :request_hash, status_code = :status_code,
        response_headers = CAST(:headers AS jsonb), response_body = :body, completed_at = now()
    WHERE principal_id = :principal_id AND key = :key
    """
)
_RELEASE = text("DELETE FROM gateway_idempotency_key WHERE principal_id = :principal_id AND key = :key")
_PURGE = text("DELETE FROM gateway_idempotency_key WHERE created_at < now() - make_interval(hours => :hours)")

# Headers worth replaying; the rest (dates, rate limits, request ids) belong to the new request.
_KEPT_HEADERS = frozenset({"content-type", "location", "content-location", "etag"})


class IdempotencyStore:
    def __init__(self, engine: AsyncEngine, *, stale_after_seconds: int, max_response_bytes: int) -> None:
        self._engine = engine
        self._stale_after = stale_after_seconds
        self.max_response_bytes = max_response_bytes

    async def claim(self, principal_id: str, key: str, method: str, path: str) -> StoredRequest | None:
        """None when this request now owns the key; otherwise what the key already holds."""
        params = {"principal_id": principal_id, "key": key, "method": method, "path": path}
        async with self._engine.begin() as conn:
            claimed = (await conn.execute(_CLAIM, {**params, "stale_after": self._stale_after})).first()
            if claimed is not None:
                return None
            row = (await conn.execute(_EXISTING, params)).one()
        return StoredRequest(
            state=row.state,
            method=row.method,
            path=row.path,
            request_hash=row.request_hash,
            status_code=row.status_code,
            headers=[(k, v) for k, v in (row.response_headers or [])],
            body=bytes(row.response_body or b""),
            created_at=row.created_at,
        )

    async def complete(
        self,
        principal_id: str,
        key: str,
        *,
        request_hash: str,
        status_code: int,
        headers: list[tuple[bytes, bytes]],
        body: bytes,
    ) -> None:
        decoded = [(k.decode("latin-1").lower(), v.decode("latin-1")) for k, v in headers]
        kept = [(k, v) for k, v in decoded if k in _KEPT_HEADERS]
        async with self._engine.begin() as conn:
            await conn.execute(
                _COMPLETE,
                {
                    "principal_id": principal_id,
                    "key": key,
                    "request_hash": request_hash,
                    "status_code": status_code,
                    "headers": json.dumps(kept),
                    "body": body,
                },
            )

    async def release(self, principal_id: str, key: str) -> None:
        async with self._engine.begin() as conn:
            await conn.execute(_RELEASE, {"principal_id": principal_id, "key": key})

    async def purge(self, older_than_hours: int) -> int:
        async with self._engine.begin() as conn:
            result = await conn.execute(_PURGE, {"hours": older_than_hours})
        return result.rowcount or 0


# Runs the request (proxied or served by the gateway itself) with its body and answer streamed through.
RequestRunner = Callable[[Receive, Send], Awaitable[None]]


async def run_idempotent(
    scope: Scope,
    receive: Receive,
    send: Send,
    *,
    store: IdempotencyStore,
    principal_id: str,
    raw_key: bytes,
    path_and_query: str,
    run: RequestRunner,
) -> None:
    """Answer a POST that carries `Idempotency-Key`: run it once, replay its answer, refuse a reused key."""
    path: str = scope["path"]
    method: str = scope["method"]
    key = raw_key.decode("latin-1").strip()
    if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
        await send_problem(
            send,
            422,
            f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} printable characters.",
            title="Validation Failed",
            instance=path,
            errors=[{"pointer": "/Idempotency-Key", "detail": "invalid key", "location": "header"}],
        )
        return
    hasher = hashlib.sha256()
    stored = await store.claim(principal_id, key, method, path_and_query)
    if stored is not None:
        async for _chunk in stream_request_body(receive, hasher.update):
            pass
        await _answer_from_store(send, stored, method, path_and_query, hasher.hexdigest(), path)
        return

    body_done = not has_body(scope["headers"])[0]

    async def hashing_receive() -> Message:
        nonlocal body_done
        message = await receive()
        if message["type"] == "http.request":
            hasher.update(message.get("body", b""))
            body_done = not message.get("more_body", False)
        return message

    status: int | None = None
    response_headers: list[tuple[bytes, bytes]] = []
    response_body = bytearray()
    too_big = False
    settled = False

    async def settle() -> None:
        # Kept only when the answer is whole and meant: not a 5xx, not cut short, for the whole body sent.
        nonlocal settled
        settled = True
        if status is None or status >= 500 or too_big or not body_done:
            await store.release(principal_id, key)
        else:
            await store.complete(
                principal_id,
                key,
                request_hash=hasher.hexdigest(),
                status_code=status,
                headers=response_headers,
                body=bytes(response_body),
            )

    async def keeping_send(message: Message) -> None:
        nonlocal status, too_big
        if message["type"] == "http.response.start":
            status = message["status"]
            response_headers.extend(message.get("headers", []))
        elif message["type"] == "http.response.body" and not settled:
            if not too_big:
                response_body.extend(message.get("body", b""))
                if len(response_body) > store.max_response_bytes:
                    too_big = True
                    response_body.clear()
            if not message.get("more_body", False):
                # Recorded before the client has the whole answer, so a retry sent the moment it arrives
                # is replayed rather than told the first is still in flight.
                await settle()
        await send(message)

    try:
        await run(hashing_receive, keeping_send)
    finally:
        if not settled:
            await store.release(principal_id, key)


async def _answer_from_store(
    send: Send, stored: StoredRequest, method: str, path_and_query: str, request_hash: str, path: str
) -> None:
    if stored.state == "in_flight":
        await send_problem(
            send,
            409,
            "A request with this Idempotency-Key is still being processed; retry when it has finished.",
            title="Conflict",
            instance=path,
            headers={"retry-after": "1"},
        )
    elif stored.method != method or stored.path != path_and_query or stored.request_hash != request_hash:
        await send_problem(
            send,
            422,
            "This Idempotency-Key was used with a different request; use a new key for a new request.",
            title="Idempotency Key Reused",
            instance=path,
            errors=[
                {"pointer": "/Idempotency-Key", "detail": "reused with another body", "location": "header"}
            ],
        )
    else:
        replay_headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in stored.headers]
        replay_headers.append((b"idempotent-replayed", b"true"))
        replay_headers.append((b"content-length", str(len(stored.body)).encode()))
        await send(
            {"type": "http.response.start", "status": stored.status_code or 200, "headers": replay_headers}
        )
        await send({"type": "http.response.body", "body": stored.body})
