"""Every package kept: each package received for a submission is a row of its own, with its own intake report.

The submission still carries the package in hand and its report (`package`, `intake_report`), now naming the
row by `package.id`; a package sent after a return at intake no longer takes the earlier one's place in the
record. What exists becomes one row per submission that has a package, as it stands.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07
"""

from collections.abc import Sequence

from migrations.script import run_sql

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    run_sql(
        """
        CREATE TABLE submission_package (
            id            text PRIMARY KEY,
            submission_id text NOT NULL REFERENCES submission_submission (id) ON DELETE CASCADE,
            package       jsonb NOT NULL,
            outcome       text NOT NULL CHECK (outcome IN ('validating', 'accepted', 'rejected')),
            intake_report jsonb,
            received_by   text NOT NULL,
            received_at   timestamptz NOT NULL
        );
        CREATE INDEX submission_package_submission ON submission_package (submission_id, received_at);

        UPDATE submission_submission
        SET package = package || jsonb_build_object('id', 'pkg_' || upper(substr(md5(id || ':package'), 1, 26)))
        WHERE package IS NOT NULL AND NOT package ? 'id';

        INSERT INTO submission_package (id, submission_id, package, outcome, intake_report, received_by, received_at)
        SELECT s.package->>'id', s.id, s.package,
               coalesce(s.intake_report->>'outcome', 'validating'), s.intake_report,
               coalesce((SELECT h.by FROM submission_history h
                         WHERE h.submission_id = s.id AND h.status = 'validating'
                         ORDER BY h.id DESC LIMIT 1), s.created_by),
               coalesce((s.package->>'received_at')::timestamptz, s.updated_at)
        FROM submission_submission s
        WHERE s.package IS NOT NULL;
        """
    )


def downgrade() -> None:
    run_sql(
        """
        DROP TABLE submission_package;
        UPDATE submission_submission SET package = package - 'id' WHERE package IS NOT NULL;
        """
    )
