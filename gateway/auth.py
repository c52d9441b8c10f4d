"""Resolving `Authorization: Bearer` keys to principals, with a small cache that revocation clears at once."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from gateway.api_keys import repository
from gateway.api_keys.service import REVOCATION_CHANNEL, hash_key, principal_for
from shared.notify import listen_forever
from shared.principal import Principal

logger = logging.getLogger("secor.gateway.auth")

NEGATIVE_TTL_SECONDS = 2.0
MAX_CACHED_KEYS = 50_000


@dataclass(frozen=True, slots=True)
class ResolvedKey:
    principal: Principal
    key_hash: str
    rate_limit_per_minute: int | None


class KeyResolver:
    """Looks keys up by hash. Hits are cached for `ttl` seconds; a revocation NOTIFY evicts them everywhere."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], ttl: float) -> None:
        self._sessionmaker = sessionmaker
        self._ttl = ttl
        self._cache: dict[str, tuple[ResolvedKey | None, float]] = {}

    async def resolve(self, plaintext: str) -> ResolvedKey | None:
        key_hash = hash_key(plaintext)
        now = time.monotonic()
        cached = self._cache.get(key_hash)
        if cached is not None and cached[1] > now:
            return cached[0]
        async with self._sessionmaker() as session:
            row = await repository.active_by_hash(session, key_hash)
        resolved = (
            ResolvedKey(principal_for(row), key_hash, row.rate_limit_per_minute) if row is not None else None
        )
        if len(self._cache) >= MAX_CACHED_KEYS:
            self._cache.clear()
        self._cache[key_hash] = (resolved, now + (self._ttl if resolved else NEGATIVE_TTL_SECONDS))
        return resolved

    def forget(self, key_hash: str | None = None) -> None:
        if key_hash is None:
            self._cache.clear()
        else:
            self._cache.pop(key_hash, None)

    async def listen_for_revocations(self, dsn: str) -> None:
        """Run forever: evict keys other gateway processes revoke; start clean after every reconnect."""
        await listen_forever(
            dsn, REVOCATION_CHANNEL, lambda key_hash: self.forget(key_hash or None), on_connect=self.forget
        )
