"""The evaluation rules as pure functions: which interim year a maintenance maintains, and when."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from services.eligibility.evaluations.rules import (
    REFUSAL_ORDER,
    InterimYear,
    MaintenanceTarget,
    Refusal,
    audit_period_refusals,
    maintenance_target,
    ordered,
)
from shared.dates import add_years

ISSUED = dt.date(2027, 2, 15)
UNTIL = add_years(ISSUED, 3) - dt.timedelta(days=1)
DUE = {2: add_years(ISSUED, 1), 3: add_years(ISSUED, 2)}


def years(*statuses: str) -> list[InterimYear]:
    return [InterimYear(y, DUE[y], s) for y, s in zip((2, 3), statuses, strict=True)]  # type: ignore[arg-type]


class TestMaintenanceTarget:
    @given(
        statuses=st.sampled_from(
            [("pending", "pending"), ("maintained", "pending"), ("maintained", "maintained")]
        ),
        offset=st.integers(min_value=-10, max_value=3 * 366),
        grace=st.integers(min_value=0, max_value=30),
    )
    def test_only_the_earliest_open_year_and_only_within_it(
        self, statuses: tuple[str, str], offset: int, grace: int
    ) -> None:
        received = ISSUED + dt.timedelta(days=offset)
        outcome = maintenance_target("N", ISSUED, UNTIL, None, years(*statuses), received, grace)
        open_years = [y for y, s in zip((2, 3), statuses, strict=True) if s == "pending"]
        if not open_years:
            assert isinstance(outcome, Refusal) and outcome.code == "maintenance-not-due"
            return
        year = open_years[0]
        opens_after = DUE.get(year - 1, ISSUED)
        within = opens_after < received <= DUE[year] + dt.timedelta(days=grace)
        if within:
            assert isinstance(outcome, MaintenanceTarget)
            assert (outcome.year, outcome.due_on) == (year, DUE[year])
        else:
            assert isinstance(outcome, Refusal)
            assert outcome.code in ("maintenance-not-due", "maintenance-year-taken")

    def test_the_year_held_must_still_be_its_turn(self) -> None:
        received = DUE[2] - dt.timedelta(days=5)
        held = maintenance_target(
            "N", ISSUED, UNTIL, None, years("pending", "pending"), received, 0, year_held=2
        )
        assert isinstance(held, MaintenanceTarget) and held.year == 2
        taken = maintenance_target(
            "N", ISSUED, UNTIL, None, years("maintained", "pending"), received, 0, year_held=2
        )
        assert isinstance(taken, Refusal) and taken.code == "maintenance-year-taken"

    def test_the_bound_is_the_latest_documentation_judged(self) -> None:
        maintained = [
            InterimYear(2, DUE[2], "maintained", "sub_1", dt.date(2028, 1, 31)),
            InterimYear(3, DUE[3], "pending"),
        ]
        target = maintenance_target("N", ISSUED, UNTIL, dt.date(2026, 12, 31), maintained, DUE[3], 0)
        assert isinstance(target, MaintenanceTarget)
        assert (target.previous_audit_period_end, target.previous_label) == (
            dt.date(2028, 1, 31),
            "year 2's maintenance",
        )


class TestAuditPeriod:
    def test_all_that_apply_are_listed_in_order(self) -> None:
        found = audit_period_refusals(
            "maintenance",
            dt.date(2027, 1, 1),
            dt.date(2027, 2, 1),
            dt.date(2027, 1, 15),
            minimum_months=3,
            previous_end=dt.date(2027, 1, 1),
        )
        assert [r.code for r in ordered(found)] == [
            "audit-period-not-ended",
            "audit-period-too-short",
            "audit-period-overlaps",
        ]
        assert all(r.code in REFUSAL_ORDER for r in found)
