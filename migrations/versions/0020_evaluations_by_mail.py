"""Evaluations by e-mail: the COR mailbox read by the system, each message kept before it is acknowledged.

`submission_mail` is every message the inbound receiver took: stored (its raw bytes under `storage_key`) before
the receiver answered 250, then processed into a submission awaiting triage, or refused with a reply. The same
Message-ID is one row, so a message delivered twice is one submission.

A mailed submission knows nothing for certain until staff triage it: its employer, kind, audit period, contact,
assessor and instrument stay empty (the employer may be proposed) while it is `awaiting_triage`, and for good
once it is `discarded`. Every submission says its channel.

Mail the system sends may answer a message (`in_reply_to`): the worker marks it as an automatic reply.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07
"""

from collections.abc import Sequence

from migrations.script import run_sql

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    run_sql(
        """
        ALTER TABLE submission_submission
            ADD COLUMN channel text NOT NULL DEFAULT 'api' CHECK (channel IN ('api', 'email')),
            ADD COLUMN mail jsonb,
            ALTER COLUMN employer_id DROP NOT NULL,
            ALTER COLUMN kind DROP NOT NULL,
            ALTER COLUMN audit_period_start DROP NOT NULL,
            ALTER COLUMN audit_period_end DROP NOT NULL,
            ALTER COLUMN contact_email DROP NOT NULL,
            ALTER COLUMN assessor DROP NOT NULL,
            ALTER COLUMN instrument_version DROP NOT NULL,
            DROP CONSTRAINT submission_submission_status_check,
            ADD CONSTRAINT submission_submission_status_check CHECK (status IN ('awaiting_triage', 'discarded',
                'awaiting_package', 'validating', 'returned_at_intake', 'in_qa', 'information_requested',
                'approved', 'returned', 'failed')),
            ADD CONSTRAINT submission_submission_known CHECK (status IN ('awaiting_triage', 'discarded') OR (
                employer_id IS NOT NULL AND kind IS NOT NULL AND audit_period_start IS NOT NULL
                AND audit_period_end IS NOT NULL AND contact_email IS NOT NULL AND assessor IS NOT NULL
                AND instrument_version IS NOT NULL));
        CREATE INDEX submission_channel ON submission_submission (channel, status);

        CREATE TABLE submission_mail (
            id              text PRIMARY KEY,
            -- The message's Message-ID, or its SHA-256 when it has none: one row per message however often sent.
            message_key     text NOT NULL UNIQUE,
            envelope_from   text NOT NULL,
            envelope_to     text[] NOT NULL,
            peer            text,
            received_at     timestamptz NOT NULL,
            -- The header block as received (kept also for a message over the cap, whose body was not).
            headers         bytea NOT NULL,
            storage_key     text,
            bytes           bigint NOT NULL,
            sha256          text,
            status          text NOT NULL CHECK (status IN ('received', 'too_large', 'submitted', 'refused',
                                'ignored')),
            lease_until     timestamptz,
            attempts        integer NOT NULL DEFAULT 0,
            submission_id   text REFERENCES submission_submission (id),
            outcome         jsonb,
            reply_to        text,
            replied_at      timestamptz,
            processed_at    timestamptz
        );
        CREATE INDEX submission_mail_waiting ON submission_mail (received_at)
            WHERE status IN ('received', 'too_large');
        CREATE INDEX submission_mail_replies ON submission_mail (lower(reply_to), replied_at)
            WHERE replied_at IS NOT NULL;

        ALTER TABLE shared_outbox_mail ADD COLUMN in_reply_to text;

        CREATE INDEX eligibility_employer_contact ON eligibility_employer (lower(contact_email));
        """
    )


def downgrade() -> None:
    run_sql(
        """
        DROP INDEX eligibility_employer_contact;
        ALTER TABLE shared_outbox_mail DROP COLUMN in_reply_to;
        DROP TABLE submission_mail;
        DELETE FROM submission_submission WHERE channel = 'email' AND status IN ('awaiting_triage', 'discarded');
        DROP INDEX submission_channel;
        ALTER TABLE submission_submission
            DROP CONSTRAINT submission_submission_known,
            DROP CONSTRAINT submission_submission_status_check,
            ADD CONSTRAINT submission_submission_status_check CHECK (status IN ('awaiting_package', 'validating',
                'returned_at_intake', 'in_qa', 'information_requested', 'approved', 'returned', 'failed')),
            ALTER COLUMN employer_id SET NOT NULL,
            ALTER COLUMN kind SET NOT NULL,
            ALTER COLUMN audit_period_start SET NOT NULL,
            ALTER COLUMN audit_period_end SET NOT NULL,
            ALTER COLUMN contact_email SET NOT NULL,
            ALTER COLUMN assessor SET NOT NULL,
            ALTER COLUMN instrument_version SET NOT NULL,
            DROP COLUMN mail,
            DROP COLUMN channel;
        """
    )
