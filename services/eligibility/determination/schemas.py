"""Wire schemas for determinations."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel


class CheckPublic(BaseModel):
    code: str
    status: Literal["pass", "fail", "unknown"]
    reason: str
    evidence: dict[str, Any]


class DeterminationPublic(BaseModel):
    employer_id: str
    as_of: dt.date
    program: Literal["SECOR"] = "SECOR"
    outcome: Literal["eligible", "not_eligible", "cor_required"]
    checks: list[CheckPublic]
    evaluated_at: dt.datetime
