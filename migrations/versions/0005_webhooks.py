"""Gateway: webhook endpoints, deliveries (one per event and destination) and every attempt; the feed order;
what the gateway knows of employers (for who may see which event).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""

from collections.abc import Sequence

from migrations.script import run_sql

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    run_sql(
        r"""
        -- Who an event is about, for visibility: its employer, or the one its WCB number names.
        ALTER TABLE shared_outbox_event ADD COLUMN audience_employer_id text;
        CREATE INDEX shared_outbox_event_audience_feed ON shared_outbox_event (audience_employer_id, feed_position);
        CREATE SEQUENCE gateway_feed_position;

        CREATE TABLE gateway_employer (
            employer_id        text PRIMARY KEY,
            wcb_account_number text UNIQUE
        );
        CREATE TABLE gateway_employer_access (
            employer_id   text NOT NULL,
            integrator_id text NOT NULL,
            PRIMARY KEY (employer_id, integrator_id)
        );
        CREATE INDEX gateway_employer_access_integrator ON gateway_employer_access (integrator_id);

        CREATE TABLE gateway_webhook_endpoint (
            id                         text PRIMARY KEY,
            owner_kind                 text NOT NULL CHECK (owner_kind IN ('integrator', 'provider', 'staff')),
            integrator_id              text,
            provider_id                text,
            created_by                 text NOT NULL,
            url                        text NOT NULL,
            event_types                text[] NOT NULL DEFAULT '{}',
            description                text,
            contact_email              text,
            secret                     text NOT NULL,
            previous_secret            text,
            previous_secret_expires_at timestamptz,
            disabled_at                timestamptz,
            disabled_reason            text,
            failing_since              timestamptz,
            created_at                 timestamptz NOT NULL,
            updated_at                 timestamptz NOT NULL,
            CHECK ((owner_kind = 'integrator') = (integrator_id IS NOT NULL)),
            CHECK ((owner_kind = 'provider') = (provider_id IS NOT NULL))
        );
        CREATE INDEX gateway_webhook_endpoint_integrator ON gateway_webhook_endpoint (integrator_id);
        CREATE INDEX gateway_webhook_endpoint_provider ON gateway_webhook_endpoint (provider_id);

        -- One row per event and destination ('service:eligibility', or an endpoint id), claimed by workers
        -- with FOR UPDATE SKIP LOCKED and a lease, so a row held by a dead worker is taken again.
        CREATE TABLE gateway_delivery (
            id              bigserial PRIMARY KEY,
            event_id        text NOT NULL REFERENCES shared_outbox_event (id),
            target          text NOT NULL,
            endpoint_id     text REFERENCES gateway_webhook_endpoint (id) ON DELETE CASCADE,
            ordering_key    text,
            sequence        bigint,
            status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
            attempts        integer NOT NULL DEFAULT 0,
            next_attempt_at timestamptz NOT NULL DEFAULT now(),
            lease_owner     text,
            lease_until     timestamptz,
            last_status     integer,
            last_error      text,
            created_at      timestamptz NOT NULL DEFAULT now(),
            finished_at     timestamptz,
            UNIQUE (event_id, target)
        );
        CREATE INDEX gateway_delivery_due ON gateway_delivery (next_attempt_at, id) WHERE status = 'pending';
        CREATE INDEX gateway_delivery_order ON gateway_delivery (target, ordering_key, sequence)
            WHERE status = 'pending' AND ordering_key IS NOT NULL;
        CREATE INDEX gateway_delivery_endpoint_failed ON gateway_delivery (endpoint_id, finished_at)
            WHERE status = 'failed';

        CREATE TABLE gateway_delivery_attempt (
            id               bigserial PRIMARY KEY,
            delivery_id      bigint NOT NULL REFERENCES gateway_delivery (id) ON DELETE CASCADE,
            endpoint_id      text,
            event_id         text NOT NULL,
            attempted_at     timestamptz NOT NULL,
            status_code      integer,
            duration_ms      integer NOT NULL,
            response_excerpt text,
            error            text
        );
        CREATE INDEX gateway_delivery_attempt_endpoint ON gateway_delivery_attempt (endpoint_id, id);
        """
    )


def downgrade() -> None:
    run_sql(
        """
        DROP TABLE gateway_delivery_attempt, gateway_delivery, gateway_webhook_endpoint, gateway_employer_access,
            gateway_employer;
        DROP SEQUENCE gateway_feed_position;
        ALTER TABLE shared_outbox_event DROP COLUMN audience_employer_id;
        """
    )
