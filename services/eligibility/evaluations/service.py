"""Evaluation readiness: every rule an evaluation must meet on the day it is received, in one answer.

The submission service asks when an evaluation is received and again when QA approves it (the approval judges
the day it was received with what is known by then); integrators may ask before they send one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from services.eligibility.certificates import service as certificates
from services.eligibility.determination.service import determine, keep, named_assessor_check
from services.eligibility.evaluations import rules
from services.eligibility.evaluations.rules import MaintenanceTarget, Refusal
from services.eligibility.evaluations.schemas import ReadinessPublic, ReadinessRequest
from services.eligibility.settings import EligibilitySettings


async def _maintenance(
    conn: AsyncConnection,
    employer_id: str,
    body: ReadinessRequest,
    received_on: dt.date,
    settings: EligibilitySettings,
) -> tuple[Any, MaintenanceTarget | None, Refusal | None]:
    certificate = await certificates.for_maintenance(conn, employer_id, body.certificate_number)
    if (
        certificate is None
        or certificate.employer_id != employer_id
        or certificate.status not in certificates.IN_FORCE
        or certificate.valid_until < received_on
    ):
        state = (
            f"certificate {certificate.number} is {certificate.status}"
            if certificate is not None and certificate.employer_id == employer_id
            else "it holds no SECOR certificate"
        )
        return (
            None,
            None,
            Refusal(
                "no-certificate",
                "A maintenance evaluation maintains a certificate in force, and this employer has none on "
                f"{received_on}: {state}.",
                [{"pointer": "/kind", "detail": state, "location": "body"}],
            ),
        )
    years = await certificates.interim_years(conn, certificate.number)
    outcome = rules.maintenance_target(
        certificate.number,
        certificate.valid_from,
        certificate.valid_until,
        certificate.audit_period_end,
        years,
        received_on,
        settings.maintenance_grace_days,
        year_held=body.maintenance_year,
    )
    if isinstance(outcome, Refusal):
        return certificate, None, outcome
    return certificate, outcome, None


async def readiness(
    conn: AsyncConnection,
    employer_id: str,
    body: ReadinessRequest,
    settings: EligibilitySettings,
    now: dt.datetime,
    *,
    by: str,
) -> ReadinessPublic:
    """Every refusal the program gives this evaluation, with the determination and checks behind them."""
    received_on = body.received_on or settings.program_date(now)
    determination, _ = await determine(conn, employer_id, received_on, settings, now, known_at=now)
    refusals = rules.eligibility_refusals(determination.checks, received_on)
    assessor = await named_assessor_check(conn, employer_id, body.assessor, received_on, settings, now)
    if (refused := rules.assessor_refusal(assessor, received_on)) is not None:
        refusals.append(refused)
    certificate, target = None, None
    if body.kind == "maintenance":
        certificate, target, refused = await _maintenance(conn, employer_id, body, received_on, settings)
        if refused is not None:
            refusals.append(refused)
    refusals += rules.audit_period_refusals(
        body.kind,
        body.audit_period_start,
        body.audit_period_end,
        received_on,
        minimum_months=settings.minimum_documentation_months
        if body.kind == "certification"
        else settings.minimum_maintenance_months,
        previous_end=target.previous_audit_period_end if target else None,
        previous_label=target.previous_label if target else None,
    )
    refusals = rules.ordered(refusals)
    kept_id = None
    if body.keep is not None:
        kept_id = await keep(
            conn, determination, purpose=body.keep, submission_id=body.submission_id, by=by, now=now
        )
    return ReadinessPublic.model_validate(
        {
            "employer_id": employer_id,
            "kind": body.kind,
            "received_on": received_on,
            "ready": not refusals,
            "refusals": [r.as_dict() for r in refusals],
            "determination": determination.as_dict(),
            "determination_id": kept_id,
            "assessor": {
                "code": assessor.code,
                "status": assessor.status,
                "reason": assessor.reason,
                "evidence": assessor.evidence,
            },
            "certificate": None
            if certificate is None
            else {
                "number": certificate.number,
                "status": certificate.status,
                "valid_from": certificate.valid_from,
                "valid_until": certificate.valid_until,
            },
            "maintenance": target.as_dict() if target else None,
        }
    )
