"""Eligibility: employers, rosters, headcount declarations, WCB and ACSA records, assessors, integrator access,
and the projection of training completions fed by events.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from collections.abc import Sequence

from migrations.script import run_sql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    run_sql(
        r"""
        CREATE TABLE eligibility_employer (
            id                 text PRIMARY KEY,
            wcb_account_number text NOT NULL UNIQUE CHECK (wcb_account_number ~ '^\d{6,10}$'),
            legal_name         text NOT NULL,
            trade_name         text,
            industry           text,
            contact_email      text NOT NULL,
            registered_by      text NOT NULL,
            created_at         timestamptz NOT NULL,
            updated_at         timestamptz NOT NULL,
            -- The outcome as of today, kept to filter on and to notice when a change flips it.
            outcome            text CHECK (outcome IN ('eligible', 'not_eligible', 'cor_required')),
            outcome_at         timestamptz
        );
        CREATE INDEX eligibility_employer_outcome ON eligibility_employer (outcome, id);

        CREATE TABLE eligibility_integrator_access (
            employer_id   text NOT NULL REFERENCES eligibility_employer (id) ON DELETE CASCADE,
            integrator_id text NOT NULL,
            granted_by    text NOT NULL,
            granted_at    timestamptz NOT NULL,
            PRIMARY KEY (employer_id, integrator_id)
        );
        CREATE INDEX eligibility_integrator_access_integrator ON eligibility_integrator_access (integrator_id, employer_id);

        CREATE TABLE eligibility_worker (
            id                     text PRIMARY KEY,
            employer_id            text NOT NULL REFERENCES eligibility_employer (id) ON DELETE CASCADE,
            external_id            text,
            given_name             text NOT NULL,
            family_name            text NOT NULL,
            email                  text,
            birth_date             date,
            learner_id             text,
            role                   text NOT NULL CHECK (role IN
                ('owner', 'manager', 'clerical', 'worker', 'family_member', 'volunteer', 'other')),
            employment_type        text NOT NULL CHECK (employment_type IN
                ('full_time', 'part_time', 'temporary', 'casual', 'seasonal')),
            covered_by_wcb_account boolean NOT NULL DEFAULT true,
            start_date             date NOT NULL,
            end_date               date CHECK (end_date IS NULL OR end_date >= start_date),
            -- Match keys (docs/rules.md §2): email case-folded; name with case, accents and spacing folded.
            email_key              text,
            name_key               text NOT NULL,
            created_at             timestamptz NOT NULL,
            updated_at             timestamptz NOT NULL,
            UNIQUE (employer_id, external_id)
        );
        CREATE INDEX eligibility_worker_employer ON eligibility_worker (employer_id, id);
        CREATE INDEX eligibility_worker_learner ON eligibility_worker (learner_id) WHERE learner_id IS NOT NULL;
        CREATE INDEX eligibility_worker_email ON eligibility_worker (email_key) WHERE email_key IS NOT NULL;

        CREATE TABLE eligibility_headcount_declaration (
            id             text PRIMARY KEY,
            employer_id    text NOT NULL REFERENCES eligibility_employer (id) ON DELETE CASCADE,
            period_start   date NOT NULL,
            period_end     date NOT NULL CHECK (period_end >= period_start),
            peak_headcount integer NOT NULL CHECK (peak_headcount >= 0),
            declared_by    text NOT NULL,
            created_at     timestamptz NOT NULL
        );
        CREATE INDEX eligibility_declaration_employer ON eligibility_headcount_declaration (employer_id, period_end);

        -- History, not state: each record says what the status was from its as_of date.
        CREATE TABLE eligibility_wcb_status (
            id          text PRIMARY KEY,
            employer_id text NOT NULL REFERENCES eligibility_employer (id) ON DELETE CASCADE,
            status      text NOT NULL CHECK (status IN ('active', 'inactive', 'closed')),
            as_of       date NOT NULL,
            recorded_by text NOT NULL,
            recorded_at timestamptz NOT NULL
        );
        CREATE INDEX eligibility_wcb_status_employer ON eligibility_wcb_status (employer_id, as_of DESC, recorded_at DESC);

        CREATE TABLE eligibility_acsa_membership (
            id            text PRIMARY KEY,
            employer_id   text NOT NULL REFERENCES eligibility_employer (id) ON DELETE CASCADE,
            member_number text NOT NULL,
            valid_from    date NOT NULL,
            valid_until   date NOT NULL CHECK (valid_until >= valid_from),
            recorded_by   text NOT NULL,
            recorded_at   timestamptz NOT NULL
        );
        CREATE INDEX eligibility_membership_employer ON eligibility_acsa_membership (employer_id, valid_until DESC);

        CREATE TABLE eligibility_assessor (
            employer_id text PRIMARY KEY REFERENCES eligibility_employer (id) ON DELETE CASCADE,
            given_name  text NOT NULL,
            family_name text NOT NULL,
            email       text,
            learner_id  text,
            internal    boolean NOT NULL,
            email_key   text,
            name_key    text NOT NULL,
            updated_by  text NOT NULL,
            updated_at  timestamptz NOT NULL
        );

        -- The training ledger as this service knows it, from training.completion_* events.
        CREATE TABLE eligibility_completion (
            completion_id               text PRIMARY KEY,
            provider_id                 text,
            provider_is_acsa            boolean NOT NULL DEFAULT false,
            course_code                 text NOT NULL,
            completed_on                date NOT NULL,
            expires_on                  date,
            given_name                  text NOT NULL,
            family_name                 text NOT NULL,
            email                       text,
            birth_date                  date,
            learner_id                  text,
            employer_wcb_account_number text,
            certificate_number          text,
            email_key                   text,
            name_key                    text NOT NULL,
            recorded_at                 timestamptz NOT NULL,
            revoked_at                  timestamptz
        );
        CREATE INDEX eligibility_completion_wcb ON eligibility_completion (employer_wcb_account_number, completion_id);
        CREATE INDEX eligibility_completion_learner ON eligibility_completion (learner_id) WHERE learner_id IS NOT NULL;
        CREATE INDEX eligibility_completion_email ON eligibility_completion (email_key) WHERE email_key IS NOT NULL;
        CREATE INDEX eligibility_completion_name ON eligibility_completion (name_key, employer_wcb_account_number);

        -- Staff's hand-made links of a completion to a worker, which win over the matching rules.
        CREATE TABLE eligibility_completion_link (
            completion_id text NOT NULL REFERENCES eligibility_completion (completion_id),
            employer_id   text NOT NULL REFERENCES eligibility_employer (id) ON DELETE CASCADE,
            worker_id     text NOT NULL REFERENCES eligibility_worker (id) ON DELETE CASCADE,
            linked_by     text NOT NULL,
            linked_at     timestamptz NOT NULL,
            PRIMARY KEY (completion_id, employer_id)
        );
        CREATE INDEX eligibility_completion_link_employer ON eligibility_completion_link (employer_id);

        -- Event ids already applied: a repeated delivery is acknowledged and ignored.
        CREATE TABLE eligibility_processed_event (
            event_id     text PRIMARY KEY,
            event_type   text NOT NULL,
            processed_at timestamptz NOT NULL DEFAULT now()
        );
        """
    )


def downgrade() -> None:
    run_sql(
        """
        DROP TABLE eligibility_processed_event, eligibility_completion_link, eligibility_completion,
            eligibility_assessor, eligibility_acsa_membership, eligibility_wcb_status,
            eligibility_headcount_declaration, eligibility_worker, eligibility_integrator_access,
            eligibility_employer;
        """
    )
