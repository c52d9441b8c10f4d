"""What the eligibility service needs on every installation: where it stands in the training ledger."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection


async def seed(conn: AsyncConnection) -> None:
    """The ledger position starts at the beginning (a migrated installation has it from the migration)."""
    await conn.execute(
        text("INSERT INTO eligibility_ledger_position (through) VALUES (0) ON CONFLICT (only_row) DO NOTHING")
    )
