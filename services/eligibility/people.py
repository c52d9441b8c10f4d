"""Serialising the writers that could race over who a completion matches.

A completion's handler picks the employers it can concern by the people it matches, then refreshes each under
its employer lock; a change to a person (a worker, the assessor, a link) refreshes its employer under the same
lock. Left alone, the two can miss each other: the handler picks before the person exists, the change refreshes
before the completion is committed, and today's answer stays behind for good. So both first take a lock on the
person's match keys (hashed into a fixed number of buckets, so a roster of thousands takes a bounded number),
always before any employer lock: whichever comes second sees what the first committed.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

BUCKETS = 256
# The first key of the two-key advisory lock: this service's people, apart from any other lock space.
_SPACE = 0x5EC0


def keys(
    *, learner_id: str | None = None, email_key: str | None = None, completion_id: str | None = None
) -> set[str]:
    """The keys a person (or a completion) can be matched by: learner id, folded e-mail, a staff link."""
    found = set()
    if learner_id:
        found.add(f"learner:{learner_id}")
    if email_key:
        found.add(f"email:{email_key}")
    if completion_id:
        found.add(f"completion:{completion_id}")
    return found


async def lock(conn: AsyncConnection, person_keys: Iterable[str]) -> None:
    """Until commit: no one else changes, or matches a completion to, a person with any of these keys."""
    buckets = sorted({zlib.crc32(k.encode()) % BUCKETS for k in person_keys})
    if buckets:
        await conn.execute(
            text(
                "SELECT pg_advisory_xact_lock(:space, b) FROM unnest(CAST(:buckets AS int[])) AS b ORDER BY b"
            ),
            {"space": _SPACE, "buckets": buckets},
        )
