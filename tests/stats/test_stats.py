"""Dashboards for staff: the overview and each area's figures, as JSON and CSV, computed from what is recorded."""

from __future__ import annotations

import csv
import datetime as dt
import io

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.certificates.test_scheduler import issue_many
from tests.eligibility.conftest import EmployerCtx, register
from tests.helpers import assert_problem, auth, new_key
from tests.stack import Stack
from tests.submission.conftest import create, in_qa
from tests.training.conftest import completion, make_provider

TODAY = dt.date.today()


def rows(response: httpx.Response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.text)))


@pytest.fixture
async def recorded(
    api: httpx.AsyncClient, stack: Stack, engine: AsyncEngine, admin_key: str, employer: EmployerCtx
) -> None:
    """A little of everything: employers with each outcome, completions, submissions, certificates."""
    acsa = await make_provider(api, admin_key, engine, name="ACSA", courses=["SECOR", "CSTS"], is_acsa=True)
    sja = await make_provider(api, admin_key, engine, name="St. John Ambulance", courses=["SFA"])
    recent, old = (TODAY - dt.timedelta(days=5)).isoformat(), (TODAY - dt.timedelta(days=200)).isoformat()
    for i, (who, course, on) in enumerate(
        [
            (acsa, "SECOR", recent),
            (acsa, "CSTS", recent),
            (acsa, "CSTS", old),
            (sja, "SFA", recent),
            (sja, "SFA", recent),
        ]
    ):
        posted = await api.post(
            "/v1/completions",
            json=completion(f"rec-{i}", course_code=course, completed_on=on),
            headers=who.headers,
        )
        assert posted.status_code == 201, posted.text
    big = (await register(api, employer.headers)).json()
    declared = await api.post(
        f"/v1/employers/{big['id']}/headcount-declarations",
        json={"period_start": recent, "period_end": recent, "peak_headcount": 14},
        headers=employer.headers,
    )
    assert declared.status_code == 201
    await create(api, employer)
    await in_qa(api, employer)
    integrator = await new_key(engine, "integrator")
    await issue_many(api, stack, engine, integrator, 2)


class TestOverview:
    async def test_figures(self, api: httpx.AsyncClient, admin_key: str, recorded: None) -> None:
        response = await api.get("/v1/stats/overview", headers=auth(admin_key))
        assert response.status_code == 200, response.text
        overview = response.json()
        # employer fixture + the cor_required one + two certificate holders
        assert overview["employers"]["total"] == 4
        assert overview["employers"]["cor_required"] == 1
        assert overview["certificates"] == {
            "active": 2,
            "maintenance_due": 0,
            "suspended": 0,
            "lapsed": 0,
            "revoked": 0,
            "expiring_in_90_days": 0,
        }
        assert overview["submissions"]["by_status"] == {"awaiting_package": 1, "in_qa": 1}
        assert overview["submissions"]["in_qa_now"] == 1
        assert overview["completions_last_30_days"]["by_category"] == {
            "first_aid": 2,
            "industry": 1,
            "management": 1,
        }
        assert overview["completions_last_30_days"]["total"] == 4

    async def test_as_csv(self, api: httpx.AsyncClient, admin_key: str, recorded: None) -> None:
        table = rows(await api.get("/v1/stats/overview", headers=auth(admin_key) | {"accept": "text/csv"}))
        figures = {(r["section"], r["figure"]): r["value"] for r in table}
        assert figures[("certificates", "active")] == "2"
        assert figures[("completions_last_30_days", "by_category.first_aid")] == "2"

    async def test_staff_only(self, api: httpx.AsyncClient, engine: AsyncEngine, integrator_key: str) -> None:
        assert_problem(await api.get("/v1/stats/overview", headers=auth(integrator_key)), 403)
        viewer = auth(await new_key(engine, "staff", role="viewer"))
        assert (await api.get("/v1/stats/overview", headers=viewer)).status_code == 200
        assert_problem(await api.get("/v1/stats/overview"), 401)


class TestAreas:
    @pytest.mark.parametrize(
        ("group_by", "expected"),
        [
            ("provider", {"ACSA": 3, "St. John Ambulance": 2}),
            ("course", {"Standard First Aid": 2, "Construction Safety Training System": 2}),
            ("category", {"industry": 2, "first_aid": 2, "management": 1}),
        ],
    )
    async def test_completions_grouped(
        self, api: httpx.AsyncClient, admin_key: str, recorded: None, group_by: str, expected: dict[str, int]
    ) -> None:
        body = (
            await api.get("/v1/stats/completions", params={"group_by": group_by}, headers=auth(admin_key))
        ).json()
        by_label = {row["label"]: row["completions"] for row in body["data"]}
        assert expected.items() <= by_label.items()
        assert body["total"] == 5

    async def test_completions_by_month_as_csv(
        self, api: httpx.AsyncClient, admin_key: str, recorded: None
    ) -> None:
        table = rows(
            await api.get(
                "/v1/stats/completions",
                params={"group_by": "month"},
                headers=auth(admin_key) | {"accept": "text/csv"},
            )
        )
        assert list(table[0]) == ["key", "label", "completions", "revoked"]
        assert sum(int(r["completions"]) for r in table) == 5
        assert [r["key"] for r in table] == sorted(r["key"] for r in table)

    async def test_submissions_and_certificates(
        self, api: httpx.AsyncClient, admin_key: str, recorded: None
    ) -> None:
        by_kind = (
            await api.get("/v1/stats/submissions", params={"group_by": "kind"}, headers=auth(admin_key))
        ).json()
        assert by_kind["data"] == [{"key": "certification", "submissions": 2}]
        by_month = (
            await api.get("/v1/stats/certificates", params={"group_by": "month"}, headers=auth(admin_key))
        ).json()
        assert by_month["data"] == [{"key": "2027-03", "certificates": 2}]
        table = rows(
            await api.get("/v1/stats/certificates", headers=auth(admin_key) | {"accept": "text/csv"})
        )
        assert table == [{"key": "active", "certificates": "2"}]

    async def test_bad_grouping(self, api: httpx.AsyncClient, admin_key: str) -> None:
        response = await api.get(
            "/v1/stats/completions", params={"group_by": "learner"}, headers=auth(admin_key)
        )
        assert_problem(response, 422, pointer="/group_by")
