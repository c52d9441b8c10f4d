"""RFC 9457 problem details for every error: one shape for validation, auth, limits, conflicts and crashes."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.types import Send

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "https://secor.acsa.ca/problems/"

logger = logging.getLogger("secor.problems")

_CONNECTION_ERRORS = frozenset(
    {
        "ConnectionDoesNotExistError",
        "InterfaceError",
        "CannotConnectNowError",
        "ConnectionFailureError",
        "AdminShutdownError",
    }
)
# asyncpg's names for data errors that only a caller's value can cause.
_CALLER_DATA_ERRORS = frozenset(
    {
        "UntranslatableCharacterError",
        "CharacterNotInRepertoireError",
        "NumericValueOutOfRangeError",
        "DatetimeFieldOverflowError",
        "InvalidDatetimeFormatError",
        "StringDataRightTruncationError",
        "InvalidTextRepresentationError",
    }
)


class ProblemError(Exception):
    """Raise anywhere in a request to answer with a problem+json body."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        title: str | None = None,
        type_: str | None = None,
        errors: Sequence[Mapping[str, Any]] | None = None,
        headers: Mapping[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.title = title or _reason(status)
        self.type = type_ or _slug_type(self.title)
        self.errors = list(errors) if errors else None
        self.headers = dict(headers or {})
        self.extra = extra


def invalid_field(pointer: str, detail: str, why: str) -> ProblemError:
    """A 422 about one field of the body: `detail` for people, `why` at `pointer` for code."""
    return ProblemError(
        422,
        detail,
        title="Validation Failed",
        errors=[{"pointer": pointer, "detail": why, "location": "body"}],
    )


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _slug_type(title: str) -> str:
    return PROBLEM_BASE + "-".join(title.lower().replace("'", "").split())


def problem_body(
    status: int,
    detail: str,
    *,
    title: str | None = None,
    type_: str | None = None,
    instance: str | None = None,
    errors: Sequence[Mapping[str, Any]] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The problem object as a dict, fields in the order RFC 9457 lists them."""
    title = title or _reason(status)
    body: dict[str, Any] = {
        "type": type_ or _slug_type(title),
        "title": title,
        "status": status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    if errors:
        body["errors"] = list(errors)
    if extra:
        body.update(extra)
    return body


def problem_response(
    status: int,
    detail: str,
    *,
    title: str | None = None,
    type_: str | None = None,
    instance: str | None = None,
    errors: Sequence[Mapping[str, Any]] | None = None,
    headers: Mapping[str, str] | None = None,
    extra: Mapping[str, Any] | None = None,
    **members: Any,
) -> Response:
    """A problem response; keyword arguments beyond the standard ones become extension members."""
    body = problem_body(
        status,
        detail,
        title=title,
        type_=type_,
        instance=instance,
        errors=errors,
        extra={**(extra or {}), **members},
    )
    return Response(
        content=json.dumps(body, default=str),
        status_code=status,
        media_type=PROBLEM_JSON,
        headers=dict(headers or {}),
    )


async def send_problem(
    send: Send,
    status: int,
    detail: str,
    *,
    title: str | None = None,
    type_: str | None = None,
    instance: str | None = None,
    errors: Sequence[Mapping[str, Any]] | None = None,
    headers: Mapping[str, str] | None = None,
    **members: Any,
) -> None:
    """Answer with a problem from plain ASGI middleware, before any framework code has run."""
    body = problem_body(
        status, detail, title=title, type_=type_, instance=instance, errors=errors, extra=members
    )
    payload = json.dumps(body, default=str).encode()
    raw_headers = [
        (b"content-type", PROBLEM_JSON.encode()),
        (b"content-length", str(len(payload)).encode()),
    ]
    raw_headers += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": payload})


def json_pointer(parts: Sequence[Any]) -> str:
    """RFC 6901 pointer from a sequence of keys and indexes."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def validation_errors(
    errors: Sequence[Mapping[str, Any]], *, document: Any = None, content_type: str | None = None
) -> list[dict[str, Any]]:
    """Pydantic/FastAPI errors as `{pointer, detail, location}`; the pointer is relative to the location.

    `document` (the JSON text that failed to parse) places a syntax error by line and column; `content_type`
    explains a body that was not read as JSON at all (curl's `-d` sends a form unless told otherwise).
    """
    out = []
    for err in errors:
        loc = list(err.get("loc", ()))
        location = str(loc[0]) if loc and loc[0] in ("body", "query", "path", "header", "cookie") else "body"
        rest = loc[1:] if loc and loc[0] == location else loc
        detail = str(err.get("msg", "invalid value"))
        if detail.startswith("Value error, "):
            detail = detail[len("Value error, ") :]
        if err.get("type") == "json_invalid":
            # FastAPI puts the character offset where a key would be; it is not a place in the document.
            ctx = err.get("ctx") or {}
            detail = f"The body is not valid JSON: {ctx.get('error', 'parse error')}{_place(document, rest)}"
            rest = []
        elif (
            location == "body"
            and not rest
            and err.get("type") in _NOT_AN_OBJECT
            and not _is_json(content_type)
        ):
            detail = (
                "The body must be a JSON object sent with `Content-Type: application/json`; this request said "
                + (f"`{content_type}`" if content_type else "no Content-Type")
                + " (with curl, add -H 'Content-Type: application/json')."
            )
        out.append({"pointer": json_pointer(rest), "detail": detail, "location": location})
    return out


_NOT_AN_OBJECT = frozenset({"model_attributes_type", "dict_type", "missing"})


def _is_json(content_type: str | None) -> bool:
    media = (content_type or "").split(";", 1)[0].strip().lower()
    return media == "application/json" or media.endswith("+json")


def _place(document: Any, rest: Sequence[Any]) -> str:
    """' at line L, column C' for the character offset FastAPI gives, when the document is at hand."""
    if isinstance(document, bytes):
        document = document.decode("utf-8", "replace")
    if not isinstance(document, str) or not rest or not isinstance(rest[0], int):
        return ""
    position = min(rest[0], len(document))
    line = document.count("\n", 0, position) + 1
    column = position - (document.rfind("\n", 0, position) + 1) + 1
    return f" at line {line}, column {column} (character {position + 1})"


def _causes(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    found: BaseException | None = exc
    while found is not None and found not in seen:
        seen.append(found)
        found = found.__cause__ or found.__context__
    return seen


def _raised_by_the_driver(exc: BaseException) -> bool:
    tb = exc.__traceback__
    while tb is not None:
        if str(tb.tb_frame.f_globals.get("__name__", "")).startswith(("asyncpg", "sqlalchemy")):
            return True
        tb = tb.tb_next
    return False


def database_unreachable(exc: BaseException) -> bool:
    """The database could not be reached, or the connection to it was lost, whatever the driver raised: a
    wrapped DBAPIError, asyncpg's own connection errors, or a bare OSError or timeout from connecting (over a
    unix socket a server that is down is a FileNotFoundError, which SQLAlchemy does not wrap)."""
    for cause in _causes(exc):
        if isinstance(cause, DBAPIError) and cause.connection_invalidated:
            return True
        if type(cause).__name__ in _CONNECTION_ERRORS and type(cause).__module__.startswith("asyncpg"):
            return True
        if isinstance(cause, OSError | TimeoutError) and _raised_by_the_driver(cause):
            return True
    return False


DATABASE_AWAY = "The database cannot be reached right now; the request was not completed. Retry it."
DATABASE_RETRY_AFTER = "2"


async def send_database_away(send: Send, instance: str | None) -> None:
    """The 503 every component answers while the database is away."""
    await send_problem(
        send,
        503,
        DATABASE_AWAY,
        title="Service Unavailable",
        instance=instance,
        headers={"retry-after": DATABASE_RETRY_AFTER},
    )


def install_problem_handlers(app: FastAPI) -> None:
    """Make every error of this app problem+json: raised problems, HTTP errors, validation, crashes."""

    @app.exception_handler(ProblemError)
    async def _problem(request: Request, exc: ProblemError) -> Response:
        return problem_response(
            exc.status,
            exc.detail,
            title=exc.title,
            type_=exc.type,
            instance=request.url.path,
            errors=exc.errors,
            extra=exc.extra,
            headers=exc.headers,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else _reason(exc.status_code)
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"There is no resource at {request.url.path}."
        elif exc.status_code == 405 and detail == "Method Not Allowed":
            detail = f"{request.method} is not allowed on {request.url.path}."
        return problem_response(
            exc.status_code, detail, instance=request.url.path, headers=getattr(exc, "headers", None)
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        errors = validation_errors(
            exc.errors(), document=exc.body, content_type=request.headers.get("content-type")
        )
        first = errors[0] if errors else None
        where = ""
        if first:
            where = f" ({first['location']} {first['pointer'] or '/'}: {first['detail']})"
        return problem_response(
            422,
            f"The request has {len(errors)} invalid field(s){where}.",
            title="Validation Failed",
            instance=request.url.path,
            errors=errors,
        )

    @app.exception_handler(DBAPIError)
    async def _database(request: Request, exc: DBAPIError) -> Response:
        if database_unreachable(exc):
            return _away(request, exc)
        # Values the database cannot hold (NUL bytes, numbers or dates out of its range) are the caller's error.
        if (
            type(exc.orig).__name__ in _CALLER_DATA_ERRORS
            or type(exc.__cause__).__name__ in _CALLER_DATA_ERRORS
        ):
            return problem_response(
                422,
                "A value in the request cannot be stored (an unsupported character, or a number or date out of range).",
                title="Validation Failed",
                instance=request.url.path,
            )
        return await _crash(request, exc)

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        if database_unreachable(exc):
            return _away(request, exc)
        logger.exception("unhandled error", extra={"path": request.url.path})
        return problem_response(
            500,
            "Something went wrong on our side. The request id in X-Request-ID helps us find it.",
            instance=request.url.path,
        )


def _away(request: Request, exc: BaseException) -> Response:
    logger.warning("database unreachable: %r", exc)
    return problem_response(
        503,
        DATABASE_AWAY,
        title="Service Unavailable",
        instance=request.url.path,
        headers={"retry-after": DATABASE_RETRY_AFTER},
    )


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries documenting problem answers."""
    return {
        s: {
            "description": _reason(s),
            "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for s in statuses
    }
