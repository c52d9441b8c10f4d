"""Determinations kept by reference, and the corrections that change them.

- A determination an evaluation was judged on (received, approved) is kept whole, with its (as_of, known_at),
  and the submission and the certificate point at it, so staff can open it later.
- When a fact recorded since changes the outcome of a kept determination (asked again as known now), that is a
  correction: listed for staff to review until someone has.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01
"""

from collections.abc import Sequence

from migrations.script import run_sql

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    run_sql(
        """
        CREATE TABLE eligibility_determination (
            id            text PRIMARY KEY,
            employer_id   text NOT NULL REFERENCES eligibility_employer (id),
            as_of         date NOT NULL,
            known_at      timestamptz NOT NULL,
            outcome       text NOT NULL,
            determination jsonb NOT NULL,
            purpose       text NOT NULL,
            submission_id text,
            kept_at       timestamptz NOT NULL,
            kept_by       text NOT NULL
        );
        CREATE INDEX eligibility_determination_employer ON eligibility_determination (employer_id, kept_at);

        CREATE TABLE eligibility_correction (
            id               text PRIMARY KEY,
            employer_id      text NOT NULL REFERENCES eligibility_employer (id),
            determination_id text REFERENCES eligibility_determination (id),
            as_of            date NOT NULL,
            old_outcome      text NOT NULL,
            new_outcome      text NOT NULL,
            failing_checks   jsonb NOT NULL,
            found_at         timestamptz NOT NULL,
            reviewed_at      timestamptz,
            reviewed_by      text,
            review_note      text
        );
        CREATE INDEX eligibility_correction_open ON eligibility_correction (found_at) WHERE reviewed_at IS NULL;
        CREATE INDEX eligibility_correction_employer ON eligibility_correction (employer_id, found_at);

        ALTER TABLE eligibility_certificate ADD COLUMN determination_id text;
        ALTER TABLE eligibility_certificate_maintenance ADD COLUMN determination_id text;
        ALTER TABLE submission_submission
            ADD COLUMN determination_id text,
            ADD COLUMN approval_determination_id text;
        """
    )


def downgrade() -> None:
    run_sql(
        """
        ALTER TABLE submission_submission DROP COLUMN determination_id, DROP COLUMN approval_determination_id;
        ALTER TABLE eligibility_certificate_maintenance DROP COLUMN determination_id;
        ALTER TABLE eligibility_certificate DROP COLUMN determination_id;
        DROP TABLE eligibility_correction, eligibility_determination;
        """
    )
