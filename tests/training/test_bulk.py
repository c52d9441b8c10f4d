"""Batches and CSV imports: per-item results, duplicates within and across, bad rows that sink nothing."""

from __future__ import annotations

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.helpers import assert_problem, auth
from tests.training.conftest import ProviderCtx, completion

HEADER = (
    "provider_record_id,course_code,completed_on,learner_given_name,learner_family_name,learner_email,"
    "employer_wcb_account_number\n"
)


async def count(engine: AsyncEngine, table: str) -> int:
    async with engine.connect() as conn:
        return int((await conn.execute(text(f"SELECT count(*) FROM {table}"))).scalar_one())


class TestBatch:
    async def test_mixed_batch(
        self, api: httpx.AsyncClient, provider: ProviderCtx, engine: AsyncEngine
    ) -> None:
        await api.post("/v1/completions", json=completion("existing"), headers=provider.headers)
        items = [
            completion("new-1"),
            completion("existing"),  # identical to a stored record
            completion("bad", learner_email="nope"),
            completion("new-1"),  # repeated inside the batch, identical
            completion("new-1", learner_given_name="Other"),  # repeated inside the batch, different
            completion("forbidden", course_code="RSTS"),
            completion("existing", completed_on="2026-01-01"),  # conflicts with the stored record
            "not even an object",
        ]
        response = await api.post("/v1/completions/batch", json={"items": items}, headers=provider.headers)
        assert response.status_code == 200, response.text
        body = response.json()
        statuses = [r["status"] for r in body["results"]]
        assert statuses == [
            "created",
            "duplicate",
            "rejected",
            "duplicate",
            "rejected",
            "rejected",
            "rejected",
            "rejected",
        ]
        assert [r["index"] for r in body["results"]] == list(range(8))
        assert (body["created"], body["duplicates"], body["rejected"]) == (1, 2, 5)
        results = body["results"]
        assert results[3]["id"] == results[0]["id"]
        assert results[2]["problem"]["status"] == 422
        assert results[2]["problem"]["errors"][0]["pointer"] == "/items/2/learner/email"
        assert results[4]["problem"]["status"] == 409
        assert results[5]["problem"]["status"] == 403
        assert results[5]["problem"]["errors"][0]["pointer"] == "/items/5/course_code"
        assert results[6]["problem"]["differing_fields"] == ["completed_on", "expires_on"]
        assert results[7]["problem"]["status"] == 422
        assert await count(engine, "training_completion") == 2
        assert await count(engine, "shared_outbox_event") == 2

    async def test_retried_batch_changes_nothing(
        self, api: httpx.AsyncClient, provider: ProviderCtx, engine: AsyncEngine
    ) -> None:
        items = [completion(f"r{i}") for i in range(50)]
        first = (
            await api.post("/v1/completions/batch", json={"items": items}, headers=provider.headers)
        ).json()
        before = [
            await count(engine, t)
            for t in ("training_completion", "training_ledger_entry", "shared_outbox_event")
        ]
        again = (
            await api.post("/v1/completions/batch", json={"items": items}, headers=provider.headers)
        ).json()
        after = [
            await count(engine, t)
            for t in ("training_completion", "training_ledger_entry", "shared_outbox_event")
        ]
        assert first["created"] == 50 and again["duplicates"] == 50
        assert [r["id"] for r in first["results"]] == [r["id"] for r in again["results"]]
        assert before == after == [50, 50, 50]

    async def test_1001_items_is_413(self, api: httpx.AsyncClient, provider: ProviderCtx) -> None:
        items = [completion(f"r{i}") for i in range(1001)]
        body = assert_problem(
            await api.post("/v1/completions/batch", json={"items": items}, headers=provider.headers), 413
        )
        assert body["limit_items"] == 1000

    async def test_10mb_body_is_413(self, api: httpx.AsyncClient, provider: ProviderCtx) -> None:
        padding = "x" * (10 * 1024 * 1024)
        response = await api.post(
            "/v1/completions/batch",
            json={"items": [completion(certificate_number=padding)]},
            headers=provider.headers,
        )
        assert_problem(response, 413)

    async def test_10mb_single_post_is_413(self, api: httpx.AsyncClient, provider: ProviderCtx) -> None:
        response = await api.post(
            "/v1/completions", json=completion(certificate_number="x" * 10_000_000), headers=provider.headers
        )
        assert_problem(response, 413)

    async def test_items_must_be_a_list(self, api: httpx.AsyncClient, provider: ProviderCtx) -> None:
        response = await api.post("/v1/completions/batch", json={"items": "lots"}, headers=provider.headers)
        assert_problem(response, 422, pointer="/items")


class TestCsvImport:
    async def post_csv(self, api: httpx.AsyncClient, provider: ProviderCtx, content: bytes) -> httpx.Response:
        return await api.post(
            "/v1/completions/import", content=content, headers=provider.headers | {"content-type": "text/csv"}
        )

    async def test_rows_recorded_one_by_one(
        self, api: httpx.AsyncClient, provider: ProviderCtx, engine: AsyncEngine
    ) -> None:
        csv_text = (
            "\ufeff"
            + HEADER
            + "a,SFA,2026-01-05,Marie,Tremblay,marie@example.com,123-4567\r\n"
            + 'b,CSTS,2026-01-06,"Jean, Luc","O\'Brien",,\r\n'
            + "c,SFA,not-a-date,Sam,Lee,,\n"
            + "d,RSTS,2026-01-06,Sam,Lee,,\n"
            + "e,SFA,2026-01-06,Sam\n"
            + 'f,SFA,2026-01-07,"Multi\nLine",Name,,\n'
            + "a,SFA,2026-01-05,Marie,Tremblay,marie@example.com,123-4567\n"
        )
        response = await self.post_csv(api, provider, csv_text.encode())
        assert response.status_code == 200, response.text
        body = response.json()
        assert [r["status"] for r in body["results"]] == [
            "created",
            "created",
            "rejected",
            "rejected",
            "rejected",
            "rejected",
            "duplicate",
        ]
        assert [r["line"] for r in body["results"]] == [2, 3, 4, 5, 6, 7, 9]
        assert body["results"][2]["problem"]["errors"][0]["pointer"] == "/rows/2/completed_on"
        assert body["results"][3]["problem"]["status"] == 403
        assert "has 4 cells" in body["results"][4]["problem"]["detail"]
        assert body["results"][5]["problem"]["errors"][0]["pointer"] == "/rows/5/learner/given_name"
        assert (body["created"], body["duplicates"], body["rejected"]) == (2, 1, 4)
        assert await count(engine, "training_completion") == 2

    async def test_missing_column_is_422(self, api: httpx.AsyncClient, provider: ProviderCtx) -> None:
        response = await self.post_csv(
            api, provider, b"provider_record_id,course_code,learner_given_name\na,SFA,X\n"
        )
        body = assert_problem(response, 422, pointer="/header")
        assert "completed_on" in body["detail"] and "learner_family_name" in body["detail"]

    async def test_unknown_column_is_422(self, api: httpx.AsyncClient, provider: ProviderCtx) -> None:
        response = await self.post_csv(api, provider, HEADER.replace("learner_email", "e_mail").encode())
        assert "e_mail" in assert_problem(response, 422)["detail"]

    async def test_wrong_encoding_rejects_only_that_row(
        self, api: httpx.AsyncClient, provider: ProviderCtx
    ) -> None:
        content = (
            HEADER.encode()
            + "a,SFA,2026-01-05,Zoé,Gagné,,\n".encode("latin-1")
            + b"b,SFA,2026-01-05,Zoe,Gagne,,\n"
        )
        body = (await self.post_csv(api, provider, content)).json()
        assert [r["status"] for r in body["results"]] == ["rejected", "created"]
        assert "UTF-8" in body["results"][0]["problem"]["detail"]

    async def test_utf16_is_refused_whole(self, api: httpx.AsyncClient, provider: ProviderCtx) -> None:
        response = await self.post_csv(api, provider, HEADER.encode("utf-16"))
        assert "UTF-16" in assert_problem(response, 422)["detail"]

    async def test_empty_file_is_422(self, api: httpx.AsyncClient, provider: ProviderCtx) -> None:
        assert_problem(await self.post_csv(api, provider, b""), 422)

    async def test_octet_stream_is_taken_as_csv(self, api: httpx.AsyncClient, provider: ProviderCtx) -> None:
        # What generated clients send for a file body.
        response = await api.post(
            "/v1/completions/import",
            content=(HEADER + "o1,SFA,2026-01-05,Marie,Tremblay,,\n").encode(),
            headers=provider.headers | {"content-type": "application/octet-stream"},
        )
        assert response.status_code == 200, response.text
        assert [r["status"] for r in response.json()["results"]] == ["created"]

    async def test_wrong_content_type_is_415(self, api: httpx.AsyncClient, provider: ProviderCtx) -> None:
        response = await api.post(
            "/v1/completions/import",
            content=b"{}",
            headers=provider.headers | {"content-type": "application/json"},
        )
        assert_problem(response, 415)

    async def test_formula_injection_stored_and_exported_safely(
        self, api: httpx.AsyncClient, provider: ProviderCtx
    ) -> None:
        evil = "=cmd|' /C calc'!A0"
        content = (HEADER + f'a,SFA,2026-01-05,"{evil}",@SUM(A1),,\n').encode()
        body = (await self.post_csv(api, provider, content)).json()
        stored = (
            await api.get(f"/v1/completions/{body['results'][0]['id']}", headers=provider.headers)
        ).json()
        assert stored["learner"]["given_name"] == evil
        assert stored["learner"]["family_name"] == "@SUM(A1)"
        exported = (await api.get("/v1/completions", headers=provider.headers | {"accept": "text/csv"})).text
        assert "'=cmd" in exported and "'@SUM(A1)" in exported
        assert ",=cmd" not in exported and ",@SUM" not in exported

    async def test_many_rows_in_chunks(
        self, api: httpx.AsyncClient, provider: ProviderCtx, engine: AsyncEngine
    ) -> None:
        rows = "".join(f"r{i},SFA,2026-01-05,Given{i},Family{i},,\n" for i in range(2500))
        body = (await self.post_csv(api, provider, (HEADER + rows).encode())).json()
        assert body["created"] == 2500 and len(body["results"]) == 2500
        assert await count(engine, "training_ledger_entry") == 2500
        again = (await self.post_csv(api, provider, (HEADER + rows).encode())).json()
        assert again["duplicates"] == 2500

    async def test_overlong_line_is_one_rejected_row(
        self, api: httpx.AsyncClient, provider: ProviderCtx
    ) -> None:
        content = HEADER + "a,SFA,2026-01-05," + "x" * 200_000 + ",Y,,\n" + "b,SFA,2026-01-05,Zoe,Gagne,,\n"
        body = (await self.post_csv(api, provider, content.encode())).json()
        assert [r["status"] for r in body["results"]][-1] == "created"
        assert body["results"][0]["status"] == "rejected"


class TestInputsThatOnceAnswered500:
    async def test_a_bare_cr_in_the_csv_header_row(
        self, api: httpx.AsyncClient, provider: ProviderCtx
    ) -> None:
        content = b"course_code,completed_on\rgiven_name\nSFA,2026-01-01,Ana\n"
        response = await api.post(
            "/v1/completions/import", content=content, headers=provider.headers | {"content-type": "text/csv"}
        )
        assert_problem(response, 422, pointer="/header")

    async def test_a_ledger_position_beyond_any_bigint(self, api: httpx.AsyncClient, admin_key: str) -> None:
        response = await api.get("/v1/ledger", params={"after_seq": "1" * 21}, headers=auth(admin_key))
        assert_problem(response, 422, pointer="/after_seq")

    async def test_full_width_digits_in_a_wcb_number(
        self, api: httpx.AsyncClient, provider: ProviderCtx
    ) -> None:
        response = await api.post(
            "/v1/completions",
            json=completion(
                employer_wcb_account_number="\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19"
            ),
            headers=provider.headers,
        )
        assert response.status_code < 500, response.text
        if response.status_code < 300:
            assert response.json()["employer_wcb_account_number"] == "123456789"
