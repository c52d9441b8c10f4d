"""A WCB status recorded by mistake can be marked entered in error: kept, and from that moment no longer counted.

WCB statuses are dated records rather than versions (a later record for the same date corrects an earlier one),
so the mark is a time on the record: an answer as known before it still sees the record.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07
"""

from collections.abc import Sequence

from migrations.script import run_sql

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    run_sql(
        """
        ALTER TABLE eligibility_wcb_status
            ADD COLUMN entered_in_error_at timestamptz,
            ADD COLUMN entered_in_error_by text,
            ADD COLUMN entered_in_error_reason text
        """
    )


def downgrade() -> None:
    run_sql(
        """
        ALTER TABLE eligibility_wcb_status
            DROP COLUMN entered_in_error_at, DROP COLUMN entered_in_error_by, DROP COLUMN entered_in_error_reason
        """
    )
