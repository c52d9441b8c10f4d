"""SQL for the projection of training completions, and the matching of them to this employer's people."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from services.eligibility.determination.repository import MATCHES, known

_UPSERT = text(
    """
    INSERT INTO eligibility_completion (
        completion_id, provider_id, provider_is_acsa, course_code, completed_on, expires_on, given_name, family_name,
        email, birth_date, learner_id, employer_wcb_account_number, certificate_number, email_key, name_key,
        recorded_at, revoked_at, ledger_seq, known_from, revocation_known_at)
    VALUES (:completion_id, :provider_id, :provider_is_acsa, :course_code, :completed_on, :expires_on, :given_name,
        :family_name, :email, :birth_date, :learner_id, :employer_wcb_account_number, :certificate_number, :email_key,
        :name_key, :recorded_at, :revoked_at, :ledger_seq, :known_from, :revocation_known_at)
    ON CONFLICT (completion_id) DO UPDATE SET
        -- A revocation may arrive before its record (it carries less): the record fills in, the revocation stays.
        provider_is_acsa = EXCLUDED.provider_is_acsa, completed_on = EXCLUDED.completed_on,
        expires_on = EXCLUDED.expires_on, certificate_number = EXCLUDED.certificate_number,
        ledger_seq = coalesce(EXCLUDED.ledger_seq, eligibility_completion.ledger_seq),
        recorded_at = LEAST(eligibility_completion.recorded_at, EXCLUDED.recorded_at),
        revoked_at = coalesce(eligibility_completion.revoked_at, EXCLUDED.revoked_at),
        known_from = LEAST(eligibility_completion.known_from, EXCLUDED.known_from),
        revocation_known_at = coalesce(eligibility_completion.revocation_known_at, EXCLUDED.revocation_known_at)
    """
)

# Who a completion can concern now: by WCB number, or by a person or a link it may match (current facts only;
# what they were before does not change with a new completion).
_AFFECTED = text(
    """
    SELECT id FROM eligibility_employer WHERE wcb_account_number = :wcb
    UNION SELECT employer_id FROM eligibility_worker WHERE learner_id = :learner_id AND superseded_at IS NULL
    UNION SELECT employer_id FROM eligibility_worker WHERE email_key = :email_key AND superseded_at IS NULL
    UNION SELECT employer_id FROM eligibility_assessor
          WHERE (learner_id = :learner_id OR email_key = :email_key) AND superseded_at IS NULL
    UNION SELECT employer_id FROM eligibility_completion_link WHERE completion_id = :completion_id AND unlinked_at IS NULL
    ORDER BY 1
    """
)

_FOR_EMPLOYER = text(
    f"""
    WITH employer AS (SELECT * FROM eligibility_employer WHERE id = :employer_id),
    people AS (
        SELECT id, learner_id, email_key, name_key, birth_date FROM eligibility_worker w
        WHERE w.employer_id = :employer_id AND {known("w")}
    ),
    {MATCHES},
    listed AS (
        SELECT completion_id, person_id AS worker_id, rule FROM best
      UNION ALL
        SELECT c.completion_id, NULL, NULL FROM eligibility_completion c
        WHERE c.employer_wcb_account_number = (SELECT wcb_account_number FROM employer)
          AND NOT EXISTS (SELECT 1 FROM best b WHERE b.completion_id = c.completion_id)
    )
    SELECT c.completion_id, c.course_code, c.completed_on, c.expires_on, c.given_name, c.family_name, c.email,
           c.learner_id, c.provider_id, c.provider_is_acsa, c.recorded_at, c.revoked_at,
           -- Another employer's account number is that employer's business, not this one's.
           CASE WHEN c.employer_wcb_account_number = (SELECT wcb_account_number FROM employer)
                THEN c.employer_wcb_account_number END AS employer_wcb_account_number,
           l.worker_id, l.rule AS matched_by
    FROM listed l JOIN eligibility_completion c ON c.completion_id = l.completion_id
    WHERE (NOT :unmatched OR l.worker_id IS NULL)
      AND (CAST(:after AS text) IS NULL OR c.completion_id > :after)
    ORDER BY c.completion_id
    LIMIT :limit
    """
)


# A completion that names no WCB number reaches an employer only through a person it matches (a worker or the
# assessor on file, as they stand now, by learner id or else email, as the matching rules read) or a link by hand.
# The name rule needs the employer's WCB number, so it places nothing here.
_CURRENT = "superseded_at IS NULL AND NOT entered_in_error"
_UNPLACED = text(
    f"""
    SELECT c.completion_id FROM eligibility_completion c
    WHERE c.employer_wcb_account_number IS NULL AND c.revoked_at IS NULL
      AND (CAST(:after AS text) IS NULL OR c.completion_id > :after)
      AND NOT EXISTS (SELECT 1 FROM eligibility_completion_link l
                      WHERE l.completion_id = c.completion_id AND l.unlinked_at IS NULL)
      AND (c.learner_id IS NULL OR NOT EXISTS (
          SELECT 1 FROM eligibility_worker w WHERE w.learner_id = c.learner_id AND w.{_CURRENT}
          UNION ALL
          SELECT 1 FROM eligibility_assessor a WHERE a.learner_id = c.learner_id AND a.{_CURRENT}))
      AND (c.email_key IS NULL OR NOT EXISTS (
          SELECT 1 FROM eligibility_worker w
          WHERE w.email_key = c.email_key AND (w.learner_id IS NULL OR c.learner_id IS NULL) AND w.{_CURRENT}
          UNION ALL
          SELECT 1 FROM eligibility_assessor a
          WHERE a.email_key = c.email_key AND (a.learner_id IS NULL OR c.learner_id IS NULL) AND a.{_CURRENT}))
    ORDER BY c.completion_id
    LIMIT :limit
    """
)


async def upsert(conn: AsyncConnection, row: dict[str, Any]) -> None:
    await conn.execute(_UPSERT, row)


async def ledger_applied(conn: AsyncConnection, seq: int) -> None:
    """The ledger entry `seq` is applied here: the position moves on once everything before it is too."""
    await conn.execute(text("SELECT eligibility_ledger_applied(:seq)"), {"seq": seq})


async def mark_revoked(
    conn: AsyncConnection, completion_id: str, at: dt.datetime, known_at: dt.datetime
) -> bool:
    """Revoked in the ledger `at`, and known here from `known_at` (the first revocation applied stands)."""
    result = await conn.execute(
        text(
            "UPDATE eligibility_completion SET revoked_at = coalesce(revoked_at, :at), "
            "revocation_known_at = coalesce(revocation_known_at, :known_at) WHERE completion_id = :id"
        ),
        {"id": completion_id, "at": at, "known_at": known_at},
    )
    return bool(result.rowcount)


async def affected_employers(
    conn: AsyncConnection,
    *,
    completion_id: str,
    wcb: str | None,
    learner_id: str | None,
    email_key: str | None,
) -> list[str]:
    """Employers whose determination this completion can change: by WCB number, or by a person it may match."""
    result = await conn.execute(
        _AFFECTED,
        {"completion_id": completion_id, "wcb": wcb, "learner_id": learner_id, "email_key": email_key},
    )
    return list(result.scalars())


async def for_employer(
    conn: AsyncConnection,
    employer_id: str,
    *,
    unmatched: bool,
    after: str | None,
    limit: int,
    now: dt.datetime,
) -> list[Row[Any]]:
    """The completions matched to this employer's people as they stand (`now`)."""
    result = await conn.execute(
        _FOR_EMPLOYER,
        {
            "employer_id": employer_id,
            "unmatched": unmatched,
            "after": after,
            "limit": limit + 1,
            "known_by": now,
        },
    )
    return list(result)


async def unplaced(conn: AsyncConnection, *, after: str | None, limit: int) -> list[str]:
    """Ids of the unrevoked completions that name no WCB number and that nobody can place, in id order."""
    result = await conn.execute(_UNPLACED, {"after": after, "limit": limit})
    return list(result.scalars())


async def exists(conn: AsyncConnection, completion_id: str) -> bool:
    result = await conn.execute(
        text("SELECT 1 FROM eligibility_completion WHERE completion_id = :id"), {"id": completion_id}
    )
    return result.first() is not None


async def link(conn: AsyncConnection, row: dict[str, Any]) -> None:
    """A link by hand; one made before for the same completion and employer is ended, not erased."""
    await unlink(conn, row["employer_id"], row["completion_id"], row["linked_by"], row["linked_at"])
    await conn.execute(
        text(
            """
            INSERT INTO eligibility_completion_link (completion_id, employer_id, worker_id, linked_by, linked_at)
            VALUES (:completion_id, :employer_id, :worker_id, :linked_by, :linked_at)
            """
        ),
        row,
    )


async def unlink(
    conn: AsyncConnection, employer_id: str, completion_id: str, by: str, at: dt.datetime
) -> bool:
    result = await conn.execute(
        text(
            "UPDATE eligibility_completion_link SET unlinked_at = :at, unlinked_by = :by "
            "WHERE employer_id = :e AND completion_id = :c AND unlinked_at IS NULL"
        ),
        {"e": employer_id, "c": completion_id, "by": by, "at": at},
    )
    return bool(result.rowcount)
