"""Submission: evaluations, their packages and addenda, the QA history, and what the service knows of
employers (access, from eligibility's events).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26
"""

from collections.abc import Sequence

from migrations.script import run_sql

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    run_sql(
        r"""
        CREATE TABLE submission_submission (
            id                  text PRIMARY KEY,
            employer_id         text NOT NULL,
            kind                text NOT NULL CHECK (kind IN ('certification', 'maintenance')),
            audit_period_start  date NOT NULL,
            audit_period_end    date NOT NULL CHECK (audit_period_end >= audit_period_start),
            contact_email       text NOT NULL,
            assessor            jsonb NOT NULL,
            element_scores      jsonb,
            instrument_version  text NOT NULL,
            status              text NOT NULL CHECK (status IN ('awaiting_package', 'validating', 'returned_at_intake',
                                    'in_qa', 'information_requested', 'approved', 'returned', 'failed')),
            package             jsonb,
            intake_report       jsonb,
            -- Intake runs in the background: whoever holds this lease is validating the package now.
            intake_lease_until  timestamptz,
            qa_analyst          text,
            qa_score            numeric(5, 2),
            created_by          text NOT NULL,
            creator_integrator  text,
            created_at          timestamptz NOT NULL,
            updated_at          timestamptz NOT NULL
        );
        CREATE INDEX submission_employer ON submission_submission (employer_id, id);
        CREATE INDEX submission_status ON submission_submission (status, id);
        CREATE INDEX submission_validating ON submission_submission (intake_lease_until) WHERE status = 'validating';

        CREATE TABLE submission_history (
            id            bigserial PRIMARY KEY,
            submission_id text NOT NULL REFERENCES submission_submission (id) ON DELETE CASCADE,
            at            timestamptz NOT NULL,
            status        text NOT NULL,
            by            text NOT NULL,
            note          text
        );
        CREATE INDEX submission_history_submission ON submission_history (submission_id, id);

        CREATE TABLE submission_addendum (
            id            text PRIMARY KEY,
            submission_id text NOT NULL REFERENCES submission_submission (id) ON DELETE CASCADE,
            package       jsonb NOT NULL,
            intake_report jsonb,
            status        text NOT NULL CHECK (status IN ('validating', 'accepted', 'rejected')),
            received_by   text NOT NULL,
            received_at   timestamptz NOT NULL,
            intake_lease_until timestamptz
        );
        CREATE INDEX submission_addendum_submission ON submission_addendum (submission_id, received_at);
        CREATE INDEX submission_addendum_validating ON submission_addendum (intake_lease_until) WHERE status = 'validating';

        -- From employer.integrator_access_changed: who may see which employer's submissions.
        CREATE TABLE submission_employer_access (
            employer_id   text NOT NULL,
            integrator_id text NOT NULL,
            granted       boolean NOT NULL,
            changed_at    timestamptz NOT NULL,
            PRIMARY KEY (employer_id, integrator_id)
        );
        CREATE INDEX submission_employer_access_integrator ON submission_employer_access (integrator_id) WHERE granted;

        CREATE TABLE submission_processed_event (
            event_id     text PRIMARY KEY,
            event_type   text NOT NULL,
            processed_at timestamptz NOT NULL DEFAULT now()
        );
        """
    )


def downgrade() -> None:
    run_sql(
        """
        DROP TABLE submission_processed_event, submission_employer_access, submission_addendum, submission_history,
            submission_submission;
        """
    )
