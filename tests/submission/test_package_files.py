"""Through the service: QA reads a package's documents in place, a poisoned package never wedges intake, and
the instrument publishes what it checks in a form software can use as published."""

from __future__ import annotations

import logging
import os
import re
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from services.submission.packages.archive import ArchiveLimits
from services.submission.packages.files import MemberDamaged, package_files, read_member
from services.submission.submissions import intake
from tests.eligibility.conftest import EmployerCtx, eligible_employer
from tests.helpers import assert_problem, auth, new_key
from tests.stack import Stack
from tests.submission.conftest import create, in_qa, settled, upload
from tests.submission.packages import (
    ELEMENT_FOLDERS,
    LEGISLATION,
    PDF,
    TOOL,
    RawEntry,
    good_files,
    raw_zip,
    zip_bytes,
)
from tests.submission.test_workflow import addendum, review


@pytest.fixture
async def qa(engine: AsyncEngine) -> dict[str, str]:
    return auth(await new_key(engine, "staff", role="qa_analyst", name="Quinn QA"))


def url(submission_id: str, path: str | None = None) -> str:
    base = f"/v1/submissions/{submission_id}/package/files"
    return base if path is None else f"{base}/{quote(path)}"


class TestReadInPlace:
    async def test_listed_with_elements_and_streamed_one_at_a_time(
        self, api: httpx.AsyncClient, employer: EmployerCtx, qa: dict[str, str]
    ) -> None:
        files = good_files() | {
            "03 Safe Work Practices/Ladder use - Étape 2.pdf": b"%PDF-1.7\n" + bytes(range(256)) * 40
        }
        submission = await create(api, employer)
        assert (
            await upload(api, employer.headers, submission["id"], zip_bytes(files, root="Prairie Roofing"))
        ).status_code == 202
        assert (await settled(api, employer.headers, submission["id"]))["status"] == "in_qa"
        listing = await api.get(url(submission["id"]), headers=qa)
        assert listing.status_code == 200, listing.text
        entries = {e["path"]: e for e in listing.json()["data"]}
        assert set(entries) == set(files)  # the shared root folder is not part of the paths, as in the report
        assert entries[TOOL]["element"] is None
        assert entries["03 Safe Work Practices/Ladder use - Étape 2.pdf"] == {
            "path": "03 Safe Work Practices/Ladder use - Étape 2.pdf",
            "size": len(files["03 Safe Work Practices/Ladder use - Étape 2.pdf"]),
            "element": "E03",
            "modified": "2026-03-01T09:00:00",
        }
        name = "03 Safe Work Practices/Ladder use - Étape 2.pdf"
        one = await api.get(url(submission["id"], name), headers=qa)
        assert one.status_code == 200
        assert one.content == files[name]
        assert one.headers["content-type"] == "application/pdf"
        assert one.headers["x-content-type-options"] == "nosniff"
        assert one.headers["content-disposition"] == "attachment; filename*=UTF-8''" + quote(
            "Ladder use - Étape 2.pdf", safe=""
        )
        # The integrator reads its own employer's package too.
        assert (await api.get(url(submission["id"], TOOL), headers=employer.headers)).content == PDF

    async def test_only_entries_and_only_its_own(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        employer: EmployerCtx,
        qa: dict[str, str],
        staff_headers: dict[str, str],
        engine: AsyncEngine,
    ) -> None:
        submission = await in_qa(api, employer)
        for path in ["Nothing here.pdf", "01 Health and Safety Policy", "01 Health and Safety Policy/x.pdf"]:
            problem = assert_problem(await api.get(url(submission["id"], path), headers=qa), 404)
            assert "GET .../files" in problem["detail"]
        # Dot segments and empty segments never reach the service: the gateway refuses them before routing
        # (and the client resolves plain ones before the request leaves).
        base = url(submission["id"])
        for target in [
            f"{base}//{quote(TOOL)}",
            f"{base}/%2e%2e/{quote(TOOL)}",
            f"{base}/01%20Policy/%2E%2E/x.pdf",
        ]:
            assert_problem(await api.get(target, headers=qa), 400)
        assert_problem(await api.get(url(submission["id"], "../../../etc/passwd"), headers=qa), 404)
        other_key = await new_key(engine, "integrator", name="Other HSMS")
        other = await eligible_employer(api, stack, other_key, staff_headers)
        for path in [url(submission["id"]), url(submission["id"], TOOL)]:
            assert_problem(await api.get(path, headers=other.headers), 404)
        waiting = await create(api, employer)
        problem = assert_problem(await api.get(url(waiting["id"]), headers=qa), 404)
        assert "no stored package" in problem["detail"]

    async def test_addenda_are_read_the_same_way(
        self, api: httpx.AsyncClient, employer: EmployerCtx, qa: dict[str, str]
    ) -> None:
        submission_id = (await in_qa(api, employer))["id"]
        assert (
            await review(api, qa, submission_id, "request_information", "May inspections, please")
        ).status_code == 200
        sent = await addendum(
            api,
            employer.headers,
            submission_id,
            {"09 Inspections/Inspection 2026-05-02.pdf": PDF + b"may", "Cover letter.pdf": PDF},
        )
        assert sent.status_code == 202
        await settled(api, employer.headers, submission_id)
        base = f"/v1/submissions/{submission_id}/addenda/{sent.json()['id']}/files"
        listing = (await api.get(base, headers=qa)).json()["data"]
        assert [(e["path"], e["element"]) for e in listing] == [
            ("09 Inspections/Inspection 2026-05-02.pdf", "E09"),
            ("Cover letter.pdf", None),
        ]
        one = await api.get(f"{base}/{quote(listing[0]['path'])}", headers=qa)
        assert one.content == PDF + b"may"
        assert_problem(
            await api.get(f"/v1/submissions/{submission_id}/addenda/add_nope/files", headers=qa), 404
        )

    async def test_a_package_that_cannot_be_read_in_place_says_so(
        self, api: httpx.AsyncClient, employer: EmployerCtx, qa: dict[str, str]
    ) -> None:
        submission = await create(api, employer)
        await upload(api, employer.headers, submission["id"], b"PK\x03\x04 this is not really a zip" * 10)
        body = await settled(api, employer.headers, submission["id"])
        assert body["status"] == "returned_at_intake"
        problem = assert_problem(await api.get(url(submission["id"]), headers=qa), 409)
        assert "intake report" in problem["detail"]


class TestNeverWedged:
    async def test_a_nul_in_a_name_is_a_finding_and_a_new_package_is_taken_at_once(
        self, api: httpx.AsyncClient, employer: EmployerCtx
    ) -> None:
        submission = await create(api, employer)
        poisoned = raw_zip(
            [RawEntry(TOOL, PDF), RawEntry(LEGISLATION, PDF), RawEntry("01 Policy/policy\x00.exe.pdf", PDF)]
        )
        assert (await upload(api, employer.headers, submission["id"], poisoned)).status_code == 202
        body = await settled(api, employer.headers, submission["id"])
        assert body["status"] == "returned_at_intake"
        finding = body["intake_report"]["findings"][0]
        assert (finding["code"], finding["path"]) == ("archive.unsafe_path", "01 Policy/policy\\x00.exe.pdf")
        assert (
            await upload(api, employer.headers, submission["id"], zip_bytes(good_files()))
        ).status_code == 202
        assert (await settled(api, employer.headers, submission["id"]))["status"] == "in_qa"

    async def test_an_unexpected_failure_returns_the_package(
        self,
        api: httpx.AsyncClient,
        employer: EmployerCtx,
        monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture,
    ) -> None:
        def broken(*_: Any, **__: Any) -> None:
            raise RuntimeError("a fault inside intake")

        submission = await create(api, employer)
        monkeypatch.setattr(intake, "check_file", broken)
        with caplog.at_level(logging.ERROR, logger="secor.submission.intake"):
            sent = await api.put(
                f"/v1/submissions/{submission['id']}/package",
                content=zip_bytes(good_files()),
                headers=employer.headers
                | {"content-type": "application/zip", "x-request-id": "req-poison-1"},
            )
            assert sent.status_code == 202
            body = await settled(api, employer.headers, submission["id"])
        assert body["status"] == "returned_at_intake"
        assert [f["code"] for f in body["intake_report"]["findings"]] == ["intake.failed"]
        logged = [r for r in caplog.records if submission["id"] in r.getMessage()]
        assert logged and "req-poison-1" in logged[0].getMessage() and logged[0].exc_info is not None
        monkeypatch.undo()
        assert (
            await upload(api, employer.headers, submission["id"], zip_bytes(good_files()))
        ).status_code == 202
        assert (await settled(api, employer.headers, submission["id"]))["status"] == "in_qa"


class TestWhatTheInstrumentPublishes:
    async def test_patterns_work_as_published(self, api: httpx.AsyncClient, employer: EmployerCtx) -> None:
        published = (await api.get("/v1/instruments/current", headers=employer.headers)).json()
        for document in (published["evaluation_tool"], published["legislation_list"]):
            assert re.search(document["pattern"], document["example"])
            assert document["vocabulary"] and document["extensions"]
        assert re.search(published["evaluation_tool"]["pattern"], "Small Employer Evaluation Tool.pdf")
        assert re.search(
            published["legislation_list"]["pattern"], "OHS Act, Regulation and Code - applicable sections.pdf"
        )
        assert published["sampling"]["busiest_weeks"] == 13
        assert [e["folder_name"] for e in published["elements"]] == ELEMENT_FOLDERS

    async def test_a_loosely_made_package_reaches_qa_with_its_summary(
        self, api: httpx.AsyncClient, employer: EmployerCtx
    ) -> None:
        files = {
            "Small Employer Evaluation Tool.pdf": PDF,
            "OHS Act, Regulation and Code - applicable sections.pdf": PDF,
            "Safety meeting minutes.pdf": PDF,
        } | {f"Element {i}/Record {i} - 2026-02-01.pdf": PDF for i in range(1, 13)}
        submission = await create(api, employer)
        await upload(api, employer.headers, submission["id"], zip_bytes(files, folders=["Photos"]))
        body = await settled(api, employer.headers, submission["id"])
        assert body["status"] == "in_qa", body["intake_report"]
        report = body["intake_report"]
        assert sorted(f["code"] for f in report["findings"]) == [
            "file.outside_element",
            "folder.unknown_element",
        ]
        assert report["summary"]["elements_with_documents"] == 12
        assert report["summary"]["text"] == (
            "0 error(s), 2 warning(s): 12 of 12 elements documented; 1 document(s) outside element folders."
        )


class TestReadMember:
    """The in-place reader against zipfile's own, and against members whose bytes lie about themselves."""

    @pytest.mark.parametrize("method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2])
    def test_the_same_bytes_as_zipfile(self, tmp_path: Path, method: int) -> None:
        content = os.urandom(300_000) + b"text " * 200_000
        path = tmp_path / "p.zip"
        path.write_bytes(zip_bytes({"a.pdf": PDF, "01 Policy/big.pdf": content}, compression=method))
        files = {f.path: f for f in package_files(path, ArchiveLimits())}
        assert b"".join(read_member(path, files["01 Policy/big.pdf"], chunk=65536)) == content
        with zipfile.ZipFile(path) as zf:
            assert zf.read("01 Policy/big.pdf") == content

    @pytest.mark.parametrize("method", [0, 8])
    def test_a_damaged_member_is_cut_short_not_served(self, tmp_path: Path, method: int) -> None:
        content = b"inspection record " * 5000
        data = bytearray(raw_zip([RawEntry("01 Policy/a.pdf", content, method=method)]))
        at = data.index(b"inspection record") if method == 0 else 60
        data[at + 100] ^= 0xFF
        path = tmp_path / "p.zip"
        path.write_bytes(bytes(data))
        (member,) = package_files(path, ArchiveLimits())
        with pytest.raises(MemberDamaged):
            b"".join(read_member(path, member))

    def test_never_more_than_the_declared_size(self, tmp_path: Path) -> None:
        content = b"0" * 1_000_000
        path = tmp_path / "p.zip"
        path.write_bytes(raw_zip([RawEntry("01 Policy/a.pdf", content, method=8, declared_size=1000)]))
        (member,) = package_files(path, ArchiveLimits())
        produced = 0
        with pytest.raises(MemberDamaged):
            for block in read_member(path, member, chunk=4096):
                produced += len(block)
        assert produced <= 1000 + 4096
