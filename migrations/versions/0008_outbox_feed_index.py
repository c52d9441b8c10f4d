"""The outbox's (employer_id, feed_position) index goes: the feed filters on the audience employer, which has
its own index, and nothing else reads it, while every publish and every fan-out paid to keep it.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26
"""

from collections.abc import Sequence

from migrations.script import run_sql

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    run_sql("DROP INDEX shared_outbox_event_employer_feed;")


def downgrade() -> None:
    run_sql(
        "CREATE INDEX shared_outbox_event_employer_feed ON shared_outbox_event (employer_id, feed_position);"
    )
