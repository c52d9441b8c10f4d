"""SQL of mail: claiming with leases, and recording what each claim sent."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

_MAIL_CLAIM = text(
    """
    UPDATE shared_outbox_mail m
    SET lease_owner = :owner, lease_until = now() + make_interval(secs => :lease), attempts = m.attempts + 1
    WHERE m.id IN (
        SELECT id FROM shared_outbox_mail
        WHERE status = 'pending' AND next_attempt_at <= now() AND not_before <= now()
          AND (lease_until IS NULL OR lease_until < now())
        ORDER BY next_attempt_at, id
        LIMIT :limit
        FOR UPDATE SKIP LOCKED
    )
    RETURNING m.id, m.to_address, m.subject, m.body_text, m.in_reply_to, m.attempts
    """
)


async def claim_mail(conn: AsyncConnection, owner: str, limit: int, lease_seconds: float) -> list[Row[Any]]:
    return list(await conn.execute(_MAIL_CLAIM, {"owner": owner, "limit": limit, "lease": lease_seconds}))


# Each statement below touches a mail only under the claim it names (owner and attempt): a claim that ran out
# and was taken by another worker is that worker's.
_UNDER_CLAIM = "id = :id AND lease_owner = :owner AND attempts = :attempt"


async def renew_mail(
    conn: AsyncConnection, mail_id: str, owner: str, attempt: int, lease_seconds: float
) -> bool:
    """Just before sending: the claim's lease starts again (a batch is sent one by one, and the last of it must
    not run out meanwhile); False when the claim was lost, and the mail is then not this worker's to send."""
    result = await conn.execute(
        text(
            f"UPDATE shared_outbox_mail SET lease_until = now() + make_interval(secs => :lease) "
            f"WHERE {_UNDER_CLAIM} AND status = 'pending'"
        ),
        {"id": mail_id, "owner": owner, "attempt": attempt, "lease": lease_seconds},
    )
    return bool(result.rowcount)


async def mail_sent(conn: AsyncConnection, mail_id: str, owner: str, attempt: int) -> None:
    await conn.execute(
        text(
            f"""
            UPDATE shared_outbox_mail SET status = 'sent', sent_at = now(), lease_owner = NULL, lease_until = NULL,
                last_error = NULL
            WHERE {_UNDER_CLAIM}
            """
        ),
        {"id": mail_id, "owner": owner, "attempt": attempt},
    )


async def mail_failed(
    conn: AsyncConnection, mail_id: str, owner: str, attempt: int, wait: float, error: str
) -> None:
    await conn.execute(
        text(
            f"""
            UPDATE shared_outbox_mail
            SET next_attempt_at = now() + make_interval(secs => :wait), lease_owner = NULL, lease_until = NULL,
                last_error = :error
            WHERE {_UNDER_CLAIM}
            """
        ),
        {"id": mail_id, "owner": owner, "attempt": attempt, "wait": wait, "error": error[:1000]},
    )


_WAITING_AFTER_FAILURE = (
    "status = 'pending' AND last_error IS NOT NULL AND next_attempt_at > now() "
    "AND (lease_until IS NULL OR lease_until < now())"
)


async def mail_waiting_after_failure(conn: AsyncConnection) -> bool:
    """Is mail waiting for its next try because sending it failed (the server was away, say)?"""
    found = await conn.execute(
        text(f"SELECT EXISTS (SELECT 1 FROM shared_outbox_mail WHERE {_WAITING_AFTER_FAILURE})")
    )
    return bool(found.scalar_one())


async def retry_waiting_mail(conn: AsyncConnection) -> int:
    """The mail server answers again: what waits after a failure is due now, not at its scheduled try."""
    result = await conn.execute(
        text(f"UPDATE shared_outbox_mail SET next_attempt_at = now() WHERE {_WAITING_AFTER_FAILURE}")
    )
    return int(result.rowcount or 0)
