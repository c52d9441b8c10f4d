"""`/v1/submissions`: create, send the package (upload or link), follow intake, review, answer with addenda."""

from __future__ import annotations

import asyncio
import datetime as dt
import mimetypes
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Annotated, Any, TypeVar
from urllib.parse import quote

from fastapi import APIRouter, Depends, Header, Path, Query, Request, status
from fastapi.responses import FileResponse, StreamingResponse
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from starlette.requests import ClientDisconnect

from services.submission.eligibility import EligibilityClient
from services.submission.instruments.model import Instrument, Instruments
from services.submission.packages.archive import ArchiveRejected
from services.submission.packages.files import PackageFile, package_files, read_ahead, read_member
from services.submission.settings import Settings
from services.submission.storage import PackageStorage
from services.submission.submissions import repository, service
from services.submission.submissions.intake import IntakeRunner, limits_for
from services.submission.submissions.schemas import (
    Accepted,
    AddendumPublic,
    Kind,
    PackageFileEntry,
    PackageFiles,
    PackageLink,
    ReceivedPackage,
    ReceivedPackages,
    Review,
    Status,
    SubmissionCreate,
    SubmissionPublic,
    Triage,
    TriageDiscard,
)
from shared.db import Session
from shared.dependencies import AppClock, clock_of, settings_of
from shared.openapi import BINARY, binary_answer, binary_body, media_type
from shared.pagination import Page, Pagination, cursor_after_str, page_of
from shared.principal import Principal, integrator_view, require
from shared.problems import ProblemError, problem_responses

router = APIRouter(prefix="/v1/submissions", tags=["Submissions"])

Reader = Annotated[Principal, Depends(require("submissions:read"))]
Writer = Annotated[Principal, Depends(require("submissions:write"))]
Reviewer = Annotated[Principal, Depends(require("submissions:review"))]
StaffReader = Annotated[Principal, Depends(require("submissions:read", kinds=("staff", "service")))]
SubmissionId = Annotated[str, Path(max_length=64)]

T = TypeVar("T")
ZIP_TYPES = frozenset({"application/zip", "application/x-zip-compressed", BINARY})
ZIP_BODY = binary_body(
    "The zipped folder as the raw body, sent as `application/zip` (or `application/octet-stream`)."
)


def _storage(request: Request) -> PackageStorage:
    return request.app.state.storage


def _instrument(request: Request) -> Instrument:
    instruments: Instruments = request.app.state.instruments
    return instruments.current


def _today(request: Request, at: dt.datetime) -> dt.date:
    """The program's day at `at` (its own time zone, not UTC's)."""
    return settings_of(request).program_date(at)


def _eligibility(request: Request) -> EligibilityClient:
    client: EligibilityClient = request.app.state.eligibility
    return client


def _request_id(request: Request) -> str | None:
    # The same id on the eligibility service's log lines: one request, followed across services.
    return request.headers.get("x-request-id")


def _wake_intake(request: Request) -> None:
    runner: IntakeRunner | None = getattr(request.app.state, "intake", None)
    if runner is not None:
        runner.wake.set()


async def _receive_zip(
    request: Request,
    session: AsyncSession,
    principal: Principal,
    submission_id: str,
    *,
    allowed: Callable[[Row[Any], dt.datetime], Awaitable[None]],
    max_bytes: int,
    name: str,
    accept: Callable[[AsyncConnection, Principal, str, dict[str, Any], dt.datetime, dt.date], Awaitable[T]],
) -> T:
    """Store an uploaded zip, record it, and hand it to intake with what was learned of it on the way in."""
    # Received when it began to arrive, even if the last byte comes after midnight.
    started = clock_of(request).now()
    # Refuse before taking in what may be a gigabyte; `accept` checks again under lock once it is stored.
    await allowed(await service.visible(await session.connection(), principal, submission_id), started)
    await session.commit()
    storage = _storage(request)
    package, scan = await service.store_upload(
        storage,
        submission_id,
        _body(request),
        max_bytes=max_bytes,
        name=name,
        limits=limits_for(settings_of(request)),
    )
    if request_id := _request_id(request):
        package["request_id"] = request_id  # intake's log lines name the request that brought the package
    runner: IntakeRunner | None = getattr(request.app.state, "intake", None)
    if runner is not None:
        # Before the commit: once committed, intake may take the package at once.
        runner.remember_scan(package["key"], scan)
    try:
        result = await accept(
            await session.connection(), principal, submission_id, package, started, _today(request, started)
        )
        await session.commit()
    except BaseException:
        await session.rollback()
        await storage.delete(package["key"])
        raise
    if runner is not None:
        runner.wake.set()
    return result


def _require_zip(content_type: str | None) -> None:
    if media_type(content_type) not in ZIP_TYPES:
        raise ProblemError(
            415,
            "Send the package as the raw body with Content-Type: application/zip (a zipped folder).",
            title="Unsupported Media Type",
        )


async def _body(request: Request) -> AsyncIterator[bytes]:
    try:
        async for chunk in request.stream():
            if chunk:
                yield chunk
    except ClientDisconnect as exc:
        # The client went away, or the body limit answered 413 already: nothing is kept either way.
        raise ProblemError(400, "The upload was interrupted before the whole package arrived.") from exc


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=SubmissionPublic,
    summary="Start a SECOR evaluation submission",
    description="Every evaluation is judged on the day it is received: refused (422 problem+json, the program's "
    "reason in `type`, every refusal in `refusals`) when the employer must apply for a COR (`cor-required`), is "
    "not eligible (`not-eligible`, an `errors` entry per failing or unknown check), the assessor is not qualified "
    "(`assessor-not-qualified`), the audit period has not ended, is under 3 months or (a maintenance) overlaps what "
    "was already judged (`audit-period-not-ended`, `audit-period-too-short`, `audit-period-overlaps`), or a "
    "maintenance has no certificate in force, is not within its year, or its year is maintained or already has an "
    "evaluation (`no-certificate`, `maintenance-not-due`, `maintenance-year-taken`). `element_scores` scores every "
    "element of the current instrument out of its points. POST /v1/employers/{id}/evaluation-readiness answers "
    "the same questions without creating anything. Then send the package with PUT .../package or "
    "POST .../package-link: the day it arrives is the day the evaluation is received.",
    responses=problem_responses(422, 503),
)
async def create_submission(
    clock: AppClock, body: SubmissionCreate, request: Request, session: Session, principal: Writer
) -> SubmissionPublic:
    conn = await session.connection()
    submission_id = await service.create(
        conn,
        principal,
        body,
        eligibility=_eligibility(request),
        instrument=_instrument(request),
        now=clock.now(),
        request_id=_request_id(request),
    )
    row = await service.visible(conn, principal, submission_id)
    result = await service.public(conn, row)
    return result


@router.get(
    "", response_model=Page[SubmissionPublic], summary="List submissions (an integrator sees its employers')"
)
async def list_submissions(
    session: Session,
    page: Pagination,
    principal: Reader,
    status_: Annotated[Status | None, Query(alias="status")] = None,
    employer_id: Annotated[str | None, Query(max_length=64)] = None,
    kind: Kind | None = None,
) -> Page[SubmissionPublic]:
    """Submissions, newest first, filtered by employer, status or kind; an integrator sees only its employers'."""
    conn = await session.connection()
    rows = await repository.list_page(
        conn,
        integrator=integrator_view(principal),
        status=status_,
        employer_id=employer_id,
        kind=kind,
        after=cursor_after_str(page),
        limit=page.limit,
    )
    return page_of([await service.public(conn, r) for r in rows], page.limit, key=lambda s: s.id)


@router.get(
    "/{submission_id}",
    response_model=SubmissionPublic,
    summary="One submission, its intake report and history",
)
async def get_submission(
    submission_id: SubmissionId, session: Session, principal: Reader
) -> SubmissionPublic:
    """One submission with its package, intake report, addenda and history."""
    conn = await session.connection()
    return await service.public(conn, await service.visible(conn, principal, submission_id))


@router.put(
    "/{submission_id}/package",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=Accepted,
    summary="Upload the package (a zipped folder) as the raw body",
    description="Streamed to storage and hashed on the way; intake checks then run in the background: follow "
    "`status` (validating → in_qa or returned_at_intake) and read `intake_report`. A new package may replace "
    "one returned at intake. The day the package arrives is the day the evaluation is received: the program's "
    "rules are applied again on that day (422 with the same problem types as POST /v1/submissions, e.g. "
    "`not-eligible`, or `maintenance-not-due` once a maintenance's year has closed).",
    openapi_extra=ZIP_BODY,
    responses=problem_responses(404, 409, 413, 415, 422, 503),
)
async def upload_package(
    settings: Settings,
    submission_id: SubmissionId,
    request: Request,
    session: Session,
    principal: Writer,
    content_type: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Accepted:
    _require_zip(content_type)

    receipt: dict[str, Any] | None = None

    async def allowed(row: Row[Any], at: dt.datetime) -> None:
        nonlocal receipt
        service.package_allowed(row)
        receipt = await service.judge_receipt(
            row, principal, _eligibility(request), _today(request, at), _request_id(request)
        )

    async def accept(
        conn: AsyncConnection,
        principal: Principal,
        sid: str,
        package: dict[str, Any],
        now: dt.datetime,
        today: dt.date,
    ) -> Row[Any]:
        return await service.accept_package(conn, principal, sid, package, now, today, receipt)

    await _receive_zip(
        request,
        session,
        principal,
        submission_id,
        allowed=allowed,
        max_bytes=settings.max_package_bytes,
        name="package",
        accept=accept,
    )
    return Accepted(
        id=submission_id, status="validating", detail="The package was received; intake checks are running."
    )


@router.post(
    "/{submission_id}/package-link",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=Accepted,
    summary="Send the package as a download link",
    description="Dropbox, OneDrive and Google Drive share links are turned into direct downloads; any other "
    "https URL is fetched as it is. The link must lead to a public address; a link refused at download "
    "time returns the submission at intake with a `link.*` finding. As for an upload, the day the link arrives "
    "is the day the evaluation is received, and the program's rules are applied again on it (422).",
    responses=problem_responses(404, 409, 422, 503),
)
async def send_package_link(
    settings: Settings,
    clock: AppClock,
    submission_id: SubmissionId,
    body: PackageLink,
    request: Request,
    session: Session,
    principal: Writer,
) -> Accepted:
    direct = await service.check_link(body.url, settings)
    package: dict[str, Any] = {"source": "link", "url": direct}
    if request_id := _request_id(request):
        package["request_id"] = request_id
    if direct != body.url:
        package["shared_url"] = body.url
    now = clock.now()
    conn = await session.connection()
    row = await service.visible(conn, principal, submission_id)
    service.package_allowed(row)
    today = _today(request, now)
    receipt = await service.judge_receipt(row, principal, _eligibility(request), today, _request_id(request))
    await service.accept_package(conn, principal, submission_id, package, now, today, receipt)
    await session.commit()
    _wake_intake(request)
    return Accepted(
        id=submission_id,
        status="validating",
        detail="The link was received; the package is being downloaded.",
    )


@router.get(
    "/{submission_id}/package",
    summary="Download the stored package (staff)",
    response_class=FileResponse,
    responses={200: binary_answer("The package as it arrived (a zip)"), **problem_responses(404)},
)
async def download_package(
    submission_id: SubmissionId, request: Request, session: Session, principal: StaffReader
) -> FileResponse:
    """The stored package as it arrived. Answered as `application/octet-stream`, or `application/zip` when the
    request's `Accept` names it.
    """
    row = await service.visible(await session.connection(), principal, submission_id)
    key = (row.package or {}).get("key")
    if key is None:
        raise ProblemError(404, f"Submission {submission_id} has no stored package yet.")
    with _storage(request).local_path(key) as path:
        # A zip, as `application/zip` to whoever asks for that type by name, else as plain bytes.
        zip_asked = "application/zip" in request.headers.get("accept", "").lower()
        return FileResponse(
            path, media_type="application/zip" if zip_asked else BINARY, filename=f"{submission_id}.zip"
        )


async def _stored_key(
    request: Request, session: AsyncSession, principal: Principal, submission_id: str, package_id: str | None
) -> str:
    """The storage key of the submission's package in hand (or of any package or addendum it received), if the
    caller may see it."""
    conn = await session.connection()
    row = await service.visible(conn, principal, submission_id)
    if package_id is None:
        package = row.package or {}
        what = f"Submission {submission_id} has no stored package yet."
    else:
        received = await repository.received_package(conn, submission_id, package_id)
        if received is None:
            raise ProblemError(
                404,
                f"Submission {submission_id} received no package or addendum {package_id}: "
                "GET .../packages lists them.",
            )
        package = received.package or {}
        what = f"{package_id} has no stored zip (its link was not downloaded)."
    await session.commit()  # nothing is held open while the zip is read
    key = package.get("key")
    if key is None:
        raise ProblemError(404, what)
    return str(key)


async def _files(request: Request, key: str) -> list[PackageFile]:
    with _storage(request).local_path(key) as path:
        try:
            return await asyncio.to_thread(package_files, path, limits_for(settings_of(request)))
        except ArchiveRejected as exc:
            raise ProblemError(
                409,
                f"The stored package cannot be read in place: {exc.finding.message} Its intake report says why; "
                "download it whole to look further.",
                title="Conflict",
            ) from exc


def _listing(request: Request, files: list[PackageFile]) -> PackageFiles:
    instrument = _instrument(request)
    entries = []
    for f in files:
        folder, slash, _ = f.path.partition("/")
        element = instrument.element_for_folder(folder) if slash else None
        entries.append(
            PackageFileEntry(path=f.path, size=f.size, element=element and element.code, modified=f.modified)
        )
    return PackageFiles(data=entries)


async def _one_file(request: Request, key: str, file_path: str) -> StreamingResponse:
    files = await _files(request, key)
    found = next((f for f in files if f.path == file_path), None)
    if found is None:
        raise ProblemError(
            404,
            f"There is no document {file_path!r} in the package: list them with GET .../files.",
            errors=[{"pointer": "/path", "detail": "not a document of the package", "location": "path"}],
        )
    if found.encrypted:
        raise ProblemError(409, f"{file_path!r} is password-protected; it cannot be read in place.")
    media_type = mimetypes.guess_type(found.path)[0] or "application/octet-stream"
    name = found.path.rpartition("/")[2]
    storage = _storage(request)

    def chunks() -> Iterator[bytes]:
        with storage.local_path(key) as path:
            yield from read_member(path, found)

    return StreamingResponse(
        read_ahead(chunks()),
        media_type=media_type,
        headers={
            "content-length": str(found.size),
            "content-disposition": f"attachment; filename*=UTF-8''{quote(name, safe='')}",
            # What a package holds is the employer's, not ours: never let a browser run it as our page.
            "x-content-type-options": "nosniff",
            "content-security-policy": "default-src 'none'; sandbox",
        },
    )


FILES_DESCRIPTION = (
    "Read from the stored zip's directory in place (the same safety limits as intake), without downloading the "
    "package. `path` is as the intake report names documents (inside the package's shared root folder, if it "
    "has one); `element` is the element code of the folder it is in."
)
FILE_DESCRIPTION = (
    "One document streamed out of the stored zip in bounded memory, with its content type; `path` must be one "
    "that the listing gives (404 otherwise). Served as an attachment, never to be rendered as a page."
)
FILE_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}
}


@router.get(
    "/{submission_id}/package/files",
    response_model=PackageFiles,
    summary="The documents of the stored package",
    description=FILES_DESCRIPTION,
    responses=problem_responses(404, 409),
)
async def list_package_files(
    submission_id: SubmissionId, request: Request, session: Session, principal: Reader
) -> PackageFiles:
    key = await _stored_key(request, session, principal, submission_id, None)
    return _listing(request, await _files(request, key))


@router.get(
    "/{submission_id}/package/files/{file_path:path}",
    response_class=StreamingResponse,
    summary="One document of the stored package",
    description=FILE_DESCRIPTION,
    responses={**FILE_RESPONSE, **problem_responses(404, 409)},
)
async def read_package_file(
    submission_id: SubmissionId,
    file_path: Annotated[str, Path(max_length=1024)],
    request: Request,
    session: Session,
    principal: Reader,
) -> StreamingResponse:
    key = await _stored_key(request, session, principal, submission_id, None)
    return await _one_file(request, key, file_path)


@router.get(
    "/{submission_id}/packages",
    response_model=ReceivedPackages,
    summary="Every package and addendum received, each with its own intake report",
    description="In the order they arrived: a package returned at intake stays listed, with its report, after "
    "the one sent to replace it. `by` is the key it came from. Read any of them in place with "
    "GET .../packages/{package_id}/files.",
    responses=problem_responses(404),
)
async def list_received_packages(
    submission_id: SubmissionId, session: Session, principal: Reader
) -> ReceivedPackages:
    conn = await session.connection()
    await service.visible(conn, principal, submission_id)
    return ReceivedPackages(
        data=[
            ReceivedPackage(
                id=r.id,
                kind=r.kind,
                received_at=r.received_at,
                by=r.received_by,
                source=r.package.get("source", "upload"),
                url=r.package.get("url"),
                bytes=r.package.get("bytes"),
                sha256=r.package.get("sha256"),
                outcome=r.outcome,
                intake_report=r.intake_report,
            )
            for r in await repository.packages(conn, submission_id)
        ]
    )


PackageId = Annotated[str, Path(max_length=64, description="A package's or an addendum's id")]


@router.get(
    "/{submission_id}/addenda/{package_id}/files",
    operation_id="list_addendum_files",
    response_model=PackageFiles,
    summary="The documents of an addendum",
    description=FILES_DESCRIPTION,
    responses=problem_responses(404, 409),
)
@router.get(
    "/{submission_id}/packages/{package_id}/files",
    response_model=PackageFiles,
    summary="The documents of any package or addendum received",
    description=FILES_DESCRIPTION,
    responses=problem_responses(404, 409),
)
async def list_received_package_files(
    submission_id: SubmissionId, package_id: PackageId, request: Request, session: Session, principal: Reader
) -> PackageFiles:
    key = await _stored_key(request, session, principal, submission_id, package_id)
    return _listing(request, await _files(request, key))


@router.get(
    "/{submission_id}/addenda/{package_id}/files/{file_path:path}",
    operation_id="read_addendum_file",
    response_class=StreamingResponse,
    summary="One document of an addendum",
    description=FILE_DESCRIPTION,
    responses={**FILE_RESPONSE, **problem_responses(404, 409)},
)
@router.get(
    "/{submission_id}/packages/{package_id}/files/{file_path:path}",
    response_class=StreamingResponse,
    summary="One document of any package or addendum received",
    description=FILE_DESCRIPTION,
    responses={**FILE_RESPONSE, **problem_responses(404, 409)},
)
async def read_received_package_file(
    submission_id: SubmissionId,
    package_id: PackageId,
    file_path: Annotated[str, Path(max_length=1024)],
    request: Request,
    session: Session,
    principal: Reader,
) -> StreamingResponse:
    key = await _stored_key(request, session, principal, submission_id, package_id)
    return await _one_file(request, key, file_path)


@router.post(
    "/{submission_id}/triage",
    response_model=SubmissionPublic,
    summary="Triage a mailed evaluation: confirm it, or discard mail that is not one",
    description="A mailed evaluation (`channel: email`, `awaiting_triage`) takes nothing from its mail on trust: "
    "staff send the submission's fields as for POST /v1/submissions (the employer proposed in `mail` is only a "
    "suggestion). Every check of POST /v1/submissions applies, with the same refusals (422), judged on the day "
    "the mail was received, which is the evaluation's day of receipt; then intake checks the mailed package as "
    'it would an upload (`validating`). `{"action": "discard", "note": ...}` closes mail that is not '
    "an evaluation (`discarded`): nothing is announced or mailed. Any other status is 409.",
    responses=problem_responses(404, 409, 422, 503),
)
async def triage_submission(
    clock: AppClock,
    submission_id: SubmissionId,
    body: Triage,
    request: Request,
    session: Session,
    principal: Reviewer,
) -> SubmissionPublic:
    conn = await session.connection()
    now = clock.now()
    if isinstance(body, TriageDiscard):
        row = await service.discard(conn, principal, submission_id, body.note, now)
    else:
        row = await service.triage(
            conn,
            principal,
            submission_id,
            body,
            eligibility=_eligibility(request),
            instrument=_instrument(request),
            now=now,
            received_on=lambda at: _today(request, at),
            request_id=_request_id(request),
        )
    result = await service.public(conn, row)
    await session.commit()
    _wake_intake(request)
    return result


@router.post(
    "/{submission_id}/review",
    response_model=SubmissionPublic,
    summary="A QA step: assign, request information, approve, return or fail",
    description="Illegal moves for the submission's status are 409 and name the moves allowed now. Approval "
    "needs `qa_score` at or above the instrument's QA pass mark (80%), and judges the evaluation again as of the "
    "day it was received with what is known now: if the employer, the assessor, the audit period or the "
    "maintenance year no longer pass, it is a 409 with the same problem types as creation, the submission stays "
    "where it was, and the refusal is in its history. `return` also closes a submission still waiting for its "
    "package.",
    responses=problem_responses(404, 409, 422, 503),
)
async def review_submission(
    clock: AppClock,
    submission_id: SubmissionId,
    body: Review,
    request: Request,
    session: Session,
    principal: Reviewer,
) -> SubmissionPublic:
    conn = await session.connection()
    instruments: Instruments = request.app.state.instruments
    now = clock.now()
    try:
        await service.review(
            conn,
            principal,
            submission_id,
            body,
            instruments,
            now,
            today=_today(request, now),
            eligibility=_eligibility(request),
            request_id=_request_id(request),
        )
    except service.ApprovalRefused as refusal:
        # Nothing of the approval is kept; the refusal itself is, in the submission's history.
        await session.rollback()
        await service.record_refusal(await session.connection(), principal, refusal, now)
        await session.commit()
        raise
    result = await service.public(conn, await service.visible(conn, principal, submission_id))
    return result


@router.post(
    "/{submission_id}/addenda",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=AddendumPublic,
    summary="Answer an information request with a zipped addendum (raw body)",
    description="Checked like a package for safety and document types, in the background; once accepted the "
    "submission goes back to QA.",
    openapi_extra=ZIP_BODY,
    responses=problem_responses(404, 409, 413, 415),
)
async def send_addendum(
    settings: Settings,
    submission_id: SubmissionId,
    request: Request,
    session: Session,
    principal: Writer,
    content_type: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> AddendumPublic:
    _require_zip(content_type)
    return await _receive_zip(
        request,
        session,
        principal,
        submission_id,
        allowed=service.addendum_allowed,
        max_bytes=settings.max_addendum_bytes,
        name="addendum",
        accept=service.accept_addendum,
    )
