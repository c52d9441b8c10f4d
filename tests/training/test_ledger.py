"""The hash-chained ledger: gap-free under concurrency, and tampering is found."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.helpers import assert_problem, auth, new_key
from tests.training.conftest import ProviderCtx, completion


async def entries(engine: AsyncEngine) -> list[tuple[int, str, str]]:
    async with engine.connect() as conn:
        rows = await conn.execute(text("SELECT seq, prev_hash, hash FROM training_ledger_entry ORDER BY seq"))
        return [(r.seq, r.prev_hash, r.hash) for r in rows]


async def tamper(engine: AsyncEngine, statement: str) -> None:
    """Change history as someone with database access could: past the append-only triggers."""
    async with engine.begin() as conn:
        await conn.execute(text("SET LOCAL session_replication_role = replica"))
        await conn.execute(text(statement))


class TestChain:
    async def test_fifty_concurrent_batches_chain_without_gaps(
        self, api: httpx.AsyncClient, provider: ProviderCtx, admin_key: str, engine: AsyncEngine
    ) -> None:
        batches = [[completion(f"b{b}-{i}") for i in range(20)] for b in range(50)]
        responses = await asyncio.gather(
            *(
                api.post("/v1/completions/batch", json={"items": items}, headers=provider.headers)
                for items in batches
            )
        )
        assert all(r.status_code == 200 and r.json()["created"] == 20 for r in responses)
        chain = await entries(engine)
        assert [seq for seq, _, _ in chain] == list(range(1, 1001))
        assert chain[0][1] == "0" * 64
        assert all(chain[i][1] == chain[i - 1][2] for i in range(1, len(chain)))
        verification = (await api.get("/v1/ledger/verification", headers=auth(admin_key))).json()
        assert verification == {"ok": True, "entries_checked": 1000, "first_bad_seq": None, "problems": []}

    async def test_listing_after_seq(
        self, api: httpx.AsyncClient, provider: ProviderCtx, admin_key: str
    ) -> None:
        await api.post(
            "/v1/completions/batch",
            json={"items": [completion(f"r{i}") for i in range(5)]},
            headers=provider.headers,
        )
        page = (
            await api.get("/v1/ledger", params={"after_seq": 2, "limit": 2}, headers=auth(admin_key))
        ).json()
        assert [e["seq"] for e in page["data"]] == [3, 4]
        assert set(page["data"][0]) == {"seq", "kind", "completion_id", "recorded_at", "prev_hash", "hash"}
        rest = (
            await api.get("/v1/ledger", params={"cursor": page["next_cursor"]}, headers=auth(admin_key))
        ).json()
        assert [e["seq"] for e in rest["data"]] == [5]
        assert rest["next_cursor"] is None

    async def test_ledger_is_staff_only(
        self, api: httpx.AsyncClient, provider: ProviderCtx, engine: AsyncEngine
    ) -> None:
        assert_problem(await api.get("/v1/ledger", headers=provider.headers), 403)
        viewer = await new_key(engine, "staff", role="viewer")
        assert (await api.get("/v1/ledger/verification", headers=auth(viewer))).status_code == 200


class TestTamperDetection:
    @pytest.fixture
    async def ledger(self, api: httpx.AsyncClient, provider: ProviderCtx) -> list[str]:
        items = [completion(f"r{i}") for i in range(10)]
        body = (
            await api.post("/v1/completions/batch", json={"items": items}, headers=provider.headers)
        ).json()
        ids = [r["id"] for r in body["results"]]
        await api.post(
            f"/v1/completions/{ids[7]}/revocation", json={"reason": "error"}, headers=provider.headers
        )
        return ids

    async def verify(self, api: httpx.AsyncClient, admin_key: str) -> dict[str, object]:
        return (await api.get("/v1/ledger/verification", headers=auth(admin_key))).json()

    async def test_clean_ledger_verifies(
        self, api: httpx.AsyncClient, admin_key: str, ledger: list[str]
    ) -> None:
        result = await self.verify(api, admin_key)
        assert result["ok"] is True and result["entries_checked"] == 11

    @pytest.mark.parametrize(
        ("statement", "first_bad"),
        [
            (
                "UPDATE training_ledger_entry SET payload = jsonb_set(payload, '{course_code}', '\"PHSM\"') WHERE seq = 4",
                4,
            ),
            (
                "UPDATE training_ledger_entry SET recorded_at = recorded_at + interval '1 day' WHERE seq = 6",
                6,
            ),
            ("DELETE FROM training_ledger_entry WHERE seq = 11", 11),
            (
                "UPDATE training_completion SET learner_family_name = 'Forged' WHERE provider_record_id = 'r2'",
                3,
            ),
            ("UPDATE training_revocation SET reason = 'rewritten'", 11),
        ],
    )
    async def test_direct_alteration_is_found(
        self,
        api: httpx.AsyncClient,
        admin_key: str,
        engine: AsyncEngine,
        ledger: list[str],
        statement: str,
        first_bad: int,
    ) -> None:
        await tamper(engine, statement)
        result = await self.verify(api, admin_key)
        assert result["ok"] is False
        assert result["first_bad_seq"] == first_bad
        assert result["problems"]

    async def test_rehashed_entry_still_breaks_the_next_link(
        self, api: httpx.AsyncClient, admin_key: str, engine: AsyncEngine, ledger: list[str]
    ) -> None:
        # A forger who recomputes the altered entry's own hash still breaks the link from the entry after it.
        await tamper(
            engine,
            """
            UPDATE training_ledger_entry SET payload = jsonb_set(payload, '{course_code}', '"PHSM"'),
                hash = training_ledger_hash(prev_hash, seq, kind, completion_id, recorded_at,
                                            jsonb_set(payload, '{course_code}', '"PHSM"'))
            WHERE seq = 4
            """,
        )
        result = await self.verify(api, admin_key)
        assert result["ok"] is False
        assert result["first_bad_seq"] in (4, 5)
