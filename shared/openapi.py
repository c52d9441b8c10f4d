"""What a component's OpenAPI document says beyond FastAPI's: who may call each operation, and its problems."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute

from shared.principal import SCOPES, current_principal, holders_of
from shared.problems import PROBLEM_JSON

# On every operation that checks its caller: the scope it needs and the kinds of key that hold it, read from
# the very dependency that decides (`shared.principal.require`), so the document cannot drift from the check.
ACCESS = "x-secor-access"
ANY_KEY = [key for key in SCOPES if key not in ("service", "anonymous")]

PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "type": "object",
    "description": "RFC 9457 problem details: what was wrong, and where.",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {
            "type": "string",
            "format": "uri",
            "description": "What kind of problem, as a URI (`about:blank` when the status says it all)",
        },
        "title": {"type": "string", "description": "The status's reason phrase, or the kind's short name"},
        "status": {"type": "integer", "description": "The HTTP status, repeated"},
        "detail": {"type": "string", "description": "What was wrong in this request, in a sentence"},
        "instance": {"type": "string", "description": "The path of the request that had the problem"},
        "errors": {
            "type": "array",
            "description": "One entry per invalid field (validation problems)",
            "items": {
                "type": "object",
                "required": ["pointer", "detail"],
                "properties": {
                    "pointer": {"type": "string", "description": "JSON pointer within `location`"},
                    "detail": {"type": "string", "description": "What is wrong with that field"},
                    "location": {
                        "type": "string",
                        "enum": ["body", "query", "path", "header", "cookie"],
                        "description": "Which part of the request the pointer points into",
                    },
                },
            },
        },
    },
    "examples": [
        {
            "type": "https://secor.acsa.ca/problems/validation-failed",
            "title": "Validation Failed",
            "status": 422,
            "detail": "The request has 1 invalid field(s).",
            "instance": "/v1/employers",
            "errors": [
                {
                    "pointer": "/wcb_account_number",
                    "detail": "the WCB account number must be 6 to 10 digits",
                    "location": "body",
                }
            ],
        }
    ],
}


def component_document(app: FastAPI) -> dict[str, Any]:
    """The app's OpenAPI document, each operation saying who may call it, every error a problem."""
    schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    for route in app.routes:
        if not isinstance(route, APIRoute) or not route.include_in_schema:
            continue
        access = route_access(route)
        for method in route.methods or ():
            operation = schema["paths"][route.path_format][method.lower()]
            if access is not None:
                operation[ACCESS] = access
    add_problems(schema)
    return schema


def route_access(route: APIRoute) -> dict[str, Any] | None:
    """The scope the route's caller needs and the kinds of key holding it; None if it checks no caller."""
    any_key = False
    for dependant in _dependants(route.dependant):
        marked = getattr(dependant.call, "secor_access", None)
        if marked is not None:
            scope, kinds = marked
            return {"scope": scope, "keys": holders_of(scope, kinds)}
        any_key = any_key or dependant.call is current_principal
    return {"scope": None, "keys": ANY_KEY} if any_key else None


def _dependants(dependant: Dependant) -> Iterator[Dependant]:
    for sub in dependant.dependencies:
        yield sub
        yield from _dependants(sub)


def add_problems(schema: dict[str, Any]) -> None:
    """The Problem schema and the bearer scheme; FastAPI's validation-error shapes are never sent (422s are
    problems too)."""
    components = schema.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas["Problem"] = PROBLEM_SCHEMA
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    components.setdefault("securitySchemes", {})["apiKey"] = {
        "type": "http",
        "scheme": "bearer",
        "description": "An API key: `Authorization: Bearer secor_...`",
    }
    for item in schema.get("paths", {}).values():
        for operation in item.values():
            responses = operation.get("responses", {})
            if "422" in responses:
                responses["422"] = problem_answer("The request's fields are not valid")


def problem_answer(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


# Binary request bodies and downloads are declared as `application/octet-stream`, the one binary media type
# client generators support (openapi-python-client skips `application/zip` and `text/csv` operations); the
# server takes the precise type as well.
BINARY = "application/octet-stream"


def binary_body(description: str) -> dict[str, Any]:
    """`openapi_extra` for an operation whose body is a file sent raw."""
    return {
        "requestBody": {
            "required": True,
            "description": description,
            "content": {BINARY: {"schema": {"type": "string", "format": "binary"}}},
        }
    }


def binary_answer(description: str) -> dict[str, Any]:
    """A `responses` entry for a file answered raw."""
    return {
        "description": description,
        "content": {BINARY: {"schema": {"type": "string", "format": "binary"}}},
    }


def media_type(content_type: str | None) -> str:
    """The bare media type of a Content-Type header, lower-cased (`text/csv; charset=utf-8` → `text/csv`)."""
    return (content_type or "").split(";")[0].strip().lower()
