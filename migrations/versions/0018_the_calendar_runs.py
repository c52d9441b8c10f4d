"""The calendar runs: a suspended certificate's years still come due, and an outcome that the calendar alone
changes is due work.

A year missed while its certificate is suspended is recorded in the history as `maintenance_missed` (the
certificate stays suspended; reinstating it then cancels it). Each employer carries the first day on which its
outcome could change with no new fact (`outcome_changes_on`: a membership or WCB status ending, a course
expiring, the 12-month window rolling past a peak, the assessor's years running out, a dated term beginning);
the scheduler takes the employers whose day has come.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07
"""

from collections.abc import Sequence

from migrations.script import run_sql

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    run_sql(
        """
        ALTER TABLE eligibility_certificate_history DROP CONSTRAINT eligibility_certificate_history_action_check;
        ALTER TABLE eligibility_certificate_history ADD CONSTRAINT eligibility_certificate_history_action_check
            CHECK (action IN ('issued', 'imported', 'maintained', 'maintenance_not_applied', 'maintenance_missed',
                              'status_changed'));
        -- NULL: not worked out yet; the scheduler takes those first, once, and sets the day.
        ALTER TABLE eligibility_employer ADD COLUMN outcome_changes_on date;
        CREATE INDEX eligibility_employer_outcome_changes_on ON eligibility_employer (outcome_changes_on);
        """
    )


def downgrade() -> None:
    run_sql(
        """
        ALTER TABLE eligibility_employer DROP COLUMN outcome_changes_on;
        DELETE FROM eligibility_certificate_history WHERE action = 'maintenance_missed';
        ALTER TABLE eligibility_certificate_history DROP CONSTRAINT eligibility_certificate_history_action_check;
        ALTER TABLE eligibility_certificate_history ADD CONSTRAINT eligibility_certificate_history_action_check
            CHECK (action IN ('issued', 'imported', 'maintained', 'maintenance_not_applied', 'status_changed'));
        """
    )
