"""Certificates: issued from approved certifications, maintained each interim year, reminded about, verified
by anyone; the reminder schedule lives here so that it survives restarts.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26
"""

from collections.abc import Sequence

from migrations.script import run_sql

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    run_sql(
        r"""
        CREATE SEQUENCE eligibility_certificate_serial;

        CREATE TABLE eligibility_certificate (
            number               text PRIMARY KEY,
            employer_id          text NOT NULL REFERENCES eligibility_employer (id),
            submission_id        text NOT NULL UNIQUE,
            program              text NOT NULL DEFAULT 'SECOR',
            status               text NOT NULL CHECK (status IN
                ('active', 'maintenance_due', 'suspended', 'expired', 'cancelled', 'revoked')),
            status_reason        text,
            status_changed_at    timestamptz NOT NULL,
            valid_from           date NOT NULL,
            valid_until          date NOT NULL CHECK (valid_until > valid_from),
            documentation_months integer NOT NULL CHECK (documentation_months >= 3),
            audit_period_start   date NOT NULL,
            audit_period_end     date NOT NULL,
            qa_score             numeric(5, 2),
            issued_at            timestamptz NOT NULL
        );
        CREATE INDEX eligibility_certificate_employer ON eligibility_certificate (employer_id, valid_from DESC);
        CREATE INDEX eligibility_certificate_status ON eligibility_certificate (status, valid_until);

        -- The interim years: each due on or before an anniversary, maintained by an approved maintenance.
        CREATE TABLE eligibility_certificate_maintenance (
            certificate_number  text NOT NULL REFERENCES eligibility_certificate (number) ON DELETE CASCADE,
            year                integer NOT NULL CHECK (year >= 2),
            due_on              date NOT NULL,
            status              text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'maintained', 'missed')),
            maintained_on       date,
            submission_id       text,
            pir_refund_eligible boolean,
            PRIMARY KEY (certificate_number, year)
        );
        CREATE INDEX eligibility_certificate_maintenance_pending
            ON eligibility_certificate_maintenance (due_on) WHERE status = 'pending';

        -- Every reminder, made when the certificate is issued: sent once (the row says so), or skipped.
        CREATE TABLE eligibility_certificate_reminder (
            id                 bigserial PRIMARY KEY,
            certificate_number text NOT NULL REFERENCES eligibility_certificate (number) ON DELETE CASCADE,
            due                text NOT NULL CHECK (due IN ('maintenance', 'expiry')),
            year               integer,
            due_on             date NOT NULL,
            days_before        integer NOT NULL CHECK (days_before >= 0),
            send_on            date NOT NULL,
            status             text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'skipped')),
            sent_at            timestamptz,
            note               text,
            UNIQUE (certificate_number, due, year, days_before)
        );
        CREATE INDEX eligibility_certificate_reminder_due
            ON eligibility_certificate_reminder (send_on, id) WHERE status = 'pending';

        -- Verification answers are cached by every eligibility process and by the gateways in front; a change
        -- (or a new number, which was a 404 until now) tells them all at commit.
        CREATE FUNCTION eligibility_certificate_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('secor_certificate', NEW.number);
            PERFORM pg_notify('secor_public_cache', '/v1/certificates/' || NEW.number || '/verification');
            RETURN NULL;
        END $$;
        CREATE TRIGGER eligibility_certificate_changed AFTER INSERT OR UPDATE ON eligibility_certificate
            FOR EACH ROW EXECUTE FUNCTION eligibility_certificate_changed();

        -- The holder's name is part of the public answer too.
        CREATE FUNCTION eligibility_certificate_holder_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            held text;
        BEGIN
            FOR held IN SELECT number FROM eligibility_certificate WHERE employer_id = NEW.id LOOP
                PERFORM pg_notify('secor_certificate', held);
                PERFORM pg_notify('secor_public_cache', '/v1/certificates/' || held || '/verification');
            END LOOP;
            RETURN NULL;
        END $$;
        CREATE TRIGGER eligibility_certificate_holder_renamed AFTER UPDATE OF legal_name ON eligibility_employer
            FOR EACH ROW WHEN (OLD.legal_name IS DISTINCT FROM NEW.legal_name)
            EXECUTE FUNCTION eligibility_certificate_holder_renamed();
        """
    )


def downgrade() -> None:
    run_sql(
        """
        DROP TRIGGER eligibility_certificate_holder_renamed ON eligibility_employer;
        DROP FUNCTION eligibility_certificate_holder_renamed();
        DROP TABLE eligibility_certificate_reminder, eligibility_certificate_maintenance, eligibility_certificate;
        DROP FUNCTION eligibility_certificate_changed();
        DROP SEQUENCE eligibility_certificate_serial;
        """
    )
