"""Only the process keeps determinations: a determination kept for an evaluation is confirmed when the
submission records the decision it was kept for (the package received, the approval, or its refusal). One
never confirmed, because the upload it was kept for failed, is let go after a grace period, and only confirmed
ones are judged again when facts change. What is kept already was kept for a decision: it counts as confirmed.

No hold without a decision to come: a refused approval is recorded on the submission (`approval_refused`) and
in what the eligibility service knows of it (`approval_refused_at`), so a refused maintenance stops holding its
year once the due date and grace have passed.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07
"""

from collections.abc import Sequence

from migrations.script import run_sql

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    run_sql(
        """
        ALTER TABLE eligibility_determination ADD COLUMN confirmed_at timestamptz;
        UPDATE eligibility_determination SET confirmed_at = kept_at;
        CREATE INDEX eligibility_determination_unconfirmed ON eligibility_determination (kept_at)
            WHERE confirmed_at IS NULL;
        ALTER TABLE submission_submission ADD COLUMN approval_refused jsonb;
        ALTER TABLE eligibility_submission ADD COLUMN approval_refused_at timestamptz;
        """
    )


def downgrade() -> None:
    run_sql(
        """
        ALTER TABLE eligibility_submission DROP COLUMN approval_refused_at;
        ALTER TABLE submission_submission DROP COLUMN approval_refused;
        ALTER TABLE eligibility_determination DROP COLUMN confirmed_at;
        """
    )
