"""Facts with history: every fact a determination reads is kept in versions, so any (as_of, known_at) can be
answered again years later, and nothing an employer did can be erased.

- Workers, headcount declarations, the assessor and ACSA memberships become versions: each change is a new row
  (`recorded_at`, `recorded_by`, `change`, `reason`) and closes the one before (`superseded_at`); a record entered
  by mistake gets a last version marked `entered_in_error`. The current facts are the rows not superseded.
- WCB statuses were already dated records; they gain the reason for a correction.
- Integrator access and staff's hand-made links are withdrawn, not deleted.
- The completions projection learns each ledger entry's position, and the service keeps how far through the
  ledger it has applied (`completions_through`).
- An expiry later than the course's validity allows is capped in the projection (training refuses it now).

What exists is carried over as the first version of each fact, known since it was first recorded (the old
system answered past dates with today's facts, so this reproduces what it said).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

from collections.abc import Sequence

from migrations.script import run_sql

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Columns every versioned fact table gains.
_VERSIONED = """
    ADD COLUMN version_id       bigserial,
    ADD COLUMN superseded_at    timestamptz,
    ADD COLUMN change           text NOT NULL DEFAULT 'created'
        CHECK (change IN ('created', 'updated', 'ended', 'entered_in_error')),
    ADD COLUMN reason           text,
    ADD COLUMN entered_in_error boolean NOT NULL DEFAULT false
"""


def upgrade() -> None:
    run_sql(
        f"""
        -- Workers.
        ALTER TABLE eligibility_completion_link DROP CONSTRAINT eligibility_completion_link_worker_id_fkey;
        ALTER TABLE eligibility_worker {_VERSIONED}, ADD COLUMN recorded_at timestamptz, ADD COLUMN recorded_by text;
        UPDATE eligibility_worker SET recorded_at = created_at, recorded_by = 'migration';
        ALTER TABLE eligibility_worker
            ALTER COLUMN recorded_at SET NOT NULL, ALTER COLUMN recorded_by SET NOT NULL,
            DROP CONSTRAINT eligibility_worker_pkey, DROP CONSTRAINT eligibility_worker_employer_id_external_id_key,
            DROP COLUMN updated_at,
            ADD PRIMARY KEY (version_id);
        CREATE UNIQUE INDEX eligibility_worker_current ON eligibility_worker (id) WHERE superseded_at IS NULL;
        CREATE UNIQUE INDEX eligibility_worker_external_id ON eligibility_worker (employer_id, external_id)
            WHERE superseded_at IS NULL AND NOT entered_in_error;
        DROP INDEX eligibility_worker_employer, eligibility_worker_learner, eligibility_worker_email;
        CREATE INDEX eligibility_worker_employer ON eligibility_worker (employer_id, recorded_at);
        CREATE INDEX eligibility_worker_learner ON eligibility_worker (learner_id)
            WHERE learner_id IS NOT NULL AND superseded_at IS NULL;
        CREATE INDEX eligibility_worker_email ON eligibility_worker (email_key)
            WHERE email_key IS NOT NULL AND superseded_at IS NULL;

        -- Headcount declarations.
        ALTER TABLE eligibility_headcount_declaration {_VERSIONED};
        ALTER TABLE eligibility_headcount_declaration RENAME COLUMN created_at TO recorded_at;
        ALTER TABLE eligibility_headcount_declaration RENAME COLUMN declared_by TO recorded_by;
        ALTER TABLE eligibility_headcount_declaration
            DROP CONSTRAINT eligibility_headcount_declaration_pkey, ADD PRIMARY KEY (version_id);
        CREATE UNIQUE INDEX eligibility_declaration_current ON eligibility_headcount_declaration (id)
            WHERE superseded_at IS NULL;
        DROP INDEX eligibility_declaration_employer;
        CREATE INDEX eligibility_declaration_employer ON eligibility_headcount_declaration (employer_id, recorded_at);

        -- The assessor.
        ALTER TABLE eligibility_assessor {_VERSIONED};
        ALTER TABLE eligibility_assessor RENAME COLUMN updated_at TO recorded_at;
        ALTER TABLE eligibility_assessor RENAME COLUMN updated_by TO recorded_by;
        ALTER TABLE eligibility_assessor DROP CONSTRAINT eligibility_assessor_pkey, ADD PRIMARY KEY (version_id);
        CREATE UNIQUE INDEX eligibility_assessor_current ON eligibility_assessor (employer_id)
            WHERE superseded_at IS NULL;
        CREATE INDEX eligibility_assessor_employer ON eligibility_assessor (employer_id, recorded_at);

        -- ACSA memberships: a membership recorded again under its number corrects the one before.
        ALTER TABLE eligibility_acsa_membership {_VERSIONED};
        ALTER TABLE eligibility_acsa_membership
            DROP CONSTRAINT eligibility_acsa_membership_pkey, ADD PRIMARY KEY (version_id);
        CREATE INDEX eligibility_membership_versions ON eligibility_acsa_membership (employer_id, member_number);

        -- WCB statuses: dated records already; a correction says why.
        ALTER TABLE eligibility_wcb_status ADD COLUMN reason text;

        -- Integrator access: granted and withdrawn, both kept.
        ALTER TABLE eligibility_integrator_access
            ADD COLUMN version_id bigserial, ADD COLUMN withdrawn_at timestamptz, ADD COLUMN withdrawn_by text,
            DROP CONSTRAINT eligibility_integrator_access_pkey, ADD PRIMARY KEY (version_id);
        CREATE UNIQUE INDEX eligibility_integrator_access_current
            ON eligibility_integrator_access (employer_id, integrator_id) WHERE withdrawn_at IS NULL;
        DROP INDEX eligibility_integrator_access_integrator;
        CREATE INDEX eligibility_integrator_access_integrator ON eligibility_integrator_access (integrator_id, employer_id)
            WHERE withdrawn_at IS NULL;

        -- Staff's links: unlinked, not deleted.
        ALTER TABLE eligibility_completion_link
            ADD COLUMN version_id bigserial, ADD COLUMN unlinked_at timestamptz, ADD COLUMN unlinked_by text,
            DROP CONSTRAINT eligibility_completion_link_pkey, ADD PRIMARY KEY (version_id);
        CREATE UNIQUE INDEX eligibility_completion_link_current
            ON eligibility_completion_link (completion_id, employer_id) WHERE unlinked_at IS NULL;

        -- The ledger as applied here.
        ALTER TABLE eligibility_completion ADD COLUMN ledger_seq bigint;
        CREATE TABLE eligibility_ledger_position (
            only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
            through  bigint NOT NULL
        );
        CREATE TABLE eligibility_ledger_ahead (seq bigint PRIMARY KEY);
        -- One entry applied: the position moves on while the entries after it are all in (taken in turn, under
        -- the position's lock, so concurrent deliveries never leave it behind).
        CREATE FUNCTION eligibility_ledger_applied(p_seq bigint) RETURNS bigint LANGUAGE plpgsql AS $$
        DECLARE
            v_through bigint;
        BEGIN
            SELECT through INTO v_through FROM eligibility_ledger_position FOR UPDATE;
            IF p_seq <= v_through THEN
                RETURN v_through;
            END IF;
            INSERT INTO eligibility_ledger_ahead (seq) VALUES (p_seq) ON CONFLICT DO NOTHING;
            IF p_seq = v_through + 1 THEN
                SELECT min(a.seq) INTO v_through FROM eligibility_ledger_ahead a
                WHERE a.seq > v_through
                  AND NOT EXISTS (SELECT 1 FROM eligibility_ledger_ahead b WHERE b.seq = a.seq + 1);
                UPDATE eligibility_ledger_position SET through = v_through;
                DELETE FROM eligibility_ledger_ahead WHERE seq <= v_through;
            END IF;
            RETURN v_through;
        END $$;
        -- Everything in the ledger at the upgrade has been (or is being) delivered; count from there.
        INSERT INTO eligibility_ledger_position (through)
        SELECT coalesce(max(seq), 0) FROM training_ledger_entry;

        -- No expiry beyond the course's validity, whatever a provider said.
        UPDATE eligibility_completion e
        SET expires_on = (e.completed_on + make_interval(months => c.validity_months))::date
        FROM training_course c
        WHERE c.code = e.course_code AND c.validity_months IS NOT NULL AND e.expires_on IS NOT NULL
          AND e.expires_on > (e.completed_on + make_interval(months => c.validity_months))::date;

        -- A completion's events now say its place in the ledger: recorded entries are chained before publishing.
        CREATE OR REPLACE FUNCTION training_record_completions(
            p_ids text[], p_provider_id text, p_record_ids text[], p_course_codes text[], p_completed_on date[],
            p_given text[], p_family text[], p_email text[], p_birth date[], p_learner_id text[],
            p_wcb text[], p_certificate text[], p_expires date[], p_recorded_at timestamptz,
            p_source text, p_event_ids text[], p_event_types text[], p_event_data text[], p_event_employer_ids text[],
            p_event_provider_ids text[], p_event_ordering_keys text[], p_event_sequences bigint[]
        ) RETURNS TABLE (completion_id text, seq bigint) LANGUAGE plpgsql AS $$
        DECLARE
            v_ids      text[];
            v_payloads jsonb[];
            v_seq_ids  text[];
            v_seqs     bigint[];
        BEGIN
            WITH inserted AS (
                INSERT INTO training_completion AS c (
                    id, provider_id, provider_record_id, course_code, completed_on,
                    learner_given_name, learner_family_name, learner_email, learner_birth_date, learner_id,
                    employer_wcb_account_number, certificate_number, expires_on, recorded_at)
                SELECT t.id, p_provider_id, t.record_id, t.course_code, t.completed_on, t.given, t.family, t.email,
                       t.birth, t.learner_id, t.wcb, t.certificate, t.expires, p_recorded_at
                FROM unnest(p_ids, p_record_ids, p_course_codes, p_completed_on, p_given, p_family, p_email, p_birth,
                            p_learner_id, p_wcb, p_certificate, p_expires)
                     AS t(id, record_id, course_code, completed_on, given, family, email, birth, learner_id, wcb,
                          certificate, expires)
                ON CONFLICT (provider_id, provider_record_id) DO NOTHING
                RETURNING c.*
            )
            SELECT coalesce(array_agg(i.id ORDER BY i.id), '{{}}'),
                   coalesce(array_agg(training_completion_payload(i::training_completion) ORDER BY i.id), '{{}}')
            INTO v_ids, v_payloads FROM inserted i;
            SELECT coalesce(array_agg(a.completion_id), '{{}}'), coalesce(array_agg(a.seq), '{{}}')
            INTO v_seq_ids, v_seqs FROM training_ledger_append('recorded', v_ids, v_payloads, p_recorded_at) a;
            PERFORM shared_outbox_publish(
                p_source, array_agg(e.id), array_agg(e.type),
                array_agg((CAST(e.data AS jsonb) || jsonb_build_object('ledger_seq', s.seq))::text),
                array_agg(e.employer_id), array_agg(e.provider_id), array_agg(e.ordering_key), array_agg(e.sequence))
            FROM unnest(p_ids, p_event_ids, p_event_types, p_event_data, p_event_employer_ids, p_event_provider_ids,
                        p_event_ordering_keys, p_event_sequences)
                 AS e(completion_id, id, type, data, employer_id, provider_id, ordering_key, sequence)
            JOIN unnest(v_seq_ids, v_seqs) AS s(completion_id, seq) ON s.completion_id = e.completion_id
            HAVING count(*) > 0;
            RETURN QUERY SELECT * FROM unnest(v_seq_ids, v_seqs);
        END $$;
        """
    )


def downgrade() -> None:
    raise NotImplementedError(
        "0011 keeps history that the earlier form cannot hold; restore a backup taken before the upgrade instead"
    )
