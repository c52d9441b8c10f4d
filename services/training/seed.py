"""The course catalogue every installation starts with (docs/rules.md §1 (training))."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

COURSES = (
    ("SECOR", "Small Employer Health & Safety Management (SECOR)", "management", None, True),
    ("PHSM", "Principles of Health & Safety Management", "management", None, True),
    ("SFA", "Standard First Aid", "first_aid", 36, False),
    ("CSTS", "Construction Safety Training System", "industry", None, True),
    ("RSTS", "Roadbuilders' Safety Training System", "industry", None, True),
    ("ESTS", "Electrical Safety Training System", "industry", None, True),
    ("PCST", "Pipeline Construction Safety Training", "industry", None, True),
)


async def seed(conn: AsyncConnection) -> None:
    # The ledger's head row: the chain starts from 64 zeros.
    await conn.execute(
        text("INSERT INTO training_ledger_head VALUES (1, 0, repeat('0', 64)) ON CONFLICT (id) DO NOTHING")
    )
    await conn.execute(
        text(
            """
            INSERT INTO training_course (code, title, category, validity_months, acsa_course)
            VALUES (:code, :title, :category, :validity_months, :acsa_course)
            ON CONFLICT (code) DO NOTHING
            """
        ),
        [
            {"code": c, "title": t, "category": cat, "validity_months": v, "acsa_course": a}
            for c, t, cat, v, a in COURSES
        ],
    )
