"""SQL for the ledger: reading the chain and recomputing it where the data lives."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

_GENESIS = "repeat('0', 64)"

# Each entry is checked against its neighbour and its own hash in one pass over the table.
_CHAIN = text(
    f"""
    SELECT count(*) AS checked,
           min(seq) FILTER (WHERE NOT ok) AS first_bad,
           max(seq) AS last_seq,
           (array_agg(hash ORDER BY seq DESC))[1] AS last_hash
    FROM (
        SELECT seq, hash,
               seq = coalesce(lag(seq) OVER w, 0) + 1
               AND prev_hash = coalesce(lag(hash) OVER w, {_GENESIS})
               AND hash = training_ledger_hash(prev_hash, seq, kind, completion_id, recorded_at, payload) AS ok
        FROM training_ledger_entry
        WINDOW w AS (ORDER BY seq)
    ) checked
    """
)
_HEAD = text("SELECT last_seq, last_hash FROM training_ledger_head WHERE id = 1")

# Recorded entries must still say what the completion rows say, and every completion must be in the ledger.
_RECORDS = text(
    """
    SELECT min(l.seq) AS first_bad, count(*) FILTER (WHERE l.seq IS NULL) AS unledgered
    FROM training_completion c
    LEFT JOIN training_ledger_entry l ON l.completion_id = c.id AND l.kind = 'recorded'
    WHERE l.seq IS NULL OR l.payload IS DISTINCT FROM training_completion_payload(c)
    """
)
_REVOCATIONS = text(
    """
    SELECT min(l.seq) AS first_bad, count(*) FILTER (WHERE l.seq IS NULL) AS unledgered
    FROM training_revocation r
    LEFT JOIN training_ledger_entry l ON l.completion_id = r.completion_id AND l.kind = 'revoked'
    WHERE l.seq IS NULL
       OR l.payload IS DISTINCT FROM jsonb_build_object('reason', r.reason, 'revoked_by', r.revoked_by)
       OR l.recorded_at IS DISTINCT FROM r.revoked_at
    """
)


async def entries_after(conn: AsyncConnection, after_seq: int, limit: int) -> list[Row[Any]]:
    rows = await conn.execute(
        text(
            """
            SELECT seq, kind, completion_id, recorded_at, prev_hash, hash FROM training_ledger_entry
            WHERE seq > :after ORDER BY seq LIMIT :limit
            """
        ),
        {"after": after_seq, "limit": limit + 1},
    )
    return list(rows)


async def check_chain(conn: AsyncConnection) -> Row[Any]:
    return (await conn.execute(_CHAIN)).one()


async def head(conn: AsyncConnection) -> Row[Any]:
    return (await conn.execute(_HEAD)).one()


async def check_records(conn: AsyncConnection) -> Row[Any]:
    return (await conn.execute(_RECORDS)).one()


async def check_revocations(conn: AsyncConnection) -> Row[Any]:
    return (await conn.execute(_REVOCATIONS)).one()
