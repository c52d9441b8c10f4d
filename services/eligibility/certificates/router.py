"""`/v1/certificates` and `/v1/employers/{id}/certificate`: certificates for staff and integrators, public
verification for anyone, and staff's revocation, suspension and reinstatement."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response, StreamingResponse
from pydantic import ValidationError

from services.eligibility.certificates import imports, repository, service
from services.eligibility.certificates.numbers import normalize
from services.eligibility.certificates.schemas import (
    IMPORT_MAX_ITEMS,
    CertificateImport,
    CertificatePublic,
    ImportRequest,
    ImportResult,
    StatusChange,
    VerificationKey,
    VerificationPublic,
)
from services.eligibility.certificates.verification import VerificationCache
from services.eligibility.employers.service import visible as visible_employer
from services.eligibility.settings import EligibilitySettings, Settings
from shared.csvimport import CsvRow, import_csv
from shared.db import Session
from shared.dependencies import AppClock, settings_of
from shared.events import CertificateStatus
from shared.openapi import BINARY, media_type
from shared.pagination import Page, Pagination, cursor_after_str, page_of
from shared.principal import Principal, current_principal, require
from shared.problems import ProblemError, problem_responses
from shared.validation import Day

router = APIRouter(tags=["Certificates"])

Reader = Annotated[Principal, Depends(require("certificates:read"))]
StaffReader = Annotated[Principal, Depends(require("certificates:read", kinds=("staff", "service")))]
Manager = Annotated[Principal, Depends(require("certificates:manage"))]
Anyone = Annotated[Principal, Depends(current_principal)]
Number = Annotated[str, Path(max_length=64, description="e.g. SECOR-2026-000123-4")]
EmployerId = Annotated[str, Path(max_length=64)]


def public_cache_control(settings: EligibilitySettings) -> str:
    """Public answers may be kept and handed out again (by the gateway, or anyone) this long."""
    seconds = int(settings.verification_cache_seconds)
    return f"public, max-age={seconds}" if seconds else "no-store"


def _public_cache(request: Request) -> dict[str, str]:
    return {"cache-control": public_cache_control(settings_of(request))}


def _no_such(headers: dict[str, str] | None = None) -> ProblemError:
    # The same answer for a number never issued and for one that cannot be a number: nothing to learn from it.
    return ProblemError(404, "No certificate has this number.", title="Not Found", headers=headers)


@router.get(
    "/v1/certificates/verification-key",
    response_model=VerificationKey,
    summary="The public key that verification answers are signed with (public)",
)
async def get_verification_key(request: Request, response: Response, _: Anyone) -> VerificationKey:
    """The Ed25519 public key that signs verification answers, so anyone can check an answer offline."""
    cache: VerificationCache = request.app.state.verification
    response.headers.update(_public_cache(request))
    return VerificationKey.model_validate(cache.signer.public_key())


@router.get(
    "/v1/certificates/{number}/verification",
    response_model=VerificationPublic,
    summary="Verify a certificate from its number (public, signed)",
    description="No API key needed; rate-limited per client address. The answer is signed with Ed25519 over "
    "its canonical JSON without `signature` (keys sorted, no whitespace, UTF-8); check it against "
    "GET /v1/certificates/verification-key. A number that does not exist is 404, like one that cannot exist.",
    responses=problem_responses(404, 429),
)
async def verify_certificate(clock: AppClock, number: Number, request: Request, _: Anyone) -> Response:
    canonical = normalize(number)
    if canonical is None:
        raise _no_such(_public_cache(request))
    cache: VerificationCache = request.app.state.verification
    body = await cache.answer(canonical, clock.now())
    if body is None:
        raise _no_such(_public_cache(request))
    return Response(body, media_type="application/json", headers=_public_cache(request))


@router.get("/v1/certificates", response_model=Page[CertificatePublic], summary="List certificates (staff)")
async def list_certificates(
    session: Session,
    page: Pagination,
    _: StaffReader,
    status: CertificateStatus | None = None,
    expiring_before: Annotated[
        Day | None, Query(description="In force and valid until before this date")
    ] = None,
    employer_id: Annotated[str | None, Query(max_length=64)] = None,
) -> Page[CertificatePublic]:
    """Certificates, newest first, filtered by employer or status."""
    conn = await session.connection()
    rows = await repository.list_page(
        conn,
        status=status,
        expiring_before=expiring_before,
        employer_id=employer_id,
        after=cursor_after_str(page),
        limit=page.limit,
    )
    return page_of(await service.public(conn, rows), page.limit, key=lambda c: c.number)


@router.get(
    "/v1/certificates/{number}",
    response_model=CertificatePublic,
    summary="One certificate, its maintenance years and reminders",
    responses=problem_responses(404),
)
async def get_certificate(number: Number, session: Session, principal: Reader) -> CertificatePublic:
    """One certificate with its maintenance years, reminders and every decision about it. An integrator reads
    only its employers' certificates.
    """
    conn = await session.connection()
    canonical = normalize(number)
    row = await repository.get(conn, canonical) if canonical else None
    if row is None:
        raise _no_such()
    if principal.kind == "integrator":
        # An integrator sees the certificates of employers it may see, and nothing says the others exist.
        try:
            await visible_employer(conn, principal, row.employer_id)
        except ProblemError as exc:
            raise _no_such() from exc
    [public] = await service.public(conn, [row])
    return public


@router.get(
    "/v1/employers/{employer_id}/certificate",
    response_model=CertificatePublic,
    summary="The employer's certificate in force (404 if none)",
    responses=problem_responses(404),
)
async def get_employer_certificate(
    employer_id: EmployerId, session: Session, principal: Reader
) -> CertificatePublic:
    """The certificate in force for the employer, with its maintenance years; 404 if it holds none."""
    conn = await session.connection()
    await visible_employer(conn, principal, employer_id)
    row = await repository.current_for_employer(conn, employer_id)
    if row is None:
        raise ProblemError(404, f"Employer {employer_id} holds no SECOR certificate in force.")
    [public] = await service.public(conn, [row])
    return public


CSV_COLUMNS = (
    "number",
    "employer_id",
    "wcb_account_number",
    "valid_from",
    "valid_until",
    "documentation_months",
    "maintained_years",
    "status",
    "audit_period_start",
    "audit_period_end",
)
CSV_REQUIRED = ("number", "valid_from", "valid_until", "documentation_months")
_YEAR_SEPARATORS = re.compile(r"[\s,;|]+")


def _csv_item(values: dict[str, str]) -> dict[str, Any]:
    item: dict[str, Any] = dict(values)
    if "maintained_years" in item:
        item["maintained_years"] = [
            int(y) if y.isdecimal() else y for y in _YEAR_SEPARATORS.split(item["maintained_years"]) if y
        ]
    return item


async def _capped_body(request: Request, limit: int) -> bytes:
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise ProblemError(
                413,
                f"A JSON import is at most {limit} bytes; send more as text/csv.",
                title="Content Too Large",
                limit_bytes=limit,
            )
    return bytes(body)


@router.post(
    "/v1/certificates/import",
    response_model=ImportResult,
    summary="Import existing certificates (staff admin)",
    description=f"ACSA's current holders, brought in with their numbers: JSON `{{items: [...]}}` (up to "
    f"{IMPORT_MAX_ITEMS}) or `text/csv` (or `application/octet-stream`) of any size (columns: "
    f"{', '.join(CSV_COLUMNS)}; `maintained_years` like `2;3`). Each is checked like an issued certificate (validity from its documentation months, interim years "
    "maintained in order and only once their year has opened, a status its dates allow, one certificate in force "
    "per employer) and answered on its own: `created`, `duplicate` (the same certificate again) or `rejected` "
    "with a problem. Imported certificates verify, remind, need maintenance and are cancelled like issued ones.",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "required": ["items"],
                        "properties": {
                            "items": {
                                "type": "array",
                                "maxItems": IMPORT_MAX_ITEMS,
                                "items": CertificateImport.model_json_schema(),
                            }
                        },
                    }
                },
                BINARY: {"schema": {"type": "string", "format": "binary"}},
            },
        }
    },
    responses=problem_responses(413, 415, 422),
)
async def import_certificates(
    clock: AppClock,
    settings: Settings,
    request: Request,
    principal: Manager,
    content_type: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Response:
    media = media_type(content_type)
    if media in ("text/csv", BINARY):

        async def record_rows(rows: list[CsvRow]) -> list[tuple[str, bytes]]:
            def pointer_for(i: int) -> str:
                return f"/rows/{rows[i].index}"

            readable = [i for i, r in enumerate(rows) if r.values is not None]
            outcomes: dict[int, imports.ImportOutcome] = {
                i: imports.ImportOutcome("rejected", problem=r.problem)
                for i, r in enumerate(rows)
                if r.values is None
            }
            done = await imports.import_items(
                request.app.state.engine,
                principal,
                [_csv_item(rows[i].values or {}) for i in readable],
                settings,
                clock,
                lambda j: pointer_for(readable[j]),
            )
            outcomes |= dict(zip(readable, done, strict=True))
            return [
                (
                    outcomes[i].status,
                    outcomes[i].result(r.index, r.line).model_dump_json(exclude_none=True).encode(),
                )
                for i, r in enumerate(rows)
            ]

        spool = await import_csv(
            request.stream(),
            columns=CSV_COLUMNS,
            required=CSV_REQUIRED,
            what="certificate",
            record_rows=record_rows,
        )
        return StreamingResponse(spool.body(), media_type="application/json")
    if media != "application/json":
        raise ProblemError(
            415,
            "Send the certificates as application/json ({items: [...]}) or text/csv.",
            title="Unsupported Media Type",
        )
    raw = await _capped_body(request, settings.max_import_body_bytes)
    try:
        body = ImportRequest.model_validate_json(raw)
    except ValidationError as exc:
        raise RequestValidationError([e | {"loc": ("body", *e["loc"])} for e in exc.errors()]) from exc
    if len(body.items) > IMPORT_MAX_ITEMS:
        raise ProblemError(
            413,
            f"An import holds at most {IMPORT_MAX_ITEMS} items; this one has {len(body.items)}. Split it, or send "
            "a CSV file.",
            title="Content Too Large",
            limit_items=IMPORT_MAX_ITEMS,
        )
    outcomes = await imports.import_items(request.app.state.engine, principal, body.items, settings, clock)
    results = [o.result(i) for i, o in enumerate(outcomes)]
    result = ImportResult(
        results=results,
        created=sum(r.status == "created" for r in results),
        duplicates=sum(r.status == "duplicate" for r in results),
        rejected=sum(r.status == "rejected" for r in results),
    )
    return Response(result.model_dump_json(exclude_none=True), media_type="application/json")


_CHANGES: dict[str, tuple[str, tuple[str, ...]]] = {
    "revocation": ("revoked", ("active", "maintenance_due", "suspended")),
    "suspension": ("suspended", ("active", "maintenance_due")),
    "reinstatement": ("active", ("suspended",)),
}


async def _change(
    kind: Literal["revocation", "suspension", "reinstatement"],
    number: str,
    body: StatusChange,
    request: Request,
    session: Session,
    principal: Principal,
) -> CertificatePublic:
    canonical = normalize(number)
    if canonical is None:
        raise _no_such()
    new_status, allowed_from = _CHANGES[kind]
    conn = await session.connection()
    row = await service.change_status(
        conn,
        canonical,
        new_status,
        body.reason,
        allowed_from=allowed_from,
        by=principal.id,
        settings=settings_of(request),
        clock=request.app.state.clock,
    )
    [public] = await service.public(conn, [row])
    await session.commit()
    request.app.state.verification.changed(canonical)
    return public


@router.post(
    "/v1/certificates/{number}/revocation",
    response_model=CertificatePublic,
    summary="Revoke a certificate, with the reason (staff admin)",
    responses=problem_responses(404, 409),
)
async def revoke_certificate(
    number: Number, body: StatusChange, request: Request, session: Session, principal: Manager
) -> CertificatePublic:
    """Revokes a certificate for good, with the reason; it verifies as revoked from then on. Refused (409) if
    already revoked or expired.
    """
    return await _change("revocation", number, body, request, session, principal)


@router.post(
    "/v1/certificates/{number}/suspension",
    response_model=CertificatePublic,
    summary="Suspend a certificate while a matter is looked into (staff admin)",
    responses=problem_responses(404, 409),
)
async def suspend_certificate(
    number: Number, body: StatusChange, request: Request, session: Session, principal: Manager
) -> CertificatePublic:
    """Suspends a certificate while a matter is looked into; it verifies as suspended until reinstated or
    revoked. Refused (409) unless it is active.
    """
    return await _change("suspension", number, body, request, session, principal)


@router.post(
    "/v1/certificates/{number}/reinstatement",
    response_model=CertificatePublic,
    summary="Lift a suspension (staff admin)",
    responses=problem_responses(404, 409),
)
async def reinstate_certificate(
    number: Number, body: StatusChange, request: Request, session: Session, principal: Manager
) -> CertificatePublic:
    """Lifts a suspension: the certificate is active again with its original dates. Refused (409) unless it is
    suspended.
    """
    return await _change("reinstatement", number, body, request, session, principal)
