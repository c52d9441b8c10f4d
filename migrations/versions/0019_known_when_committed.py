"""A fact is known when it is committed: a completion is known here from the moment this service applied it.

The ledger's `recorded_at` and `revoked_at` say when training recorded them; a determination here could count
neither before the event reached this service. `known_from` and `revocation_known_at` are the moments it was
applied (read once every employer it concerns was held), and `known_at` compares with them. Rows applied before
this revision keep the ledger's times, which is what past answers were computed with.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07
"""

from collections.abc import Sequence

from migrations.script import run_sql

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    run_sql(
        """
        ALTER TABLE eligibility_completion ADD COLUMN known_from timestamptz,
            ADD COLUMN revocation_known_at timestamptz;
        UPDATE eligibility_completion SET known_from = recorded_at, revocation_known_at = revoked_at;
        ALTER TABLE eligibility_completion ALTER COLUMN known_from SET NOT NULL;
        """
    )


def downgrade() -> None:
    run_sql(
        """
        ALTER TABLE eligibility_completion DROP COLUMN known_from, DROP COLUMN revocation_known_at;
        """
    )
