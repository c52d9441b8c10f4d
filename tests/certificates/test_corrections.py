"""Determinations kept by reference, and the corrections that change them: staff can open what an evaluation was
judged and approved on, and a fact recorded later that changes such an outcome is listed for review and told."""

from __future__ import annotations

import datetime as dt

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.events import CATALOG
from tests.certificates.conftest import decide, outbox_events, receive
from tests.eligibility.conftest import EmployerCtx, days
from tests.helpers import assert_problem, auth, new_key
from tests.stack import Stack


class TestKeptByReference:
    async def test_received_and_approved_on(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        engine: AsyncEngine,
        employer: EmployerCtx,
        qa: dict[str, str],
    ) -> None:
        submitted = await receive(
            api, stack, engine, employer, start=dt.date(2026, 1, 1), end=dt.date(2026, 6, 30)
        )
        assert (await decide(api, stack, engine, qa, submitted["id"])).status_code == 200
        body = (await api.get(f"/v1/submissions/{submitted['id']}", headers=employer.headers)).json()
        certificate = (
            await api.get(f"/v1/employers/{employer.id}/certificate", headers=employer.headers)
        ).json()
        assert certificate["determination_id"] == body["approval_determination_id"]
        for determination_id in (body["determination_id"], body["approval_determination_id"]):
            kept = await api.get(f"/v1/determinations/{determination_id}", headers=employer.headers)
            assert kept.status_code == 200, kept.text
            answer = kept.json()
            assert (answer["id"], answer["as_of"], answer["outcome"]) == (
                determination_id,
                body["received_on"],
                "eligible",
            )
            # Asked again for the same pair, the same answer.
            again = await api.get(
                f"/v1/employers/{employer.id}/eligibility",
                params={"as_of": answer["as_of"], "known_at": answer["known_at"]},
                headers=employer.headers,
            )
            assert again.json()["checks"] == answer["checks"]

    async def test_not_for_another_integrator(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        engine: AsyncEngine,
        employer: EmployerCtx,
    ) -> None:
        submitted = await receive(
            api, stack, engine, employer, start=dt.date(2026, 1, 1), end=dt.date(2026, 6, 30)
        )
        stranger = auth(await new_key(engine, "integrator"))
        assert_problem(
            await api.get(f"/v1/determinations/{submitted['determination_id']}", headers=stranger), 404
        )
        assert_problem(await api.get("/v1/determinations/det_nothing", headers=employer.headers), 404)


class TestCorrections:
    async def test_a_fact_dated_back_changes_what_an_evaluation_was_judged_on(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        engine: AsyncEngine,
        employer: EmployerCtx,
        staff_headers: dict[str, str],
    ) -> None:
        submitted = await receive(
            api, stack, engine, employer, start=dt.date(2026, 1, 1), end=dt.date(2026, 6, 30)
        )
        assert (await api.get("/v1/corrections", headers=staff_headers)).json()["data"] == []
        # Learned now: the WCB account was closed a month before the evaluation was received.
        late = await api.put(
            f"/v1/employers/{employer.id}/wcb-account",
            json={"status": "closed", "as_of": days(-30), "reason": "WCB says closed since last month"},
            headers=staff_headers,
        )
        assert late.status_code == 200
        # Two outcomes changed: today's, and the one the evaluation was judged on.
        today, correction = sorted(
            (await api.get("/v1/corrections", headers=staff_headers)).json()["data"],
            key=lambda c: c["determination_id"] is not None,
        )
        assert (today["determination_id"], today["as_of"]) == (None, days(0))
        assert (correction["determination_id"], correction["old_outcome"], correction["new_outcome"]) == (
            submitted["determination_id"],
            "eligible",
            "not_eligible",
        )
        assert [c["code"] for c in correction["failing_checks"]] == ["wcb_account"]
        told = [
            e
            for e in await outbox_events(engine, "employer.eligibility_changed")
            if e["reason"] == "correction"
        ]
        assert {e.get("correction_id") for e in told} == {today["id"], correction["id"]}
        for event in told:
            CATALOG["employer.eligibility_changed"][2].model_validate(event)
        # The same again changes nothing more; reviewed, it leaves the list.
        await api.put(
            f"/v1/employers/{employer.id}/wcb-account",
            json={"status": "closed", "as_of": days(-30)},
            headers=staff_headers,
        )
        assert len((await api.get("/v1/corrections", headers=staff_headers)).json()["data"]) == 2
        for seen in (today, correction):
            reviewed = await api.post(
                f"/v1/corrections/{seen['id']}/review",
                json={"note": "QA told; approval on hold"},
                headers=staff_headers,
            )
            assert reviewed.status_code == 200 and reviewed.json()["reviewed_by"]
        assert (await api.get("/v1/corrections", headers=staff_headers)).json()["data"] == []
        assert (
            len(
                (await api.get("/v1/corrections", params={"reviewed": "true"}, headers=staff_headers)).json()[
                    "data"
                ]
            )
            == 2
        )
        assert_problem(
            await api.post(
                f"/v1/corrections/{correction['id']}/review", json={"note": "again"}, headers=staff_headers
            ),
            404,
        )

    async def test_staff_only(self, api: httpx.AsyncClient, employer: EmployerCtx) -> None:
        assert_problem(await api.get("/v1/corrections", headers=employer.headers), 403)
