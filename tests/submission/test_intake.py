"""Creating submissions (and the program's refusals), uploading packages, and what intake makes of them."""

from __future__ import annotations

import hashlib
import os
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.events import CATALOG
from tests.eligibility.conftest import EmployerCtx, eligible_employer
from tests.helpers import assert_problem, auth, new_key
from tests.stack import Stack, build_stack
from tests.submission.conftest import ZIP, create, in_qa, scores, settled, submission_body, upload
from tests.submission.packages import TOOL, good_files, zip_bytes


async def outbox(engine: AsyncEngine, event_type: str) -> list[dict[str, object]]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            text("SELECT data FROM shared_outbox_event WHERE type = :t ORDER BY id"), {"t": event_type}
        )
        return [r.data for r in rows]


class TestCreate:
    async def test_created_awaiting_its_package(self, api: httpx.AsyncClient, employer: EmployerCtx) -> None:
        body = await create(api, employer)
        assert body["status"] == "awaiting_package"
        assert body["employer_id"] == employer.id
        assert body["instrument_version"] == "2026.1"
        assert body["intake_report"] is None and body["package"] is None
        assert [(h["status"], h["note"]) for h in body["history"]] == [
            ("awaiting_package", "submission created")
        ]
        me = (await api.get("/v1/me", headers=employer.headers)).json()
        assert body["history"][0]["by"] == me["id"]

    async def test_cor_required_employer_refused(self, api: httpx.AsyncClient, employer: EmployerCtx) -> None:
        declared = await api.post(
            f"/v1/employers/{employer.id}/headcount-declarations",
            json={"period_start": "2026-02-01", "period_end": "2026-02-28", "peak_headcount": 11},
            headers=employer.headers,
        )
        assert declared.status_code == 201, declared.text
        response = await api.post(
            "/v1/submissions", json=submission_body(employer.id), headers=employer.headers
        )
        problem = assert_problem(response, 422)
        assert problem["type"].endswith("/cor-required")
        assert "COR" in problem["detail"]
        # The determination's own reason says when the peak was, and from what.
        assert problem["headcount"]["status"] == "fail"
        assert "11" in problem["detail"]

    async def test_certification_needs_three_months(
        self, api: httpx.AsyncClient, employer: EmployerCtx
    ) -> None:
        short = submission_body(employer.id, audit_period_start="2026-01-01", audit_period_end="2026-03-30")
        problem = assert_problem(
            await api.post("/v1/submissions", json=short, headers=employer.headers),
            422,
            pointer="/audit_period_end",
        )
        assert problem["type"].endswith("/audit-period-too-short")
        exactly = submission_body(employer.id, audit_period_start="2026-01-01", audit_period_end="2026-03-31")
        assert (await api.post("/v1/submissions", json=exactly, headers=employer.headers)).status_code == 201

    async def test_maintenance_needs_a_certificate(
        self, api: httpx.AsyncClient, employer: EmployerCtx
    ) -> None:
        body = submission_body(employer.id, kind="maintenance")
        problem = assert_problem(await api.post("/v1/submissions", json=body, headers=employer.headers), 422)
        assert problem["type"].endswith("/no-certificate")

    async def test_another_integrators_employer_is_unknown(
        self, api: httpx.AsyncClient, employer: EmployerCtx, engine: AsyncEngine
    ) -> None:
        other = auth(await new_key(engine, "integrator"))
        response = await api.post("/v1/submissions", json=submission_body(employer.id), headers=other)
        assert_problem(response, 422, pointer="/employer_id")
        response = await api.post(
            "/v1/submissions", json=submission_body("emp_nope"), headers=employer.headers
        )
        assert_problem(response, 422, pointer="/employer_id")

    @pytest.mark.parametrize(
        ("change", "pointer"),
        [
            ({"kind": "renewal"}, "/kind"),
            ({"audit_period_start": "2026-02-30"}, "/audit_period_start"),
            ({"contact_email": "not an email"}, "/contact_email"),
            ({"assessor": {"given_name": "Ana", "internal": True}}, "/assessor/family_name"),
            ({"element_scores": [{"element": "E01", "earned": 30, "possible": 20}]}, "/element_scores/0"),
            (
                {"element_scores": [{"element": "X1", "earned": 1, "possible": 2}]},
                "/element_scores/0/element",
            ),
            ({"element_scores": [{"element": "E99", "earned": 1, "possible": 2}]}, "/element_scores"),
            ({"audit_period_end": "2025-12-31"}, ""),
            ({"surprise": 1}, "/surprise"),
        ],
    )
    async def test_bad_input_names_the_field(
        self, api: httpx.AsyncClient, employer: EmployerCtx, change: dict[str, object], pointer: str
    ) -> None:
        response = await api.post(
            "/v1/submissions", json=submission_body(employer.id, **change), headers=employer.headers
        )
        assert_problem(response, 422, pointer=pointer)

    async def test_who_may_create(
        self, api: httpx.AsyncClient, employer: EmployerCtx, engine: AsyncEngine
    ) -> None:
        viewer = auth(await new_key(engine, "staff", role="viewer"))
        assert_problem(
            await api.post("/v1/submissions", json=submission_body(employer.id), headers=viewer), 403
        )
        qa = auth(await new_key(engine, "staff", role="qa_analyst"))
        assert (
            await api.post("/v1/submissions", json=submission_body(employer.id), headers=qa)
        ).status_code == 201
        assert_problem(await api.post("/v1/submissions", json=submission_body(employer.id)), 401)


class TestUpload:
    async def test_good_package_goes_to_qa(
        self, api: httpx.AsyncClient, employer: EmployerCtx, engine: AsyncEngine
    ) -> None:
        submission = await create(api, employer)
        content = zip_bytes(good_files())
        response = await upload(api, employer.headers, submission["id"], content)
        assert response.status_code == 202, response.text
        assert response.json()["status"] == "validating"
        body = await settled(api, employer.headers, submission["id"])
        assert body["status"] == "in_qa"
        assert body["intake_report"]["outcome"] == "accepted"
        assert body["intake_report"]["inventory"]["files"] == len(good_files())
        assert body["package"]["sha256"] == hashlib.sha256(content).hexdigest()
        assert body["package"]["bytes"] == len(content)
        assert body["package"]["source"] == "upload"
        assert "key" not in body["package"]
        assert [h["status"] for h in body["history"]] == ["awaiting_package", "validating", "in_qa"]
        assert body["history"][-1]["by"] == "intake"
        [received] = await outbox(engine, "submission.received")
        CATALOG["submission.received"][2].model_validate(received)
        assert received["bytes"] == len(content)
        changes = await outbox(engine, "submission.status_changed")
        assert [(c["old_status"], c["new_status"]) for c in changes] == [
            ("awaiting_package", "validating"),
            ("validating", "in_qa"),
        ]
        for change in changes:
            CATALOG["submission.status_changed"][2].model_validate(change)

    async def test_bad_package_returned_then_replaced(
        self, api: httpx.AsyncClient, employer: EmployerCtx
    ) -> None:
        submission = await create(api, employer)
        bad = {k: v for k, v in good_files().items() if k != TOOL}
        await upload(api, employer.headers, submission["id"], zip_bytes(bad))
        body = await settled(api, employer.headers, submission["id"])
        assert body["status"] == "returned_at_intake"
        assert [f["code"] for f in body["intake_report"]["findings"]] == ["evaluation_tool.missing"]
        assert body["intake_report"]["outcome"] == "rejected"
        assert (
            await upload(api, employer.headers, submission["id"], zip_bytes(good_files()))
        ).status_code == 202
        body = await settled(api, employer.headers, submission["id"])
        assert body["status"] == "in_qa"
        assert body["intake_report"]["findings"] == []

    async def test_warnings_do_not_return_the_package(
        self, api: httpx.AsyncClient, employer: EmployerCtx
    ) -> None:
        submission = await create(api, employer)
        files = good_files() | {"01 Health and Safety Policy/scan0001.pdf": b"%PDF-1.7"}
        await upload(api, employer.headers, submission["id"], zip_bytes(files))
        body = await settled(api, employer.headers, submission["id"])
        assert body["status"] == "in_qa"
        assert [(f["severity"], f["code"]) for f in body["intake_report"]["findings"]] == [
            ("warning", "file.unlabelled")
        ]

    async def test_scores_below_the_pass_rules_return_it(
        self, api: httpx.AsyncClient, employer: EmployerCtx
    ) -> None:
        submission = await create(api, employer, element_scores=scores(0.79, E03=9))
        await upload(api, employer.headers, submission["id"], zip_bytes(good_files()))
        body = await settled(api, employer.headers, submission["id"])
        assert body["status"] == "returned_at_intake"
        assert sorted(f["code"] for f in body["intake_report"]["findings"]) == [
            "scores.element_below",
            "scores.overall_below",
        ]

    async def test_zip_slip_touches_nothing(
        self, api: httpx.AsyncClient, employer: EmployerCtx, stack: Stack
    ) -> None:
        submission = await create(api, employer)
        files = good_files() | {"../../../../tmp/secor-escaped.pdf": b"%PDF"}
        await upload(api, employer.headers, submission["id"], zip_bytes(files))
        body = await settled(api, employer.headers, submission["id"])
        assert [(f["code"], f["path"]) for f in body["intake_report"]["findings"]] == [
            ("archive.unsafe_path", "../../../../tmp/secor-escaped.pdf")
        ]
        assert not Path("/tmp/secor-escaped.pdf").exists()
        root: Path = stack.apps["submission"].state.storage.root
        [kept] = (root / submission["id"]).iterdir()  # the upload itself, never extracted
        assert kept.suffix == ".zip" and kept.stat().st_size == body["package"]["bytes"]

    async def test_not_a_zip_content_type(self, api: httpx.AsyncClient, employer: EmployerCtx) -> None:
        submission = await create(api, employer)
        response = await api.put(
            f"/v1/submissions/{submission['id']}/package",
            content=b"%PDF",
            headers=employer.headers | {"content-type": "application/pdf"},
        )
        assert_problem(response, 415)
        response = await api.put(
            f"/v1/submissions/{submission['id']}/package", content=b"x", headers=employer.headers
        )
        assert_problem(response, 415)

    async def test_octet_stream_is_taken_as_a_zip(
        self, api: httpx.AsyncClient, employer: EmployerCtx
    ) -> None:
        # What generated clients send for a file body.
        submission = await create(api, employer)
        response = await api.put(
            f"/v1/submissions/{submission['id']}/package",
            content=zip_bytes(good_files()),
            headers=employer.headers | {"content-type": "application/octet-stream"},
        )
        assert response.status_code == 202, response.text
        assert (await settled(api, employer.headers, submission["id"]))["status"] == "in_qa"

    async def test_not_a_zip_content(self, api: httpx.AsyncClient, employer: EmployerCtx) -> None:
        submission = await create(api, employer)
        await upload(api, employer.headers, submission["id"], b"%PDF-1.7 this is a PDF, not a zip" * 10)
        body = await settled(api, employer.headers, submission["id"])
        assert [f["code"] for f in body["intake_report"]["findings"]] == ["archive.not_zip"]

    async def test_no_new_package_once_in_qa(self, api: httpx.AsyncClient, employer: EmployerCtx) -> None:
        body = await in_qa(api, employer)
        problem = assert_problem(
            await upload(api, employer.headers, body["id"], zip_bytes(good_files())), 409
        )
        assert problem["status_now"] == "in_qa"

    async def test_others_cannot_see_or_upload(
        self, api: httpx.AsyncClient, employer: EmployerCtx, engine: AsyncEngine
    ) -> None:
        submission = await create(api, employer)
        other = auth(await new_key(engine, "integrator"))
        assert_problem(await api.get(f"/v1/submissions/{submission['id']}", headers=other), 404)
        assert_problem(await upload(api, other, submission["id"], zip_bytes(good_files())), 404)
        provider_key = auth(await new_key(engine, "provider", provider_id="prv_acsa"))
        assert_problem(await api.get(f"/v1/submissions/{submission['id']}", headers=provider_key), 403)
        assert_problem(await upload(api, employer.headers, "sub_missing", zip_bytes(good_files())), 404)

    async def test_staff_download_the_stored_package(
        self, api: httpx.AsyncClient, employer: EmployerCtx, staff_headers: dict[str, str]
    ) -> None:
        submission = await create(api, employer)
        assert_problem(
            await api.get(f"/v1/submissions/{submission['id']}/package", headers=staff_headers), 404
        )
        content = zip_bytes(good_files())
        await upload(api, employer.headers, submission["id"], content)
        await settled(api, employer.headers, submission["id"])
        response = await api.get(f"/v1/submissions/{submission['id']}/package", headers=staff_headers)
        assert response.status_code == 200 and response.content == content
        assert response.headers["content-type"] == "application/octet-stream"  # as generated clients take it
        assert ".zip" in response.headers["content-disposition"]
        named = await api.get(
            f"/v1/submissions/{submission['id']}/package",
            headers=staff_headers | {"accept": "application/zip"},
        )
        assert named.headers["content-type"] == "application/zip" and named.content == content
        assert_problem(
            await api.get(f"/v1/submissions/{submission['id']}/package", headers=employer.headers), 403
        )


class TestSizeCap:
    @pytest.fixture
    async def small(self, engine: AsyncEngine, database_url: str) -> AsyncIterator[Stack]:
        async with build_stack(
            engine, database_url, submission_overrides={"max_package_bytes": 50_000}
        ) as built:
            yield built

    async def test_announced_too_large(self, small: Stack, integrator_key: str) -> None:
        headers = auth(integrator_key)
        ctx = await eligible_employer(small.gateway, small, integrator_key)
        submission = await create(small.gateway, ctx)
        response = await upload(small.gateway, headers, submission["id"], os.urandom(60_000))
        assert_problem(response, 413)
        await self._nothing_kept(small, ctx, submission["id"])

    async def test_streamed_too_large(self, small: Stack, integrator_key: str) -> None:
        headers = auth(integrator_key)
        ctx = await eligible_employer(small.gateway, small, integrator_key)
        submission = await create(small.gateway, ctx)

        async def chunks() -> AsyncIterator[bytes]:
            for _ in range(10):
                yield os.urandom(10_000)

        response = await small.gateway.put(
            f"/v1/submissions/{submission['id']}/package", content=chunks(), headers=headers | ZIP
        )
        assert_problem(response, 413)
        await self._nothing_kept(small, ctx, submission["id"])

    async def _nothing_kept(self, stack: Stack, ctx: EmployerCtx, submission_id: str) -> None:
        body = (await stack.gateway.get(f"/v1/submissions/{submission_id}", headers=ctx.headers)).json()
        assert body["status"] == "awaiting_package"
        folder: Path = stack.apps["submission"].state.storage.root / submission_id
        assert not folder.exists() or list(folder.iterdir()) == []
