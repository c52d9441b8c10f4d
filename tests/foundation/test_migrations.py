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


async def fill_before_facts_with_history(conn: asyncpg.Connection) -> None:
    """What 0010 held: an employer's roster, declaration, assessor, membership, WCB record, access, a hand-made
    link, and completions in the training ledger and the projection (one with an expiry past its validity)."""
    await conn.execute(
        "INSERT INTO eligibility_employer (id, wcb_account_number, legal_name, contact_email, registered_by, "
        "created_at, updated_at) VALUES ('emp_1', '1234567', 'Prairie Roofing', 'o@p.example', 'key_1', $1, $1)",
        AT,
    )
    await conn.execute(
        "INSERT INTO eligibility_worker (id, employer_id, external_id, given_name, family_name, email, learner_id, "
        "role, employment_type, covered_by_wcb_account, start_date, email_key, name_key, created_at, updated_at) "
        "VALUES ('wkr_1', 'emp_1', 'hr-1', 'Ana', 'Silva', 'ana@p.example', 'L-1', 'owner', 'full_time', true, "
        "'2024-03-01', 'ana@p.example', 'ana silva', $1, $2)",
        AT,
        AT + dt.timedelta(days=3),
    )
    await conn.execute(
        "INSERT INTO eligibility_headcount_declaration (id, employer_id, period_start, period_end, peak_headcount, "
        "declared_by, created_at) VALUES ('hcd_1', 'emp_1', '2026-01-01', '2026-01-31', 4, 'key_1', $1)",
        AT,
    )
    await conn.execute(
        "INSERT INTO eligibility_assessor (employer_id, given_name, family_name, email, internal, email_key, "
        "name_key, updated_by, updated_at) VALUES ('emp_1', 'Ana', 'Silva', 'ana@p.example', true, "
        "'ana@p.example', 'ana silva', 'key_1', $1)",
        AT,
    )
    await conn.execute(
        "INSERT INTO eligibility_acsa_membership (id, employer_id, member_number, valid_from, valid_until, "
        "recorded_by, recorded_at) VALUES ('mbr_1', 'emp_1', 'M-1', '2026-01-01', '2026-12-31', 'key_2', $1)",
        AT,
    )
    await conn.execute(
        "INSERT INTO eligibility_wcb_status (id, employer_id, status, as_of, recorded_by, recorded_at) "
        "VALUES ('wcb_1', 'emp_1', 'active', '2024-03-01', 'key_2', $1)",
        AT,
    )
    await conn.execute(
        "INSERT INTO eligibility_integrator_access (employer_id, integrator_id, granted_by, granted_at) "
        "VALUES ('emp_1', 'int_1', 'key_1', $1)",
        AT,
    )
    await conn.execute(
        "INSERT INTO training_course (code, title, category, validity_months) VALUES "
        "('SFA', 'Standard First Aid', 'first_aid', 36), ('SECOR', 'SECOR Auditor', 'management', NULL)"
    )
    await conn.execute("INSERT INTO training_provider (id, name, is_acsa) VALUES ('prv_1', 'ACSA', true)")
    for seq, (cid, course, expires) in enumerate(
        [("cmp_1", "SFA", "2031-05-04"), ("cmp_2", "SECOR", None)], start=1
    ):
        await conn.execute(
            "INSERT INTO training_completion (id, provider_id, provider_record_id, course_code, completed_on, "
            "learner_given_name, learner_family_name, learner_email, learner_id, expires_on, recorded_at) "
            "VALUES ($1, 'prv_1', $1, $2, '2026-05-04', 'Ana', 'Silva', 'ana@p.example', 'L-1', $3, $4)",
            cid,
            course,
            dt.date.fromisoformat(expires) if expires else None,
            AT,
        )
        await conn.execute(
            "INSERT INTO eligibility_completion (completion_id, provider_is_acsa, course_code, completed_on, "
            "expires_on, given_name, family_name, email, learner_id, email_key, name_key, recorded_at) "
            "VALUES ($1, true, $2, '2026-05-04', $3, 'Ana', 'Silva', 'ana@p.example', 'L-1', 'ana@p.example', "
            "'ana silva', $4)",
            cid,
            course,
            dt.date.fromisoformat(expires) if expires else None,
            AT,
        )
        await conn.execute(
            "INSERT INTO training_ledger_entry (seq, kind, completion_id, recorded_at, payload, prev_hash, hash) "
            "VALUES ($1, 'recorded', $2, $3, '{}', '\\x00', '\\x00')",
            seq,
            cid,
            AT,
        )
    await conn.execute(
        "INSERT INTO eligibility_completion_link (completion_id, employer_id, worker_id, linked_by, linked_at) "
        "VALUES ('cmp_2', 'emp_1', 'wkr_1', 'key_2', $1)",
        AT,
    )


class TestFactsWithHistory:
    async def test_what_0010_held_becomes_the_first_version_of_each_fact(self, empty_database: str) -> None:
        await asyncio.to_thread(alembic, empty_database, "upgrade", "0010")
        conn = await asyncpg.connect(asyncpg_dsn(empty_database))
        try:
            await fill_before_facts_with_history(conn)
            await asyncio.to_thread(alembic, empty_database, "upgrade", "head")
            worker = await conn.fetchrow(
                "SELECT id, recorded_at, recorded_by, change, superseded_at, entered_in_error FROM eligibility_worker"
            )
            assert tuple(worker) == ("wkr_1", AT, "migration", "created", None, False)
            for table, by in (
                ("eligibility_headcount_declaration", "key_1"),
                ("eligibility_assessor", "key_1"),
                ("eligibility_acsa_membership", "key_2"),
            ):
                version = await conn.fetchrow(
                    f"SELECT recorded_at, recorded_by, change, superseded_at FROM {table}"
                )
                assert tuple(version) == (AT, by, "created", None), table
            access = await conn.fetchrow("SELECT withdrawn_at FROM eligibility_integrator_access")
            link = await conn.fetchrow("SELECT unlinked_at FROM eligibility_completion_link")
            assert (access["withdrawn_at"], link["unlinked_at"]) == (None, None)
            # The ledger as applied starts where the ledger stood; no expiry outlives the course's validity.
            assert await conn.fetchval("SELECT through FROM eligibility_ledger_position") == 2
            capped = await conn.fetchval(
                "SELECT expires_on FROM eligibility_completion WHERE completion_id = 'cmp_1'"
            )
            assert capped == dt.date(2029, 5, 4)
        finally:
            await conn.close()
        # And the employer's facts, read the new way, give an answer for any pair.
        from services.eligibility.determination.service import determine
        from services.eligibility.settings import EligibilitySettings
        from shared.db import make_engine

        engine = make_engine(empty_database, pool_size=1)
        try:
            async with engine.connect() as db:
                settings = EligibilitySettings(environment="test", database_url=empty_database)
                after = AT + dt.timedelta(days=10)
                answer, _ = await determine(db, "emp_1", dt.date(2026, 6, 1), settings, after, known_at=after)
                by_code = {c.code: c.status for c in answer.checks}
                assert (
                    by_code["wcb_account"],
                    by_code["acsa_membership"],
                    by_code["training.first_aid"],
                ) == (
                    "pass",
                    "pass",
                    "pass",
                )
                assert answer.completions_through == 2
        finally:
            await engine.dispose()


class TestEveryPackageKept:
    async def test_the_package_in_hand_becomes_the_first_kept(self, empty_database: str) -> None:
        await asyncio.to_thread(alembic, empty_database, "upgrade", "0015")
        conn = await asyncpg.connect(asyncpg_dsn(empty_database))
        try:
            await fill_before_program_integrity(conn)
            await conn.execute(
                "UPDATE submission_submission SET intake_report = $1 WHERE id = 'sub_2'",
                json.dumps({"outcome": "accepted", "findings": [], "inventory": {}}),
            )
            await conn.execute(
                "INSERT INTO submission_history (submission_id, at, status, by, note) "
                "VALUES ('sub_2', $1, 'validating', 'key_2', 'package received')",
                EVENING,
            )
            await asyncio.to_thread(alembic, empty_database, "upgrade", "0016")
            kept = await conn.fetch("SELECT * FROM submission_package")
            assert [(r["submission_id"], r["outcome"], r["received_by"], r["received_at"]) for r in kept] == [
                ("sub_2", "accepted", "key_2", EVENING)
            ]
            in_hand = json.loads(
                await conn.fetchval("SELECT package FROM submission_submission WHERE id = 'sub_2'")
            )
            assert in_hand["id"] == kept[0]["id"] and in_hand["id"].startswith("pkg_")
            assert json.loads(kept[0]["package"])["key"] == "sub_2/package.zip"
            await asyncio.to_thread(alembic, empty_database, "downgrade", "0015")
            assert "id" not in json.loads(
                await conn.fetchval("SELECT package FROM submission_submission WHERE id = 'sub_2'")
            )
        finally:
            await conn.close()


class TestKnownWhenCommitted:
    async def test_completions_applied_before_keep_the_ledgers_times(self, empty_database: str) -> None:
        """Past answers were computed with the ledger's times: a row applied before 0019 is known from them."""
        await asyncio.to_thread(alembic, empty_database, "upgrade", "0018")
        conn = await asyncpg.connect(asyncpg_dsn(empty_database))
        try:
            for cid, revoked_at in (("cmp_1", None), ("cmp_2", EVENING)):
                await conn.execute(
                    "INSERT INTO eligibility_completion (completion_id, provider_is_acsa, course_code, "
                    "completed_on, given_name, family_name, name_key, recorded_at, revoked_at) "
                    "VALUES ($1, true, 'SECOR', '2026-05-04', 'Ana', 'Silva', 'ana silva', $2, $3)",
                    cid,
                    AT,
                    revoked_at,
                )
            await asyncio.to_thread(alembic, empty_database, "upgrade", "0019")
            rows = await conn.fetch(
                "SELECT completion_id, recorded_at, known_from, revoked_at, revocation_known_at "
                "FROM eligibility_completion ORDER BY completion_id"
            )
            assert rows and all(r["known_from"] == r["recorded_at"] == AT for r in rows)
            assert {r["completion_id"]: r["revocation_known_at"] for r in rows if r["revoked_at"]} == {
                "cmp_2": EVENING
            }
            assert all(r["revocation_known_at"] is None for r in rows if r["completion_id"] != "cmp_2")
            await asyncio.to_thread(alembic, empty_database, "downgrade", "0018")
            columns = await conn.fetch(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'eligibility_completion'"
            )
            assert not {"known_from", "revocation_known_at"} & {c["column_name"] for c in columns}
        finally:
            await conn.close()
