"""Asking the eligibility service about an employer, as the caller (the employer must be visible to it)."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from shared.principal import PRINCIPAL_HEADER, Principal, sign_principal
from shared.problems import ProblemError


class EligibilityClient:
    def __init__(self, base_url: str, secret: str, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self._client = httpx.AsyncClient(base_url=base_url, timeout=10.0, transport=transport)
        self._secret = secret

    async def aclose(self) -> None:
        await self._client.aclose()

    async def _get(self, principal: Principal, path: str) -> dict[str, Any] | None:
        rid = uuid.uuid4().hex
        headers = {"x-request-id": rid, PRINCIPAL_HEADER: sign_principal(principal, rid, self._secret)}
        try:
            response = await self._client.get(path, headers=headers)
        except httpx.HTTPError as exc:
            raise ProblemError(
                503,
                "The eligibility service cannot be reached to check the employer; try again shortly.",
                title="Service Unavailable",
            ) from exc
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise ProblemError(
                503, "The eligibility service could not check the employer.", title="Service Unavailable"
            )
        return response.json()

    async def determination(self, principal: Principal, employer_id: str) -> dict[str, Any] | None:
        """Today's eligibility determination, as this principal may see it (None: no such employer, or not
        this principal's)."""
        return await self._get(principal, f"/v1/employers/{employer_id}/eligibility")

    async def certificate(self, principal: Principal, employer_id: str) -> dict[str, Any] | None:
        """The employer's current certificate, if it has one."""
        return await self._get(principal, f"/v1/employers/{employer_id}/certificate")
