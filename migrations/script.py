"""Run a multi-statement SQL script inside a migration.

asyncpg prepares every statement, and a prepared statement holds one command; the script goes through the
driver's simple-query path instead, in the migration's own transaction.
"""

from __future__ import annotations

from alembic import op
from sqlalchemy.util import await_


def run_sql(script: str) -> None:
    driver_connection = op.get_bind().connection.driver_connection
    assert driver_connection is not None
    await_(driver_connection.execute(script))
