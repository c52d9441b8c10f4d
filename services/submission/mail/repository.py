"""SQL for the messages the COR mailbox received: kept on arrival, then claimed, processed and answered."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

_COLUMNS = """
    id, message_key, envelope_from, envelope_to, peer, received_at, headers, storage_key, bytes, sha256, status,
    attempts, submission_id, outcome, reply_to, replied_at
"""


async def insert(conn: AsyncConnection, row: dict[str, Any]) -> bool:
    """Keep a received message; False when the same message (by its key) was kept before."""
    result = await conn.execute(
        text(
            """
            INSERT INTO submission_mail (id, message_key, envelope_from, envelope_to, peer, received_at, headers,
                storage_key, bytes, sha256, status)
            VALUES (:id, :message_key, :envelope_from, :envelope_to, :peer, :received_at, :headers,
                :storage_key, :bytes, :sha256, :status)
            ON CONFLICT (message_key) DO NOTHING
            RETURNING id
            """
        ),
        row,
    )
    return result.first() is not None


async def claim(conn: AsyncConnection, lease_seconds: float) -> Row[Any] | None:
    """A message waiting to be processed, leased to the caller (one whose processor died is taken again once
    its lease has run out); None when there is none."""
    return (
        await conn.execute(
            text(
                f"""
                UPDATE submission_mail m
                SET lease_until = now() + make_interval(secs => :lease), attempts = m.attempts + 1
                WHERE m.id = (
                    SELECT id FROM submission_mail
                    WHERE status IN ('received', 'too_large') AND (lease_until IS NULL OR lease_until < now())
                    ORDER BY received_at LIMIT 1 FOR UPDATE SKIP LOCKED)
                RETURNING {_COLUMNS}
                """
            ),
            {"lease": lease_seconds},
        )
    ).first()


async def lock_if_claimed(conn: AsyncConnection, mail_id: str, attempts: int) -> bool:
    """Lock the message for its outcome, if it is still waiting and still under the caller's claim."""
    result = await conn.execute(
        text(
            "SELECT 1 FROM submission_mail WHERE id = :id AND attempts = :attempts "
            "AND status IN ('received', 'too_large') FOR UPDATE"
        ),
        {"id": mail_id, "attempts": attempts},
    )
    return result.first() is not None


async def finish(
    conn: AsyncConnection,
    mail_id: str,
    *,
    status: str,
    outcome: dict[str, Any],
    now: dt.datetime,
    submission_id: str | None = None,
    reply_to: str | None = None,
) -> None:
    """The message's outcome; `reply_to` is the address an answer was queued for, if one was."""
    await conn.execute(
        text(
            """
            UPDATE submission_mail SET status = :status, outcome = CAST(:outcome AS jsonb),
                submission_id = :submission_id, reply_to = :reply_to,
                replied_at = CASE WHEN CAST(:reply_to AS text) IS NOT NULL THEN CAST(:now AS timestamptz) END,
                processed_at = :now, lease_until = NULL
            WHERE id = :id
            """
        ),
        {
            "id": mail_id,
            "status": status,
            "outcome": json.dumps(outcome, default=str),
            "submission_id": submission_id,
            "reply_to": reply_to,
            "now": now,
        },
    )


async def replies_since(conn: AsyncConnection, address: str, since: dt.datetime) -> int:
    """How many automatic answers went to this address since then. Held until commit, so that two messages
    from one sender processed at once cannot both slip under the limit."""
    await conn.execute(
        text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"), {"key": f"mail-reply:{address}"}
    )
    result = await conn.execute(
        text(
            "SELECT count(*) FROM submission_mail WHERE lower(reply_to) = :address AND replied_at IS NOT NULL "
            "AND replied_at > :since"
        ),
        {"address": address.lower(), "since": since},
    )
    return int(result.scalar_one())


async def get(conn: AsyncConnection, mail_id: str) -> Row[Any] | None:
    return (
        await conn.execute(text(f"SELECT {_COLUMNS} FROM submission_mail WHERE id = :id"), {"id": mail_id})
    ).first()
