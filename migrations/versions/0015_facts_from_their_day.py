"""Facts in force from their day: a worker's role, employment type and coverage, and the assessor on file, hold
from a day, and the days before keep what was in force then.

Each version of a worker carries the attributes in force from `attributes_from` (NULL: from the start of the
employment) and, in `earlier_terms`, those in force before, each until the day the next one begins:
`[{until, role, employment_type, covered_by_wcb_account}, ...]` in order. The assessor's versions do the same
with `effective_from` and `earlier` (`[{until, given_name, family_name, email, learner_id, internal, email_key,
name_key}, ...]`). Versions still answer "as known when"; the terms inside a version answer "in force on which
day". What exists holds from the start, as it did. A rehire under the same external id becomes a stint of its
own beside the ended one, so the external id is no longer unique among current workers (stints do not overlap).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07
"""

from collections.abc import Sequence

from migrations.script import run_sql

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    run_sql(
        """
        ALTER TABLE eligibility_worker
            ADD COLUMN attributes_from date,
            ADD COLUMN earlier_terms jsonb NOT NULL DEFAULT '[]';
        ALTER TABLE eligibility_assessor
            ADD COLUMN effective_from date,
            ADD COLUMN earlier jsonb NOT NULL DEFAULT '[]';
        -- A rehire under the same external id is a new stint beside the ended one; the service keeps stints
        -- of one external id from overlapping, under the employer's lock.
        DROP INDEX eligibility_worker_external_id;
        CREATE INDEX eligibility_worker_external_id ON eligibility_worker (employer_id, external_id)
            WHERE superseded_at IS NULL AND NOT entered_in_error;
        """
    )


def downgrade() -> None:
    run_sql(
        """
        DROP INDEX eligibility_worker_external_id;
        CREATE UNIQUE INDEX eligibility_worker_external_id ON eligibility_worker (employer_id, external_id)
            WHERE superseded_at IS NULL AND NOT entered_in_error;
        ALTER TABLE eligibility_worker DROP COLUMN attributes_from, DROP COLUMN earlier_terms;
        ALTER TABLE eligibility_assessor DROP COLUMN effective_from, DROP COLUMN earlier;
        """
    )
