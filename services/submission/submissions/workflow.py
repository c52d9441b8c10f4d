"""The life of a submission: which moves are allowed, and what each one records, announces and mails.

awaiting_package → validating → in_qa | returned_at_intake (→ validating again with a new package)
in_qa → information_requested (→ in_qa when an addendum is accepted) → approved | returned | failed
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from services.submission.submissions import repository
from shared.events import SubmissionApprovalRefused, SubmissionReceived, SubmissionStatusChanged
from shared.outbox import Event, Mail, enqueue_mail, publish
from shared.problems import ProblemError

SOURCE = "submission"
TERMINAL = frozenset({"approved", "returned", "failed"})

# (status now, review action) → status after
REVIEWS: dict[tuple[str, str], str] = {
    ("in_qa", "assign"): "in_qa",
    ("information_requested", "assign"): "information_requested",
    ("in_qa", "request_information"): "information_requested",
    ("in_qa", "approve"): "approved",
    ("in_qa", "return"): "returned",
    ("information_requested", "return"): "returned",
    ("in_qa", "fail"): "failed",
    ("information_requested", "fail"): "failed",
    # Staff close an evaluation whose package never came (or never came right), so it holds nothing.
    ("awaiting_package", "return"): "returned",
    ("returned_at_intake", "return"): "returned",
}

NEW_PACKAGE_ALLOWED = frozenset({"awaiting_package", "returned_at_intake"})


def review_target(status: str, action: str) -> str:
    target = REVIEWS.get((status, action))
    if target is None:
        allowed = sorted({a for (s, a) in REVIEWS if s == status})
        raise ProblemError(
            409,
            f"A submission that is {status} cannot be given '{action}'"
            + (f"; allowed now: {', '.join(allowed)}." if allowed else "; it takes no review actions now."),
            title="Conflict",
            status_now=status,
        )
    return target


def _mail_for(
    submission: Row[Any], status: str, note: str | None, report: dict[str, Any] | None
) -> Mail | None:
    ref = f"SECOR {submission.kind} evaluation {submission.id}"
    if status == "validating":
        return Mail(
            submission.contact_email,
            f"We received your {ref}",
            f"Thank you: the package for your {ref} was received and is being checked. You will hear from us "
            "when it has passed the intake checks or if something needs fixing.\n",
        )
    if status == "returned_at_intake":
        lines = [
            f"- [{f['severity']}] {f.get('path') or 'package'}: {f['message']}"
            for f in (report or {}).get("findings", [])
        ]
        return Mail(
            submission.contact_email,
            f"Your {ref} needs changes before QA review",
            "Your package could not be accepted for QA review yet. Please fix the following and upload the package "
            "again:\n\n" + "\n".join(lines) + "\n",
        )
    if status == "in_qa":
        return Mail(
            submission.contact_email,
            f"Your {ref} is in QA review",
            "Your package passed the intake checks and is now with ACSA's quality assurance team.\n",
        )
    if status == "information_requested":
        return Mail(
            submission.contact_email,
            f"More documentation is needed for your {ref}",
            f"The QA analyst asks for more documentation:\n\n{note}\n\nSend it as a zipped addendum.\n",
        )
    if status in TERMINAL:
        word = {"approved": "approved", "returned": "returned", "failed": "not passed"}[status]
        return Mail(
            submission.contact_email, f"Your {ref} was {word}", f"Decision: {word}.\n\n{note or ''}\n"
        )
    return None


async def transition(
    conn: AsyncConnection,
    submission: Row[Any],
    new_status: str,
    *,
    by: str,
    note: str | None,
    now: dt.datetime,
    changes: dict[str, Any] | None = None,
    report: dict[str, Any] | None = None,
    decided_on: dt.date | None = None,
) -> None:
    """Move a submission: the row, its history, the event and the mail, in the caller's transaction.

    `decided_on`, the program's day of an approval, is what the certificate is valid from."""
    if new_status == "approved" and decided_on is None:
        raise ValueError("an approval needs the day it was decided on")
    changes = changes or {}
    if new_status != submission.status:
        changes = {"approval_refused": None} | changes  # a refusal stands only while nothing has moved since
    await repository.update(conn, submission.id, {"status": new_status, **changes}, now)
    await repository.add_history(conn, submission.id, now, new_status, by, note)
    data: dict[str, Any] = {
        "submission_id": submission.id,
        "employer_id": submission.employer_id,
        "kind": submission.kind,
        "old_status": submission.status,
        "new_status": new_status,
        "note": note,
        "at": now,
        "received_on": changes.get("received_on", submission.received_on),
    }
    if submission.kind == "maintenance":
        # Which year it holds: a maintenance received in time keeps its certificate while in intake or QA.
        data |= {
            "certificate_number": submission.certificate_number,
            "maintenance_year": submission.maintenance_year,
        }
    if new_status == "validating":
        # What it was judged on when received: recorded now, so the eligibility service keeps it.
        data["determination_id"] = changes.get("determination_id")
    if new_status in TERMINAL:
        data["decided_by"] = by
    if new_status == "approved":
        # What a certificate needs, so the eligibility service can issue it from the event alone.
        data |= {
            "audit_period_start": submission.audit_period_start,
            "audit_period_end": submission.audit_period_end,
            "decision_date": decided_on,
            "qa_score": changes.get("qa_score"),
            "determination_id": changes.get("approval_determination_id"),
        }
    await publish(
        conn,
        SOURCE,
        [
            Event(
                SubmissionStatusChanged(**data),
                employer_id=submission.employer_id,
                ordering_key=f"submission:{submission.id}",
            )
        ],
    )
    mail = _mail_for(submission, new_status, note, report)
    if mail is not None:
        await enqueue_mail(conn, SOURCE, [mail])


async def announce_received(
    conn: AsyncConnection, submission: Row[Any], package: dict[str, Any], now: dt.datetime
) -> None:
    await publish(
        conn,
        SOURCE,
        [
            Event(
                SubmissionReceived(
                    submission_id=submission.id,
                    employer_id=submission.employer_id,
                    kind=submission.kind,
                    source=package["source"],
                    bytes=package.get("bytes"),
                    received_at=now,
                ),
                employer_id=submission.employer_id,
                ordering_key=f"submission:{submission.id}",
            )
        ],
    )


async def announce_refusal(
    conn: AsyncConnection,
    submission: Row[Any],
    determination_id: str | None,
    refusals: list[dict[str, str]],
    by: str,
    now: dt.datetime,
) -> None:
    """An approval the program's rules refused: staff and subscribers hear it, and the eligibility service stops
    counting a refused maintenance as holding its year."""
    await publish(
        conn,
        SOURCE,
        [
            Event(
                SubmissionApprovalRefused(
                    submission_id=submission.id,
                    employer_id=submission.employer_id,
                    kind=submission.kind,
                    status=submission.status,
                    certificate_number=submission.certificate_number,
                    maintenance_year=submission.maintenance_year,
                    received_on=submission.received_on,
                    determination_id=determination_id,
                    refusals=refusals,
                    refused_by=by,
                    at=now,
                ),
                employer_id=submission.employer_id,
                ordering_key=f"submission:{submission.id}",
            )
        ],
    )
