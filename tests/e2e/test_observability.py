"""Metrics and traces read back from the real processes: every component's /metrics, a delivery counted, a deep
outbox's depth and age, several uvicorn processes reporting as one, and spans exported over OTLP."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, Request, Response
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.webhooks.service import owner_of
from shared.outbox import publish
from shared.principal import Principal
from shared.webhooks import new_secret
from tests.e2e import test_delivery as delivery
from tests.events import loose_event
from tests.foundation.test_observability import TRACE, TRACEPARENT, samples
from tests.helpers import auth, new_key
from tests.servers import ServerThread, component, component_env, free_port, whole_system
from tests.webhooks.conftest import Receiver, eventually

pytestmark = pytest.mark.e2e


def scrape(port: str | int) -> str:
    response = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=10)
    assert response.status_code == 200, response.text
    return response.text


@pytest.fixture
def env(database_url: str, tmp_path: Path) -> dict[str, str]:
    return component_env(
        database_url,
        tmp_path,
        SECOR_OUTBOUND_ALLOWED_NETWORKS=delivery.LOOPBACK,
        SECOR_WORKER_POLL_INTERVAL_SECONDS="0.5",
        # A failed attempt waits an hour: what could not be delivered stays in the outbox while the test looks.
        SECOR_WEBHOOK_RETRY_SCHEDULE_SECONDS="[0, 3600]",
        SECOR_WEBHOOK_TIMEOUT_SECONDS="2",
    )


async def _endpoint(engine: AsyncEngine, endpoint_id: str, url: str) -> None:
    """A webhook endpoint of ACSA's staff, who may see every event."""
    owner = owner_of(Principal.build("staff", "k", "s", role="admin"))["owner_kind"]
    async with engine.begin() as conn:
        await conn.execute(
            text(
                """
                INSERT INTO gateway_webhook_endpoint (id, owner_kind, created_by, url, secret, created_at, updated_at)
                VALUES (:id, :owner, 'tests', :url, :secret, now(), now())
                """
            ),
            {"id": endpoint_id, "owner": owner, "url": url, "secret": new_secret()},
        )


class TestEveryComponent:
    async def test_metrics_deliveries_and_a_deep_outbox(
        self, engine: AsyncEngine, env: dict[str, str], tmp_path: Path, hooks: Receiver
    ) -> None:
        await _endpoint(engine, "whe_live", hooks.url())
        # Nothing listens there: every delivery to it fails, and waits an hour for its next attempt.
        await _endpoint(engine, "whe_dead", f"http://127.0.0.1:{free_port()}/hook")
        with whole_system(env, tmp_path) as gateway:
            admin = auth(await new_key(engine, "staff", role="admin"))
            async with httpx.AsyncClient(base_url=gateway, timeout=10) as api:
                assert (await api.get("/v1/courses", headers=admin)).status_code == 200
            async with engine.begin() as conn:
                await publish(
                    conn,
                    "tests",
                    [
                        loose_event("employer.eligibility_changed", {"n": i}, employer_id="e")
                        for i in range(3)
                    ],
                )
                await conn.execute(
                    text("UPDATE shared_outbox_event SET occurred_at = now() - interval '15 minutes'")
                )
            await eventually(lambda: len(hooks.at("/hook")) == 3, timeout=30)

            async def dead_tried() -> bool:
                async with engine.connect() as conn:
                    tried = await conn.execute(
                        text(
                            "SELECT count(*) FROM gateway_delivery WHERE target = 'whe_dead' AND attempts = 1"
                        )
                    )
                    return tried.scalar_one() == 3

            await eventually(dead_tried, timeout=30)

            async def recorded() -> bool:
                body = await asyncio.to_thread(scrape, env["SECOR_WORKER_PORT"])
                return samples(body, "secor_deliveries_total", target_kind="endpoint") == 6

            await eventually(recorded, timeout=30)
            worker = scrape(env["SECOR_WORKER_PORT"])
            services = {name: scrape(env[f"SECOR_{name.upper()}_PORT"]) for name in delivery_services()}
            front = scrape(env["SECOR_GATEWAY_PORT"])

        ok = {"target_kind": "endpoint", "outcome": "succeeded"}
        assert samples(worker, "secor_deliveries_total", **ok) == 3
        assert samples(worker, "secor_deliveries_total", target_kind="endpoint", outcome="retrying") == 3
        assert samples(worker, "secor_delivery_attempt_duration_seconds_count", target_kind="endpoint") == 6
        assert samples(worker, "secor_outbox_depth", stage="endpoint") == 3
        assert samples(worker, "secor_outbox_oldest_age_seconds", stage="endpoint") >= 15 * 60
        assert samples(worker, "secor_outbox_depth", stage="fanout") == 0
        assert "secor_mail_queue_depth" in worker
        assert samples(worker, "secor_db_pool_connections_max", component="worker") > 0
        courses = {"component": "gateway", "route": "/v1/courses", "status": "200"}
        assert samples(front, "secor_http_request_duration_seconds_count", **courses) == 1
        for name, body in services.items():
            assert samples(body, "secor_db_pool_connections_max", component=name) > 0, name
        assert samples(
            services["training"],
            "secor_http_request_duration_seconds_count",
            component="training",
            route="/v1/courses",
            status="200",
        )


def delivery_services() -> tuple[str, ...]:
    return ("eligibility", "training", "submission")


class TestSeveralProcesses:
    async def test_a_scrape_of_any_process_reports_them_all(self, database_url: str, tmp_path: Path) -> None:
        env = component_env(database_url, tmp_path, SECOR_TRAINING_WORKERS="2", SECOR_DATABASE_POOL_SIZE="3")
        port = env["SECOR_TRAINING_PORT"]
        with component("training", env, tmp_path):

            def capacity() -> float:
                return samples(scrape(port), "secor_db_pool_connections_max", component="training")

            # Each process's pool may hold 3 + 3 overflow: once both have started, the two added up.
            await eventually(lambda: capacity() == 12, timeout=30)
            # A new connection each: the two processes share the socket, and take the requests between them.
            for _ in range(30):
                assert httpx.get(f"http://127.0.0.1:{port}/v1/courses", timeout=5).status_code == 401
            labels = {"component": "training", "route": "/v1/courses", "status": "401"}
            counts = set()
            capacities = set()
            for _ in range(6):
                body = scrape(port)
                counts.add(samples(body, "secor_http_request_duration_seconds_count", **labels))
                capacities.add(samples(body, "secor_db_pool_connections_max", component="training"))
        assert counts == {30}
        assert capacities == {12}


@dataclass
class Collector:
    """An OTLP/HTTP trace receiver: what a collector would be sent, decoded."""

    spans: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.post("/v1/traces")
        async def traces(request: Request) -> Response:
            message = ExportTraceServiceRequest.FromString(await request.body())
            with self.lock:
                for resource in message.resource_spans:
                    attributes = {a.key: a.value.string_value for a in resource.resource.attributes}
                    for scope in resource.scope_spans:
                        for span in scope.spans:
                            self.spans.append(
                                {
                                    "service": attributes.get("service.name"),
                                    "name": span.name,
                                    "trace_id": span.trace_id.hex(),
                                    "span_id": span.span_id.hex(),
                                    "parent_span_id": span.parent_span_id.hex(),
                                }
                            )
            return Response(status_code=200, media_type="application/x-protobuf")

        return app

    def of(self, service: str) -> list[dict[str, Any]]:
        with self.lock:
            return [s for s in self.spans if s["service"] == service and s["trace_id"] == TRACE]


@pytest.fixture
def collector() -> Iterator[tuple[Collector, str]]:
    got = Collector()
    with ServerThread(got.app()) as server:
        yield got, server.url


class TestTraceExport:
    async def test_spans_of_one_request_reach_the_collector_from_each_component(
        self, engine: AsyncEngine, database_url: str, tmp_path: Path, collector: tuple[Collector, str]
    ) -> None:
        got, url = collector
        env = component_env(
            database_url, tmp_path, OTEL_EXPORTER_OTLP_ENDPOINT=url, OTEL_BSP_SCHEDULE_DELAY="100"
        )
        with component("training", env, tmp_path), component("gateway", env, tmp_path):
            admin = auth(await new_key(engine, "staff", role="admin"))
            answer = httpx.get(
                f"http://127.0.0.1:{env['SECOR_GATEWAY_PORT']}/v1/courses",
                headers=admin | {"traceparent": TRACEPARENT},
                timeout=10,
            )
            assert answer.status_code == 200
            await eventually(lambda: got.of("secor-gateway") and got.of("secor-training"), timeout=20)
        [front] = got.of("secor-gateway")
        [service] = got.of("secor-training")
        assert front["parent_span_id"] == TRACEPARENT.split("-")[2]
        assert service["parent_span_id"] == front["span_id"]
        assert front["name"] == service["name"] == "GET /v1/courses"
