"""When every service subscribed to an event has applied it.

An event is settled once it is fanned out and each of its deliveries to a service succeeded (at once, if no
service receives it). A change that must be in effect everywhere before its answer (withdrawing an
integrator's access) waits for its event to settle.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06
"""

from collections.abc import Sequence

from migrations.script import run_sql

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    run_sql("ALTER TABLE shared_outbox_event ADD COLUMN settled_at timestamptz")


def downgrade() -> None:
    run_sql("ALTER TABLE shared_outbox_event DROP COLUMN settled_at")
