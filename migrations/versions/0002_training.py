"""Training: course catalogue, providers, the append-only completion ledger (hash-chained).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from collections.abc import Sequence

from migrations.script import run_sql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    run_sql(
        r"""
        CREATE TABLE training_course (
            code            text PRIMARY KEY CHECK (code ~ '^[A-Z0-9][A-Z0-9_-]{1,15}$'),
            title           text NOT NULL,
            category        text NOT NULL CHECK (category IN ('management', 'first_aid', 'industry', 'other')),
            validity_months integer CHECK (validity_months > 0),
            acsa_course     boolean NOT NULL DEFAULT false,
            created_at      timestamptz NOT NULL DEFAULT now()
        );

        CREATE TABLE training_provider (
            id         text PRIMARY KEY,
            name       text NOT NULL UNIQUE,
            is_acsa    boolean NOT NULL DEFAULT false,
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now()
        );

        CREATE TABLE training_provider_course (
            provider_id text NOT NULL REFERENCES training_provider (id) ON DELETE CASCADE,
            course_code text NOT NULL REFERENCES training_course (code),
            PRIMARY KEY (provider_id, course_code)
        );

        -- Completions are inserted once and never changed; a revocation is its own row and ledger entry.
        CREATE TABLE training_completion (
            id                          text PRIMARY KEY,
            provider_id                 text NOT NULL REFERENCES training_provider (id),
            provider_record_id          text NOT NULL,
            course_code                 text NOT NULL REFERENCES training_course (code),
            completed_on                date NOT NULL,
            learner_given_name          text NOT NULL,
            learner_family_name         text NOT NULL,
            learner_email               text,
            learner_birth_date          date,
            learner_id                  text,
            employer_wcb_account_number text,
            certificate_number          text,
            expires_on                  date,
            recorded_at                 timestamptz NOT NULL,
            UNIQUE (provider_id, provider_record_id)
        );
        CREATE INDEX training_completion_course ON training_completion (course_code, id);
        CREATE INDEX training_completion_wcb ON training_completion (employer_wcb_account_number, id);
        CREATE INDEX training_completion_email ON training_completion (lower(learner_email), id);
        CREATE INDEX training_completion_completed ON training_completion (completed_on);
        CREATE INDEX training_completion_provider ON training_completion (provider_id, id);

        CREATE TABLE training_revocation (
            completion_id text PRIMARY KEY REFERENCES training_completion (id),
            reason        text NOT NULL,
            revoked_by    text NOT NULL,
            revoked_at    timestamptz NOT NULL
        );

        CREATE TABLE training_ledger_entry (
            seq           bigint PRIMARY KEY,
            kind          text NOT NULL CHECK (kind IN ('recorded', 'revoked')),
            completion_id text NOT NULL REFERENCES training_completion (id),
            recorded_at   timestamptz NOT NULL,
            payload       jsonb NOT NULL,
            prev_hash     text NOT NULL,
            hash          text NOT NULL
        );
        CREATE INDEX training_ledger_entry_completion ON training_ledger_entry (completion_id, seq);

        -- The chain's head: appending locks this one row, so sequence numbers are gap-free and each entry
        -- carries the hash of the one before it, however many writers there are.
        CREATE TABLE training_ledger_head (
            id        integer PRIMARY KEY CHECK (id = 1),
            last_seq  bigint NOT NULL,
            last_hash text NOT NULL
        );
        INSERT INTO training_ledger_head VALUES (1, 0, repeat('0', 64));

        -- The one definition of an entry's hash, used by append and by verification alike.
        CREATE FUNCTION training_ledger_hash(
            prev_hash text, seq bigint, kind text, completion_id text, recorded_at timestamptz, payload jsonb
        ) RETURNS text LANGUAGE sql IMMUTABLE STRICT AS $$
            SELECT encode(sha256(convert_to(
                prev_hash || '|' || seq || '|' || kind || '|' || completion_id || '|'
                || to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '|' || payload::text,
                'UTF8')), 'hex')
        $$;

        -- Hashes are chained one by one; the rows go in with one set-based INSERT.
        CREATE FUNCTION training_ledger_append(
            p_kind text, p_completion_ids text[], p_payloads jsonb[], p_recorded_at timestamptz
        ) RETURNS TABLE (completion_id text, seq bigint) LANGUAGE plpgsql AS $$
        DECLARE
            v_first  bigint;
            v_hash   text;
            v_prev   text[] := '{}';
            v_hashes text[] := '{}';
            v_count  integer := coalesce(array_length(p_completion_ids, 1), 0);
            i        integer;
        BEGIN
            SELECT h.last_seq, h.last_hash INTO v_first, v_hash FROM training_ledger_head h WHERE h.id = 1 FOR UPDATE;
            FOR i IN 1 .. v_count LOOP
                v_prev[i] := v_hash;
                v_hash := training_ledger_hash(v_hash, v_first + i, p_kind, p_completion_ids[i], p_recorded_at, p_payloads[i]);
                v_hashes[i] := v_hash;
            END LOOP;
            INSERT INTO training_ledger_entry (seq, kind, completion_id, recorded_at, payload, prev_hash, hash)
            SELECT v_first + t.n, p_kind, t.cid, p_recorded_at, t.payload, t.prev, t.hash
            FROM unnest(p_completion_ids, p_payloads, v_prev, v_hashes) WITH ORDINALITY AS t(cid, payload, prev, hash, n);
            UPDATE training_ledger_head SET last_seq = v_first + v_count, last_hash = v_hash WHERE id = 1;
            RETURN QUERY SELECT t.cid, v_first + t.n FROM unnest(p_completion_ids) WITH ORDINALITY AS t(cid, n);
        END $$;

        -- What a recorded ledger entry says about its completion: the one definition, used to append and to verify.
        CREATE FUNCTION training_completion_payload(c training_completion) RETURNS jsonb
        LANGUAGE sql IMMUTABLE AS $$
            SELECT jsonb_build_object(
                'provider_id', c.provider_id,
                'provider_record_id', c.provider_record_id,
                'course_code', c.course_code,
                'completed_on', c.completed_on,
                'learner', jsonb_build_object(
                    'given_name', c.learner_given_name, 'family_name', c.learner_family_name,
                    'email', c.learner_email, 'birth_date', c.learner_birth_date, 'learner_id', c.learner_id),
                'employer_wcb_account_number', c.employer_wcb_account_number,
                'certificate_number', c.certificate_number,
                'expires_on', c.expires_on)
        $$;

        -- Insert completions (a repeated provider_record_id is skipped), publish the new ones' events (given
        -- as arrays parallel to the rows) and chain them onto the ledger: one round trip for the whole write.
        -- Returns the new completions and their sequence numbers.
        CREATE FUNCTION training_record_completions(
            p_ids text[], p_provider_id text, p_record_ids text[], p_course_codes text[], p_completed_on date[],
            p_given text[], p_family text[], p_email text[], p_birth date[], p_learner_id text[],
            p_wcb text[], p_certificate text[], p_expires date[], p_recorded_at timestamptz,
            p_source text, p_event_ids text[], p_event_types text[], p_event_data text[], p_event_employer_ids text[],
            p_event_provider_ids text[], p_event_ordering_keys text[], p_event_sequences bigint[]
        ) RETURNS TABLE (completion_id text, seq bigint) LANGUAGE plpgsql AS $$
        DECLARE
            v_ids      text[];
            v_payloads jsonb[];
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
            SELECT coalesce(array_agg(i.id ORDER BY i.id), '{}'),
                   coalesce(array_agg(training_completion_payload(i::training_completion) ORDER BY i.id), '{}')
            INTO v_ids, v_payloads FROM inserted i;
            PERFORM shared_outbox_publish(
                p_source, array_agg(e.id), array_agg(e.type), array_agg(e.data), array_agg(e.employer_id),
                array_agg(e.provider_id), array_agg(e.ordering_key), array_agg(e.sequence))
            FROM unnest(p_ids, p_event_ids, p_event_types, p_event_data, p_event_employer_ids, p_event_provider_ids,
                        p_event_ordering_keys, p_event_sequences)
                 AS e(completion_id, id, type, data, employer_id, provider_id, ordering_key, sequence)
            WHERE e.completion_id = ANY(v_ids)
            HAVING count(*) > 0;
            RETURN QUERY SELECT * FROM training_ledger_append('recorded', v_ids, v_payloads, p_recorded_at);
        END $$;

        -- Append-only in fact, not just by convention: changing or deleting history is refused.
        CREATE FUNCTION training_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
        END $$;
        CREATE TRIGGER training_ledger_entry_append_only BEFORE UPDATE OR DELETE ON training_ledger_entry
            FOR EACH ROW EXECUTE FUNCTION training_refuse_change();
        CREATE TRIGGER training_completion_append_only BEFORE UPDATE OR DELETE ON training_completion
            FOR EACH ROW EXECUTE FUNCTION training_refuse_change();
        CREATE TRIGGER training_revocation_append_only BEFORE UPDATE OR DELETE ON training_revocation
            FOR EACH ROW EXECUTE FUNCTION training_refuse_change();
        """
    )


def downgrade() -> None:
    run_sql(
        """
        DROP TABLE training_ledger_head, training_ledger_entry, training_revocation, training_completion,
            training_provider_course, training_provider, training_course;
        DROP FUNCTION training_record_completions, training_completion_payload, training_ledger_append,
            training_ledger_hash, training_refuse_change;
        """
    )
