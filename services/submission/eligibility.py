"""Asking the eligibility service about an employer, as the caller (the employer must be visible to it)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

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

    async def employers_matching(
        self,
        principal: Principal,
        *,
        wcb_account_number: str | None = None,
        contact_email: str | None = None,
        request_id: str | None = None,
    ) -> list[dict[str, Any]]:
        """The employers (at most two: enough to tell one from several) registered under this WCB account
        number, or with this contact address."""
        query = {"limit": 2, "wcb_account_number": wcb_account_number, "contact_email": contact_email}
        status, answer = await self._peers.get_json(
            "eligibility",
            "/v1/employers?" + urlencode({k: v for k, v in query.items() if v is not None}),
            principal=principal,
            request_id=request_id,
        )
        if status != 200 or not isinstance(answer, dict):
            raise ProblemError(
                503, "The eligibility service could not look the employer up.", title="Service Unavailable"
            )
        data: list[dict[str, Any]] = answer.get("data", [])
        return data
