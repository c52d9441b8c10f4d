"""Events this service acts on: who may see which employer (from the eligibility service)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncConnection

from services.submission.submissions import repository
from shared.inbox import Handler


async def access_changed(conn: AsyncConnection, data: dict[str, Any], app: FastAPI) -> None:
    at = dt.datetime.fromisoformat(str(data["at"]).replace("Z", "+00:00"))
    await repository.set_access(
        conn, data["employer_id"], data["integrator_id"], data["access"] == "granted", at
    )


HANDLERS: dict[str, Handler] = {"employer.integrator_access_changed": access_changed}
