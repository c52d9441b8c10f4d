"""Reproducible answers, as a property: random sequences of fact changes, made through the API, asked back at
every (as_of, known_at) pair, give what a plain replay of the history gives.

The replay keeps the facts in Python as they stood after each change and judges them with the service's own
rules (`evaluate`): what is under test is that the versions the service keeps, and its choice of them for a
pair, are the history as it happened. Attributes and the assessor hold from a day: the replay keeps each change
with its day, in the order made (a later change overrides every day from its own), and reads them back plainly."""

from __future__ import annotations

import asyncio
import copy
import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.eligibility.determination.service import evaluate
from services.eligibility.settings import EligibilitySettings
from tests.eligibility.conftest import TODAY, EmployerCtx, completion_event, record, register
from tests.helpers import auth, new_key
from tests.stack import Stack

DAYS = st.integers(min_value=-600, max_value=0)
AS_OF = [-500, -365, -200, -90, -30, 0]
COURSES = ("SECOR", "SFA", "CSTS")


def day(n: int) -> str:
    return (TODAY + dt.timedelta(days=n)).isoformat()


workers_ = st.fixed_dictionaries(
    {
        "slot": st.integers(0, 3),
        "start": DAYS,
        "length": st.one_of(st.none(), st.integers(0, 400)),
        "employment_type": st.sampled_from(["full_time", "part_time"]),
        "role": st.sampled_from(["owner", "worker", "volunteer"]),
        "covered": st.booleans(),
    }
)
operation = st.one_of(
    st.tuples(st.just("add"), workers_),
    st.tuples(
        st.just("patch"), st.integers(0, 3), st.sampled_from(["employment_type", "covered", "end"]), DAYS
    ),
    st.tuples(st.just("error"), st.integers(0, 3)),
    st.tuples(st.just("declare"), DAYS, st.integers(0, 20)),
    st.tuples(st.just("wcb"), st.sampled_from(["active", "inactive"]), DAYS),
    st.tuples(st.just("membership"), st.sampled_from(["M-1", "M-2"]), DAYS, st.integers(30, 700)),
    st.tuples(st.just("assessor"), st.integers(0, 3), st.one_of(st.none(), DAYS)),
)
ATTRIBUTES = ("role", "employment_type", "covered_by_wcb_account")
# A patch dated before this many days ago is made a correction, from the start.
CORRECTION_BEFORE = -550


def held_on(changes: list[tuple[str | None, Any]], on: str) -> Any:
    """What the last change made in force on `on` says (None: nothing in force yet)."""
    found = None
    for first, values in changes:
        if first is None or first <= on:
            found = values
    return found


def as_terms(w: dict[str, Any]) -> dict[str, Any]:
    """The worker's changes as the terms the service reads: one per stretch between change days."""
    days = sorted({first for first, _ in w["changes"] if first is not None and first > w["start_date"]})
    points = [w["start_date"], *days]
    earlier = [{"until": points[i + 1], **held_on(w["changes"], points[i])} for i in range(len(points) - 1)]
    return {
        "latest": held_on(w["changes"], points[-1]),
        "attributes_from": days[-1] if days else None,
        "earlier_terms": earlier,
    }


@dataclass
class Replay:
    """The facts as they stood, kept by plain Python as the operations happened."""

    workers: dict[str, dict[str, Any]] = field(default_factory=dict)
    slots: dict[int, str] = field(default_factory=dict)
    declarations: dict[str, dict[str, Any]] = field(default_factory=dict)
    wcb: list[dict[str, Any]] = field(default_factory=list)
    memberships: dict[str, dict[str, Any]] = field(default_factory=dict)
    assessors: list[tuple[str | None, dict[str, Any]]] = field(default_factory=list)

    def doc(self, as_of: dt.date, completions: list[dict[str, Any]]) -> dict[str, Any]:
        on = as_of.isoformat()
        workers = [w | held_on(w["changes"], max(on, w["start_date"])) for w in self.workers.values()]
        full_time = {
            w["learner_id"]: w["id"]
            for w in workers
            if w["employment_type"] == "full_time"
            and w["covered_by_wcb_account"]
            and w["role"] in ("owner", "manager", "clerical", "worker", "family_member")
            and w["start_date"] <= on
            and (w["end_date"] is None or w["end_date"] >= on)
        }
        assessor = held_on(self.assessors, on)
        training = [
            {
                "worker_id": full_time[c["learner"]["learner_id"]],
                "matched_by": "learner_id",
                "completion_id": c["completion_id"],
                "course_code": c["course_code"],
                "completed_on": c["completed_on"],
                "expires_on": c["expires_on"],
                "provider_is_acsa": c["provider_is_acsa"],
            }
            for c in completions
            if c["learner"]["learner_id"] in full_time and c["completed_on"] <= as_of.isoformat()
        ]
        in_force = [s for s in self.wcb if s["as_of"] <= as_of.isoformat()]
        latest = max(in_force, key=lambda s: (s["as_of"], s["order"])) if in_force else None
        assessor_training = [
            {k: c[k] for k in ("completion_id", "course_code", "completed_on", "expires_on")}
            for c in completions
            if assessor is not None
            and c["learner"]["learner_id"] == assessor["learner_id"]
            and c["course_code"] in ("SECOR", "PHSM")
        ]
        return {
            "workers": [
                {k: w[k] for k in ("id", "given_name", "family_name", "employment_type", "role")}
                | {
                    "covered": w["covered_by_wcb_account"],
                    "start_date": w["start_date"],
                    "end_date": w["end_date"],
                }
                | as_terms(w)
                for w in workers
            ],
            "declarations": list(self.declarations.values()),
            "wcb": None if latest is None else {"status": latest["status"], "as_of": latest["as_of"]},
            "memberships": list(self.memberships.values()),
            "assessor": assessor,
            "assessor_training": assessor_training,
            "training": training,
            "certificate": None,
        }


async def apply(
    api: httpx.AsyncClient, ctx: EmployerCtx, staff: dict[str, str], op: tuple[Any, ...], replay: Replay
) -> None:
    """One change through the API, and the same change to the replay (a refused change changes neither)."""
    kind = op[0]
    base = f"/v1/employers/{ctx.id}"
    if kind == "add":
        w = op[1]
        if w["slot"] in replay.slots:
            return
        end = None if w["length"] is None else day(min(0, w["start"] + w["length"]))
        body = {
            "given_name": f"Slot{w['slot']}",
            "family_name": "Replay",
            "learner_id": f"L{w['slot']}",
            "role": w["role"],
            "employment_type": w["employment_type"],
            "covered_by_wcb_account": w["covered"],
            "start_date": day(w["start"]),
            "end_date": end,
        }
        made = await api.post(f"{base}/workers", json=body, headers=ctx.headers)
        assert made.status_code == 201, made.text
        wid = made.json()["id"]
        replay.slots[w["slot"]] = wid
        replay.workers[wid] = {
            "id": wid,
            "given_name": body["given_name"],
            "family_name": "Replay",
            "learner_id": body["learner_id"],
            "changes": [(None, {a: body[a] for a in ATTRIBUTES})],
            "start_date": body["start_date"],
            "end_date": end,
        }
    elif kind == "patch":
        wid = replay.slots.get(op[1])
        if wid is None or wid not in replay.workers:
            return
        current = replay.workers[wid]
        latest = held_on(current["changes"], "9999-12-31")
        change: dict[str, Any]
        new: dict[str, Any]
        first: str | None
        if op[2] == "end":
            end = max(day(op[3]), current["start_date"])
            change = {"end_date": end, "reason": "the date the employer gave"}
        else:
            if op[2] == "employment_type":
                new = {
                    "employment_type": "part_time"
                    if latest["employment_type"] == "full_time"
                    else "full_time"
                }
            else:
                new = {"covered_by_wcb_account": not latest["covered_by_wcb_account"]}
            if op[3] < CORRECTION_BEFORE:
                change = new | {"correction": True, "reason": "recorded wrongly"}
                first = None
            else:
                change = new | {"effective_on": day(op[3]), "reason": "reported late"}
                first = day(op[3]) if day(op[3]) > current["start_date"] else None
        patched = await api.patch(f"{base}/workers/{wid}", json=change, headers=ctx.headers)
        assert patched.status_code == 200, patched.text
        if op[2] == "end":
            current["end_date"] = change["end_date"]
        else:
            current["changes"].append((first, latest | new))
    elif kind == "error":
        wid = replay.slots.get(op[1])
        if wid is None or wid not in replay.workers:
            return
        assert (await api.delete(f"{base}/workers/{wid}", headers=ctx.headers)).status_code == 204
        del replay.workers[wid]
    elif kind == "declare":
        body = {"period_start": day(op[1]), "period_end": day(min(0, op[1] + 30)), "peak_headcount": op[2]}
        made = await api.post(f"{base}/headcount-declarations", json=body, headers=ctx.headers)
        assert made.status_code == 201, made.text
        replay.declarations[made.json()["id"]] = body | {"id": made.json()["id"]}
    elif kind == "wcb":
        body = {"status": op[1], "as_of": day(op[2])}
        assert (await api.put(f"{base}/wcb-account", json=body, headers=staff)).status_code == 200
        replay.wcb.append(body | {"order": len(replay.wcb)})
    elif kind == "membership":
        body = {"member_number": op[1], "valid_from": day(op[2]), "valid_until": day(op[2] + op[3])}
        assert (await api.put(f"{base}/acsa-membership", json=body, headers=staff)).status_code == 200
        replay.memberships[op[1]] = body
    elif kind == "assessor":
        body = {
            "given_name": f"Slot{op[1]}",
            "family_name": "Replay",
            "learner_id": f"L{op[1]}",
            "internal": True,
        }
        dated: dict[str, Any] = (
            {} if op[2] is None else {"effective_on": day(op[2]), "reason": "named on that day"}
        )
        put = await api.put(f"{base}/assessor", json=body | dated, headers=ctx.headers)
        assert put.status_code == 200, put.text
        first = day(op[2]) if op[2] is not None else (TODAY.isoformat() if replay.assessors else None)
        replay.assessors.append((first, body | {"email": None}))


async def moment() -> dt.datetime:
    await asyncio.sleep(0.005)
    at = dt.datetime.now(dt.UTC)
    await asyncio.sleep(0.005)
    return at


async def trained_employer(
    api: httpx.AsyncClient, stack: Stack, engine: Any, *, spacing: int
) -> tuple[EmployerCtx, dict[str, str], list[dict[str, Any]]]:
    """A new employer, a staff key, and every course taken by four learners `L0`..`L3`, `spacing` days apart
    from 700 days ago (first aid lasting 1,000 days), recorded before any fact of the employer's."""
    key = await new_key(engine, "integrator")
    staff = auth(await new_key(engine, "staff", role="admin"))
    made = (await register(api, auth(key), wcb=str(uuid.uuid4().int)[:9])).json()
    ctx = EmployerCtx(made["id"], made["wcb_account_number"], auth(key), "")
    completions = [
        await record(
            stack,
            completion_event(
                course,
                learner_id=f"L{slot}",
                completed_on=day(-700 + spacing * slot),
                provider_is_acsa=course != "SFA",
                expires_on=day(-700 + spacing * slot + 1000) if course == "SFA" else None,
            ),
        )
        for slot in range(4)
        for course in COURSES
    ]
    return ctx, staff, completions


def statuses(checks: list[Any]) -> dict[str, str]:
    return {
        c.code if hasattr(c, "code") else c["code"]: c.status if hasattr(c, "status") else c["status"]
        for c in checks
    }


class TestReplay:
    @settings(
        max_examples=12,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(operations=st.lists(operation, min_size=2, max_size=7))
    async def test_every_pair_answers_as_the_replay(
        self, api: httpx.AsyncClient, stack: Stack, engine: Any, operations: list[tuple[Any, ...]]
    ) -> None:
        ctx, staff, completions = await trained_employer(api, stack, engine, spacing=100)
        replay = Replay()
        history = [(await moment(), copy.deepcopy(replay))]
        for op in operations:
            await apply(api, ctx, staff, op, replay)
            history.append((await moment(), copy.deepcopy(replay)))
        rules = stack.apps["eligibility"].state.settings
        assert isinstance(rules, EligibilitySettings)
        for known_at, then in history:
            for offset in AS_OF:
                as_of = TODAY + dt.timedelta(days=offset)
                answer = (
                    await api.get(
                        f"/v1/employers/{ctx.id}/eligibility",
                        params={"as_of": as_of.isoformat(), "known_at": known_at.isoformat()},
                        headers=ctx.headers,
                    )
                ).json()
                expected = evaluate(then.doc(as_of, completions), as_of, rules)
                assert statuses(answer["checks"]) == statuses(expected), (as_of, known_at, operations)
