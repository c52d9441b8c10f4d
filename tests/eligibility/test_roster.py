"""The roster: add, change, end, remove, and the whole-roster sync keyed by external_id."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.eligibility.conftest import TODAY, EmployerCtx, add_worker, days, worker
from tests.helpers import assert_problem


async def roster_rows(engine: AsyncEngine, employer_id: str) -> int:
    """Workers on the roster now (each worker's current version)."""
    async with engine.connect() as conn:
        return int(
            (
                await conn.execute(
                    text(
                        "SELECT count(*) FROM eligibility_worker WHERE employer_id = :e AND superseded_at IS NULL"
                    ),
                    {"e": employer_id},
                )
            ).scalar_one()
        )


class TestWorkers:
    async def test_add_read_change_end_remove(self, api: httpx.AsyncClient, employer: EmployerCtx) -> None:
        created = await add_worker(api, employer, email="Ana@Example.com", external_id="hr-1")
        assert created["covered_by_wcb_account"] is True and created["end_date"] is None
        url = f"/v1/employers/{employer.id}/workers/{created['id']}"
        assert (await api.get(url, headers=employer.headers)).json()["email"] == "Ana@Example.com"
        changed = await api.patch(url, json={"employment_type": "part_time"}, headers=employer.headers)
        assert changed.status_code == 200 and changed.json()["employment_type"] == "part_time"
        ended = await api.patch(url, json={"end_date": TODAY.isoformat()}, headers=employer.headers)
        assert ended.json()["end_date"] == TODAY.isoformat()
        assert (await api.delete(url, headers=employer.headers)).status_code == 204
        assert_problem(await api.get(url, headers=employer.headers), 404)

    async def test_list_and_employed_on(self, api: httpx.AsyncClient, employer: EmployerCtx) -> None:
        await add_worker(api, employer, given="Current")
        await add_worker(api, employer, given="Gone", start_date=days(-400), end_date=days(-30))
        everyone = (await api.get(f"/v1/employers/{employer.id}/workers", headers=employer.headers)).json()
        now = (
            await api.get(
                f"/v1/employers/{employer.id}/workers",
                params={"employed_on": TODAY.isoformat()},
                headers=employer.headers,
            )
        ).json()
        assert len(everyone["data"]) == 2
        assert [w["given_name"] for w in now["data"]] == ["Current"]

    @pytest.mark.parametrize(
        ("fields", "pointer"),
        [
            ({"start_date": "2026-05-01", "end_date": "2026-04-01"}, ""),
            ({"employment_type": "gig"}, "/employment_type"),
            ({"role": "ceo"}, "/role"),
            ({"start_date": "2026-13-01"}, "/start_date"),
            ({"given_name": ""}, "/given_name"),
            ({"covered_by_wcb_account": "sometimes"}, "/covered_by_wcb_account"),
        ],
    )
    async def test_invalid_worker_is_422(
        self, api: httpx.AsyncClient, employer: EmployerCtx, fields: dict[str, Any], pointer: str
    ) -> None:
        response = await api.post(
            f"/v1/employers/{employer.id}/workers", json=worker(**fields), headers=employer.headers
        )
        assert_problem(response, 422, pointer=pointer)

    async def test_patch_to_end_before_start_is_422(
        self, api: httpx.AsyncClient, employer: EmployerCtx
    ) -> None:
        created = await add_worker(api, employer, start_date="2026-01-10")
        response = await api.patch(
            f"/v1/employers/{employer.id}/workers/{created['id']}",
            json={"end_date": "2026-01-01"},
            headers=employer.headers,
        )
        assert_problem(response, 422)

    async def test_duplicate_external_id_is_409(self, api: httpx.AsyncClient, employer: EmployerCtx) -> None:
        await add_worker(api, employer, external_id="hr-1")
        response = await api.post(
            f"/v1/employers/{employer.id}/workers", json=worker(external_id="hr-1"), headers=employer.headers
        )
        assert_problem(response, 409, pointer="/external_id")


class TestSync:
    async def test_creates_updates_ends_and_reports(
        self, api: httpx.AsyncClient, employer: EmployerCtx, engine: AsyncEngine
    ) -> None:
        manual = await add_worker(api, employer, given="Manual")  # no external_id: a sync leaves it alone
        url = f"/v1/employers/{employer.id}/workers"
        first = await api.put(
            url,
            json={
                "workers": [
                    worker("A", "One", external_id="1"),
                    worker("B", "Two", external_id="2"),
                    worker("C", "Three", external_id="3"),
                ]
            },
            headers=employer.headers,
        )
        assert first.status_code == 200, first.text
        report = first.json()
        assert (len(report["created"]), report["updated"], report["ended"], report["unchanged"]) == (
            3,
            [],
            [],
            0,
        )
        second = (
            await api.put(
                url,
                json={
                    "workers": [
                        worker("A", "One", external_id="1"),
                        worker("B", "Two", external_id="2", employment_type="casual"),
                    ],
                    "ended_on": days(-1),
                },
                headers=employer.headers,
            )
        ).json()
        assert second["created"] == [] and second["unchanged"] == 1
        assert len(second["updated"]) == 1 and len(second["ended"]) == 1
        roster = {w["external_id"]: w for w in (await api.get(url, headers=employer.headers)).json()["data"]}
        assert roster["2"]["employment_type"] == "casual"
        assert roster["3"]["end_date"] == days(-1)
        assert roster[None]["id"] == manual["id"] and roster[None]["end_date"] is None
        assert await roster_rows(engine, employer.id) == 4

    async def test_too_many_workers_is_refused_whole(
        self, api: httpx.AsyncClient, employer: EmployerCtx, engine: AsyncEngine
    ) -> None:
        workers = [worker(f"G{i}", "F", external_id=str(i)) for i in range(100_000)]
        response = await api.put(
            f"/v1/employers/{employer.id}/workers", json={"workers": workers}, headers=employer.headers
        )
        body = assert_problem(response, 413)
        assert "limit" in body["detail"] or "at most" in body["detail"]
        assert await roster_rows(engine, employer.id) == 0

    async def test_over_the_item_limit_is_413(
        self, api: httpx.AsyncClient, employer: EmployerCtx, engine: AsyncEngine
    ) -> None:
        workers = [{"external_id": str(i)} for i in range(10_001)]
        body = assert_problem(
            await api.put(
                f"/v1/employers/{employer.id}/workers", json={"workers": workers}, headers=employer.headers
            ),
            413,
        )
        assert body["limit_items"] == 10_000
        assert await roster_rows(engine, employer.id) == 0

    async def test_one_bad_worker_changes_nothing(
        self, api: httpx.AsyncClient, employer: EmployerCtx, engine: AsyncEngine
    ) -> None:
        workers = [
            worker("A", "B", external_id="1"),
            worker("C", "D", external_id="2", start_date="2026-02-31"),
        ]
        response = await api.put(
            f"/v1/employers/{employer.id}/workers", json={"workers": workers}, headers=employer.headers
        )
        assert_problem(response, 422, pointer="/workers/1/start_date")
        assert await roster_rows(engine, employer.id) == 0

    async def test_external_ids_required_and_unique(
        self, api: httpx.AsyncClient, employer: EmployerCtx
    ) -> None:
        workers = [worker("A", "B", external_id="1"), worker("C", "D", external_id="1"), worker("E", "F")]
        body = assert_problem(
            await api.put(
                f"/v1/employers/{employer.id}/workers", json={"workers": workers}, headers=employer.headers
            ),
            422,
        )
        assert {e["pointer"] for e in body["errors"]} == {"/workers/1/external_id", "/workers/2/external_id"}
