"""Migrations carry what a running installation already holds: a database filled under the previous schema
upgrades with its data intact (and in the new form), and downgrades again."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest
from alembic import command
from alembic.config import Config

from shared.db import asyncpg_dsn
from tests.helpers import scratch_database

ROOT = Path(__file__).resolve().parents[2]
AT = dt.datetime(2026, 11, 20, 15, tzinfo=dt.UTC)
# 20:00 in Edmonton on 2026-11-21 is 03:00 UTC on the 22nd: the program's day is the 21st.
EVENING = dt.datetime(2026, 11, 22, 3, tzinfo=dt.UTC)


def alembic(url: str, action: str, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    getattr(command, action)(config, revision)


@pytest.fixture
async def empty_database(server_url: str) -> AsyncIterator[str]:
    async with scratch_database(server_url, "secor_migrate") as url:
        yield url


async def fill_before_program_integrity(conn: asyncpg.Connection) -> None:
    """What 0009 held: an employer with a certificate issued from a submission, and a submission in QA."""
    await conn.execute(
        "INSERT INTO eligibility_employer (id, wcb_account_number, legal_name, contact_email, registered_by, "
        "created_at, updated_at) VALUES ('emp_1', '1234567', 'Prairie Roofing', 'o@p.example', 'key_1', $1, $1)",
        AT,
    )
    await conn.execute(
        "INSERT INTO eligibility_certificate (number, employer_id, submission_id, status, status_changed_at, "
        "valid_from, valid_until, documentation_months, audit_period_start, audit_period_end, issued_at) "
        "VALUES ('SECOR-2026-000001-1', 'emp_1', 'sub_1', 'active', $1, '2026-11-20', '2029-11-19', 12, "
        "'2025-10-01', '2026-09-30', $1)",
        AT,
    )
    await conn.execute(
        "INSERT INTO eligibility_certificate_maintenance (certificate_number, year, due_on) "
        "VALUES ('SECOR-2026-000001-1', 2, '2027-11-20'), ('SECOR-2026-000001-1', 3, '2028-11-20')"
    )
    await conn.execute(
        "INSERT INTO submission_submission (id, employer_id, kind, audit_period_start, audit_period_end, "
        "contact_email, assessor, instrument_version, status, package, created_by, created_at, updated_at) "
        "VALUES ('sub_2', 'emp_1', 'maintenance', '2026-10-01', '2026-11-15', 'o@p.example', '{}', '2026.1', "
        "'in_qa', $2, 'key_1', $1, $1)",
        AT,
        json.dumps({"source": "upload", "key": "sub_2/package.zip", "received_at": EVENING.isoformat()}),
    )
    # An older one still waiting for its package: the one in QA is further along, so it takes the year.
    await conn.execute(
        "INSERT INTO submission_submission (id, employer_id, kind, audit_period_start, audit_period_end, "
        "contact_email, assessor, instrument_version, status, created_by, created_at, updated_at) "
        "VALUES ('sub_3', 'emp_1', 'maintenance', '2026-10-01', '2026-11-15', 'o@p.example', '{}', '2026.1', "
        "'awaiting_package', 'key_1', $1, $1)",
        AT - dt.timedelta(hours=1),
    )


class TestProgramIntegrity:
    async def test_existing_data_carried_into_0010_and_back(self, empty_database: str) -> None:
        await asyncio.to_thread(alembic, empty_database, "upgrade", "0009")
        conn = await asyncpg.connect(asyncpg_dsn(empty_database))
        try:
            await fill_before_program_integrity(conn)
            await asyncio.to_thread(alembic, empty_database, "upgrade", "0010")
            rows = await conn.fetch(
                "SELECT id, received_on, certificate_number, maintenance_year, receive_by "
                "FROM submission_submission ORDER BY id"
            )
            # The maintenance in QA at the upgrade maintains the certificate's first open year, and holds it.
            assert [tuple(r) for r in rows] == [
                ("sub_2", dt.date(2026, 11, 21), "SECOR-2026-000001-1", 2, dt.date(2027, 11, 20)),
                ("sub_3", None, None, None, None),
            ]
            known = await conn.fetch(
                "SELECT submission_id, status, received_on, maintenance_year FROM eligibility_submission "
                "ORDER BY submission_id"
            )
            assert [tuple(k) for k in known] == [
                ("sub_2", "in_qa", dt.date(2026, 11, 21), 2),
                ("sub_3", "awaiting_package", None, None),
            ]
            certificate = await conn.fetchrow("SELECT source, import_item FROM eligibility_certificate")
            assert (certificate["source"], certificate["import_item"]) == ("evaluation", None)
            history = await conn.fetch(
                "SELECT action, status, by, submission_id, at FROM eligibility_certificate_history"
            )
            assert [tuple(h) for h in history] == [("issued", "active", "migration", "sub_1", AT)]
            # An issued certificate still needs its submission; only an imported one may go without.
            with pytest.raises(asyncpg.CheckViolationError):
                await conn.execute("UPDATE eligibility_certificate SET submission_id = NULL")
            await asyncio.to_thread(alembic, empty_database, "downgrade", "0009")
            assert await conn.fetchval("SELECT count(*) FROM eligibility_certificate") == 1
            assert await conn.fetchval("SELECT to_regclass('eligibility_certificate_history')") is None
            await asyncio.to_thread(alembic, empty_database, "upgrade", "head")
        finally:
            await conn.close()
