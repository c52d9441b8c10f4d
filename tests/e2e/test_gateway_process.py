"""The real gateway process: streaming, routing exactly the path sent, idempotent creates of its own."""

from __future__ import annotations

import hashlib
import json
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI, Request
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.idempotency import IdempotencyStore
from tests.helpers import assert_problem, auth, new_key
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


class TestIdempotencyOnTheGatewaysOwnCreates:
    """`Idempotency-Key` on the POSTs the gateway answers itself, as on those it proxies."""

    async def test_same_key_and_body_create_once_and_replay(
        self, engine: AsyncEngine, database_url: str, tmp_path: Path
    ) -> None:
        admin = await new_key(engine, "staff", role="admin")
        integrator_id = f"int_{uuid.uuid4().hex.upper()[:26]}"
        integrator = await new_key(engine, "integrator", integrator_id=integrator_id)
        env = component_env(database_url, tmp_path, SECOR_OUTBOUND_ALLOWED_NETWORKS='["127.0.0.0/8"]')
        with component("gateway", env, tmp_path):
            base = f"http://127.0.0.1:{env['SECOR_GATEWAY_PORT']}"
            async with httpx.AsyncClient(base_url=base, timeout=10) as api:
                name = f"idempotent {uuid.uuid4().hex[:6]}"
                new_key_body = {"name": name, "kind": "staff", "role": "viewer"}
                created = [
                    await api.post(
                        "/v1/api-keys", json=new_key_body, headers=auth(admin) | {"idempotency-key": "key-1"}
                    )
                    for _ in range(2)
                ]
                assert [r.status_code for r in created] == [201, 201], created[0].text
                assert created[1].json() == created[0].json()
                assert created[1].headers["idempotent-replayed"] == "true"
                assert "idempotent-replayed" not in created[0].headers
                listed = (await api.get("/v1/api-keys", params={"limit": 200}, headers=auth(admin))).json()
                assert [k["name"] for k in listed["data"]].count(name) == 1

                hook = {"url": "http://127.0.0.1:9/hook"}
                made = [
                    await api.post(
                        "/v1/webhook-endpoints",
                        json=hook,
                        headers=auth(integrator) | {"idempotency-key": "ep-1"},
                    )
                    for _ in range(2)
                ]
                assert [r.status_code for r in made] == [201, 201], made[0].text
                assert made[1].json()["id"] == made[0].json()["id"]
                mine = (await api.get("/v1/webhook-endpoints", headers=auth(integrator))).json()["data"]
                assert len(mine) == 1

                rotation = f"/v1/webhook-endpoints/{made[0].json()['id']}/secret-rotation"
                rotated = [
                    await api.post(rotation, headers=auth(integrator) | {"idempotency-key": "rot-1"})
                    for _ in range(2)
                ]
                assert [r.status_code for r in rotated] == [200, 200], rotated[0].text
                assert rotated[1].json()["secret"] == rotated[0].json()["secret"]
                assert rotated[1].headers["idempotent-replayed"] == "true"
                # A second rotation under a new key is a new secret: the first was not rotated twice.
                again = await api.post(rotation, headers=auth(integrator) | {"idempotency-key": "rot-2"})
                assert again.json()["secret"] != rotated[0].json()["secret"]

    async def test_reused_key_and_in_flight_key_are_refused(
        self, engine: AsyncEngine, database_url: str, tmp_path: Path
    ) -> None:
        admin = await new_key(engine, "staff", role="admin")
        env = component_env(database_url, tmp_path)
        with component("gateway", env, tmp_path):
            base = f"http://127.0.0.1:{env['SECOR_GATEWAY_PORT']}"
            async with httpx.AsyncClient(base_url=base, timeout=10) as api:
                tag = uuid.uuid4().hex[:6]
                headers = auth(admin) | {"idempotency-key": "reused"}
                first = await api.post("/v1/api-keys", json=viewer(f"a {tag}"), headers=headers)
                assert first.status_code == 201, first.text
                other = await api.post("/v1/api-keys", json=viewer(f"b {tag}"), headers=headers)
                assert_problem(other, 422, pointer="/Idempotency-Key")
                assert other.json()["title"] == "Idempotency Key Reused"

                me = (await api.get("/v1/me", headers=auth(admin))).json()
                store = IdempotencyStore(engine, stale_after_seconds=600, max_response_bytes=1024)
                assert await store.claim(me["id"], "busy", "POST", "/v1/api-keys") is None
                busy = await api.post(
                    "/v1/api-keys",
                    json=viewer(f"c {tag}"),
                    headers=auth(admin) | {"idempotency-key": "busy"},
                )
                assert_problem(busy, 409)
                assert busy.headers["retry-after"] == "1"
                listed = await api.get("/v1/api-keys", params={"limit": 200}, headers=auth(admin))
                names = {k["name"] for k in listed.json()["data"]}
                assert f"a {tag}" in names and not {f"b {tag}", f"c {tag}"} & names


def viewer(name: str) -> dict[str, str]:
    return {"name": name, "kind": "staff", "role": "viewer"}
