"""Packages sent as links: share links made direct, downloads through the safe client, and every refusal.

The download server is a real HTTP server on loopback, which only development-like settings may reach (plain
http allowed, 127.0.0.0/8 allowed by the operator); stricter settings refuse it and every other private place.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.responses import RedirectResponse, Response, StreamingResponse
from sqlalchemy.ext.asyncio import AsyncEngine

from services.submission.links import direct_download_url
from tests.eligibility.conftest import EmployerCtx, eligible_employer
from tests.helpers import assert_problem
from tests.servers import ServerThread
from tests.stack import Stack, build_stack
from tests.submission.conftest import create, settled
from tests.submission.packages import good_files, zip_bytes

PACKAGE = zip_bytes(good_files())


def download_app() -> FastAPI:
    app = FastAPI()

    @app.get("/package.zip")
    async def package() -> Response:
        return Response(PACKAGE, media_type="application/zip")

    @app.get("/redirect")
    async def redirect() -> RedirectResponse:
        return RedirectResponse("/package.zip", status_code=302)

    @app.get("/redirect-to")
    async def redirect_to(url: str) -> RedirectResponse:
        return RedirectResponse(url, status_code=302)

    @app.get("/loop")
    async def loop() -> RedirectResponse:
        return RedirectResponse("/loop", status_code=302)

    @app.get("/huge")
    async def huge() -> StreamingResponse:
        async def body() -> AsyncIterator[bytes]:
            for _ in range(100):
                yield b"\0" * 10_000

        return StreamingResponse(body(), media_type="application/zip")

    return app


@pytest.fixture(scope="module")
def server() -> Iterator[ServerThread]:
    with ServerThread(download_app()) as running:
        yield running


async def employer_in(stack: Stack, key: str) -> EmployerCtx:
    return await eligible_employer(stack.gateway, stack, key)


async def send_link(api: httpx.AsyncClient, ctx: EmployerCtx, url: str) -> tuple[str, httpx.Response]:
    submission = await create(api, ctx)
    response = await api.post(
        f"/v1/submissions/{submission['id']}/package-link", json={"url": url}, headers=ctx.headers
    )
    return submission["id"], response


class TestShareLinks:
    @pytest.mark.parametrize(
        ("shared", "direct"),
        [
            (
                "https://www.dropbox.com/scl/fi/abc123/SECOR.zip?rlkey=xyz&dl=0",
                "https://www.dropbox.com/scl/fi/abc123/SECOR.zip?rlkey=xyz&dl=1",
            ),
            ("https://www.dropbox.com/s/abc123/SECOR.zip", "https://www.dropbox.com/s/abc123/SECOR.zip?dl=1"),
            (
                "https://drive.google.com/file/d/1AbC-dEf_123/view?usp=sharing",
                "https://drive.google.com/uc?export=download&id=1AbC-dEf_123",
            ),
            (
                "https://drive.google.com/open?id=1AbC-dEf_123",
                "https://drive.google.com/uc?export=download&id=1AbC-dEf_123",
            ),
            (
                "https://1drv.ms/u/s!AbCdEf",
                "https://api.onedrive.com/v1.0/shares/u!aHR0cHM6Ly8xZHJ2Lm1zL3UvcyFBYkNkRWY/root/content",
            ),
            ("https://files.example.com/secor/package.zip", "https://files.example.com/secor/package.zip"),
        ],
    )
    def test_direct_download(self, shared: str, direct: str) -> None:
        assert direct_download_url(shared) == direct


class TestDevelopmentDownloads:
    """Plain http and the loopback network allowed, as in development."""

    async def test_downloaded_and_checked(
        self, api: httpx.AsyncClient, employer: EmployerCtx, server: ServerThread, engine: AsyncEngine
    ) -> None:
        submission_id, response = await send_link(api, employer, f"{server.url}/package.zip")
        assert response.status_code == 202, response.text
        body = await settled(api, employer.headers, submission_id)
        assert body["status"] == "in_qa", body
        assert body["package"]["source"] == "link"
        assert body["package"]["url"] == f"{server.url}/package.zip"
        assert body["package"]["sha256"] == hashlib.sha256(PACKAGE).hexdigest()
        assert [h["status"] for h in body["history"]] == ["awaiting_package", "validating", "in_qa"]

    async def test_redirects_are_followed_and_rechecked(
        self, api: httpx.AsyncClient, employer: EmployerCtx, server: ServerThread
    ) -> None:
        submission_id, _ = await send_link(api, employer, f"{server.url}/redirect")
        assert (await settled(api, employer.headers, submission_id))["status"] == "in_qa"

    @pytest.mark.parametrize(
        "target",
        [
            "http://169.254.169.254/latest/meta-data/",
            "http://10.0.0.8/package.zip",
            "http://[fd00::1]/package.zip",
            "file:///etc/passwd",
        ],
    )
    async def test_redirect_to_a_private_place_is_refused(
        self, api: httpx.AsyncClient, employer: EmployerCtx, server: ServerThread, target: str
    ) -> None:
        submission_id, response = await send_link(api, employer, f"{server.url}/redirect-to?url={target}")
        assert response.status_code == 202
        body = await settled(api, employer.headers, submission_id)
        assert body["status"] == "returned_at_intake"
        [finding] = body["intake_report"]["findings"]
        assert finding["code"] == "link.refused", finding

    async def test_endless_redirects(
        self, api: httpx.AsyncClient, employer: EmployerCtx, server: ServerThread
    ) -> None:
        submission_id, _ = await send_link(api, employer, f"{server.url}/loop")
        body = await settled(api, employer.headers, submission_id)
        assert [f["code"] for f in body["intake_report"]["findings"]] == ["link.refused"]
        assert "redirects" in body["intake_report"]["findings"][0]["message"]

    async def test_missing_file(
        self, api: httpx.AsyncClient, employer: EmployerCtx, server: ServerThread
    ) -> None:
        submission_id, _ = await send_link(api, employer, f"{server.url}/nothing-here.zip")
        body = await settled(api, employer.headers, submission_id)
        [finding] = body["intake_report"]["findings"]
        assert (finding["code"], "404" in finding["message"]) == ("link.refused", True)

    async def test_server_gone(self, api: httpx.AsyncClient, employer: EmployerCtx) -> None:
        from tests.servers import free_port

        submission_id, _ = await send_link(api, employer, f"http://127.0.0.1:{free_port()}/package.zip")
        body = await settled(api, employer.headers, submission_id)
        assert [f["code"] for f in body["intake_report"]["findings"]] == ["link.download_failed"]


class TestCappedDownloads:
    @pytest.fixture
    async def small(self, engine: AsyncEngine, database_url: str) -> AsyncIterator[Stack]:
        async with build_stack(
            engine, database_url, submission_overrides={"max_package_bytes": 50_000}
        ) as built:
            yield built

    async def test_too_large(self, small: Stack, integrator_key: str, server: ServerThread) -> None:
        ctx = await employer_in(small, integrator_key)
        submission_id, _ = await send_link(small.gateway, ctx, f"{server.url}/huge")
        body = await settled(small.gateway, ctx.headers, submission_id)
        assert [f["code"] for f in body["intake_report"]["findings"]] == ["link.too_large"]
        folder = small.apps["submission"].state.storage.root / submission_id
        assert not folder.exists() or list(folder.iterdir()) == []


class TestStrictSettings:
    """Production-like: https only, and only public addresses."""

    @pytest.fixture
    async def strict(self, engine: AsyncEngine, database_url: str) -> AsyncIterator[Stack]:
        overrides: dict[str, Any] = {"outbound_allow_http": False, "outbound_allowed_networks": []}
        async with build_stack(engine, database_url, submission_overrides=overrides) as built:
            yield built

    @pytest.mark.parametrize(
        "url",
        [
            "http://files.example.com/package.zip",
            "https://127.0.0.1/package.zip",
            "https://localhost/package.zip",
            "https://169.254.169.254/latest/meta-data/",
            "https://10.1.2.3/package.zip",
            "https://192.168.0.10/package.zip",
            "https://[::1]/package.zip",
            "https://[::ffff:127.0.0.1]/package.zip",
            "https://[::127.0.0.1]/package.zip",
            "https://[64:ff9b::7f00:1]/package.zip",
            "https://[2002:7f00:1::]/package.zip",
            "https://0.0.0.0/package.zip",
            "https://user:pass@files.example.com/package.zip",
            "ftp://files.example.com/package.zip",
            "not a url at all",
        ],
    )
    async def test_refused_at_once(self, strict: Stack, integrator_key: str, url: str) -> None:
        ctx = await employer_in(strict, integrator_key)
        submission_id, response = await send_link(strict.gateway, ctx, url)
        assert_problem(response, 422, pointer="/url")
        body = (await strict.gateway.get(f"/v1/submissions/{submission_id}", headers=ctx.headers)).json()
        assert body["status"] == "awaiting_package"

    async def test_loopback_server_refused_without_the_operators_leave(
        self, engine: AsyncEngine, database_url: str, integrator_key: str, server: ServerThread
    ) -> None:
        overrides: dict[str, Any] = {"outbound_allow_http": True, "outbound_allowed_networks": []}
        async with build_stack(engine, database_url, submission_overrides=overrides) as built:
            ctx = await employer_in(built, integrator_key)
            _, response = await send_link(built.gateway, ctx, f"{server.url}/package.zip")
            problem = assert_problem(response, 422, pointer="/url")
            assert "127.0.0.1" in problem["detail"]
