"""The rules as pure functions; the headcount sweep against a brute-force day-by-day count."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from services.eligibility.determination.rules import (
    Declaration,
    Stint,
    check_headcount,
    check_membership,
    check_wcb,
    declared_peak,
    headcount_window,
    roster_peak,
    valid_on,
)

AS_OF = dt.date(2026, 11, 26)
START, END = headcount_window(AS_OF)


def brute_force(stints: list[Stint], start: dt.date, end: dt.date) -> int:
    best, day = 0, start
    while day <= end:
        best = max(best, sum(1 for s in stints if s.start <= day and (s.end is None or s.end >= day)))
        day += dt.timedelta(days=1)
    return best


def present_on(stints: list[Stint], day: dt.date) -> int:
    return sum(1 for s in stints if s.start <= day and (s.end is None or s.end >= day))


@st.composite
def stints(draw: st.DrawFn) -> list[Stint]:
    base = START - dt.timedelta(days=60)
    out = []
    for i in range(draw(st.integers(0, 25))):
        start = base + dt.timedelta(days=draw(st.integers(0, 480)))
        end = None if draw(st.booleans()) else start + dt.timedelta(days=draw(st.integers(0, 200)))
        out.append(Stint(f"w{i}", start, end))
    return out


class TestHeadcountSweep:
    @settings(max_examples=300, deadline=None)
    @given(stints())
    def test_matches_a_day_by_day_count(self, roster: list[Stint]) -> None:
        peak = roster_peak(roster, START, END)
        expected = brute_force(roster, START, END)
        if peak is None:
            assert expected == 0
            return
        assert peak.count == expected
        assert START <= peak.on <= END
        # The day it names really had that many, and they are the people it names.
        assert present_on(roster, peak.on) == peak.count
        assert len(peak.worker_ids) == peak.count

    def test_fifteen_in_a_year_never_more_than_ten_at_once(self) -> None:
        roster = [Stint(f"a{i}", START, START + dt.timedelta(days=100)) for i in range(10)]
        roster += [Stint(f"b{i}", START + dt.timedelta(days=101), None) for i in range(5)]
        assert roster_peak(roster, START, END).count == 10  # type: ignore[union-attr]
        assert check_headcount(roster, [], AS_OF, 10).status == "pass"

    def test_eleven_at_once_is_cor_required(self) -> None:
        roster = [Stint(f"a{i}", START, None) for i in range(11)]
        check = check_headcount(roster, [], AS_OF, 10)
        assert check.status == "fail"
        assert check.evidence["peak"] == 11 and check.evidence["source"] == "roster"
        assert "COR" in check.reason

    def test_leaving_and_joining_the_next_day_do_not_overlap(self) -> None:
        roster = [Stint(f"a{i}", START, START + dt.timedelta(days=10)) for i in range(10)]
        roster += [Stint("b", START + dt.timedelta(days=11), None)]
        assert roster_peak(roster, START, END).count == 10  # type: ignore[union-attr]

    def test_leaving_and_joining_the_same_day_overlap(self) -> None:
        roster = [Stint(f"a{i}", START, START + dt.timedelta(days=10)) for i in range(10)]
        roster += [Stint("b", START + dt.timedelta(days=10), None)]
        assert roster_peak(roster, START, END).count == 11  # type: ignore[union-attr]

    def test_window_is_the_twelve_months_ending_on_as_of(self) -> None:
        assert (dt.date(2025, 11, 27), AS_OF) == (START, END)
        # Someone whose last day was exactly 12 months back is outside; a day later, inside.
        out = [Stint(f"a{i}", dt.date(2025, 1, 1), dt.date(2025, 11, 26)) for i in range(11)]
        inside = [Stint(f"a{i}", dt.date(2025, 1, 1), dt.date(2025, 11, 27)) for i in range(11)]
        assert check_headcount(out, [], AS_OF, 10).status == "pass"
        assert check_headcount(inside, [], AS_OF, 10).status == "fail"

    def test_someone_ending_on_as_of_still_counts(self) -> None:
        roster = [Stint(f"a{i}", START, None) for i in range(10)] + [Stint("last", AS_OF, AS_OF)]
        assert check_headcount(roster, [], AS_OF, 10).status == "fail"


class TestDeclarations:
    def test_highest_source_wins_and_is_named(self) -> None:
        roster = [Stint(f"a{i}", START, None) for i in range(3)]
        declarations = [Declaration("hcd_1", dt.date(2026, 6, 1), dt.date(2026, 6, 30), 12)]
        check = check_headcount(roster, declarations, AS_OF, 10)
        assert check.status == "fail"
        assert check.evidence == {
            "peak": 12,
            "on": "2026-06-01",
            "source": "declaration",
            "declaration_id": "hcd_1",
            "window": {"from": "2025-11-27", "to": "2026-11-26", "limit": 10},
        }

    def test_declaration_outside_window_ignored(self) -> None:
        declarations = [Declaration("old", dt.date(2024, 1, 1), dt.date(2025, 11, 26), 50)]
        assert declared_peak(declarations, START, END) is None
        assert check_headcount([], declarations, AS_OF, 10).status == "pass"

    def test_overlapping_declaration_dated_at_window_start(self) -> None:
        declarations = [Declaration("d", dt.date(2025, 1, 1), dt.date(2025, 12, 31), 4)]
        peak = declared_peak(declarations, START, END)
        assert peak is not None and peak.on == START

    def test_no_sources_is_unknown(self) -> None:
        assert check_headcount([], [], AS_OF, 10).status == "unknown"


class TestRecords:
    def test_wcb(self) -> None:
        assert check_wcb(None, AS_OF).status == "unknown"
        assert check_wcb({"status": "active", "as_of": "2020-01-01"}, AS_OF).status == "pass"
        assert check_wcb({"status": "closed", "as_of": "2026-01-01"}, AS_OF).status == "fail"

    def test_membership(self) -> None:
        current = {"member_number": "1", "valid_from": "2026-01-01", "valid_until": "2026-12-31"}
        lapsed = {"member_number": "1", "valid_from": "2024-01-01", "valid_until": "2025-12-31"}
        assert check_membership([], AS_OF).status == "unknown"
        assert check_membership([lapsed, current], AS_OF).status == "pass"
        check = check_membership([lapsed], AS_OF)
        assert check.status == "fail" and "2025-12-31" in check.reason

    def test_a_card_expiring_on_the_day_no_longer_counts(self) -> None:
        card = {"completed_on": "2023-11-26", "expires_on": "2026-11-26"}
        assert not valid_on(card, AS_OF)
        assert valid_on(card, AS_OF - dt.timedelta(days=1))
        assert not valid_on({"completed_on": "2026-11-27", "expires_on": None}, AS_OF)
