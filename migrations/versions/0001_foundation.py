"""Foundation: the shared outbox (events, per-aggregate sequences, mail), gateway API keys and idempotency.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from collections.abc import Sequence

from migrations.script import run_sql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    run_sql(
        r"""
        CREATE TABLE shared_outbox_event (
            id            text PRIMARY KEY,
            type          text NOT NULL,
            source        text NOT NULL,
            occurred_at   timestamptz NOT NULL DEFAULT now(),
            data          jsonb NOT NULL,
            employer_id   text,
            provider_id   text,
            ordering_key  text,
            sequence      bigint,
            -- Set by the worker when it fans the event out; the public feed pages by it, so an event
            -- committed late can never slip in behind a client's cursor.
            feed_position bigint UNIQUE,
            dispatched_at timestamptz,
            CHECK ((ordering_key IS NULL) = (sequence IS NULL))
        );
        CREATE INDEX shared_outbox_event_undispatched ON shared_outbox_event (id) WHERE feed_position IS NULL;
        CREATE INDEX shared_outbox_event_type_feed ON shared_outbox_event (type, feed_position);
        CREATE INDEX shared_outbox_event_employer_feed ON shared_outbox_event (employer_id, feed_position);
        CREATE INDEX shared_outbox_event_provider_feed ON shared_outbox_event (provider_id, feed_position);

        -- The one way rows enter the outbox: Python's publish() calls it, and so can a service's own SQL
        -- function that publishes in the same round trip as its write.
        CREATE FUNCTION shared_outbox_publish(
            p_source text, p_ids text[], p_types text[], p_data text[], p_employer_ids text[],
            p_provider_ids text[], p_ordering_keys text[], p_sequences bigint[]
        ) RETURNS void LANGUAGE sql AS $$
            INSERT INTO shared_outbox_event (id, type, source, data, employer_id, provider_id, ordering_key, sequence)
            SELECT e.id, e.type, p_source, e.data::jsonb, e.employer_id, e.provider_id, e.ordering_key, e.sequence
            FROM unnest(p_ids, p_types, p_data, p_employer_ids, p_provider_ids, p_ordering_keys, p_sequences)
                 AS e(id, type, data, employer_id, provider_id, ordering_key, sequence)
        $$;

        CREATE TABLE shared_outbox_sequence (
            ordering_key  text PRIMARY KEY,
            last_sequence bigint NOT NULL
        );

        CREATE TABLE shared_outbox_mail (
            id              text PRIMARY KEY,
            source          text NOT NULL,
            to_address      text NOT NULL,
            subject         text NOT NULL,
            body_text       text NOT NULL,
            dedupe_key      text UNIQUE,
            created_at      timestamptz NOT NULL DEFAULT now(),
            not_before      timestamptz NOT NULL DEFAULT now(),
            status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'dead')),
            attempts        integer NOT NULL DEFAULT 0,
            next_attempt_at timestamptz NOT NULL DEFAULT now(),
            lease_owner     text,
            lease_until     timestamptz,
            sent_at         timestamptz,
            last_error      text
        );
        CREATE INDEX shared_outbox_mail_due ON shared_outbox_mail (next_attempt_at) WHERE status = 'pending';

        -- A wake-up for the worker on every outbox write, once per statement, so publishers need no extra
        -- round trip; it is delivered at commit, never for a rolled-back write.
        CREATE FUNCTION shared_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('secor_outbox', TG_TABLE_NAME);
            RETURN NULL;
        END $$;
        CREATE TRIGGER shared_outbox_event_notify AFTER INSERT ON shared_outbox_event
            FOR EACH STATEMENT EXECUTE FUNCTION shared_outbox_notify();
        CREATE TRIGGER shared_outbox_mail_notify AFTER INSERT ON shared_outbox_mail
            FOR EACH STATEMENT EXECUTE FUNCTION shared_outbox_notify();

        CREATE TABLE gateway_api_key (
            id            text PRIMARY KEY,
            name          text NOT NULL,
            kind          text NOT NULL CHECK (kind IN ('provider', 'integrator', 'staff')),
            role          text CHECK (role IN ('admin', 'qa_analyst', 'viewer')),
            provider_id   text,
            integrator_id text,
            key_prefix    text NOT NULL,
            key_hash      text NOT NULL UNIQUE,
            rate_limit_per_minute integer CHECK (rate_limit_per_minute > 0),
            created_at    timestamptz NOT NULL DEFAULT now(),
            created_by    text,
            revoked_at    timestamptz,
            CHECK ((kind = 'staff') = (role IS NOT NULL)),
            CHECK ((kind = 'provider') = (provider_id IS NOT NULL)),
            CHECK ((kind = 'integrator') = (integrator_id IS NOT NULL))
        );

        CREATE TABLE gateway_idempotency_key (
            principal_id     text NOT NULL,
            key              text NOT NULL,
            method           text NOT NULL,
            path             text NOT NULL,
            state            text NOT NULL CHECK (state IN ('in_flight', 'completed')),
            request_hash     text,
            status_code      integer,
            response_headers jsonb,
            response_body    bytea,
            created_at       timestamptz NOT NULL DEFAULT now(),
            completed_at     timestamptz,
            PRIMARY KEY (principal_id, key)
        );
        CREATE INDEX gateway_idempotency_key_created ON gateway_idempotency_key (created_at);
        """
    )


def downgrade() -> None:
    run_sql(
        """
        DROP TABLE gateway_idempotency_key;
        DROP TABLE gateway_api_key;
        DROP TABLE shared_outbox_mail;
        DROP FUNCTION shared_outbox_notify;
        DROP FUNCTION shared_outbox_publish;
        DROP TABLE shared_outbox_sequence;
        DROP TABLE shared_outbox_event;
        """
    )
