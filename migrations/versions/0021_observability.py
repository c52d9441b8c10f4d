"""Observability: the trace an event was published in is kept with it, so its deliveries continue that trace.

`shared_outbox_event.traceparent` is the W3C `traceparent` of the request (or delivered event) being handled
when the event was published; NULL when it was published outside any (the worker then derives the trace from
the event's id). Both ways into the outbox take it: `shared_outbox_publish` has one more array, which callers
may leave out, and `training_record_completions` passes its events' through.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-08
"""

from collections.abc import Sequence

from migrations.script import run_sql

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    run_sql(
        r"""
        ALTER TABLE shared_outbox_event ADD COLUMN traceparent text;

        DROP FUNCTION training_record_completions(
            text[], text, text[], text[], date[], text[], text[], text[], date[], text[], text[], text[], date[],
            timestamptz, text, text[], text[], text[], text[], text[], text[], bigint[]);
        DROP FUNCTION shared_outbox_publish(text, text[], text[], text[], text[], text[], text[], bigint[]);

        -- unnest() pads a shorter array with NULLs: events published without traces have none.
        CREATE FUNCTION shared_outbox_publish(
            p_source text, p_ids text[], p_types text[], p_data text[], p_employer_ids text[],
            p_provider_ids text[], p_ordering_keys text[], p_sequences bigint[], p_traceparents text[] DEFAULT '{}'
        ) RETURNS void LANGUAGE sql AS $$
            INSERT INTO shared_outbox_event
                (id, type, source, data, employer_id, provider_id, ordering_key, sequence, traceparent)
            SELECT e.id, e.type, p_source, e.data::jsonb, e.employer_id, e.provider_id, e.ordering_key, e.sequence,
                   e.traceparent
            FROM unnest(p_ids, p_types, p_data, p_employer_ids, p_provider_ids, p_ordering_keys, p_sequences,
                        coalesce(p_traceparents, '{}'))
                 AS e(id, type, data, employer_id, provider_id, ordering_key, sequence, traceparent)
            WHERE e.id IS NOT NULL
        $$;

        CREATE FUNCTION training_record_completions(
            p_ids text[], p_provider_id text, p_record_ids text[], p_course_codes text[], p_completed_on date[],
            p_given text[], p_family text[], p_email text[], p_birth date[], p_learner_id text[],
            p_wcb text[], p_certificate text[], p_expires date[], p_recorded_at timestamptz,
            p_source text, p_event_ids text[], p_event_types text[], p_event_data text[], p_event_employer_ids text[],
            p_event_provider_ids text[], p_event_ordering_keys text[], p_event_sequences bigint[],
            p_event_traceparents text[]
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
            SELECT coalesce(array_agg(i.id ORDER BY i.id), '{}'),
                   coalesce(array_agg(training_completion_payload(i::training_completion) ORDER BY i.id), '{}')
            INTO v_ids, v_payloads FROM inserted i;
            SELECT coalesce(array_agg(a.completion_id), '{}'), coalesce(array_agg(a.seq), '{}')
            INTO v_seq_ids, v_seqs FROM training_ledger_append('recorded', v_ids, v_payloads, p_recorded_at) a;
            PERFORM shared_outbox_publish(
                p_source, array_agg(e.id), array_agg(e.type),
                array_agg((CAST(e.data AS jsonb) || jsonb_build_object('ledger_seq', s.seq))::text),
                array_agg(e.employer_id), array_agg(e.provider_id), array_agg(e.ordering_key), array_agg(e.sequence),
                array_agg(e.traceparent))
            FROM unnest(p_ids, p_event_ids, p_event_types, p_event_data, p_event_employer_ids, p_event_provider_ids,
                        p_event_ordering_keys, p_event_sequences, p_event_traceparents)
                 AS e(completion_id, id, type, data, employer_id, provider_id, ordering_key, sequence, traceparent)
            JOIN unnest(v_seq_ids, v_seqs) AS s(completion_id, seq) ON s.completion_id = e.completion_id
            HAVING count(*) > 0;
            RETURN QUERY SELECT * FROM unnest(v_seq_ids, v_seqs);
        END $$;
        """
    )


def downgrade() -> None:
    raise NotImplementedError(
        "0021 replaced training_record_completions; restore a backup taken before the upgrade instead"
    )
