"""Which courses a provider may post: kept in memory, dropped when the catalogue or an approval changes.

Every post needs these rules, and a database round trip for them would be most of a small post's cost. A
change anywhere NOTIFYs every training process (CATALOGUE_CHANNEL); a minute's age is the backstop.
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from services.training.completions import repository

CATALOGUE_CHANNEL = "secor_training_catalogue"
MAX_AGE_SECONDS = 60.0


class CourseRules:
    def __init__(self, max_age: float = MAX_AGE_SECONDS) -> None:
        self._max_age = max_age
        self._by_provider: dict[str, tuple[float, dict[str, Row[Any]]]] = {}

    async def lookup(self, conn: AsyncConnection, provider_id: str, codes: set[str]) -> dict[str, Row[Any]]:
        """Rules for every course; read again if any of `codes` is unknown here (it may be brand new)."""
        cached = self._by_provider.get(provider_id)
        if cached is not None and cached[0] > time.monotonic() and codes <= cached[1].keys():
            return cached[1]
        rules = await repository.course_rules(conn, provider_id)
        self._by_provider[provider_id] = (time.monotonic() + self._max_age, rules)
        return rules

    def forget(self, provider_id: str = "") -> None:
        """Drop one provider's rules, or everyone's when no provider is named."""
        if provider_id:
            self._by_provider.pop(provider_id, None)
        else:
            self._by_provider.clear()


async def announce_change(conn: AsyncConnection, provider_id: str = "") -> None:
    """Tell every training process (at commit) that a provider's approvals, or the catalogue, changed."""
    await conn.execute(
        text("SELECT pg_notify(:channel, :provider)"), {"channel": CATALOGUE_CHANNEL, "provider": provider_id}
    )
