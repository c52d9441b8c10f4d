"""Eligibility: keep each employer's determination as of today, rewritten by every change that can alter it.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

from collections.abc import Sequence

from migrations.script import run_sql

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    run_sql(
        """
        ALTER TABLE eligibility_employer
            ADD COLUMN determination    jsonb,
            ADD COLUMN determination_on date,
            -- A fingerprint of the rule settings it was made under: other settings, other answer.
            ADD COLUMN rules_version    text;
        """
    )


def downgrade() -> None:
    run_sql(
        """
        ALTER TABLE eligibility_employer
            DROP COLUMN determination, DROP COLUMN determination_on, DROP COLUMN rules_version;
        """
    )
