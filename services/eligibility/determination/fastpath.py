"""ASGI: today's kept determination, answered ahead of FastAPI's routing.

`GET /v1/employers/{id}/eligibility` without `as_of` is the service's hottest read, and today's answer is
already stored as JSON text: the work is one indexed read. FastAPI's routing, dependencies and parameter
validation cost as much again, so this layer, inside the principal check, answers the plain case itself.
Anything else (a date, an employer not visible, no determination kept for today) goes on to the route, which
is the one documented in the OpenAPI and gives the same answers.
"""

from __future__ import annotations

from typing import Any

from services.eligibility.determination.service import kept_for_today
from shared.middleware import send_json

PREFIX = "/v1/employers/"
SUFFIX = "/eligibility"


class TodayDeterminationFastPath:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        path: str = scope.get("path", "")
        if (
            scope["type"] == "http"
            and scope["method"] == "GET"
            and not scope.get("query_string")
            and path.startswith(PREFIX)
            and path.endswith(SUFFIX)
        ):
            employer_id = path[len(PREFIX) : -len(SUFFIX)]
            principal = scope.get("state", {}).get("principal")
            if principal is not None and "/" not in employer_id and principal.has("employers:read"):
                state = scope["app"].state
                now = state.clock.now()
                async with state.raw_pool.acquire() as raw:
                    found = await kept_for_today(
                        raw,
                        employer_id,
                        see_all=principal.kind in ("staff", "service"),
                        integrator_id=principal.integrator_id if principal.kind == "integrator" else None,
                        today=state.settings.program_date(now),
                        rules_version=state.settings.rules_version,
                        at=now,
                    )
                if found is not None and found.answer is not None:
                    await send_json(send, found.answer)
                    return
        await self.app(scope, receive, send)
