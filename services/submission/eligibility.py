"""Asking the eligibility service about an employer, as the caller (the employer must be visible to it)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from shared.peers import PeerServices
from shared.principal import Principal
from shared.problems import ProblemError


class EligibilityClient:
    def __init__(self, peers: PeerServices) -> None:
        self._peers = peers

    async def aclose(self) -> None:
        await self._peers.aclose()

    async def readiness(
        self, principal: Principal, employer_id: str, body: dict[str, Any], request_id: str | None = None
    ) -> dict[str, Any] | None:
        """Every rule of the program an evaluation breaks, judged by the eligibility service (None: no such
        employer, or not this principal's)."""
        status, answer = await self._peers.request_json(
            "POST",
            "eligibility",
            f"/v1/employers/{quote(employer_id, safe='')}/evaluation-readiness",
            principal=principal,
            body=body,
            request_id=request_id,
        )
        if status == 404:
            return None
        if status == 422 and isinstance(answer, dict):
            # What the caller sent does not make an evaluation: its own fault, told as the peer told it.
            raise ProblemError(
                422,
                str(answer.get("detail", "The evaluation's details are not valid.")),
                title="Validation Failed",
                errors=answer.get("errors"),
            )
        if status != 200 or not isinstance(answer, dict):
            raise ProblemError(
                503, "The eligibility service could not check the employer.", title="Service Unavailable"
            )
        return answer
