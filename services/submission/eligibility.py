"""Asking the eligibility service about an employer, as the caller (the employer must be visible to it)."""

from __future__ import annotations

from typing import Any

from shared.peers import PeerServices
from shared.principal import Principal
from shared.problems import ProblemError


class EligibilityClient:
    def __init__(self, peers: PeerServices) -> None:
        self._peers = peers

    async def aclose(self) -> None:
        await self._peers.aclose()

    async def _get(self, principal: Principal, path: str, request_id: str | None) -> dict[str, Any] | None:
        status, body = await self._peers.get_json(
            "eligibility", path, principal=principal, request_id=request_id
        )
        if status == 404:
            return None
        if status != 200 or not isinstance(body, dict):
            raise ProblemError(
                503, "The eligibility service could not check the employer.", title="Service Unavailable"
            )
        return body

    async def determination(
        self, principal: Principal, employer_id: str, request_id: str | None = None
    ) -> dict[str, Any] | None:
        """Today's eligibility determination, as this principal may see it (None: no such employer, or not
        this principal's)."""
        return await self._get(principal, f"/v1/employers/{employer_id}/eligibility", request_id)

    async def certificate(
        self, principal: Principal, employer_id: str, request_id: str | None = None
    ) -> dict[str, Any] | None:
        """The employer's current certificate, if it has one."""
        return await self._get(principal, f"/v1/employers/{employer_id}/certificate", request_id)
