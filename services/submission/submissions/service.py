"""Submissions: creation (with the program's refusals), packages by upload or link, review, addenda."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import AsyncIterator, Callable
from typing import Any

from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from services.submission.eligibility import EligibilityClient
from services.submission.instruments.model import Instrument, Instruments
from services.submission.links import direct_download_url, link_policy
from services.submission.offload import batched
from services.submission.packages.archive import ArchiveLimits, stream_scan
from services.submission.packages.stream import StreamScan, scanned
from services.submission.settings import SubmissionSettings
from services.submission.storage import PackageStorage, TooLarge
from services.submission.submissions import repository, workflow
from services.submission.submissions.schemas import (
    AddendumPublic,
    Review,
    SubmissionCreate,
    SubmissionHistoryEntry,
    SubmissionPublic,
    TriageAccept,
)
from shared.ids import new_id, new_ulid
from shared.outbound import OutboundRefused, check_url, resolve_checked
from shared.outbox import Mail, enqueue_mail
from shared.principal import Principal, integrator_view
from shared.problems import PROBLEM_BASE, ProblemError

SUBMISSION_REFUSED = "Submission Refused"
APPROVAL_REFUSED = "Approval Refused"


def _refusal_problem(refusals: list[dict[str, Any]], title: str) -> dict[str, Any]:
    """ProblemError's arguments for the program's answer: the weightiest refusal's type and detail, every
    refusal listed."""
    first = refusals[0]
    extra = {k: v for k, v in first.items() if k not in ("type", "detail", "errors")}
    return {
        "detail": first["detail"],
        "title": title,
        "type_": PROBLEM_BASE + first["type"],
        "errors": first.get("errors") or None,
        "refusals": refusals,
        **extra,
    }


def refused(status: int, refusals: list[dict[str, Any]]) -> ProblemError:
    return ProblemError(status, **_refusal_problem(refusals, SUBMISSION_REFUSED))


def readiness_request(
    data: SubmissionCreate | Row[Any], received_on: dt.date | None, **held: Any
) -> dict[str, Any]:
    """What the eligibility service judges an evaluation by."""
    assessor = data.assessor if isinstance(data.assessor, dict) else data.assessor.model_dump()
    return {
        "kind": data.kind,
        "received_on": received_on,
        "audit_period_start": data.audit_period_start,
        "audit_period_end": data.audit_period_end,
        "assessor": {
            k: assessor.get(k) for k in ("given_name", "family_name", "email", "learner_id", "internal")
        },
        **{k: v for k, v in held.items() if v is not None},
    }


async def _judge_new(
    conn: AsyncConnection,
    principal: Principal,
    data: SubmissionCreate,
    *,
    eligibility: EligibilityClient,
    instrument: Instrument,
    request_id: str | None,
    received_on: dt.date | None = None,
    **held: Any,
) -> dict[str, Any]:
    """Every check a new evaluation meets, refused with the program's reason if one fails: the scores fit the
    instrument, the employer exists for the caller, the program allows the evaluation (on `received_on`,
    default today), and a maintenance's year is free (then taken until commit). The program's answer."""
    errors = instrument.scoring_errors(data.element_scores)
    if errors:
        raise ProblemError(
            422,
            f"The evaluation's scores do not fit instrument {instrument.version}: {errors[0]['detail']}"
            + (f" (and {len(errors) - 1} more)." if len(errors) > 1 else "."),
            title="Validation Failed",
            errors=errors,
        )
    # One evaluation at a time per employer here, so two cannot both find a maintenance year free.
    await repository.lock_employer(conn, data.employer_id)
    readiness = await eligibility.readiness(
        principal, data.employer_id, readiness_request(data, received_on, **held), request_id
    )
    if readiness is None:
        raise ProblemError(
            422,
            f"There is no employer {data.employer_id} (or it is not yours).",
            title="Validation Failed",
            errors=[{"pointer": "/employer_id", "detail": "unknown employer", "location": "body"}],
        )
    if readiness["refusals"]:
        raise refused(422, readiness["refusals"])
    if data.kind == "maintenance":
        await lock_year(
            conn,
            data.employer_id,
            readiness["certificate"]["number"],
            readiness["maintenance"]["year"],
            locked=True,
        )
    return readiness


def _confirmed(data: SubmissionCreate, readiness: dict[str, Any], instrument: Instrument) -> dict[str, Any]:
    """The submission's fields from what was sent and what the program answered (a maintenance's year)."""
    fields: dict[str, Any] = {
        "employer_id": data.employer_id,
        "kind": data.kind,
        "audit_period_start": data.audit_period_start,
        "audit_period_end": data.audit_period_end,
        "contact_email": data.contact_email,
        "assessor": data.assessor.model_dump(),
        "element_scores": [s.model_dump() for s in data.element_scores],
        "instrument_version": instrument.version,
        "certificate_number": None,
        "maintenance_year": None,
        "receive_by": None,
    }
    if data.kind == "maintenance":
        fields |= {
            "certificate_number": readiness["certificate"]["number"],
            "maintenance_year": readiness["maintenance"]["year"],
            "receive_by": dt.date.fromisoformat(readiness["maintenance"]["receive_by"]),
        }
    return fields


def _created_note(fields: dict[str, Any], what: str) -> str:
    if fields["kind"] != "maintenance":
        return what
    return (
        f"{what}: maintains year {fields['maintenance_year']} of certificate {fields['certificate_number']}; its "
        f"package is due by {fields['receive_by']}"
    )


async def create(
    conn: AsyncConnection,
    principal: Principal,
    data: SubmissionCreate,
    *,
    eligibility: EligibilityClient,
    instrument: Instrument,
    now: dt.datetime,
    request_id: str | None = None,
) -> str:
    """Refused with a reason when the program says no; otherwise awaiting its package."""
    readiness = await _judge_new(
        conn, principal, data, eligibility=eligibility, instrument=instrument, request_id=request_id
    )
    fields = _confirmed(data, readiness, instrument)
    submission_id = new_id("sub")
    await repository.insert(
        conn,
        fields
        | {
            "id": submission_id,
            "status": "awaiting_package",
            "created_by": principal.id,
            "creator_integrator": integrator_view(principal),
            "now": now,
        },
    )
    await repository.add_history(
        conn,
        submission_id,
        now,
        "awaiting_package",
        principal.id,
        _created_note(fields, "submission created"),
    )
    return submission_id


def _only_when(row: Row[Any], status: str, what: str) -> None:
    """409, saying what may be done when, unless the submission is in `status`."""
    if row.status != status:
        raise ProblemError(
            409, f"{what}; this submission is {row.status}.", title="Conflict", status_now=row.status
        )


def awaiting_triage(row: Row[Any]) -> None:
    """409 unless the submission is a mailed evaluation staff have not triaged yet."""
    _only_when(row, "awaiting_triage", "Only a mailed evaluation awaiting triage can be triaged")


async def triage(
    conn: AsyncConnection,
    principal: Principal,
    submission_id: str,
    data: TriageAccept,
    *,
    eligibility: EligibilityClient,
    instrument: Instrument,
    now: dt.datetime,
    received_on: Callable[[dt.datetime], dt.date],
    request_id: str | None = None,
) -> Row[Any]:
    """Staff confirm a mailed evaluation: every check of a new submission, judged on the day the mail came
    (that is when the evaluation was received), then intake takes the mailed package as it would an upload."""
    row = await visible(conn, principal, submission_id, for_update=True)
    awaiting_triage(row)
    mailed_at = dt.datetime.fromisoformat(str(row.mail["received_at"]))
    day = received_on(mailed_at)
    readiness = await _judge_new(
        conn,
        principal,
        data,
        eligibility=eligibility,
        instrument=instrument,
        request_id=request_id,
        received_on=day,
        keep="receipt",
        submission_id=row.id,
    )
    fields = _confirmed(data, readiness, instrument)
    await repository.update(conn, row.id, fields, now)
    await repository.add_history(
        conn,
        row.id,
        now,
        "awaiting_triage",
        principal.id,
        _created_note(fields, "triaged: " + (data.note or f"the evaluation of employer {data.employer_id}")),
    )
    await accept_package(
        conn,
        principal,
        row.id,
        dict(row.package),
        now,
        day,
        {"determination_id": readiness["determination_id"]},
        statuses=frozenset({"awaiting_triage"}),
        received_at=mailed_at,
    )
    return await visible(conn, principal, submission_id)


async def discard(
    conn: AsyncConnection, principal: Principal, submission_id: str, note: str, now: dt.datetime
) -> Row[Any]:
    """Mail that is not an evaluation: closed, kept, and announced to no one (nothing in it was confirmed)."""
    row = await visible(conn, principal, submission_id, for_update=True)
    awaiting_triage(row)
    await repository.update(conn, row.id, {"status": "discarded"}, now)
    await repository.add_history(conn, row.id, now, "discarded", principal.id, note)
    return await visible(conn, principal, submission_id)


async def lock_year(
    conn: AsyncConnection, employer_id: str, certificate_number: str, year: int, *, locked: bool = False
) -> None:
    """One evaluation at a time for a certificate year: 422 `maintenance-year-taken` when another is in
    progress. Submissions for the employer are taken one at a time from here to commit."""
    if not locked:
        await repository.lock_employer(conn, employer_id)
    taken = await repository.open_maintenance(conn, certificate_number, year)
    if taken is not None:
        raise refused(
            422,
            [
                {
                    "type": "maintenance-year-taken",
                    "detail": f"Year {year} of certificate {certificate_number} already has an evaluation in "
                    f"progress ({taken.id}, {taken.status}); send its package there, or wait for its decision.",
                    "errors": [
                        {"pointer": "/kind", "detail": f"{taken.id} holds the year", "location": "body"}
                    ],
                    "submission_id": taken.id,
                }
            ],
        )


async def visible(
    conn: AsyncConnection, principal: Principal, submission_id: str, *, for_update: bool = False
) -> Row[Any]:
    row = await repository.get(
        conn, submission_id, integrator=integrator_view(principal), for_update=for_update
    )
    if row is None:
        raise ProblemError(404, f"There is no submission {submission_id}.")
    return row


async def public(conn: AsyncConnection, row: Row[Any]) -> SubmissionPublic:
    history = [
        SubmissionHistoryEntry.model_validate(h, from_attributes=True)
        for h in await repository.history(conn, row.id)
    ]
    addenda = [
        AddendumPublic(
            id=a.id,
            status=a.status,
            received_at=a.received_at,
            package=a.package,
            intake_report=a.intake_report,
        )
        for a in await repository.addenda(conn, row.id)
    ]
    return SubmissionPublic(
        id=row.id,
        employer_id=row.employer_id,
        kind=row.kind,
        status=row.status,
        channel=row.channel,
        mail=row.mail,
        audit_period_start=row.audit_period_start,
        audit_period_end=row.audit_period_end,
        contact_email=row.contact_email,
        assessor=row.assessor,
        element_scores=row.element_scores,
        instrument_version=row.instrument_version,
        received_on=row.received_on,
        certificate_number=row.certificate_number,
        maintenance_year=row.maintenance_year,
        receive_by=row.receive_by,
        determination_id=row.determination_id,
        approval_determination_id=row.approval_determination_id,
        approval_refused=row.approval_refused,
        package=row.package,
        intake_report=row.intake_report,
        qa_analyst=row.qa_analyst,
        qa_score=float(row.qa_score) if row.qa_score is not None else None,
        history=history,
        addenda=addenda,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def package_allowed(row: Row[Any], statuses: frozenset[str] = workflow.NEW_PACKAGE_ALLOWED) -> None:
    """409 unless the submission is waiting for a package (or for a better one after intake returned it)."""
    if row.status not in statuses:
        hints = {
            "information_requested": "; answer an information request with an addendum.",
            "awaiting_triage": "; it came by e-mail with its package, and waits for staff to triage it.",
        }
        raise ProblemError(
            409,
            f"A submission that is {row.status} takes no new package" + hints.get(row.status, "."),
            title="Conflict",
            status_now=row.status,
        )


async def _readiness_on(
    row: Row[Any],
    day: dt.date,
    principal: Principal,
    eligibility: EligibilityClient,
    request_id: str | None,
    *,
    keep: str,
) -> dict[str, Any]:
    """The program's answer on this submission's evaluation, received on `day`, with what is known now; the
    determination behind it is kept (`keep` says for what), and the answer carries its id."""
    readiness = await eligibility.readiness(
        principal,
        row.employer_id,
        readiness_request(
            row,
            day,
            certificate_number=row.certificate_number,
            maintenance_year=row.maintenance_year,
            keep=keep,
            submission_id=row.id,
        ),
        request_id,
    )
    if readiness is None:
        raise ProblemError(404, f"There is no employer {row.employer_id} (or it is not yours).")
    return readiness


async def judge_receipt(
    row: Row[Any],
    principal: Principal,
    eligibility: EligibilityClient,
    today: dt.date,
    request_id: str | None,
) -> dict[str, Any]:
    """The day its package arrives is the day the evaluation is received: every rule again, as of that day (the
    employer still eligible, a maintenance still within its year), 422 with the program's reason if not.

    Returns what `accept_package` keeps of it: the determination it was judged on, and the year a maintenance
    recorded before years were kept maintains."""
    readiness = await _readiness_on(row, today, principal, eligibility, request_id, keep="receipt")
    if readiness["refusals"]:
        raise refused(422, readiness["refusals"])
    receipt: dict[str, Any] = {"determination_id": readiness["determination_id"]}
    if row.kind == "maintenance" and row.certificate_number is None:
        receipt |= {
            "certificate_number": readiness["certificate"]["number"],
            "maintenance_year": readiness["maintenance"]["year"],
            "receive_by": dt.date.fromisoformat(readiness["maintenance"]["receive_by"]),
        }
    return receipt


async def store_upload(
    storage: PackageStorage,
    submission_id: str,
    chunks: AsyncIterator[bytes],
    *,
    max_bytes: int,
    name: str,
    limits: ArchiveLimits,
) -> tuple[dict[str, Any], StreamScan]:
    """Stream the body into storage, hashing it and reading the zip as it goes; 413 and nothing kept when it
    is too large."""
    key = f"{submission_id}/{name}-{new_ulid()}.zip"
    scan = stream_scan(limits)
    try:
        stored = await storage.save(key, scanned(batched(chunks), scan), max_bytes)
    except TooLarge as exc:
        raise ProblemError(
            413,
            f"The package is larger than {exc.limit} bytes, the most accepted. Send only what is asked for, or a "
            "download link.",
            title="Content Too Large",
            limit_bytes=exc.limit,
        ) from exc
    return {"source": "upload", "key": stored.key, "bytes": stored.bytes, "sha256": stored.sha256}, scan


async def accept_package(
    conn: AsyncConnection,
    principal: Principal,
    submission_id: str,
    package: dict[str, Any],
    now: dt.datetime,
    today: dt.date,
    receipt: dict[str, Any] | None = None,
    *,
    statuses: frozenset[str] = workflow.NEW_PACKAGE_ALLOWED,
    received_at: dt.datetime | None = None,
) -> Row[Any]:
    """The package is in storage (or its link is known): start intake, say so, mail the acknowledgement.

    `receipt` (from `judge_receipt`) is what it was judged on when received, and the maintenance year an older
    submission takes now. `today` is the day the evaluation is received, `received_at` when its package came
    (default `now`): a mailed one came before it was triaged."""
    row = await visible(conn, principal, submission_id, for_update=True)
    package_allowed(row, statuses)
    receipt = dict(receipt or {})
    determination_id = receipt.pop("determination_id", None)
    if "maintenance_year" in receipt and row.certificate_number is None:
        await lock_year(conn, row.employer_id, receipt["certificate_number"], receipt["maintenance_year"])
        await repository.update(conn, row.id, receipt, now)
        row = await visible(conn, principal, submission_id, for_update=True)
    # Kept beside every package received before it; the submission names the one in hand.
    package = {"id": new_id("pkg")} | package | {"received_at": received_at or now}
    await repository.add_package(
        conn,
        {
            "id": package["id"],
            "submission_id": row.id,
            "package": package,
            "received_by": principal.id if row.channel == "api" else "mail-intake",
            "received_at": package["received_at"],
        },
    )
    await workflow.transition(
        conn,
        row,
        "validating",
        by=principal.id,
        note={"upload": "package received", "email": "mailed package taken to intake"}.get(
            package["source"], f"download link received: {package.get('url')}"
        ),
        now=now,
        changes={
            "package": package,
            "received_on": today,
            "determination_id": determination_id,
            "intake_report": None,
            "intake_lease_until": None,
        },
    )
    if "key" in package:  # a link's package is announced once it is downloaded
        await workflow.announce_received(conn, row, package, package["received_at"])
    return row


async def check_link(url: str, settings: SubmissionSettings) -> str:
    """The direct-download form of a share link, refused now if it can be seen to lead somewhere not allowed."""
    direct = direct_download_url(url)
    policy = link_policy(settings)
    try:
        host, port = check_url(direct, policy)
        await resolve_checked(host, port, policy)
    except OutboundRefused as exc:
        raise ProblemError(
            422,
            f"This link cannot be used to fetch the package: {exc}.",
            title="Validation Failed",
            errors=[{"pointer": "/url", "detail": str(exc), "location": "body"}],
        ) from exc
    return direct


class ApprovalRefused(ProblemError):
    """QA approved, but the program no longer allows it: what to record, and the 409 to answer."""

    def __init__(
        self, submission_id: str, refusals: list[dict[str, Any]], determination_id: str | None
    ) -> None:
        super().__init__(
            409, **_refusal_problem(refusals, APPROVAL_REFUSED), determination_id=determination_id
        )
        self.submission_id = submission_id
        self.refusals = refusals
        self.determination_id = determination_id


async def judge_again(
    row: Row[Any],
    principal: Principal,
    eligibility: EligibilityClient,
    today: dt.date,
    request_id: str | None,
) -> str:
    """An approval re-applies the program's rules to the day the evaluation was received, with what is known
    now (a fact corrected since counts): ApprovalRefused if it no longer passes. Returns the determination
    it was approved on (kept)."""
    # Every submission QA can approve has had a package; `today` only stands in for a record without the day.
    received_on = row.received_on or today
    readiness = await _readiness_on(row, received_on, principal, eligibility, request_id, keep="approval")
    if readiness["refusals"]:
        raise ApprovalRefused(row.id, readiness["refusals"], readiness["determination_id"])
    kept: str = readiness["determination_id"]
    return kept


async def record_refusal(
    conn: AsyncConnection, principal: Principal, refusal: ApprovalRefused, now: dt.datetime
) -> None:
    """A refused approval leaves the submission where it was, with the refusal in its history and the
    employer told what to put right."""
    row = await visible(conn, principal, refusal.submission_id, for_update=True)
    reasons = "; ".join(r["detail"] for r in refusal.refusals)
    judged_on = f" (determination {refusal.determination_id})" if refusal.determination_id else ""
    await repository.add_history(
        conn, row.id, now, row.status, principal.id, f"approval refused{judged_on}: {reasons}"
    )
    refusals = [{"type": r["type"], "detail": r["detail"]} for r in refusal.refusals]
    await repository.update(
        conn,
        row.id,
        {
            "approval_refused": {
                "at": now,
                "by": principal.id,
                "determination_id": refusal.determination_id,
                "refusals": refusals,
            }
        },
        now,
    )
    await workflow.announce_refusal(conn, row, refusal.determination_id, refusals, principal.id, now)
    await enqueue_mail(
        conn,
        workflow.SOURCE,
        [
            Mail(
                row.contact_email,
                f"Your SECOR {row.kind} evaluation {row.id} cannot be approved yet",
                "QA reviewed your evaluation, but it cannot be approved while the program's rules are not met:\n\n"
                + "\n".join(f"- {r['detail']}" for r in refusal.refusals)
                + "\n\nPut these right and let us know; the evaluation stays in review until then.\n",
                dedupe_key=f"approval-refused:{row.id}:{hashlib.sha256(reasons.encode()).hexdigest()[:16]}",
            )
        ],
    )


async def review(
    conn: AsyncConnection,
    principal: Principal,
    submission_id: str,
    data: Review,
    instruments: Instruments,
    now: dt.datetime,
    *,
    today: dt.date,
    eligibility: EligibilityClient,
    request_id: str | None = None,
) -> Row[Any]:
    row = await visible(conn, principal, submission_id, for_update=True)
    target = workflow.review_target(row.status, data.action)
    # Judged by the instrument the evaluation was made with, even if a newer one is current now.
    instrument = instruments.by_version.get(row.instrument_version, instruments.current)
    changes: dict[str, Any] = {}
    if data.action == "assign":
        changes["qa_analyst"] = principal.id
    if data.action == "approve":
        needed = instrument.pass_rules.qa_percent
        if data.qa_score is None:
            raise ProblemError(
                422,
                "An approval needs the QA score (qa_score).",
                title="Validation Failed",
                errors=[{"pointer": "/qa_score", "detail": "required to approve", "location": "body"}],
            )
        if data.qa_score < needed:
            raise ProblemError(
                422,
                f"A QA score of {data.qa_score:g}% does not pass; {needed:g}% is needed. Return or fail the evaluation instead.",
                title="Validation Failed",
                errors=[{"pointer": "/qa_score", "detail": f"below {needed:g}", "location": "body"}],
            )
        changes["approval_determination_id"] = await judge_again(
            row, principal, eligibility, today, request_id
        )
    if data.qa_score is not None:
        changes["qa_score"] = data.qa_score
    await workflow.transition(
        conn, row, target, by=principal.id, note=data.note, now=now, changes=changes, decided_on=today
    )
    return row


async def addendum_allowed(row: Row[Any], _at: dt.datetime) -> None:
    """409 unless QA asked for more documentation and is waiting for it."""
    _only_when(row, "information_requested", "An addendum answers an information request")


async def accept_addendum(
    conn: AsyncConnection,
    principal: Principal,
    submission_id: str,
    package: dict[str, Any],
    now: dt.datetime,
    _today: dt.date,
) -> AddendumPublic:
    row = await visible(conn, principal, submission_id, for_update=True)
    await addendum_allowed(row, now)
    addendum_id = new_id("add")
    await repository.add_addendum(
        conn,
        {
            "id": addendum_id,
            "submission_id": submission_id,
            "package": package | {"received_at": now},
            "received_by": principal.id,
            "received_at": now,
        },
    )
    await repository.add_history(
        conn, submission_id, now, row.status, principal.id, f"addendum {addendum_id} received"
    )
    return AddendumPublic(
        id=addendum_id, status="validating", received_at=now, package=package, intake_report=None
    )
