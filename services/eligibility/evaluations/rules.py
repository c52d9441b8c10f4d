"""The rules of docs/rules.md §3 and §4 that decide whether an evaluation may be received, as pure functions.

Who may be evaluated (the determination and the named assessor), what documentation an audit period must be,
and which interim year a maintenance evaluation maintains. The submission service asks for them when an
evaluation is received and again when QA approves it; the certificate rules (validity from documentation)
read `documentation_months` from here too, so a month is counted one way everywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from services.eligibility.determination.rules import Check
from shared.dates import add_months

Kind = Literal["certification", "maintenance"]

# The order refusals are listed in: the first is the answer's `type`. The employer's eligibility comes before
# the evaluation itself (the seed's steps 1-3 come first), and a COR before everything.
REFUSAL_ORDER = (
    "cor-required",
    "not-eligible",
    "assessor-not-qualified",
    "no-certificate",
    "maintenance-not-due",
    "maintenance-year-taken",
    "audit-period-not-ended",
    "audit-period-too-short",
    "audit-period-overlaps",
)


@dataclass(frozen=True)
class Refusal:
    """One rule an evaluation breaks: the problem type's last segment, a sentence, and where it points."""

    code: str
    detail: str
    errors: list[dict[str, Any]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"type": self.code, "detail": self.detail, "errors": self.errors} | self.extra


def ordered(refusals: Sequence[Refusal]) -> list[Refusal]:
    return sorted(refusals, key=lambda r: REFUSAL_ORDER.index(r.code))


def documentation_months(start: dt.date, end: dt.date) -> int:
    """Whole months of documentation from `start` to `end` inclusive (Jan 1 - Dec 31 is 12)."""
    months = 0
    while add_months(start, months + 1) <= end + dt.timedelta(days=1):
        months += 1
    return months


def _error(pointer: str, detail: str, **members: Any) -> dict[str, Any]:
    return {"pointer": pointer, "detail": detail, "location": "body"} | members


def eligibility_refusals(checks: Sequence[Check], received_on: dt.date) -> list[Refusal]:
    """Every check of the determination must pass on the day the evaluation is received."""
    by_code = {c.code: c for c in checks}
    headcount = by_code.get("headcount")
    if headcount is not None and headcount.status == "fail":
        return [
            Refusal(
                "cor-required",
                f"This employer must apply for a COR, not a SECOR: {headcount.reason}",
                [_error("/employer_id", headcount.reason, code="headcount", status="fail")],
                {
                    "headcount": {
                        "code": headcount.code,
                        "status": headcount.status,
                        "reason": headcount.reason,
                        "evidence": headcount.evidence,
                    }
                },
            )
        ]
    failing = [c for c in checks if c.status != "pass"]
    if not failing:
        return []
    names = ", ".join(f"{c.code} ({c.status})" for c in failing)
    return [
        Refusal(
            "not-eligible",
            f"The employer is not eligible for SECOR on {received_on}, the day the evaluation is received: "
            f"{names}. Every requirement must be met before an evaluation.",
            [
                _error("/employer_id", c.reason, code=c.code, status=c.status, reason=c.reason)
                for c in failing
            ],
        )
    ]


def assessor_refusal(check: Check, received_on: dt.date) -> Refusal | None:
    """The assessor named on the evaluation holds SECOR or PHSM within its validity on the day received."""
    if check.status == "pass":
        return None
    return Refusal(
        "assessor-not-qualified",
        f"The assessor named on this evaluation is not qualified on {received_on}: {check.reason} The assessor "
        "(internal or external) must hold SECOR or PHSM, or a refresher, within its validity, on record in the "
        "training ledger.",
        [_error("/assessor", check.reason, code="assessor", status=check.status)],
        {"assessor_check": {"status": check.status, "reason": check.reason, "evidence": check.evidence}},
    )


def audit_period_refusals(
    kind: Kind,
    start: dt.date,
    end: dt.date,
    received_on: dt.date,
    *,
    minimum_months: int,
    previous_end: dt.date | None = None,
    previous_label: str | None = None,
) -> list[Refusal]:
    """The audit period is documentation that exists, enough of it, and (for a maintenance) not judged before."""
    refusals = []
    if end > received_on:
        refusals.append(
            Refusal(
                "audit-period-not-ended",
                f"The audit period ends on {end}, after the evaluation is received ({received_on}): it must cover "
                "health and safety documentation that already exists.",
                [_error("/audit_period_end", f"after {received_on}")],
            )
        )
    months = documentation_months(start, end)
    if months < minimum_months:
        refusals.append(
            Refusal(
                "audit-period-too-short",
                f"A {kind} needs at least {minimum_months} months of health and safety documentation; "
                f"{start} to {end} is {months} whole month{'s' if months != 1 else ''}.",
                [_error("/audit_period_end", f"under {minimum_months} months from {start}")],
                {"documentation_months": months, "minimum_months": minimum_months},
            )
        )
    if kind == "maintenance" and previous_end is not None and start <= previous_end:
        refusals.append(
            Refusal(
                "audit-period-overlaps",
                f"A maintenance covers documentation after what was already judged: {previous_label or 'the previous approved evaluation'} "
                f"covered up to {previous_end}, so this audit period must begin on {previous_end + dt.timedelta(days=1)} or later.",
                [_error("/audit_period_start", f"on or before {previous_end}")],
                {"previous_audit_period_end": previous_end.isoformat()},
            )
        )
    return refusals


@dataclass(frozen=True)
class InterimYear:
    """A maintenance year of a certificate, as the certificate's schedule holds it."""

    year: int
    due_on: dt.date
    status: Literal["pending", "maintained", "missed"]
    submission_id: str | None = None
    audit_period_end: dt.date | None = None


@dataclass(frozen=True)
class MaintenanceTarget:
    """The interim year a maintenance evaluation maintains, and the days it may be received in."""

    year: int
    due_on: dt.date
    opens_after: dt.date
    receive_by: dt.date
    previous_audit_period_end: dt.date | None
    previous_label: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "due_on": self.due_on.isoformat(),
            "receivable_from": (self.opens_after + dt.timedelta(days=1)).isoformat(),
            "receive_by": self.receive_by.isoformat(),
            "previous_audit_period_end": self.previous_audit_period_end.isoformat()
            if self.previous_audit_period_end
            else None,
        }


def maintenance_target(
    number: str,
    valid_from: dt.date,
    valid_until: dt.date,
    certificate_audit_period_end: dt.date | None,
    years: Sequence[InterimYear],
    received_on: dt.date,
    grace_days: int,
    *,
    year_held: int | None = None,
) -> MaintenanceTarget | Refusal:
    """Which year a maintenance received on `received_on` maintains: the earliest not yet maintained, and only
    within that year (after the previous anniversary or the issue date, by its due date plus the grace).

    `year_held` is the year the evaluation was received for: at approval it must still be that year's turn.
    """
    ordered_years = sorted(years, key=lambda y: y.year)
    open_years = [y for y in ordered_years if y.status == "pending"]
    if year_held is not None:
        held = next((y for y in ordered_years if y.year == year_held), None)
        if held is None or held.status != "pending" or (open_years and open_years[0].year != year_held):
            state = "not on this certificate" if held is None else held.status
            return Refusal(
                "maintenance-year-taken",
                f"Year {year_held} of certificate {number} is {state}; this evaluation can no longer maintain it.",
                [_error("/kind", f"year {year_held} is {state}")],
                {"certificate_number": number, "year": year_held},
            )
    if not open_years:
        return Refusal(
            "maintenance-not-due",
            f"Certificate {number} has no interim year left to maintain (it is valid until {valid_until}); renew it "
            "with a certification evaluation instead.",
            [_error("/kind", "no maintenance year left")],
            {"certificate_number": number},
        )
    target = open_years[0]
    before = [y for y in ordered_years if y.year < target.year]
    opens_after = before[-1].due_on if before else valid_from
    receive_by = target.due_on + dt.timedelta(days=grace_days)
    window = f"from {opens_after + dt.timedelta(days=1)} to {receive_by}"
    if received_on <= opens_after:
        done = before[-1] if before and before[-1].status == "maintained" else None
        if done is not None:
            return Refusal(
                "maintenance-year-taken",
                f"Year {done.year} of certificate {number} is already maintained; year {target.year}'s maintenance "
                f"evaluation can be received {window}.",
                [_error("/kind", f"year {done.year} is maintained")],
                {"certificate_number": number, "year": done.year, "next_year": target.year},
            )
        return Refusal(
            "maintenance-not-due",
            f"Year {target.year}'s maintenance evaluation of certificate {number} can be received {window}, not on "
            f"{received_on}.",
            [_error("/kind", f"year {target.year} opens after {opens_after}")],
            {"certificate_number": number, "year": target.year},
        )
    if received_on > receive_by:
        return Refusal(
            "maintenance-not-due",
            f"Year {target.year}'s maintenance evaluation of certificate {number} was due on or before "
            f"{target.due_on}"
            + (f" ({grace_days} days of grace: {receive_by})" if grace_days else "")
            + f"; "
            f"{received_on} is too late.",
            [_error("/kind", f"year {target.year} closed on {receive_by}")],
            {"certificate_number": number, "year": target.year},
        )
    known_ends = [(certificate_audit_period_end, f"certificate {number}'s certification")] + [
        (y.audit_period_end, f"year {y.year}'s maintenance") for y in before if y.status == "maintained"
    ]
    latest = max(((d, label) for d, label in known_ends if d is not None), default=(None, None))
    return MaintenanceTarget(target.year, target.due_on, opens_after, receive_by, latest[0], latest[1])
