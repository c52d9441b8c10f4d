"""Traces and metrics in one process: the trace a request brings is kept by what it causes, and every component
counts its requests by route template and answers /metrics only to the networks allowed."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator

import httpx
import pytest
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.worker.metrics import backlog_refresher
from shared.logging import JsonFormatter
from shared.metrics import RouteTemplates
from shared.outbox import publish
from shared.tracing import TraceContext, current_trace, parse_traceparent, trace_of_event
from tests.events import loose_event
from tests.helpers import assert_problem, auth, new_key
from tests.stack import Stack, build_stack

TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
PARENT = "00f067aa0ba902b7"
TRACEPARENT = f"00-{TRACE}-{PARENT}-01"


def samples(body: str, name: str, **labels: str) -> float:
    """The sum of the samples named `name` whose labels include `labels`."""
    total = 0.0
    for family in text_string_to_metric_families(body):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                total += sample.value
    return total


async def scrape(client: httpx.AsyncClient) -> str:
    response = await client.get("/metrics")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain; version=")
    return response.text


class TestTraceparent:
    @pytest.mark.parametrize(
        "value",
        [
            TRACEPARENT.upper(),  # hex is lower case
            f"00-{'0' * 32}-{PARENT}-01",  # all-zero trace id
            f"00-{TRACE}-{'0' * 16}-01",  # all-zero parent id
            f"ff-{TRACE}-{PARENT}-01",  # version ff is never valid
            f"00-{TRACE}-{PARENT}-01-extra",  # version 00 has exactly four fields
            f"00-{TRACE[:-1]}-{PARENT}-01",
            "",
            "garbage",
        ],
    )
    def test_malformed_is_none(self, value: str) -> None:
        assert parse_traceparent(value) is None

    def test_valid_and_later_versions(self) -> None:
        assert parse_traceparent(TRACEPARENT) == TraceContext(TRACE, PARENT, True)
        assert parse_traceparent(f"00-{TRACE}-{PARENT}-00") == TraceContext(TRACE, PARENT, False)
        # A later version may add fields; its first four are read as version 00's.
        assert parse_traceparent(f"01-{TRACE}-{PARENT}-01-more") == TraceContext(TRACE, PARENT, True)

    def test_a_child_keeps_the_trace_with_a_new_span(self) -> None:
        parent = TraceContext(TRACE, PARENT)
        child = parent.child()
        assert (child.trace_id, child.sampled) == (TRACE, True) and child.span_id != PARENT
        assert parse_traceparent(child.traceparent) == child

    def test_an_event_without_a_trace_has_the_same_one_for_every_delivery(self) -> None:
        assert trace_of_event("evt_1", None) == trace_of_event("evt_1", None)
        assert trace_of_event("evt_1", None).trace_id != trace_of_event("evt_2", None).trace_id
        assert trace_of_event("evt_1", TRACEPARENT).trace_id == TRACE

    def test_log_lines_carry_the_trace(self) -> None:
        token = current_trace.set(TraceContext(TRACE, PARENT))
        try:
            record = logging.LogRecord("t", logging.INFO, __file__, 1, "hello", None, None)
            line = json.loads(JsonFormatter("test").format(record))
        finally:
            current_trace.reset(token)
        assert (line["trace_id"], line["span_id"]) == (TRACE, PARENT)


async def _event_traceparent(engine: AsyncEngine, employer_id: str) -> str | None:
    async with engine.connect() as conn:
        return (
            await conn.execute(
                text(
                    "SELECT traceparent FROM shared_outbox_event WHERE type = 'employer.registered' "
                    "AND data->>'employer_id' = :id"
                ),
                {"id": employer_id},
            )
        ).scalar_one()


async def _register(api: httpx.AsyncClient, key: str, wcb: str, headers: dict[str, str]) -> str:
    response = await api.post(
        "/v1/employers",
        json={"wcb_account_number": wcb, "legal_name": "Traced Ltd", "contact_email": "t@t.example"},
        headers=auth(key) | headers,
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


class TestTraceAcrossTheStack:
    async def test_an_event_continues_the_trace_of_the_request_that_caused_it(
        self, api: httpx.AsyncClient, engine: AsyncEngine, admin_key: str
    ) -> None:
        employer_id = await _register(api, admin_key, "7100001", {"traceparent": TRACEPARENT})
        kept = parse_traceparent(await _event_traceparent(engine, employer_id))
        assert kept is not None and kept.trace_id == TRACE
        # The parent is the service's span, itself a child of the gateway's: never the caller's own span.
        assert kept.span_id != PARENT

    async def test_a_request_without_one_starts_a_trace(
        self, api: httpx.AsyncClient, engine: AsyncEngine, admin_key: str
    ) -> None:
        employer_id = await _register(api, admin_key, "7100002", {"traceparent": "00-not-a-trace"})
        kept = parse_traceparent(await _event_traceparent(engine, employer_id))
        assert kept is not None and kept.trace_id != TRACE


class TestRouteTemplates:
    def test_literal_before_parameter_and_paths_to_the_end(self) -> None:
        templates = RouteTemplates(
            [
                "/v1/employers",
                "/v1/employers/{employer_id}",
                "/v1/employers/{employer_id}/eligibility",
                "/v1/employers/search",
                "/docs-assets/{path:path}",
                "/healthz",
            ]
        )
        assert templates.match("/v1/employers") == "/v1/employers"
        assert templates.match("/v1/employers/emp_1") == "/v1/employers/{employer_id}"
        assert templates.match("/v1/employers/search") == "/v1/employers/search"
        assert templates.match("/v1/employers/emp_1/eligibility") == "/v1/employers/{employer_id}/eligibility"
        assert templates.match("/docs-assets/a/b.js") == "/docs-assets/{path:path}"
        assert templates.match("/v1/employers/emp_1/nothing") == "unmatched"
        assert templates.match("/v1/employers//eligibility") == "unmatched"
        assert templates.match("/") == "unmatched"


class TestMetricsEndpoint:
    async def test_the_gateway_and_the_service_count_by_route_template(
        self, stack: Stack, admin_key: str
    ) -> None:
        route = "/v1/employers/{employer_id}"
        labels = {"route": route, "status": "404", "method": "GET"}
        before_gateway = samples(
            await scrape(stack.gateway),
            "secor_http_request_duration_seconds_count",
            component="gateway",
            **labels,
        )
        before_service = samples(
            await scrape(stack.eligibility),
            "secor_http_request_duration_seconds_count",
            component="eligibility",
            **labels,
        )
        for n in range(3):
            missing = await stack.gateway.get(f"/v1/employers/emp_missing{n}", headers=auth(admin_key))
            assert missing.status_code == 404
        gateway = await scrape(stack.gateway)
        service = await scrape(stack.eligibility)
        assert (
            samples(gateway, "secor_http_request_duration_seconds_count", component="gateway", **labels)
            == before_gateway + 3
        )
        assert (
            samples(service, "secor_http_request_duration_seconds_count", component="eligibility", **labels)
            == before_service + 3
        )
        assert "emp_missing" not in gateway and "emp_missing" not in service
        assert samples(gateway, "secor_gateway_response_body_bytes_total", route=route) > 0
        assert samples(gateway, "secor_db_pool_connections_max", component="gateway") > 0

    async def test_methods_and_paths_nobody_routes_are_one_label_each(self, stack: Stack) -> None:
        await stack.gateway.request("BREW", "/v1/teapots/earl-grey/hot")
        body = await scrape(stack.gateway)
        assert samples(
            body,
            "secor_http_request_duration_seconds_count",
            component="gateway",
            method="OTHER",
            route="unmatched",
        )
        assert "BREW" not in body and "earl-grey" not in body

    async def test_refused_to_addresses_outside_the_allowed_networks(self, stack: Stack) -> None:
        for name in ("gateway", "eligibility"):
            transport = httpx.ASGITransport(app=stack.apps[name], client=("203.0.113.9", 40000))
            async with httpx.AsyncClient(transport=transport, base_url="http://outside") as outside:
                refused = await outside.get("/metrics")
            assert_problem(refused, 403)
            assert "SECOR_METRICS_ALLOWED_NETWORKS" in refused.json()["detail"]
            assert "secor_" not in refused.text

    async def test_through_an_untrusted_proxy_it_is_refused(self, stack: Stack) -> None:
        # A load balancer on a private network would make every public client look private.
        forwarded = await stack.gateway.get("/metrics", headers={"x-forwarded-for": "10.1.2.3"})
        assert_problem(forwarded, 403)
        assert (await stack.gateway.get("/metrics")).status_code == 200

    async def test_a_forwarded_client_is_judged_by_its_own_address(
        self, engine: AsyncEngine, database_url: str
    ) -> None:
        overrides = {"trust_forwarded_for": True, "trusted_proxies": "127.0.0.0/8"}
        async with build_stack(engine, database_url, gateway_overrides=overrides) as built:
            through_proxy = await built.gateway.get("/metrics", headers={"x-forwarded-for": "198.51.100.7"})
            inside = await built.gateway.get("/metrics", headers={"x-forwarded-for": "10.1.2.3"})
        assert_problem(through_proxy, 403)
        assert inside.status_code == 200

    async def test_program_gauges_are_read_at_the_scrape(self, stack: Stack) -> None:
        submission = await scrape(stack.submission)
        eligibility = await scrape(stack.eligibility)
        statuses = {
            s.labels["status"]
            for f in text_string_to_metric_families(submission)
            for s in f.samples
            if s.name == "secor_submissions"
        }
        assert {"awaiting_triage", "in_qa", "approved"} <= statuses
        assert "secor_intake_packages_waiting" in submission
        assert {"active", "maintenance_due", "revoked"} <= {
            s.labels["status"]
            for f in text_string_to_metric_families(eligibility)
            for s in f.samples
            if s.name == "secor_certificates"
        }
        assert "secor_scheduler_lag_seconds" in eligibility


@pytest.fixture
async def limited(engine: AsyncEngine, database_url: str) -> AsyncIterator[Stack]:
    overrides = {
        "failed_auth_burst": 1,
        "failed_auth_per_minute": 1,
        "rate_limit_burst": 1,
        "rate_limit_per_minute": 30,
    }
    async with build_stack(engine, database_url, gateway_overrides=overrides) as built:
        yield built


class TestRateLimitRefusals:
    async def test_counted_by_the_kind_of_key(self, limited: Stack, engine: AsyncEngine) -> None:
        before = await scrape(limited.gateway)
        wrong = {"authorization": "Bearer secor_wrong"}
        assert [(await limited.gateway.get("/v1/me", headers=wrong)).status_code for _ in range(2)] == [
            401,
            429,
        ]
        key = auth(await new_key(engine, "integrator"))
        assert [(await limited.gateway.get("/v1/me", headers=key)).status_code for _ in range(2)] == [
            200,
            429,
        ]
        after = await scrape(limited.gateway)
        for kind in ("failed_key", "integrator"):
            name = "secor_gateway_rate_limited_total"
            assert samples(after, name, key_kind=kind) == samples(before, name, key_kind=kind) + 1


class TestOutboxGauges:
    async def test_depth_and_age_of_what_waits_for_fan_out(self, engine: AsyncEngine) -> None:
        async with engine.begin() as conn:
            await publish(
                conn, "tests", [loose_event("employer.eligibility_changed", {"n": i}) for i in range(7)]
            )
            await conn.execute(
                text(
                    "UPDATE shared_outbox_event SET occurred_at = now() - interval '20 minutes' "
                    "WHERE source = 'tests' AND feed_position IS NULL"
                )
            )
        await backlog_refresher(engine)()
        assert (REGISTRY.get_sample_value("secor_outbox_depth", {"stage": "fanout"}) or 0) >= 7
        assert (
            REGISTRY.get_sample_value("secor_outbox_oldest_age_seconds", {"stage": "fanout"}) or 0
        ) >= 20 * 60
