"""`Idempotency-Key` on POST: the first response is kept and replayed for a retry with the same body.

Same key and body → the first response again (with `Idempotent-Replayed: true`); same key, different body or
endpoint → 422; the first request still running → 409. 5xx answers are not kept, so a retry runs again.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

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
        kept = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in headers if k.lower() in _KEPT_HEADERS]
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
