"""Fan-out: who receives which event (services by configuration, endpoints by what their owner may see)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.worker.fanout import fan_out
from shared.outbox import Event, publish
from tests.events import loose_event
from tests.helpers import auth, new_key, truncate_all
from tests.webhooks.conftest import endpoint


@dataclass(frozen=True)
class Audience:
    employer_id: str | None
    provider_id: str | None
    owner: Mapping[str, Any] | None  # for events about an endpoint: its owner


def may_receive(endpoint: Any, event_type: str, audience: Audience, access: set[tuple[str, str]]) -> bool:
    """The delivery policy's rule (gateway.webhooks.policy.visible_to) as the model the fan-out is held to."""
    if endpoint.event_types and event_type not in endpoint.event_types:
        return False
    if audience.owner is not None:
        return bool(
            endpoint.owner_kind == "staff"
            or (
                endpoint.owner_kind == "integrator"
                and audience.owner.get("integrator_id") == endpoint.integrator_id
            )
            or (
                endpoint.owner_kind == "provider"
                and audience.owner.get("provider_id") == endpoint.provider_id
            )
        )
    if endpoint.owner_kind == "staff":
        return True
    if endpoint.owner_kind == "integrator":
        return audience.employer_id is not None and (audience.employer_id, endpoint.integrator_id) in access
    return audience.provider_id is not None and audience.provider_id == endpoint.provider_id


SUBSCRIPTIONS = {"eligibility": ["training.completion_recorded"], "submission": ["employer.registered"]}


async def run_fanout(engine: AsyncEngine, batch: int = 500) -> int:
    async with engine.begin() as conn:
        return await fan_out(conn, SUBSCRIPTIONS, batch)


async def targets(engine: AsyncEngine) -> dict[str, set[str]]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            text(
                "SELECT e.type, d.target FROM gateway_delivery d JOIN shared_outbox_event e ON e.id = d.event_id"
            )
        )
        out: dict[str, set[str]] = {}
        for r in rows:
            out.setdefault(r.type, set()).add(r.target)
        return out


async def me(api: httpx.AsyncClient, key: str) -> dict[str, Any]:
    return (await api.get("/v1/me", headers=auth(key))).json()


class TestWhoReceives:
    async def test_services_endpoints_and_visibility(
        self, api: httpx.AsyncClient, engine: AsyncEngine
    ) -> None:
        staff = await new_key(engine)
        mine, other = await new_key(engine, "integrator"), await new_key(engine, "integrator")
        provider = await new_key(engine, "provider", provider_id="prv_a")
        hooks = {
            "staff": await endpoint(api, staff, "http://127.0.0.1:9/staff"),
            "mine": await endpoint(api, mine, "http://127.0.0.1:9/mine"),
            "other": await endpoint(api, other, "http://127.0.0.1:9/other"),
            "provider": await endpoint(api, provider, "http://127.0.0.1:9/provider"),
            "filtered": await endpoint(
                api, staff, "http://127.0.0.1:9/filtered", event_types=["employer.registered"]
            ),
        }
        integrator_id = (await me(api, mine))["integrator_id"]
        async with engine.begin() as conn:
            await publish(
                conn,
                "tests",
                [
                    loose_event(
                        "employer.registered",
                        {
                            "employer_id": "emp_1",
                            "wcb_account_number": "1234567",
                            "registered_by": {"kind": "integrator", "integrator_id": integrator_id},
                        },
                        employer_id="emp_1",
                    ),
                    loose_event(
                        "employer.integrator_access_changed",
                        {"employer_id": "emp_1", "integrator_id": integrator_id, "access": "granted"},
                        employer_id="emp_1",
                    ),
                    # A completion is about the employer its WCB number names.
                    loose_event(
                        "training.completion_recorded",
                        {"completion_id": "cmp_1", "employer_wcb_account_number": "1234567"},
                        provider_id="prv_a",
                    ),
                    loose_event(
                        "training.completion_recorded", {"completion_id": "cmp_2"}, provider_id="prv_b"
                    ),
                ],
            )
        assert await run_fanout(engine) == 4
        got = await targets(engine)
        ids = {name: h["id"] for name, h in hooks.items()}
        assert got["employer.registered"] == {
            "service:submission",
            ids["staff"],
            ids["mine"],
            ids["filtered"],
        }
        assert got["employer.integrator_access_changed"] == {ids["staff"], ids["mine"]}
        assert got["training.completion_recorded"] == {
            "service:eligibility",
            ids["staff"],
            ids["mine"],
            ids["provider"],
        }
        async with engine.connect() as conn:
            audience: dict[str, str | None] = dict(
                (await conn.execute(text("SELECT id, audience_employer_id FROM shared_outbox_event"))).all()
            )
            positions = (
                (await conn.execute(text("SELECT feed_position FROM shared_outbox_event ORDER BY id")))
                .scalars()
                .all()
            )
        assert sorted(audience.values(), key=str) == sorted(["emp_1", "emp_1", "emp_1", None], key=str)
        assert list(positions) == sorted(positions) and None not in positions

    async def test_withdrawn_access_stops_events(self, api: httpx.AsyncClient, engine: AsyncEngine) -> None:
        key = await new_key(engine, "integrator")
        hook = await endpoint(api, key, "http://127.0.0.1:9/x")
        integrator_id = (await me(api, key))["integrator_id"]
        access = {"employer_id": "emp_9", "integrator_id": integrator_id}
        async with engine.begin() as conn:
            await publish(
                conn,
                "tests",
                [
                    loose_event(
                        "employer.integrator_access_changed",
                        access | {"access": "granted"},
                        employer_id="emp_9",
                    ),
                    loose_event("employer.eligibility_changed", {"n": 1}, employer_id="emp_9"),
                    loose_event(
                        "employer.integrator_access_changed",
                        access | {"access": "withdrawn"},
                        employer_id="emp_9",
                    ),
                    loose_event("employer.eligibility_changed", {"n": 2}, employer_id="emp_9"),
                ],
            )
        await run_fanout(engine)
        async with engine.connect() as conn:
            delivered = (
                (
                    await conn.execute(
                        text(
                            "SELECT e.data->>'n' FROM gateway_delivery d JOIN shared_outbox_event e ON e.id = d.event_id "
                            "WHERE d.target = :t AND e.type = 'employer.eligibility_changed'"
                        ),
                        {"t": hook["id"]},
                    )
                )
                .scalars()
                .all()
            )
        assert list(delivered) == ["1"]

    async def test_disabled_endpoints_get_nothing(self, api: httpx.AsyncClient, engine: AsyncEngine) -> None:
        staff = await new_key(engine)
        hook = await endpoint(api, staff, "http://127.0.0.1:9/x")
        async with engine.begin() as conn:
            await conn.execute(text("UPDATE gateway_webhook_endpoint SET disabled_at = now()"))
            await publish(conn, "tests", [loose_event("employer.eligibility_changed", {}, employer_id="e")])
        await run_fanout(engine)
        assert hook["id"] not in (await targets(engine)).get("employer.eligibility_changed", set())

    @pytest.mark.parametrize("count", [3])
    async def test_nothing_new_means_nothing_done(self, engine: AsyncEngine, count: int) -> None:
        async with engine.begin() as conn:
            await publish(
                conn,
                "tests",
                [loose_event("employer.eligibility_changed", {}, employer_id="e") for _ in range(count)],
            )
        assert await run_fanout(engine) == count
        assert await run_fanout(engine) == 0


# --- The set-based fan-out against the rules in Python --------------------------------------------------------

EMPLOYERS = ["emp_a", "emp_b", "emp_c"]
INTEGRATORS = ["int_1", "int_2"]
PROVIDERS = ["prv_1", "prv_2"]
# name: (owner_kind, integrator_id, provider_id, event_types, disabled)
ENDPOINTS: dict[str, tuple[str, str | None, str | None, list[str], bool]] = {
    "whe_staff": ("staff", None, None, [], False),
    "whe_staff_registrations": ("staff", None, None, ["employer.registered"], False),
    "whe_int_1": ("integrator", "int_1", None, [], False),
    "whe_int_1_completions": ("integrator", "int_1", None, ["training.completion_recorded"], False),
    "whe_int_2": ("integrator", "int_2", None, [], False),
    "whe_prv_1": ("provider", None, "prv_1", [], False),
    "whe_prv_2": ("provider", None, "prv_2", [], False),
    "whe_disabled": ("staff", None, None, [], True),
}

actions = st.lists(
    st.one_of(
        st.tuples(st.just("register"), st.sampled_from(EMPLOYERS), st.sampled_from([*INTEGRATORS, None])),
        st.tuples(
            st.just("access"),
            st.sampled_from(EMPLOYERS),
            st.sampled_from(INTEGRATORS),
            st.sampled_from(["granted", "withdrawn"]),
        ),
        st.tuples(st.just("employer_event"), st.sampled_from(EMPLOYERS)),
        st.tuples(st.just("completion"), st.sampled_from(PROVIDERS), st.sampled_from(EMPLOYERS)),
    ),
    max_size=25,
)


def stream_of(steps: list[tuple[Any, ...]]) -> list[Event]:
    """Events as the services would publish them: an employer registers once (its WCB number is w_<id>), and
    the integrator that registers it is granted access by the event that follows."""
    registered: set[str] = set()
    events: list[Event] = []
    for step in steps:
        match step:
            case ("register", employer, registrar):
                if employer in registered:
                    continue
                registered.add(employer)
                by = {"kind": "integrator", "integrator_id": registrar} if registrar else {"kind": "staff"}
                data = {"employer_id": employer, "wcb_account_number": f"w_{employer}", "registered_by": by}
                events.append(loose_event("employer.registered", data, employer_id=employer))
                if registrar:
                    granted = {"employer_id": employer, "integrator_id": registrar, "access": "granted"}
                    events.append(
                        loose_event("employer.integrator_access_changed", granted, employer_id=employer)
                    )
            case ("access", employer, integrator, access):
                data = {"employer_id": employer, "integrator_id": integrator, "access": access}
                events.append(loose_event("employer.integrator_access_changed", data, employer_id=employer))
            case ("employer_event", employer):
                events.append(loose_event("employer.eligibility_changed", {}, employer_id=employer))
            case ("completion", provider, employer):
                data = {"employer_wcb_account_number": f"w_{employer}"}
                events.append(loose_event("training.completion_recorded", data, provider_id=provider))
    return events


def expected_targets(events: list[Event]) -> set[tuple[str, str]]:
    """Replay the stream through `may_receive`, keeping the gateway's view as fan-out should."""
    by_wcb: dict[str, str] = {}
    access: set[tuple[str, str]] = set()
    endpoints = [
        SimpleNamespace(id=name, owner_kind=k, integrator_id=i, provider_id=p, event_types=types)
        for name, (k, i, p, types, disabled) in ENDPOINTS.items()
        if not disabled
    ]
    out: set[tuple[str, str]] = set()
    for e in events:
        data = e.data.model_dump()
        if e.type == "employer.registered":
            by_wcb[data["wcb_account_number"]] = data["employer_id"]
            if registrar := data["registered_by"].get("integrator_id"):
                access.add((data["employer_id"], registrar))
        elif e.type == "employer.integrator_access_changed":
            pair = (data["employer_id"], data["integrator_id"])
            (access.add if data["access"] == "granted" else access.discard)(pair)
        employer = e.employer_id or by_wcb.get(data.get("employer_wcb_account_number", ""))
        audience = Audience(employer, e.provider_id, None)
        out |= {(e.id, "service:" + s) for s, types in SUBSCRIPTIONS.items() if e.type in types}
        out |= {(e.id, ep.id) for ep in endpoints if may_receive(ep, e.type, audience, access)}
    return out


class TestSetBasedFanOut:
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(steps=actions, batch=st.integers(min_value=1, max_value=8))
    async def test_the_same_deliveries_as_the_rules_in_python(
        self, engine: AsyncEngine, steps: list[tuple[Any, ...]], batch: int
    ) -> None:
        await truncate_all(engine)
        events = stream_of(steps)
        async with engine.begin() as conn:
            for name, (kind, integrator, provider, types, disabled) in ENDPOINTS.items():
                await conn.execute(
                    text(
                        """
                        INSERT INTO gateway_webhook_endpoint (id, owner_kind, integrator_id, provider_id, created_by,
                            url, event_types, secret, disabled_at, created_at, updated_at)
                        VALUES (:id, :kind, :integrator, :provider, 'tests', 'http://127.0.0.1:9/', :types,
                                'whsec_dGVzdHRlc3R0ZXN0dGVzdHRlc3R0ZXN0', CASE WHEN :disabled THEN now() END,
                                now(), now())
                        """
                    ),
                    {
                        "id": name,
                        "kind": kind,
                        "integrator": integrator,
                        "provider": provider,
                        "types": types,
                        "disabled": disabled,
                    },
                )
            if events:
                await publish(conn, "tests", events)
        fanned = 0
        while count := await run_fanout(engine, batch):
            fanned += count
        assert fanned == len(events)
        async with engine.connect() as conn:
            made = {
                (r.event_id, r.target)
                for r in await conn.execute(text("SELECT event_id, target FROM gateway_delivery"))
            }
            positions = (
                await conn.execute(text("SELECT feed_position FROM shared_outbox_event ORDER BY id"))
            ).scalars()
            feed = list(positions)
        assert made == expected_targets(events)
        assert feed == sorted(feed) and len(set(feed)) == len(feed), "feed positions follow the events"
