"""The real gateway process: a 1 GiB upload streams through it without being held in memory."""

from __future__ import annotations

import hashlib
import json
import socket
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


def recording_app(seen: list[str]) -> FastAPI:
    """An upstream that answers every path and records the raw path it was sent."""
    app = FastAPI()

    @app.api_route("/{rest:path}", methods=["GET", "POST"])
    async def anything(rest: str, request: Request) -> dict[str, str]:
        seen.append(request.scope["raw_path"].decode())
        return {"path": rest}

    return app


def raw_request(port: int, method: str, target: str, key: str | None) -> tuple[int, bytes]:
    """One request with the target exactly as written: HTTP clients remove dot segments before sending."""
    lines = [f"{method} {target} HTTP/1.1", "Host: 127.0.0.1", "Connection: close", "Content-Length: 0"]
    if key is not None:
        lines.append(f"Authorization: Bearer {key}")
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        response = b""
        while chunk := sock.recv(65536):
            response += chunk
    head, _, body = response.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body


class TestPathsAreRoutedAsSent:
    @pytest.mark.parametrize(
        ("method", "target", "with_key"),
        [
            ("GET", "/v1/employers/../../openapi.json", True),
            ("GET", "/v1/submissions/../../readyz", True),
            ("POST", "/v1/employers/../../internal/events", True),
            ("GET", "/v1/certificates/%2e%2e/verification", False),
            ("GET", "/v1/certificates/%2E%2E/%2e%2E/readyz", False),
            ("GET", "/v1/employers/x%2F..%2F..%2Fopenapi.json", True),
            ("GET", "/v1/employers/./emp_1", True),
            ("GET", "/v1//employers", True),
        ],
    )
    async def test_abnormal_paths_never_reach_a_service(
        self, engine: AsyncEngine, database_url: str, tmp_path: Path, method: str, target: str, with_key: bool
    ) -> None:
        key = await new_key(engine, "integrator")
        seen: list[str] = []
        with ServerThread(recording_app(seen)) as upstream:
            env = component_env(
                database_url,
                tmp_path,
                SECOR_ELIGIBILITY_URL=upstream.url,
                SECOR_SUBMISSION_URL=upstream.url,
                SECOR_TRAINING_URL=upstream.url,
            )
            with component("gateway", env, tmp_path):
                port = int(env["SECOR_GATEWAY_PORT"])
                status, body = raw_request(port, method, target, key if with_key else None)
                assert status == 400, body
                problem = json.loads(body)
                assert problem["status"] == 400 and "normal form" in problem["detail"]
                assert seen == []
                # The same gateway routes a plain path, exactly as sent.
                status, _ = raw_request(port, "GET", "/v1/employers/emp_1", key)
                assert (status, seen) == (200, ["/v1/employers/emp_1"])
