"""The public document: the components' documents merged, then completed with what the gateway makes true of
every public operation (keys, limits, idempotency, the statuses it answers) and the API's vocabulary."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from http import HTTPStatus
from typing import Any

from gateway.openapi.examples import exemplify
from gateway.openapi.merge import merge_openapi
from gateway.openapi.vocabulary import describe
from gateway.routes import is_public, upstream_for
from shared.openapi import ACCESS, problem_answer

TITLE = "SECOR platform API"
VERSION = "1.0.0"
API_DESCRIPTION = """
The public API of the SECOR platform, the back office of the Alberta Construction Safety Association's Small
Employer Certificate of Recognition program.

Authenticate with `Authorization: Bearer <API key>`; the few public operations (certificate verification) need
none. Each operation says which kinds of key may call it (`x-secor-access`: the scope it needs and the kinds of
key, `staff:<role>` for staff, that hold it). Errors are RFC 9457 `application/problem+json`, validation
included: a body that is not JSON of the operation's shape is a 422 like any invalid field.
Lists take `limit` (1-200) and `cursor` and answer `{data, next_cursor}`. Every response carries
`X-Request-ID`, `RateLimit` and `RateLimit-Policy`; every POST accepts `Idempotency-Key`.
"""

METHODS = ("get", "post", "put", "patch", "delete")
KEY_NAMES = {
    "provider": "training provider keys",
    "integrator": "integrator keys",
    "staff:admin": "staff admins",
    "staff:qa_analyst": "QA analysts",
    "staff:viewer": "staff viewers",
}
_PLACEHOLDER = re.compile(r"\{[^}]+\}")

IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": "Any unique string (a UUID) for this one create: a retry with the same key and body answers "
    "the first response again (`Idempotent-Replayed: true`) instead of doing it twice; the same key with a "
    "different body is a 422, a retry while the first is still running a 409. Kept 24 hours or more.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
    "example": "0b9f6a52-4c1e-4d8e-9d2f-6a1c2b7e0d41",
}

STATUSES = {
    "400": "The request is malformed: a NUL or a dot segment in the URL, a Content-Length that is not a "
    "number, or a body cut short",
    "401": "No API key, or one that is unknown, revoked or expired",
    "403": "This kind of key (or staff role) may not do this: see `x-secor-access`",
    "404": "Nothing by that id, or nothing this key may see (another tenant's records answer 404)",
    "409": "It conflicts with the record's state, or a request with the same `Idempotency-Key` is still running",
    "413": "The body is larger than this operation takes",
    "422": "The request's fields are not valid, or the body is not JSON of the operation's shape",
    "429": "Too many requests for this key (or address): wait `Retry-After` seconds",
    "502": "The service behind the gateway gave no valid answer",
    "503": "A part of the system is unavailable for a moment (keys cannot be checked, a service is down): "
    "retry after `Retry-After` seconds",
    "504": "The service behind the gateway did not answer in time",
}


def public_document(documents: Sequence[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """The one document of the public API, from the gateway's own and each service's document."""
    merged = merge_openapi(documents, title=TITLE, description=API_DESCRIPTION, version=VERSION)
    for path, method, operation in operations(merged):
        public = is_public(method.upper(), _PLACEHOLDER.sub("x", path))
        _state_access(path, method, operation, public)
        _state_statuses(path, method, operation, public)
        if method == "post":
            operation.setdefault("parameters", []).append(IDEMPOTENCY_KEY)
    describe(merged)
    exemplify(merged)
    return merged


def operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def _state_access(path: str, method: str, operation: dict[str, Any], public: bool) -> None:
    access = operation.get(ACCESS)
    if access is None:
        raise ValueError(f"{method.upper()} {path} checks no caller: give it a `require(...)` dependency")
    if public:
        operation["security"] = []
        who = "Anyone: no API key is needed."
    else:
        operation["security"] = [{"apiKey": []}]
        keys = ", ".join(KEY_NAMES[k] for k in access["keys"])
        who = f"{keys[0].upper()}{keys[1:]}" + (
            f" (the scope `{access['scope']}`)." if access["scope"] else " (any key)."
        )
    text = operation.get("description") or ""
    operation["description"] = f"{text.strip()}\n\n**Who may call:** {who}".strip()


def _state_statuses(path: str, method: str, operation: dict[str, Any], public: bool) -> None:
    responses: dict[str, Any] = operation["responses"]
    has_body = "requestBody" in operation
    wanted = ["400", "429", "503"]
    if not public:
        wanted += ["401", "403"]
    if "{" in path:
        wanted.append("404")
    if method == "post":
        wanted.append("409")
    if has_body:
        wanted.append("413")
    if has_body or operation.get("parameters"):
        wanted.append("422")
    if upstream_for(path) is not None:
        wanted += ["502", "504"]
    for status in wanted:
        responses.setdefault(status, problem_answer(STATUSES[status]))
    for status, answer in responses.items():
        if status in STATUSES and answer.get("description") in (None, "", _reason(status)):
            answer["description"] = STATUSES[status]
    operation["responses"] = dict(sorted(responses.items()))


def _reason(status: str) -> str:
    return HTTPStatus(int(status)).phrase
