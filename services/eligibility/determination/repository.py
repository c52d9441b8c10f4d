"""Everything a determination needs, read in one round trip as one JSON document.

The matching of completions to people (docs/rules.md §2) runs here in SQL, as three index-friendly joins: by
learner id; else by case-folded email; else by folded name within the employer's own WCB number (and the same
birth date where both give one). A link made by hand wins over all three.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import asyncpg
import orjson
from sqlalchemy import text
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from services.eligibility.determination.rules import EMPLOYEE_ROLES


def known(alias: str) -> str:
    """The versions of a fact in force at :known_by: recorded by then, not yet superseded then, and not marked
    entered in error (that mark is itself a version, so before it the record still counted)."""
    return (
        f"({alias}.recorded_at <= :known_by AND ({alias}.superseded_at IS NULL OR {alias}.superseded_at > :known_by)"
        f" AND NOT {alias}.entered_in_error)"
    )


# Staff's hand-made links in force at :known_by.
LINKED = "(l.linked_at <= :known_by AND (l.unlinked_at IS NULL OR l.unlinked_at > :known_by))"

# A completion a provider posted for another employer (another WCB number) matches by email only with the same
# folded name too (and birth date when both have one): an email address alone is not a person elsewhere.
# `p` is the person, `c` the completion.
STRONG_ELSEWHERE = """(
    c.employer_wcb_account_number IS NULL
    OR c.employer_wcb_account_number = (SELECT wcb_account_number FROM employer)
    OR (c.name_key = p.name_key AND (p.birth_date IS NULL OR c.birth_date IS NULL OR p.birth_date = c.birth_date)))"""

# `people` is a CTE (id, learner_id, email_key, name_key, birth_date); `employer` gives the WCB number.
# `best` holds, per completion, the person it matched and by which rule.
MATCHES = f"""
    candidates AS (
        SELECT l.worker_id AS person_id, l.completion_id, 0 AS rank, 'linked' AS rule
        FROM eligibility_completion_link l JOIN people p ON p.id = l.worker_id
        WHERE l.employer_id = :employer_id AND {LINKED}
      UNION ALL
        SELECT p.id, c.completion_id, 1, 'learner_id'
        FROM people p JOIN eligibility_completion c ON c.learner_id = p.learner_id
      UNION ALL
        SELECT p.id, c.completion_id, 2, 'email'
        FROM people p JOIN eligibility_completion c ON c.email_key = p.email_key
        WHERE (p.learner_id IS NULL OR c.learner_id IS NULL) AND {STRONG_ELSEWHERE}
      UNION ALL
        SELECT p.id, c.completion_id, 3, 'name'
        FROM people p JOIN eligibility_completion c
          ON c.name_key = p.name_key AND c.employer_wcb_account_number = (SELECT wcb_account_number FROM employer)
        WHERE (p.learner_id IS NULL OR c.learner_id IS NULL) AND (p.email_key IS NULL OR c.email_key IS NULL)
          AND (p.birth_date IS NULL OR c.birth_date IS NULL OR p.birth_date = c.birth_date)
    ),
    best AS (
        SELECT DISTINCT ON (completion_id) person_id, completion_id, rule
        FROM candidates c
        -- A completion staff linked to someone else is not also matched automatically.
        WHERE rank = 0 OR NOT EXISTS (
            SELECT 1 FROM eligibility_completion_link l
            WHERE l.completion_id = c.completion_id AND l.employer_id = :employer_id AND {LINKED})
        ORDER BY completion_id, rank
    )
"""

# `assessor_person` is a CTE (learner_id, email_key, name_key): the assessor's completions, matched the way
# docs/rules.md §1 (assessor) reads "holds": by learner id, else email, else folded name within the employer's WCB number.
ASSESSOR_MATCHES = f"""
    assessor_candidates AS (
        SELECT c.completion_id, c.course_code, c.completed_on, c.expires_on
        FROM assessor_person a JOIN eligibility_completion c ON c.learner_id = a.learner_id
      UNION
        SELECT c.completion_id, c.course_code, c.completed_on, c.expires_on
        FROM assessor_person a JOIN eligibility_completion c ON c.email_key = a.email_key
        WHERE (a.learner_id IS NULL OR c.learner_id IS NULL) AND {STRONG_ELSEWHERE.replace("p.", "a.")}
      UNION
        SELECT c.completion_id, c.course_code, c.completed_on, c.expires_on
        FROM assessor_person a JOIN eligibility_completion c
          ON c.name_key = a.name_key AND c.employer_wcb_account_number = (SELECT wcb_account_number FROM employer)
        WHERE (a.learner_id IS NULL OR c.learner_id IS NULL) AND (a.email_key IS NULL OR c.email_key IS NULL)
    )
"""

# A completion (`c`) known here and not yet known revoked at :known_by: from the moments this service applied the
# ledger's record and revocation, not the ledger's own times (before them, no answer here could count them).
COMPLETION_KNOWN = (
    "c.known_from <= :known_by AND (c.revocation_known_at IS NULL OR c.revocation_known_at > :known_by)"
)

# The assessor's SECOR/PHSM completions as known (recorded and not revoked) at :known_by, as a JSON array.
ASSESSOR_TRAINING = f"""coalesce((
            SELECT json_agg(ac) FROM assessor_candidates ac
            JOIN eligibility_completion c ON c.completion_id = ac.completion_id
            WHERE ac.course_code = ANY(CAST(:assessor_courses AS text[]))
              AND {COMPLETION_KNOWN}), '[]')"""

# Only completions known and unrevoked by :known_by, completed by :as_of.
_KNOWN = f"""
    known AS (
        SELECT b.person_id AS worker_id, b.rule AS matched_by, c.completion_id, c.course_code, c.completed_on,
               c.expires_on, c.provider_is_acsa
        FROM best b JOIN eligibility_completion c ON c.completion_id = b.completion_id
        WHERE {COMPLETION_KNOWN}
          AND c.completed_on <= :as_of
    )
"""

_DETERMINATION = text(
    f"""
    WITH employer AS (SELECT * FROM eligibility_employer WHERE id = :employer_id),
    -- Each worker with the role, employment type and coverage in force on :as_of (docs/rules.md §1, facts hold
    -- from a day): the first earlier term still running then, else the latest.
    workers AS (
        SELECT w.id, w.given_name, w.family_name, w.learner_id, w.email_key, w.name_key, w.birth_date,
               w.start_date, w.end_date, w.attributes_from, w.earlier_terms,
               w.role AS latest_role, w.employment_type AS latest_employment_type,
               w.covered_by_wcb_account AS latest_covered,
               CASE WHEN t.until IS NULL THEN w.role ELSE t.role END AS role,
               CASE WHEN t.until IS NULL THEN w.employment_type ELSE t.employment_type END AS employment_type,
               CASE WHEN t.until IS NULL THEN w.covered_by_wcb_account ELSE t.covered_by_wcb_account END
                   AS covered_by_wcb_account
        FROM eligibility_worker w
        LEFT JOIN LATERAL (
            SELECT * FROM jsonb_to_recordset(w.earlier_terms)
                AS e(until date, role text, employment_type text, covered_by_wcb_account boolean)
            WHERE e.until > :as_of ORDER BY e.until LIMIT 1) t ON w.earlier_terms <> '[]'
        WHERE w.employer_id = :employer_id AND {known("w")}),
    -- The people whose training counts: full-time employees on :as_of.
    people AS (
        SELECT id, learner_id, email_key, name_key, birth_date FROM workers
        WHERE employment_type = 'full_time' AND covered_by_wcb_account
          AND role IN ({", ".join(f"'{r}'" for r in EMPLOYEE_ROLES)})
          AND start_date <= :as_of AND (end_date IS NULL OR end_date >= :as_of)
    ),
    {MATCHES},
    {_KNOWN},
    -- The assessor on file on :as_of: the first earlier term still running then, else the latest from its day.
    assessor AS (
        SELECT v.employer_id,
               CASE WHEN t.until IS NULL THEN v.given_name ELSE t.given_name END AS given_name,
               CASE WHEN t.until IS NULL THEN v.family_name ELSE t.family_name END AS family_name,
               CASE WHEN t.until IS NULL THEN v.email ELSE t.email END AS email,
               CASE WHEN t.until IS NULL THEN v.learner_id ELSE t.learner_id END AS learner_id,
               CASE WHEN t.until IS NULL THEN v.internal ELSE t.internal END AS internal,
               CASE WHEN t.until IS NULL THEN v.email_key ELSE t.email_key END AS email_key,
               CASE WHEN t.until IS NULL THEN v.name_key ELSE t.name_key END AS name_key,
               v.recorded_at, v.recorded_by
        FROM eligibility_assessor v
        LEFT JOIN LATERAL (
            SELECT * FROM jsonb_to_recordset(v.earlier)
                AS e(until date, absent boolean, given_name text, family_name text, email text, learner_id text,
                     internal boolean, email_key text, name_key text)
            WHERE e.until > :as_of ORDER BY e.until LIMIT 1) t ON v.earlier <> '[]'
        WHERE v.employer_id = :employer_id AND {known("v")}
          AND CASE WHEN t.until IS NULL THEN v.effective_from IS NULL OR v.effective_from <= :as_of
                   ELSE t.absent IS NOT TRUE END),
    assessor_person AS (
        SELECT 'assessor'::text AS id, learner_id, email_key, name_key, NULL::date AS birth_date FROM assessor
    ),
    {ASSESSOR_MATCHES}
    SELECT json_build_object(
        'employer', (SELECT row_to_json(e) FROM employer e),
        'workers', coalesce((
            SELECT json_agg(json_build_object(
                'id', w.id, 'given_name', w.given_name, 'family_name', w.family_name,
                'employment_type', w.employment_type, 'covered', w.covered_by_wcb_account, 'role', w.role,
                'start_date', w.start_date, 'end_date', w.end_date,
                -- Every term, for the headcount over the 12 months.
                'latest', json_build_object('role', w.latest_role, 'employment_type', w.latest_employment_type,
                                            'covered_by_wcb_account', w.latest_covered),
                'attributes_from', w.attributes_from, 'earlier_terms', w.earlier_terms))
            FROM workers w), '[]'),
        'declarations', coalesce((
            SELECT json_agg(json_build_object(
                'id', d.id, 'period_start', d.period_start, 'period_end', d.period_end,
                'peak_headcount', d.peak_headcount))
            FROM eligibility_headcount_declaration d WHERE d.employer_id = :employer_id AND {known("d")}), '[]'),
        -- The latest status in force on :as_of among those recorded by :known_by (a later record for the same
        -- date corrects an earlier one).
        'wcb', (
            SELECT json_build_object('status', s.status, 'as_of', s.as_of) FROM eligibility_wcb_status s
            WHERE s.employer_id = :employer_id AND s.as_of <= :as_of AND s.recorded_at <= :known_by
              AND (s.entered_in_error_at IS NULL OR s.entered_in_error_at > :known_by)
            ORDER BY s.as_of DESC, s.recorded_at DESC LIMIT 1),
        'memberships', coalesce((
            SELECT json_agg(json_build_object(
                'member_number', m.member_number, 'valid_from', m.valid_from, 'valid_until', m.valid_until))
            FROM eligibility_acsa_membership m WHERE m.employer_id = :employer_id AND {known("m")}), '[]'),
        'assessor', (SELECT row_to_json(a) FROM assessor a),
        -- The certificate held on :as_of, as it was known then (in force, or lapsed only after :known_by).
        'certificate', (
            SELECT json_build_object('number', c.number, 'status', c.status, 'valid_from', c.valid_from,
                                     'valid_until', c.valid_until)
            FROM eligibility_certificate c
            WHERE c.employer_id = :employer_id AND c.issued_at <= :known_by
              AND c.valid_from <= :as_of AND c.valid_until >= :as_of
              AND (c.status IN ('active', 'maintenance_due', 'suspended') OR c.status_changed_at > :known_by)
            ORDER BY c.valid_from DESC LIMIT 1),
        'training', coalesce((
            SELECT json_agg(k) FROM known k
            WHERE k.course_code = ANY(CAST(:courses AS text[])) OR k.provider_is_acsa), '[]'),
        'assessor_training', {ASSESSOR_TRAINING},
        'completions_through', (SELECT through FROM eligibility_ledger_position)
    )::text
    """
)


_DATED_AHEAD = text(
    """
    SELECT s.as_of AS day FROM eligibility_wcb_status s
    WHERE s.employer_id = :employer_id AND s.as_of > :today AND s.entered_in_error_at IS NULL
    UNION ALL
    SELECT a.effective_from FROM eligibility_assessor a
    WHERE a.employer_id = :employer_id AND a.superseded_at IS NULL AND NOT a.entered_in_error
      AND a.effective_from > :today
    UNION ALL
    SELECT (e->>'until')::date FROM eligibility_assessor a, jsonb_array_elements(a.earlier) e
    WHERE a.employer_id = :employer_id AND a.superseded_at IS NULL AND NOT a.entered_in_error
      AND (e->>'until')::date > :today
    """
)


async def dated_ahead(conn: AsyncConnection, employer_id: str, today: dt.date) -> list[dt.date]:
    """Days after `today` on which facts recorded now begin to hold that today's document does not show: a WCB
    status dated ahead, the assessor from its day."""
    result = await conn.execute(_DATED_AHEAD, {"employer_id": employer_id, "today": today})
    return list(result.scalars())


async def due_on_the_calendar(conn: AsyncConnection, today: dt.date, limit: int) -> list[str]:
    """Employers whose outcome may change today with no new fact (or not yet worked out). Not locked here:
    the caller holds each (a row lock taken first would wait in a circle with a change that holds the
    employer and then writes its row)."""
    result = await conn.execute(
        text(
            """
            SELECT id FROM eligibility_employer
            WHERE outcome_changes_on IS NULL OR outcome_changes_on <= :today
            ORDER BY outcome_changes_on NULLS FIRST, id LIMIT :limit
            """
        ),
        {"today": today, "limit": limit},
    )
    return list(result.scalars())


async def load(
    conn: AsyncConnection,
    employer_id: str,
    *,
    as_of: dt.date,
    known_by: dt.datetime,
    courses: list[str],
    assessor_courses: list[str],
) -> dict[str, Any]:
    result = await conn.execute(
        _DETERMINATION,
        {
            "employer_id": employer_id,
            "as_of": as_of,
            "known_by": known_by,
            "courses": courses,
            "assessor_courses": assessor_courses,
        },
    )
    # As text, parsed by orjson: the driver's json codec (the standard library's) costs several times more.
    doc: dict[str, Any] = orjson.loads(result.scalar_one())
    return doc


_NAMED_ASSESSOR = text(
    f"""
    WITH employer AS (SELECT wcb_account_number FROM eligibility_employer WHERE id = :employer_id),
    assessor_person AS (
        SELECT CAST(:learner_id AS text) AS learner_id, CAST(:email_key AS text) AS email_key,
               CAST(:name_key AS text) AS name_key, NULL::date AS birth_date
    ),
    {ASSESSOR_MATCHES}
    SELECT {ASSESSOR_TRAINING}
    """
)


async def named_assessor_training(
    conn: AsyncConnection,
    employer_id: str,
    *,
    learner_id: str | None,
    email_key: str | None,
    name_key: str,
    known_by: dt.datetime,
    assessor_courses: list[str],
) -> list[dict[str, Any]]:
    """The assessor courses of someone named as an assessor (not necessarily the one on file), as known then."""
    raw = (
        await conn.execute(
            _NAMED_ASSESSOR,
            {
                "employer_id": employer_id,
                "learner_id": learner_id,
                "email_key": email_key,
                "name_key": name_key,
                "known_by": known_by,
                "assessor_courses": assessor_courses,
            },
        )
    ).scalar_one()
    found: list[dict[str, Any]] = orjson.loads(raw) if isinstance(raw, str | bytes) else raw
    return found


async def keep(conn: AsyncConnection, row: dict[str, Any]) -> None:
    """A determination something was decided on, kept whole."""
    await conn.execute(
        text(
            """
            INSERT INTO eligibility_determination (id, employer_id, as_of, known_at, outcome, determination, purpose,
                submission_id, kept_at, kept_by)
            VALUES (:id, :employer_id, :as_of, :known_at, :outcome, CAST(:determination AS jsonb), :purpose,
                :submission_id, :kept_at, :kept_by)
            """
        ),
        row,
    )


async def kept(conn: AsyncConnection, determination_id: str) -> Row[Any] | None:
    result = await conn.execute(
        text(
            "SELECT id, employer_id, as_of, known_at, outcome, determination::text AS determination, purpose, "
            "submission_id, kept_at, kept_by FROM eligibility_determination WHERE id = :id"
        ),
        {"id": determination_id},
    )
    return result.first()


async def kept_for_employer(conn: AsyncConnection, employer_id: str) -> list[Row[Any]]:
    """What this employer's evaluations were judged on (confirmed: a decision was recorded on it), each with its
    outcome now, if a correction changed it."""
    result = await conn.execute(
        text(
            """
            SELECT d.id, d.as_of, d.outcome,
                   (SELECT c.new_outcome FROM eligibility_correction c WHERE c.determination_id = d.id
                    ORDER BY c.found_at DESC LIMIT 1) AS corrected_outcome
            FROM eligibility_determination d
            WHERE d.employer_id = :e AND d.confirmed_at IS NOT NULL ORDER BY d.kept_at
            """
        ),
        {"e": employer_id},
    )
    return list(result)


async def confirm(conn: AsyncConnection, determination_id: str, at: dt.datetime) -> None:
    """A decision was recorded on this kept determination: it stays, and is judged again when facts change."""
    await conn.execute(
        text(
            "UPDATE eligibility_determination SET confirmed_at = :at WHERE id = :id AND confirmed_at IS NULL"
        ),
        {"id": determination_id, "at": at},
    )


async def let_go_unconfirmed(conn: AsyncConnection, kept_before: dt.datetime, limit: int) -> int:
    """Drop kept determinations no decision was recorded on (the upload they were kept for failed)."""
    result = await conn.execute(
        text(
            """
            DELETE FROM eligibility_determination WHERE id IN (
                SELECT id FROM eligibility_determination
                WHERE confirmed_at IS NULL AND kept_at < :before
                ORDER BY kept_at LIMIT :limit FOR UPDATE SKIP LOCKED)
            """
        ),
        {"before": kept_before, "limit": limit},
    )
    return int(result.rowcount)


async def add_correction(conn: AsyncConnection, row: dict[str, Any]) -> None:
    await conn.execute(
        text(
            """
            INSERT INTO eligibility_correction (id, employer_id, determination_id, as_of, old_outcome, new_outcome,
                failing_checks, found_at)
            VALUES (:id, :employer_id, :determination_id, :as_of, :old_outcome, :new_outcome,
                CAST(:failing_checks AS jsonb), :found_at)
            """
        ),
        row,
    )


_CORRECTION_COLUMNS = """
    id, employer_id, determination_id, as_of, old_outcome, new_outcome, failing_checks, found_at, reviewed_at,
    reviewed_by, review_note
"""


async def corrections(
    conn: AsyncConnection, *, open_only: bool, employer_id: str | None, after: str | None, limit: int
) -> list[Row[Any]]:
    result = await conn.execute(
        text(
            f"""
            SELECT {_CORRECTION_COLUMNS} FROM eligibility_correction
            WHERE (NOT :open_only OR reviewed_at IS NULL)
              AND (CAST(:employer_id AS text) IS NULL OR employer_id = :employer_id)
              AND (CAST(:after AS text) IS NULL OR id > :after)
            ORDER BY id LIMIT :limit
            """
        ),
        {"open_only": open_only, "employer_id": employer_id, "after": after, "limit": limit + 1},
    )
    return list(result)


async def review_correction(
    conn: AsyncConnection, correction_id: str, by: str, note: str, at: dt.datetime
) -> Row[Any] | None:
    result = await conn.execute(
        text(
            f"""
            UPDATE eligibility_correction SET reviewed_at = :at, reviewed_by = :by, review_note = :note
            WHERE id = :id AND reviewed_at IS NULL
            RETURNING {_CORRECTION_COLUMNS}
            """
        ),
        {"id": correction_id, "by": by, "note": note, "at": at},
    )
    return result.first()


_KEEP_TODAY = text(
    """
    UPDATE eligibility_employer
    SET determination = CAST(:determination AS jsonb), determination_on = :on, rules_version = :rules_version,
        outcome_changes_on = :changes_on
    WHERE id = :id
    """
)
_SET_OUTCOME = text("UPDATE eligibility_employer SET outcome = :outcome, outcome_at = :at WHERE id = :id")
_KEEP_IF_OLDER = text(
    """
    UPDATE eligibility_employer
    SET determination = CAST(:determination AS jsonb), determination_on = :on, rules_version = :rules_version
    WHERE id = :id AND (determination_on IS NULL OR determination_on < :on OR rules_version <> :rules_version)
    """
)


async def keep_today(
    conn: AsyncConnection,
    employer_id: str,
    determination_json: str,
    on: dt.date,
    rules_version: str,
    changes_on: dt.date | None,
) -> None:
    """Keep the employer's determination for today's reads, with the next day its outcome could change."""
    await conn.execute(
        _KEEP_TODAY,
        {
            "determination": determination_json,
            "on": on,
            "rules_version": rules_version,
            "id": employer_id,
            "changes_on": changes_on,
        },
    )


async def set_outcome(conn: AsyncConnection, employer_id: str, outcome: str, at: dt.datetime) -> None:
    await conn.execute(_SET_OUTCOME, {"outcome": outcome, "at": at, "id": employer_id})


async def keep_if_older(
    conn: AsyncConnection, employer_id: str, determination_json: str, on: dt.date, rules_version: str
) -> None:
    """Keep a determination unless what is kept is already of that day under these rules."""
    await conn.execute(
        _KEEP_IF_OLDER,
        {"determination": determination_json, "on": on, "rules_version": rules_version, "id": employer_id},
    )


# For a plain asyncpg connection (the fast path): $1 the employer, $2 whether the caller sees every employer,
# $3 the integrator that must have access otherwise.
_KEPT = """
    SELECT e.determination::text AS determination, e.determination_on, e.rules_version, e.created_at,
           CAST(e.determination->>'evaluated_at' AS timestamptz) AS kept_at,
           (SELECT through FROM eligibility_ledger_position) AS completions_through
    FROM eligibility_employer e
    WHERE e.id = $1 AND ($2 OR EXISTS (
        SELECT 1 FROM eligibility_integrator_access a
        WHERE a.employer_id = e.id AND a.integrator_id = $3 AND a.withdrawn_at IS NULL))
"""


async def kept_today(
    driver: asyncpg.Connection, employer_id: str, see_all: bool, integrator_id: str | None
) -> asyncpg.Record | None:
    """The employer's kept determination and when it was kept, if the caller may see the employer."""
    row: asyncpg.Record | None = await driver.fetchrow(_KEPT, employer_id, see_all, integrator_id)
    return row
