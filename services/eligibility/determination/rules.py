"""The rules of docs/rules.md §1 as pure functions: data in, checks with reasons and evidence out.

No database here, so each rule can be tested (and fuzzed) on its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from shared.dates import add_months, add_years
from shared.events import Outcome

Status = Literal["pass", "fail", "unknown"]

# Who is an employee (docs/rules.md §1 (training)): covered by the employer's WCB account and working for it. Volunteers are
# covered but not employed; contractors are not covered; "other" says too little to count.
EMPLOYEE_ROLES = ("owner", "manager", "clerical", "worker", "family_member")

CHECK_CODES = (
    "headcount",
    "wcb_account",
    "acsa_membership",
    "training.management",
    "training.first_aid",
    "training.industry",
    "assessor",
    "continuing_education",
)


@dataclass(frozen=True)
class Check:
    code: str
    status: Status
    reason: str
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Stint:
    """One covered person's employment, both ends inclusive (end None: still employed)."""

    worker_id: str
    start: dt.date
    end: dt.date | None


@dataclass(frozen=True)
class Declaration:
    id: str
    period_start: dt.date
    period_end: dt.date
    peak: int


@dataclass(frozen=True)
class Peak:
    count: int
    on: dt.date
    source: Literal["roster", "declaration"]
    worker_ids: tuple[str, ...] = ()
    declaration_id: str | None = None


def headcount_window(as_of: dt.date) -> tuple[dt.date, dt.date]:
    """The 12 months ending on `as_of`, both ends inclusive: 2026-11-26 → 2025-11-27 .. 2026-11-26."""
    return add_months(as_of, -12) + dt.timedelta(days=1), as_of


def roster_peak(stints: Iterable[Stint], start: dt.date, end: dt.date) -> Peak | None:
    """Most people employed at the same time within [start, end], with the first day it happened.

    A sweep over start and end events: +1 on a first day, -1 the day after a last day. Leaving on a day and
    someone else starting the next day are never counted together.
    """
    events: list[tuple[dt.date, int, str]] = []
    for s in stints:
        first = max(s.start, start)
        last = end if s.end is None else min(s.end, end)
        if first > last:
            continue
        events.append((first, 1, s.worker_id))
        if last < end:
            events.append((last + dt.timedelta(days=1), -1, s.worker_id))
    if not events:
        return None
    # On one date, departures before arrivals: the day after someone's last day they no longer count.
    events.sort(key=lambda e: (e[0], e[1]))
    present: set[str] = set()
    best: Peak | None = None
    i = 0
    while i < len(events):
        day = events[i][0]
        while i < len(events) and events[i][0] == day:
            _, delta, worker_id = events[i]
            if delta > 0:
                present.add(worker_id)
            else:
                present.discard(worker_id)
            i += 1
        if best is None or len(present) > best.count:
            best = Peak(len(present), day, "roster", tuple(sorted(present)))
    return best


def declared_peak(declarations: Iterable[Declaration], start: dt.date, end: dt.date) -> Peak | None:
    """The highest declared peak among declarations overlapping [start, end], dated where the overlap starts."""
    best: Peak | None = None
    for d in declarations:
        if d.period_end < start or d.period_start > end:
            continue
        on = max(d.period_start, start)
        if best is None or d.peak > best.count:
            best = Peak(d.peak, on, "declaration", declaration_id=d.id)
    return best


def check_headcount(
    stints: Sequence[Stint], declarations: Sequence[Declaration], as_of: dt.date, limit: int
) -> Check:
    start, end = headcount_window(as_of)
    window = {"from": start.isoformat(), "to": end.isoformat(), "limit": limit}
    if not stints and not declarations:
        return Check(
            "headcount",
            "unknown",
            "No roster and no headcount declaration: the headcount cannot be known.",
            {"window": window},
        )
    candidates = [p for p in (roster_peak(stints, start, end), declared_peak(declarations, start, end)) if p]
    if not candidates:
        # Records exist, but none falls within the window: nobody was employed then.
        peak = Peak(0, start, "roster")
    else:
        # The highest figure any source gives; on a tie the roster, which names the people.
        peak = max(candidates, key=lambda p: (p.count, p.source == "roster"))
    evidence: dict[str, Any] = {
        "peak": peak.count,
        "on": peak.on.isoformat(),
        "source": peak.source,
        "window": window,
    }
    if peak.worker_ids:
        evidence["worker_ids"] = list(peak.worker_ids)
    if peak.declaration_id:
        evidence["declaration_id"] = peak.declaration_id
    where = "the roster" if peak.source == "roster" else "a headcount declaration"
    if peak.count > limit:
        return Check(
            "headcount",
            "fail",
            f"{peak.count} people were covered at the same time on {peak.on} (from {where}); SECOR allows at most "
            f"{limit} at any time in the 12 months before {as_of}, so a COR is required.",
            evidence,
        )
    return Check(
        "headcount",
        "pass",
        f"At most {peak.count} people were covered at the same time in the 12 months before {as_of} (from {where}).",
        evidence,
    )


def check_wcb(status: dict[str, Any] | None, as_of: dt.date) -> Check:
    if status is None:
        return Check("wcb_account", "unknown", f"No WCB account status is on file for {as_of}.")
    evidence = {"status": status["status"], "as_of": status["as_of"]}
    if status["status"] == "active":
        return Check(
            "wcb_account",
            "pass",
            f"The Alberta WCB account is active (recorded as of {status['as_of']}).",
            evidence,
        )
    return Check(
        "wcb_account",
        "fail",
        f"The Alberta WCB account is {status['status']} (recorded as of {status['as_of']}).",
        evidence,
    )


def check_membership(memberships: Sequence[dict[str, Any]], as_of: dt.date) -> Check:
    if not memberships:
        return Check("acsa_membership", "unknown", "No ACSA membership is on file.")
    for m in memberships:
        if dt.date.fromisoformat(m["valid_from"]) <= as_of <= dt.date.fromisoformat(m["valid_until"]):
            return Check(
                "acsa_membership",
                "pass",
                f"ACSA membership {m['member_number']} is valid from {m['valid_from']} to {m['valid_until']}.",
                {
                    "member_number": m["member_number"],
                    "valid_from": m["valid_from"],
                    "valid_until": m["valid_until"],
                },
            )
    latest = max(memberships, key=lambda m: m["valid_until"])
    return Check(
        "acsa_membership",
        "fail",
        f"No ACSA membership is valid on {as_of}; the latest on file ran {latest['valid_from']} to {latest['valid_until']}.",
        {
            "member_number": latest["member_number"],
            "valid_from": latest["valid_from"],
            "valid_until": latest["valid_until"],
        },
    )


def valid_on(completion: dict[str, Any], as_of: dt.date) -> bool:
    """Completed on or before the day and not expired on it (a card expiring on a day no longer counts that day)."""
    expires = completion.get("expires_on")
    return dt.date.fromisoformat(completion["completed_on"]) <= as_of and (
        expires is None or dt.date.fromisoformat(expires) > as_of
    )


def _evidence(c: dict[str, Any]) -> dict[str, Any]:
    return {
        "worker_id": c.get("worker_id"),
        "completion_id": c["completion_id"],
        "course_code": c["course_code"],
        "completed_on": c["completed_on"],
        "expires_on": c.get("expires_on"),
        "matched_by": c.get("matched_by"),
    }


def check_training(
    code: str,
    label: str,
    courses: Sequence[str],
    training: Sequence[dict[str, Any]],
    full_time: Sequence[dict[str, Any]],
    as_of: dt.date,
    roster_known: bool,
) -> Check:
    """One requirement of docs/rules.md §1 (training): some full-time employee (on `as_of`) holds one of `courses`."""
    wanted = " or ".join(courses)
    if not roster_known:
        return Check(code, "unknown", f"No roster is on file, so nobody can be shown to hold {wanted}.")
    holding = [c for c in training if c["course_code"] in courses]
    valid = sorted((c for c in holding if valid_on(c, as_of)), key=lambda c: c["completed_on"], reverse=True)
    if valid:
        best = valid[0]
        who = _worker_name(full_time, best["worker_id"])
        return Check(
            code,
            "pass",
            f"{who}, a full-time employee, completed {best['course_code']} on {best['completed_on']} ({label}).",
            _evidence(best),
        )
    if not full_time:
        return Check(
            code, "fail", f"No full-time employee is on the roster on {as_of}, so nobody holds {wanted}."
        )
    expired = [c for c in holding if dt.date.fromisoformat(c["completed_on"]) <= as_of]
    if expired:
        latest = max(expired, key=lambda c: c["completed_on"])
        return Check(
            code,
            "fail",
            f"{_worker_name(full_time, latest['worker_id'])}'s {latest['course_code']} expired on {latest['expires_on']}; "
            f"no full-time employee holds valid {wanted} on {as_of}.",
            _evidence(latest),
        )
    return Check(
        code,
        "fail",
        f"No full-time employee holds {wanted} ({label}) on {as_of}.",
        {"full_time_workers": len(full_time)},
    )


def check_assessor(
    assessor: dict[str, Any] | None,
    training: Sequence[dict[str, Any]],
    courses: Sequence[str],
    as_of: dt.date,
    years: int,
) -> Check:
    if assessor is None:
        return Check("assessor", "unknown", "No assessor is named for this employer.")
    who = f"{assessor['given_name']} {assessor['family_name']}"
    kind = "internal" if assessor["internal"] else "external"
    held = sorted(
        (
            c
            for c in training
            if c["course_code"] in courses and dt.date.fromisoformat(c["completed_on"]) <= as_of
        ),
        key=lambda c: c["completed_on"],
        reverse=True,
    )
    if not held:
        return Check(
            "assessor",
            "fail",
            f"The {kind} assessor {who} holds no {' or '.join(courses)} certificate on record.",
            {"assessor": who, "internal": assessor["internal"]},
        )
    latest = held[0]
    lapses = add_years(dt.date.fromisoformat(latest["completed_on"]), years)
    evidence = _evidence(latest) | {
        "assessor": who,
        "internal": assessor["internal"],
        "valid_until": lapses.isoformat(),
    }
    if lapses <= as_of:
        return Check(
            "assessor",
            "fail",
            f"The assessor {who} last completed {latest['course_code']} on {latest['completed_on']}; assessor status lasts "
            f"{years} years and lapsed on {lapses}.",
            evidence,
        )
    return Check(
        "assessor",
        "pass",
        f"The {kind} assessor {who} completed {latest['course_code']} on {latest['completed_on']} (valid as assessor until "
        f"{lapses}).",
        evidence,
    )


def check_continuing_education(
    training: Sequence[dict[str, Any]],
    full_time: Sequence[dict[str, Any]],
    as_of: dt.date,
    years: int,
    roster_known: bool,
    certificate: dict[str, Any] | None = None,
) -> Check:
    """An ACSA course by a full-time employee within `years`; for a certificate holder, what keeps it."""
    since = add_years(as_of, -years)
    held = (
        {"certificate_number": certificate["number"], "certificate_valid_until": certificate["valid_until"]}
        if certificate
        else {}
    )
    keeping = f" to keep certificate {certificate['number']}" if certificate else ""
    if not roster_known:
        return Check(
            "continuing_education",
            "unknown",
            f"No roster is on file, so continuing education{f' (needed{keeping})' if keeping else ''} cannot be shown.",
            held,
        )
    recent = sorted(
        (
            c
            for c in training
            if c.get("provider_is_acsa") and since < dt.date.fromisoformat(c["completed_on"]) <= as_of
        ),
        key=lambda c: c["completed_on"],
        reverse=True,
    )
    if recent:
        best = recent[0]
        return Check(
            "continuing_education",
            "pass",
            f"{_worker_name(full_time, best['worker_id'])}, a full-time employee, completed the ACSA course "
            f"{best['course_code']} on {best['completed_on']}, within {years} years{keeping}.",
            _evidence(best) | {"since": since.isoformat()} | held,
        )
    return Check(
        "continuing_education",
        "fail",
        f"No full-time employee completed an ACSA course between {since} and {as_of}; one is needed every {years} "
        f"years{keeping}.",
        {"since": since.isoformat()} | held,
    )


def _worker_name(workers: Sequence[dict[str, Any]], worker_id: str | None) -> str:
    for w in workers:
        if w["id"] == worker_id:
            return f"{w['given_name']} {w['family_name']}"
    return "A worker"


def outcome_of(checks: Sequence[Check]) -> Outcome:
    """cor_required when the headcount fails; eligible only when every check passes (unknown is not a pass)."""
    by_code = {c.code: c for c in checks}
    if by_code["headcount"].status == "fail":
        return "cor_required"
    return "eligible" if all(c.status == "pass" for c in checks) else "not_eligible"
