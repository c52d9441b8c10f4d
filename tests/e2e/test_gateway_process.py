"""The real gateway process: a 1 GiB upload streams through it without being held in memory."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI, Request
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.helpers import auth, new_key
from tests.servers import ServerThread, component, component_env, peak_rss_bytes

pytestmark = pytest.mark.e2e

GIB = 1024**3
CHUNK = 1024 * 1024


def sink_app() -> FastAPI:
    app = FastAPI()

    @app.put("/v1/submissions/{submission_id}/package")
    async def package(submission_id: str, request: Request) -> dict[str, object]:
        digest = hashlib.sha256()
        total = 0
        async for chunk in request.stream():
            digest.update(chunk)
            total += len(chunk)
        return {"bytes": total, "sha256": digest.hexdigest()}

    return app


def body(expected: hashlib._Hash) -> Iterator[bytes]:
    block = bytes(range(256)) * (CHUNK // 256)
    for i in range(GIB // CHUNK):
        chunk = block[i % 256 :] + block[: i % 256]
        expected.update(chunk)
        yield chunk


class TestStreamingThroughTheGatewayProcess:
    async def test_one_gib_upload_with_bounded_memory(
        self, engine: AsyncEngine, database_url: str, tmp_path: Path
    ) -> None:
        key = await new_key(engine, "integrator")
        with ServerThread(sink_app()) as sink:
            env = component_env(database_url, tmp_path, SECOR_SUBMISSION_URL=sink.url)
            with component("gateway", env, tmp_path) as gateway:
                url = f"http://127.0.0.1:{env['SECOR_GATEWAY_PORT']}"
                with httpx.Client(base_url=url, timeout=120) as client:
                    assert client.get("/v1/me", headers=auth(key)).status_code == 200  # warm: imports, pools
                    before = peak_rss_bytes(gateway.pid)
                    expected = hashlib.sha256()
                    response = client.put(
                        "/v1/submissions/sub_1/package",
                        content=body(expected),
                        headers=auth(key) | {"content-type": "application/zip"},
                    )
                peak = peak_rss_bytes(gateway.pid)
        assert response.status_code == 200, response.text
        assert response.json() == {"bytes": GIB, "sha256": expected.hexdigest()}
        grown = peak - before
        assert grown < 64 * 1024 * 1024, f"gateway peak memory grew {grown / 1e6:.0f} MB while proxying 1 GiB"
