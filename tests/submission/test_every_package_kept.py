"""Every package received is kept with its own intake report: a package returned at intake is still there,
readable in place, after the one sent to replace it; addenda are listed beside them."""

from __future__ import annotations

import hashlib
from urllib.parse import quote

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.eligibility.conftest import EmployerCtx, eligible_employer
from tests.helpers import assert_problem, auth, new_key
from tests.servers import free_port
from tests.stack import Stack
from tests.submission.conftest import create, settled, upload
from tests.submission.packages import PDF, TOOL, good_files, zip_bytes
from tests.submission.test_workflow import addendum, review


@pytest.fixture
async def qa(engine: AsyncEngine) -> dict[str, str]:
    return auth(await new_key(engine, "staff", role="qa_analyst", name="Quinn QA"))


async def test_a_returned_package_keeps_its_report_after_the_next_one(
    api: httpx.AsyncClient,
    stack: Stack,
    employer: EmployerCtx,
    qa: dict[str, str],
    staff_headers: dict[str, str],
    engine: AsyncEngine,
) -> None:
    submission_id = (await create(api, employer))["id"]
    first_files = {k: v for k, v in good_files().items() if k != TOOL} | {"Draft notes.pdf": PDF + b"draft"}
    first, second = zip_bytes(first_files), zip_bytes(good_files())
    assert (await upload(api, employer.headers, submission_id, first)).status_code == 202
    returned = await settled(api, employer.headers, submission_id)
    assert returned["status"] == "returned_at_intake"
    assert (await upload(api, employer.headers, submission_id, second)).status_code == 202
    assert (await settled(api, employer.headers, submission_id))["status"] == "in_qa"
    assert (await review(api, qa, submission_id, "request_information", "May inspections")).status_code == 200
    sent = await addendum(
        api,
        employer.headers,
        submission_id,
        {"09 Inspections/May - 2026-05-02.pdf": PDF, "Cover letter.pdf": PDF},
    )
    assert sent.status_code == 202
    now = await settled(api, employer.headers, submission_id)

    listing = await api.get(f"/v1/submissions/{submission_id}/packages", headers=qa)
    assert listing.status_code == 200, listing.text
    kept = listing.json()["data"]
    assert [(p["kind"], p["outcome"]) for p in kept] == [
        ("package", "rejected"),
        ("package", "accepted"),
        ("addendum", "accepted"),
    ]
    assert [p["sha256"] for p in kept[:2]] == [hashlib.sha256(z).hexdigest() for z in (first, second)]
    assert [p["bytes"] for p in kept[:2]] == [len(first), len(second)]
    assert kept[2]["id"] == sent.json()["id"]
    # The first package's own report, not the one that replaced it on the submission.
    assert kept[0]["intake_report"] == returned["intake_report"]
    assert kept[1]["intake_report"] == now["intake_report"]
    assert now["package"]["id"] == kept[1]["id"]
    senders = {h["by"] for h in now["history"] if h["status"] == "validating"}
    assert {p["by"] for p in kept} == senders and len(senders) == 1
    assert kept[0]["received_at"] < kept[1]["received_at"] < kept[2]["received_at"]
    # The integrator sees the same list for its employer.
    mine = await api.get(f"/v1/submissions/{submission_id}/packages", headers=employer.headers)
    assert mine.json() == listing.json()

    # The returned package is read in place like any other.
    base = f"/v1/submissions/{submission_id}/packages/{kept[0]['id']}/files"
    files = (await api.get(base, headers=qa)).json()["data"]
    assert {f["path"] for f in files} == set(first_files)
    one = await api.get(f"{base}/{quote('Draft notes.pdf')}", headers=qa)
    assert one.status_code == 200 and one.content == PDF + b"draft"
    addendum_files = await api.get(
        f"/v1/submissions/{submission_id}/packages/{kept[2]['id']}/files", headers=qa
    )
    assert [f["path"] for f in addendum_files.json()["data"]] == [
        "09 Inspections/May - 2026-05-02.pdf",
        "Cover letter.pdf",
    ]

    problem = assert_problem(
        await api.get(f"/v1/submissions/{submission_id}/packages/pkg_nope/files", headers=qa), 404
    )
    assert "GET .../packages" in problem["detail"]
    other_key = await new_key(engine, "integrator", name="Other HSMS")
    other = await eligible_employer(api, stack, other_key, staff_headers)
    for path in (f"/v1/submissions/{submission_id}/packages", base):
        assert_problem(await api.get(path, headers=other.headers), 404)
    # Another submission's package is not reachable through this one.
    elsewhere = (await create(api, employer))["id"]
    assert_problem(
        await api.get(f"/v1/submissions/{elsewhere}/packages/{kept[0]['id']}/files", headers=qa), 404
    )


async def test_a_link_that_failed_is_kept_with_its_finding(
    api: httpx.AsyncClient, employer: EmployerCtx, qa: dict[str, str]
) -> None:
    submission_id = (await create(api, employer))["id"]
    gone = f"http://127.0.0.1:{free_port()}/package.zip"
    sent = await api.post(
        f"/v1/submissions/{submission_id}/package-link",
        json={"url": gone},
        headers=employer.headers,
    )
    assert sent.status_code == 202, sent.text
    assert (await settled(api, employer.headers, submission_id))["status"] == "returned_at_intake"
    assert (await upload(api, employer.headers, submission_id, zip_bytes(good_files()))).status_code == 202
    await settled(api, employer.headers, submission_id)
    kept = (await api.get(f"/v1/submissions/{submission_id}/packages", headers=qa)).json()["data"]
    assert [(p["source"], p["outcome"]) for p in kept] == [("link", "rejected"), ("upload", "accepted")]
    assert kept[0]["url"] == gone and kept[0]["sha256"] is None
    assert kept[0]["intake_report"]["findings"][0]["code"].startswith("link.")
    problem = assert_problem(
        await api.get(f"/v1/submissions/{submission_id}/packages/{kept[0]['id']}/files", headers=qa), 404
    )
    assert "not downloaded" in problem["detail"]
