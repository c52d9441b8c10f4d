"""Wire schemas for the ledger."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field


class LedgerEntry(BaseModel):
    seq: int
    kind: Literal["recorded", "revoked"]
    completion_id: str
    recorded_at: dt.datetime
    prev_hash: str
    hash: str


class Verification(BaseModel):
    ok: bool
    entries_checked: int
    first_bad_seq: int | None = None
    problems: list[str] = Field(default_factory=list, description="What was found wrong, in words")
