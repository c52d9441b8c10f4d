"""Submissions: creation (with the program's refusals), packages by upload or link, review, addenda."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
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
    HistoryEntry,
    Review,
    SubmissionCreate,
    SubmissionPublic,
)
from shared.dates import add_months
from shared.ids import new_id, new_ulid
from shared.outbound import OutboundRefused, check_url, resolve_checked
from shared.principal import Principal
from shared.problems import ProblemError


def integrator_of(principal: Principal) -> str | None:
    """The integrator whose view applies (None: staff, who see everything)."""
    return principal.integrator_id if principal.kind == "integrator" else None


def _refuse(detail: str, code: str, pointer: str | None = None, **extra: Any) -> ProblemError:
    errors = [{"pointer": pointer, "detail": detail, "location": "body"}] if pointer else None
    return ProblemError(
        422,
        detail,
        title="Submission Refused",
        type_=f"https://secor.acsa.ca/problems/{code}",
        errors=errors,
        **extra,
    )


async def create(
    conn: AsyncConnection,
    principal: Principal,
    data: SubmissionCreate,
    *,
    eligibility: EligibilityClient,
    instrument: Instrument,
    settings: SubmissionSettings,
    now: dt.datetime,
    request_id: str | None = None,
) -> str:
    """Refused with a reason when the program says no; otherwise awaiting its package."""
    determination = await eligibility.determination(principal, data.employer_id, request_id)
    if determination is None:
        raise ProblemError(
            422,
            f"There is no employer {data.employer_id} (or it is not yours).",
            title="Validation Failed",
            errors=[{"pointer": "/employer_id", "detail": "unknown employer", "location": "body"}],
        )
    if determination.get("outcome") == "cor_required":
        headcount: dict[str, Any] = next(
            (c for c in determination.get("checks", []) if c.get("code") == "headcount"), {}
        )
        raise _refuse(
            "This employer must apply for a COR, not a SECOR: "
            + str(
                headcount.get("reason")
                or "it had more than 10 people covered at the same time in the last 12 months."
            ),
            "cor-required",
            headcount=headcount or None,
        )
    if data.kind == "certification":
        needed = add_months(data.audit_period_start, settings.minimum_certification_months)
        if data.audit_period_end + dt.timedelta(days=1) < needed:
            raise _refuse(
                f"A certification needs at least {settings.minimum_certification_months} months of health and safety "
                f"documentation; this audit period ends before {needed}.",
                "audit-period-too-short",
                "/audit_period_end",
            )
    else:
        certificate = await eligibility.certificate(principal, data.employer_id, request_id)
        if certificate is None or certificate.get("status") in ("expired", "cancelled", "revoked"):
            raise _refuse(
                "A maintenance evaluation maintains a certificate, and this employer has no current SECOR certificate.",
                "no-certificate",
            )
    for score in data.element_scores or []:
        element = instrument.element(score.element)
        if element is None:
            raise _refuse(
                f"{score.element} is not an element of instrument {instrument.version}.",
                "unknown-element",
                "/element_scores",
            )
    submission_id = new_id("sub")
    await repository.insert(
        conn,
        {
            "id": submission_id,
            "employer_id": data.employer_id,
            "kind": data.kind,
            "audit_period_start": data.audit_period_start,
            "audit_period_end": data.audit_period_end,
            "contact_email": data.contact_email,
            "assessor": data.assessor.model_dump(),
            "element_scores": [s.model_dump() for s in data.element_scores] if data.element_scores else None,
            "instrument_version": instrument.version,
            "status": "awaiting_package",
            "created_by": principal.id,
            "creator_integrator": integrator_of(principal),
            "now": now,
        },
    )
    await repository.add_history(
        conn, submission_id, now, "awaiting_package", principal.id, "submission created"
    )
    return submission_id


async def visible(
    conn: AsyncConnection, principal: Principal, submission_id: str, *, for_update: bool = False
) -> Row[Any]:
    row = await repository.get(
        conn, submission_id, integrator=integrator_of(principal), for_update=for_update
    )
    if row is None:
        raise ProblemError(404, f"There is no submission {submission_id}.")
    return row


async def public(conn: AsyncConnection, row: Row[Any]) -> SubmissionPublic:
    history = [
        HistoryEntry.model_validate(h, from_attributes=True) for h in await repository.history(conn, row.id)
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
        audit_period_start=row.audit_period_start,
        audit_period_end=row.audit_period_end,
        contact_email=row.contact_email,
        assessor=row.assessor,
        element_scores=row.element_scores,
        instrument_version=row.instrument_version,
        package=row.package,
        intake_report=row.intake_report,
        qa_analyst=row.qa_analyst,
        qa_score=float(row.qa_score) if row.qa_score is not None else None,
        history=history,
        addenda=addenda,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def package_allowed(row: Row[Any]) -> None:
    """409 unless the submission is waiting for a package (or for a better one after intake returned it)."""
    if row.status not in workflow.NEW_PACKAGE_ALLOWED:
        raise ProblemError(
            409,
            f"A submission that is {row.status} takes no new package"
            + (
                "; answer an information request with an addendum."
                if row.status == "information_requested"
                else "."
            ),
            title="Conflict",
            status_now=row.status,
        )


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
    conn: AsyncConnection, principal: Principal, submission_id: str, package: dict[str, Any], now: dt.datetime
) -> Row[Any]:
    """The package is in storage (or its link is known): start intake, say so, mail the acknowledgement."""
    row = await visible(conn, principal, submission_id, for_update=True)
    package_allowed(row)
    await workflow.transition(
        conn,
        row,
        "validating",
        by=principal.id,
        note="package received"
        if package["source"] == "upload"
        else f"download link received: {package['url']}",
        now=now,
        changes={
            "package": package | {"received_at": now},
            "intake_report": None,
            "intake_lease_until": None,
        },
    )
    if package["source"] == "upload":
        await workflow.announce_received(conn, row, package, now)
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


async def review(
    conn: AsyncConnection,
    principal: Principal,
    submission_id: str,
    data: Review,
    instruments: Instruments,
    now: dt.datetime,
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
    if data.qa_score is not None:
        changes["qa_score"] = data.qa_score
    await workflow.transition(conn, row, target, by=principal.id, note=data.note, now=now, changes=changes)
    return row


def addendum_allowed(row: Row[Any]) -> None:
    """409 unless QA asked for more documentation and is waiting for it."""
    if row.status != "information_requested":
        raise ProblemError(
            409,
            f"An addendum answers an information request; this submission is {row.status}.",
            title="Conflict",
            status_now=row.status,
        )


async def accept_addendum(
    conn: AsyncConnection, principal: Principal, submission_id: str, package: dict[str, Any], now: dt.datetime
) -> AddendumPublic:
    row = await visible(conn, principal, submission_id, for_update=True)
    addendum_allowed(row)
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
