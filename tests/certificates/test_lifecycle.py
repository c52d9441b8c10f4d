"""One employer through three years on an injected clock: certification, two maintenances (one late in a second
scenario), expiry, and every reminder sent exactly once."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from services.eligibility.certificates.numbers import certificate_number, normalize
from services.eligibility.certificates.service import issue
from services.eligibility.evaluations.rules import documentation_months
from shared.events import CATALOG
from tests.certificates.conftest import approve, mails, on, outbox_events, relay
from tests.eligibility.conftest import EmployerCtx, eligible_employer, train
from tests.helpers import assert_problem
from tests.stack import Stack, build_stack
from tests.submission.conftest import submission_body

ISSUED = dt.date(2027, 2, 15)  # the day of approval, in the clock's future
YEAR_2_DUE = dt.date(2028, 2, 15)
YEAR_3_DUE = dt.date(2029, 2, 15)
VALID_UNTIL = dt.date(2030, 2, 14)
DAYS = (90, 60, 30, 7)


async def certify(
    api: httpx.AsyncClient,
    stack: Stack,
    engine: AsyncEngine,
    ctx: EmployerCtx,
    qa: dict[str, str],
    months: int = 12,
) -> dict[str, object]:
    stack.clock.set(ISSUED)
    start = {12: dt.date(2026, 1, 1), 6: dt.date(2026, 7, 1), 3: dt.date(2026, 10, 1)}[months]
    await approve(api, stack, engine, ctx, qa, start=start, end=dt.date(2026, 12, 31))
    response = await api.get(f"/v1/employers/{ctx.id}/certificate", headers=ctx.headers)
    assert response.status_code == 200, response.text
    return response.json()


async def maintain(
    api: httpx.AsyncClient,
    stack: Stack,
    engine: AsyncEngine,
    ctx: EmployerCtx,
    qa: dict[str, str],
    day: dt.date,
) -> None:
    stack.clock.set(day)
    await approve(
        api, stack, engine, ctx, qa, kind="maintenance", start=day - dt.timedelta(days=300), end=day
    )


class TestThreeYears:
    async def test_certified_maintained_twice_then_expired(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        engine: AsyncEngine,
        employer: EmployerCtx,
        qa: dict[str, str],
    ) -> None:
        certificate = await certify(api, stack, engine, employer, qa)
        number = str(certificate["number"])
        assert normalize(number) == number
        assert (certificate["status"], certificate["valid_from"], certificate["valid_until"]) == (
            "active",
            ISSUED.isoformat(),
            VALID_UNTIL.isoformat(),
        )
        assert [(m["year"], m["due_on"], m["status"]) for m in certificate["maintenance"]] == [  # type: ignore[attr-defined]
            (2, YEAR_2_DUE.isoformat(), "pending"),
            (3, YEAR_3_DUE.isoformat(), "pending"),
        ]
        assert len(certificate["reminders"]) == 12  # type: ignore[arg-type]
        [issued] = await outbox_events(engine, "certificate.issued")
        CATALOG["certificate.issued"][2].model_validate(issued)
        assert issued["maintenance_due"] == [YEAR_2_DUE.isoformat(), YEAR_3_DUE.isoformat()]

        # Year 2: due from 90 days before; each reminder on its day, once, however often the scheduler runs.
        for days in DAYS:
            done = await on(stack, YEAR_2_DUE - dt.timedelta(days=days))
            assert done.reminders_sent == 1, (days, done)
            assert (await on(stack, YEAR_2_DUE - dt.timedelta(days=days))).reminders_sent == 0
        state = (await api.get(f"/v1/certificates/{number}", headers=employer.headers)).json()
        assert state["status"] == "maintenance_due"
        await maintain(api, stack, engine, employer, qa, YEAR_2_DUE - dt.timedelta(days=3))
        state = (await api.get(f"/v1/certificates/{number}", headers=employer.headers)).json()
        assert state["status"] == "active"
        received = YEAR_2_DUE - dt.timedelta(days=3)
        assert state["maintenance"][0]["determination_id"].startswith("det_")
        assert state["maintenance"][0] | {"submission_id": None, "determination_id": None} == {
            "year": 2,
            "due_on": YEAR_2_DUE.isoformat(),
            "status": "maintained",
            "maintained_on": received.isoformat(),
            "submission_id": None,
            "pir_refund_eligible": True,
            "received_on": received.isoformat(),
            "audit_period_start": (received - dt.timedelta(days=300)).isoformat(),
            "audit_period_end": received.isoformat(),
            "determination_id": None,
        }

        # Year 3, the same way.
        for days in DAYS:
            assert (await on(stack, YEAR_3_DUE - dt.timedelta(days=days))).reminders_sent == 1
        await maintain(api, stack, engine, employer, qa, YEAR_3_DUE)
        assert (await api.get(f"/v1/certificates/{number}", headers=employer.headers)).json()[
            "status"
        ] == "active"

        # Expiry: reminded, then expired the day after valid_until.
        for days in DAYS:
            assert (await on(stack, VALID_UNTIL - dt.timedelta(days=days))).reminders_sent == 1
        assert (await on(stack, VALID_UNTIL)).status_changes["expired"] == 0
        assert (await on(stack, VALID_UNTIL + dt.timedelta(days=1))).status_changes["expired"] == 1
        state = (await api.get(f"/v1/certificates/{number}", headers=employer.headers)).json()
        assert state["status"] == "expired"
        assert [r["status"] for r in state["reminders"]] == ["sent"] * 12
        assert_problem(
            await api.get(f"/v1/employers/{employer.id}/certificate", headers=employer.headers), 404
        )

        reminders = await outbox_events(engine, "certificate.maintenance_due")
        assert len(reminders) == 12
        for event in reminders:
            CATALOG["certificate.maintenance_due"][2].model_validate(event)
        assert [(e["due"], e["year"], e["days_before"]) for e in reminders][:4] == [
            ("maintenance", 2, d) for d in DAYS
        ]
        assert len(await mails(engine, number)) == 1 + 12 + 1  # issued, reminders, expired
        changes = [
            (e["old_status"], e["new_status"])
            for e in await outbox_events(engine, "certificate.status_changed")
        ]
        assert changes == [
            ("active", "maintenance_due"),
            ("maintenance_due", "active"),
            ("active", "maintenance_due"),
            ("maintenance_due", "active"),
            ("active", "expired"),
        ]

    async def test_a_late_year_cancels_the_certificate(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        engine: AsyncEngine,
        employer: EmployerCtx,
        qa: dict[str, str],
    ) -> None:
        number = str((await certify(api, stack, engine, employer, qa))["number"])
        await on(stack, YEAR_2_DUE - dt.timedelta(days=90))
        assert (await on(stack, YEAR_2_DUE)).status_changes[
            "cancelled"
        ] == 0  # due on or before: still in time
        assert (await on(stack, YEAR_2_DUE + dt.timedelta(days=1))).status_changes["cancelled"] == 1
        state = (await api.get(f"/v1/certificates/{number}", headers=employer.headers)).json()
        assert state["status"] == "cancelled"
        assert "year 2" in state["status_reason"]
        assert [m["status"] for m in state["maintenance"]] == ["missed", "pending"]
        # Nothing more is sent for a cancelled certificate.
        done = await on(stack, YEAR_3_DUE - dt.timedelta(days=60))
        assert (done.reminders_sent, done.reminders_skipped) == (
            0,
            2,
        )  # year 3 at 90 and 60; expiry not yet due
        # The maintenance that comes too late finds nothing to maintain, and a new maintenance is refused.
        body = submission_body(
            employer.id, kind="maintenance", audit_period_start="2027-03-01", audit_period_end="2028-02-01"
        )
        created = await api.post("/v1/submissions", json=body, headers=employer.headers)
        assert assert_problem(created, 422)["type"].endswith("/no-certificate")
        [cancelled] = await mails(engine, "been cancelled")
        assert number in cancelled.subject

    async def test_grace_days_are_configurable(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        engine: AsyncEngine,
        employer: EmployerCtx,
        qa: dict[str, str],
    ) -> None:
        from tests.certificates.conftest import scheduler

        await certify(api, stack, engine, employer, qa)
        stack.clock.set(YEAR_2_DUE + dt.timedelta(days=10))
        assert (await scheduler(stack, maintenance_grace_days=10).tick()).status_changes["cancelled"] == 0
        stack.clock.set(YEAR_2_DUE + dt.timedelta(days=11))
        assert (await scheduler(stack, maintenance_grace_days=10).tick()).status_changes["cancelled"] == 1

    async def test_late_within_grace_keeps_it_but_not_the_refund(
        self, engine: AsyncEngine, database_url: str, integrator_key: str, qa: dict[str, str]
    ) -> None:
        async with build_stack(
            engine, database_url, eligibility_overrides={"maintenance_grace_days": 10}
        ) as graced:
            employer = await eligible_employer(graced.gateway, graced, integrator_key)
            number = str((await certify(graced.gateway, graced, engine, employer, qa))["number"])
            await maintain(graced.gateway, graced, engine, employer, qa, YEAR_2_DUE + dt.timedelta(days=2))
            state = (await graced.gateway.get(f"/v1/certificates/{number}", headers=employer.headers)).json()
            assert (state["maintenance"][0]["status"], state["maintenance"][0]["pir_refund_eligible"]) == (
                "maintained",
                False,
            )
            assert "no PIR refund" in state["history"][-1]["note"]
            # Past the grace, the year is closed: refused at receipt with the date it closed.
            graced.clock.set(YEAR_3_DUE + dt.timedelta(days=11))
            late = submission_body(
                employer.id,
                kind="maintenance",
                audit_period_start="2028-03-01",
                audit_period_end="2029-02-01",
            )
            problem = assert_problem(
                await graced.gateway.post("/v1/submissions", json=late, headers=employer.headers), 422
            )
            assert problem["type"].endswith("/maintenance-not-due")
            assert str(YEAR_3_DUE + dt.timedelta(days=10)) in problem["detail"]


class TestValidity:
    @pytest.mark.parametrize(("months", "years"), [(12, 3), (6, 1), (3, 1)])
    async def test_validity_follows_documentation(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        engine: AsyncEngine,
        employer: EmployerCtx,
        qa: dict[str, str],
        months: int,
        years: int,
    ) -> None:
        certificate = await certify(api, stack, engine, employer, qa, months=months)
        assert certificate["documentation_months"] == months
        assert certificate["valid_until"] == (dt.date(ISSUED.year + years, 2, 14)).isoformat()
        assert len(certificate["maintenance"]) == (2 if years == 3 else 0)  # type: ignore[arg-type]

    def test_documentation_months(self) -> None:
        assert documentation_months(dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == 12
        assert documentation_months(dt.date(2026, 1, 15), dt.date(2027, 1, 13)) == 11
        assert documentation_months(dt.date(2026, 1, 1), dt.date(2026, 3, 31)) == 3
        assert documentation_months(dt.date(2026, 1, 1), dt.date(2026, 3, 30)) == 2

    async def test_each_approval_issues_once(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        engine: AsyncEngine,
        employer: EmployerCtx,
        qa: dict[str, str],
    ) -> None:
        await certify(api, stack, engine, employer, qa)
        await relay(stack, engine)  # the same events again: acknowledged, not applied twice
        assert len(await outbox_events(engine, "certificate.issued")) == 1

    async def test_recertification_replaces_the_old_certificate(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        engine: AsyncEngine,
        employer: EmployerCtx,
        qa: dict[str, str],
        staff_headers: dict[str, str],
    ) -> None:
        first = await certify(api, stack, engine, employer, qa)
        # Three years on, the company must be up to date with its training again to be evaluated.
        stack.clock.set(VALID_UNTIL - dt.timedelta(days=20))
        await train(stack, VALID_UNTIL - dt.timedelta(days=200))
        await approve(api, stack, engine, employer, qa, start=dt.date(2029, 1, 1), end=dt.date(2029, 12, 31))
        current = (await api.get(f"/v1/employers/{employer.id}/certificate", headers=employer.headers)).json()
        assert current["number"] != first["number"]
        old = (await api.get(f"/v1/certificates/{first['number']}", headers=staff_headers)).json()
        assert (old["status"], old["status_reason"]) == (
            "expired",
            f"replaced by certificate {current['number']}",
        )

    async def test_approvals_applied_out_of_order_leave_the_newest_in_force(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        engine: AsyncEngine,
        employer: EmployerCtx,
        staff_headers: dict[str, str],
    ) -> None:
        """Two certifications approved a year apart whose events arrive late one first: the later by its dates
        stays in force, and the one applied second is replaced at once, not the other way round."""
        app = stack.apps["eligibility"]
        stack.clock.set(dt.datetime(2028, 3, 1, 12, tzinfo=dt.UTC))

        def approved(submission_id: str, decided: dt.date) -> dict[str, object]:
            return {
                "employer_id": employer.id,
                "submission_id": submission_id,
                "audit_period_start": str(decided.replace(year=decided.year - 1)),
                "audit_period_end": str(decided - dt.timedelta(days=1)),
                "decision_date": str(decided),
                "decided_by": "qa",
            }

        async with engine.begin() as conn:
            later = await issue(
                conn, approved("sub_later", dt.date(2028, 2, 1)), app.state.settings, stack.clock
            )
        async with engine.begin() as conn:
            earlier = await issue(
                conn, approved("sub_earlier", dt.date(2027, 2, 1)), app.state.settings, stack.clock
            )
        assert later is not None and earlier is not None
        current = (await api.get(f"/v1/employers/{employer.id}/certificate", headers=employer.headers)).json()
        assert current["number"] == later
        old = (await api.get(f"/v1/certificates/{earlier}", headers=staff_headers)).json()
        assert (old["status"], old["status_reason"]) == ("expired", f"replaced by certificate {later}")
        assert (
            len(await mails(engine, earlier)) == 0
        )  # nobody is congratulated on a certificate already replaced


class TestNumbers:
    def test_check_digit_catches_a_mistyped_digit(self) -> None:
        number = certificate_number(2027, 123)
        assert number.startswith("SECOR-2027-000123-")
        assert normalize(number.lower() + " ") == number
        wrong = number[:-3] + str((int(number[-3]) + 1) % 10) + number[-2:]
        assert normalize(wrong) is None
        assert normalize("SECOR-2027-123") is None


class TestDetermination:
    async def test_grown_past_ten_must_move_to_cor_at_maintenance(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        engine: AsyncEngine,
        employer: EmployerCtx,
        qa: dict[str, str],
    ) -> None:
        number = (await certify(api, stack, engine, employer, qa))["number"]
        stack.clock.set(YEAR_2_DUE - dt.timedelta(days=30))
        declared = await api.post(
            f"/v1/employers/{employer.id}/headcount-declarations",
            json={"period_start": "2027-09-01", "period_end": "2027-09-30", "peak_headcount": 11},
            headers=employer.headers,
        )
        assert declared.status_code == 201, declared.text
        determination = (
            await api.get(f"/v1/employers/{employer.id}/eligibility", headers=employer.headers)
        ).json()
        assert determination["outcome"] == "cor_required"
        continuing = next(c for c in determination["checks"] if c["code"] == "continuing_education")
        assert continuing["evidence"]["certificate_number"] == number
        assert f"to keep certificate {number}" in continuing["reason"]
        body = submission_body(
            employer.id, kind="maintenance", audit_period_start="2027-03-01", audit_period_end="2028-01-10"
        )
        refused = await api.post("/v1/submissions", json=body, headers=employer.headers)
        assert assert_problem(refused, 422)["type"].endswith("/cor-required")

    async def test_no_certificate_before_it_was_issued(
        self,
        api: httpx.AsyncClient,
        stack: Stack,
        engine: AsyncEngine,
        employer: EmployerCtx,
        qa: dict[str, str],
    ) -> None:
        await certify(api, stack, engine, employer, qa)
        before = (
            await api.get(
                f"/v1/employers/{employer.id}/eligibility",
                params={"as_of": (ISSUED - dt.timedelta(days=1)).isoformat()},
                headers=employer.headers,
            )
        ).json()
        continuing = next(c for c in before["checks"] if c["code"] == "continuing_education")
        assert "certificate_number" not in continuing["evidence"]
