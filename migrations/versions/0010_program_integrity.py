"""Program integrity across a certificate's life.

- Submissions record when their evaluation was received (the day its package arrived), and a maintenance the
  certificate and interim year it maintains, with the last day a package may still arrive for it. One
  evaluation at a time per certificate year: a partial unique index over the statuses still in progress.
- Certificates can be imported (no submission, no known audit period), and keep a history of every decision
  about them: who, when, why.
- Each maintained year keeps when its evaluation was received and the audit period it covered, so the next
  maintenance can be held to documentation that follows it.
- The eligibility service keeps a projection of submissions (from their events): a maintenance received in
  time and still in intake or QA holds off the cancellation of its certificate. Maintenances already in
  progress are given their certificate and year, and the projection starts from what the submissions hold.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

import os
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from migrations.script import run_sql

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The program's calendar, as the components read it (SECOR_PROGRAM_TIMEZONE); checked before it is quoted.
    zone = os.environ.get("SECOR_PROGRAM_TIMEZONE", "America/Edmonton")
    ZoneInfo(zone)
    run_sql(
        r"""
        ALTER TABLE submission_submission
            ADD COLUMN received_on date,
            ADD COLUMN certificate_number text,
            ADD COLUMN maintenance_year integer,
            ADD COLUMN receive_by date;
        UPDATE submission_submission
        SET received_on = (CAST(package->>'received_at' AS timestamptz) AT TIME ZONE '"""
        + zone
        + r"""')::date
        WHERE package ? 'received_at';
        -- Maintenances already in progress maintain the employer's certificate in force, its first year not yet
        -- maintained: the one furthest along takes it (in intake or QA before one still waiting for a package,
        -- then the first received); the rest take their year when their package arrives.
        UPDATE submission_submission s
        SET certificate_number = t.number, maintenance_year = t.year, receive_by = t.due_on
        FROM (
            SELECT DISTINCT ON (c.employer_id) c.employer_id, c.number, m.year, m.due_on
            FROM eligibility_certificate c
            JOIN eligibility_certificate_maintenance m ON m.certificate_number = c.number AND m.status = 'pending'
            WHERE c.status IN ('active', 'maintenance_due', 'suspended')
            ORDER BY c.employer_id, c.valid_from DESC, m.year
        ) t, (
            SELECT DISTINCT ON (employer_id) id, employer_id, created_at FROM submission_submission
            WHERE kind = 'maintenance' AND status NOT IN ('approved', 'returned', 'failed')
            ORDER BY employer_id,
                     status NOT IN ('validating', 'in_qa', 'information_requested'),
                     received_on NULLS LAST, created_at
        ) first
        WHERE s.id = first.id AND s.employer_id = t.employer_id
          AND first.created_at >= (SELECT valid_from FROM eligibility_certificate WHERE number = t.number);
        CREATE UNIQUE INDEX submission_maintenance_year_open
            ON submission_submission (certificate_number, maintenance_year)
            WHERE kind = 'maintenance' AND certificate_number IS NOT NULL
              AND status NOT IN ('approved', 'returned', 'failed');

        ALTER TABLE eligibility_certificate
            ALTER COLUMN submission_id DROP NOT NULL,
            ALTER COLUMN audit_period_start DROP NOT NULL,
            ALTER COLUMN audit_period_end DROP NOT NULL,
            ADD COLUMN source text NOT NULL DEFAULT 'evaluation' CHECK (source IN ('evaluation', 'import')),
            -- An imported certificate as it was given, to tell a repeated import from a conflicting one.
            ADD COLUMN import_item jsonb,
            ADD CONSTRAINT eligibility_certificate_issued_from
                CHECK (source = 'import' OR (submission_id IS NOT NULL AND audit_period_start IS NOT NULL
                                             AND audit_period_end IS NOT NULL));

        ALTER TABLE eligibility_certificate_maintenance
            ADD COLUMN received_on date,
            ADD COLUMN audit_period_start date,
            ADD COLUMN audit_period_end date;

        CREATE TABLE eligibility_certificate_history (
            id                 bigserial PRIMARY KEY,
            certificate_number text NOT NULL REFERENCES eligibility_certificate (number) ON DELETE CASCADE,
            at                 timestamptz NOT NULL,
            by                 text NOT NULL,
            action             text NOT NULL CHECK (action IN ('issued', 'imported', 'maintained',
                                   'maintenance_not_applied', 'status_changed')),
            status             text NOT NULL,
            year               integer,
            submission_id      text,
            note               text
        );
        CREATE INDEX eligibility_certificate_history_number ON eligibility_certificate_history (certificate_number, id);
        INSERT INTO eligibility_certificate_history (certificate_number, at, by, action, status, submission_id, note)
        SELECT number, issued_at, 'migration', 'issued', 'active', submission_id,
               'issued from approved submission ' || submission_id
        FROM eligibility_certificate;

        -- What this service knows of evaluations, from submission.status_changed.
        CREATE TABLE eligibility_submission (
            submission_id      text PRIMARY KEY,
            employer_id        text NOT NULL,
            kind               text NOT NULL,
            status             text NOT NULL,
            received_on        date,
            certificate_number text,
            maintenance_year   integer,
            changed_at         timestamptz NOT NULL
        );
        CREATE INDEX eligibility_submission_maintenance
            ON eligibility_submission (certificate_number, maintenance_year) WHERE kind = 'maintenance';
        -- Filled once from the submissions themselves, so a maintenance in QA at the upgrade holds its year at
        -- once; from then on the events keep it (this migration is the one writer that may read both services'
        -- tables, being neither).
        INSERT INTO eligibility_submission (submission_id, employer_id, kind, status, received_on,
            certificate_number, maintenance_year, changed_at)
        SELECT id, employer_id, kind, status, received_on, certificate_number, maintenance_year, updated_at
        FROM submission_submission;
        """
    )


def downgrade() -> None:
    run_sql(
        """
        DROP TABLE eligibility_submission, eligibility_certificate_history;
        ALTER TABLE eligibility_certificate_maintenance
            DROP COLUMN received_on, DROP COLUMN audit_period_start, DROP COLUMN audit_period_end;
        DELETE FROM eligibility_certificate WHERE source = 'import';
        ALTER TABLE eligibility_certificate
            DROP CONSTRAINT eligibility_certificate_issued_from,
            DROP COLUMN import_item, DROP COLUMN source,
            ALTER COLUMN submission_id SET NOT NULL,
            ALTER COLUMN audit_period_start SET NOT NULL,
            ALTER COLUMN audit_period_end SET NOT NULL;
        DROP INDEX submission_maintenance_year_open;
        ALTER TABLE submission_submission
            DROP COLUMN received_on, DROP COLUMN certificate_number, DROP COLUMN maintenance_year,
            DROP COLUMN receive_by;
        """
    )
