"""Which completions nobody can place: the eligibility service, which matches completions to people, says."""

from __future__ import annotations

from urllib.parse import urlencode

from shared.peers import PeerServices
from shared.principal import Principal
from shared.problems import ProblemError


class PlacementClient:
    def __init__(self, peers: PeerServices) -> None:
        self._peers = peers

    async def aclose(self) -> None:
        await self._peers.aclose()

    async def unplaced(
        self, principal: Principal, *, after: str | None, limit: int, request_id: str | None = None
    ) -> tuple[list[str], bool]:
        """Up to `limit` ids (in order, after `after`) of unrevoked completions that name no WCB number and
        match no worker or assessor by the rules, nor a link by hand; and whether more follow."""
        query = urlencode({"limit": limit} | ({"after": after} if after else {}))
        status, answer = await self._peers.get_json(
            "eligibility",
            f"/internal/queries/completions/unplaced?{query}",
            principal=principal,
            request_id=request_id,
        )
        if status != 200 or not isinstance(answer, dict):
            raise ProblemError(
                503,
                "The eligibility service could not say which completions are unmatched; try again shortly.",
                title="Service Unavailable",
            )
        return [str(i) for i in answer["data"]], bool(answer["more"])
