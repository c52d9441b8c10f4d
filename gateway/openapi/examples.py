"""An example for every request body and every 2xx JSON answer, built from its schema and SECOR's own data.

A schema's own `examples` win; otherwise each field takes the value `VALUES` gives its name (an employer in
Red Deer, its owner Ana Silva, the SECOR course...), or one its type, format and bounds allow. The document
test checks every example against its schema, so an example cannot drift from what the server answers.
"""

from __future__ import annotations

import re
from typing import Any

EXAMPLE_NAME = "secor"

VALUES: dict[str, Any] = {
    "employer_id": "emp_01JDQ3M8V6K2R4T9W1XZC5B7NA",
    "worker_id": "wkr_01JDQ3N2H8F4P6S0V3YB9D1GKM",
    "submission_id": "sub_01JDQ4A7E3G5J9L2N4Q6S8U0WX",
    "completion_id": "cmp_01JDQ3P5R7T9V1X3Z5B7D9F1HK",
    "provider_id": "prv_01JDQ2Z9X7V5T3R1P9N7L5J3GE",
    "integrator_id": "int_01JDQ2Y1W3U5S7Q9O1M3K5I7GC",
    "determination_id": "det_01JDQ3Q8S0U2W4Y6A8C0E2G4JM",
    "correction_id": "cor_01JDQ3R1T3V5X7Z9B1D3F5H7KP",
    "declaration_id": "hcd_01JDQ3S4W6Y8A0C2E4G6J8L0NR",
    "package_id": "pkg_01JDQ4B0G2J4L6N8Q0S2U4W6YA",
    "event_id": "evt_01JDQ4C3J5L7N9Q1S3U5W7Y9AC",
    "api_key_id": "key_01JDQ2X4Z6B8D0F2H4K6M8P0RT",
    "endpoint_id": "whe_01JDQ4D6L8N0Q2S4U6W8Y0A2CE",
    "legal_name": "Prairie Roofing Ltd.",
    "holder_legal_name": "Prairie Roofing Ltd.",
    "trade_name": "Prairie Roofing",
    "industry": "Roofing contractor",
    "wcb_account_number": "9001234567",
    "employer_wcb_account_number": "9001234567",
    "contact_email": "owner@prairieroofing.example",
    "email": "ana@prairieroofing.example",
    "given_name": "Ana",
    "family_name": "Silva",
    "birth_date": "1984-05-17",
    "start_date": "2019-04-01",
    "end_date": "2026-01-31",
    "completed_on": "2025-11-14",
    "expires_on": "2028-11-14",
    "audit_period_start": "2025-03-01",
    "audit_period_end": "2026-02-28",
    "received_on": "2026-03-02",
    "valid_from": "2026-03-10",
    "valid_until": "2029-03-09",
    "period_start": "2025-03-01",
    "period_end": "2026-02-28",
    "due_on": "2027-03-10",
    "send_on": "2027-02-08",
    "as_of": "2026-03-02",
    "external_id": "HSMS-00042",
    "course_code": "SECOR",
    "code": "SECOR",
    "element": "E01",
    "modified": "2026-02-27T09:30:00",
    "provider_record_id": "ACSA-2026-118734",
    "certificate_number": "ACSA-C-118734",
    "number": "SECOR-2026-000001-1",
    "member_number": "M-204518",
    "title": "Small Employer Certificate of Recognition (SECOR) course",
    "url": "https://hsms.example/hooks/secor",
    "name": "Acme HSMS",
    "note": "Well documented; element 4 sampled three workers.",
    "reason": "Documented in error by the employer.",
    "industry_code": "42300",
    "key": "2026-03",
    "label": "March 2026",
    "path": "01 Health and Safety Policy/policy-2026.pdf",
    "sha256": "9f2c1e0b7d4a5f6e8c3b2a1d0e9f8c7b6a5d4e3f2c1b0a9e8d7c6b5a4f3e2d1c",
    "hash": "9f2c1e0b7d4a5f6e8c3b2a1d0e9f8c7b6a5d4e3f2c1b0a9e8d7c6b5a4f3e2d1c",
    "prev_hash": "3b7e9c1a5d2f4e6b8a0c2e4f6a8b0d2e4f6a8c0e2b4d6f8a0c2e4f6b8d0a2c4e",
    "message": "The folder '04 Hazard Assessment' holds no document dated in the audit period.",
    "detail": "The package was received; intake is checking it.",
    "qa_analyst": "Quinn Ng",
    "by": "Quinn Ng",
    "reviewed_by": "Quinn Ng",
    "program": "SECOR",
    "version": "2026.1",
    "instrument_version": "2026.1",
    "qa_score": 86,
    "documentation_months": 12,
    "ordering_key": "emp_01JDQ3M8V6K2R4T9W1XZC5B7NA",
    "type": "completion.recorded",
    "public_key_pem": "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n"
    "-----END PUBLIC KEY-----\n",
    "key_id": "secor-2026",
    "algorithm": "Ed25519",
}

# Where a name means something else in one schema.
VALUES_BY_SCHEMA: dict[tuple[str, str], Any] = {
    ("Element", "code"): "E01",
    ("Element", "number"): 1,
    ("Element", "name"): "Health and Safety Policy",
    ("Element", "folder_name"): "01 Health and Safety Policy",
    ("Element", "aliases"): ["policy"],
    ("Element", "points"): 100,
    ("CheckPublic", "code"): "headcount",
    ("FailingCheckPublic", "code"): "training.management",
    ("Finding", "code"): "element_folder_empty",
}

# Whose id an object's `id` is, by its schema's title (less `Public`/`Created`).
_ID_OF = {
    "Employer": "employer_id",
    "Worker": "worker_id",
    "Submission": "submission_id",
    "Completion": "completion_id",
    "Provider": "provider_id",
    "Determination": "determination_id",
    "Correction": "correction_id",
    "Declaration": "declaration_id",
    "Addendum": "package_id",
    "ReceivedPackage": "package_id",
    "Accepted": "submission_id",
    "Event": "event_id",
    "ApiKey": "api_key_id",
    "Endpoint": "endpoint_id",
}

DATES = {"date": "2026-03-02", "date-time": "2026-03-02T17:04:05Z"}
FORMATS = {"email": "ana@prairieroofing.example", "uri": "https://secor.acsa.ca/problems/validation-failed"}


def exemplify(document: dict[str, Any]) -> None:
    """An `examples` entry on every JSON request body and every 2xx JSON answer that has none."""
    schemas = document["components"]["schemas"]
    for item in document["paths"].values():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            bodies = [operation.get("requestBody", {})]
            bodies += [a for s, a in operation.get("responses", {}).items() if s.startswith("2")]
            for body in bodies:
                media = body.get("content", {}).get("application/json")
                if media is not None and "schema" in media and "examples" not in media:
                    value = example_of(media["schema"], schemas)
                    media["examples"] = {EXAMPLE_NAME: {"summary": "A SECOR example", "value": value}}


def example_of(schema: dict[str, Any], schemas: dict[str, Any], name: str = "", depth: int = 0) -> Any:
    """A value valid against `schema`: its own example, the one for a field of this name, or a plain one."""
    if "$ref" in schema:
        return example_of(schemas[schema["$ref"].rsplit("/", 1)[-1]], schemas, name, depth)
    if schema.get("examples"):
        return schema["examples"][0]
    if "default" in schema:
        return schema["default"]  # an optional field as a client would usually leave it
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return schema["enum"][0]
    for union in ("anyOf", "oneOf"):
        if union in schema:
            options = [s for s in schema[union] if s.get("type") != "null"] or schema[union]
            return example_of(options[0], schemas, name, depth)
    if "allOf" in schema:
        return example_of(schema["allOf"][0], schemas, name, depth)
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        if depth > 12:
            return {}
        own_id = _ID_OF.get(schema.get("title", "").removesuffix("Public").removesuffix("Created"), "id")
        required = set(schema.get("required", ()))
        title = schema.get("title", "")
        return {
            prop: VALUES_BY_SCHEMA[(title, prop)]
            if (title, prop) in VALUES_BY_SCHEMA
            else None
            if prop not in required and _nullable(spec)
            else example_of(spec, schemas, own_id if prop == "id" else prop, depth + 1)
            for prop, spec in schema.get("properties", {}).items()
        }
    if kind == "array":
        if depth > 12 or "items" not in schema:
            return []
        return [example_of(schema["items"], schemas, name, depth + 1)] * max(1, schema.get("minItems", 1))
    if kind == "null":
        return None
    if kind == "boolean":
        return True
    if kind in ("integer", "number"):
        value = VALUES.get(name)
        if isinstance(value, int | float) and _in_bounds(value, schema):
            return value
        return _number(schema, kind)
    if kind == "string":
        value = VALUES.get(name)
        if schema.get("format") in DATES:
            return value if isinstance(value, str) else DATES[schema["format"]]
        if isinstance(value, str) and _fits(value, schema):
            return value
        if schema.get("format") in FORMATS:
            return FORMATS[schema["format"]]
        return _string(schema, name)
    return VALUES.get(name, "example")


def _nullable(schema: dict[str, Any]) -> bool:
    return any(option.get("type") == "null" for option in schema.get("anyOf", ()))


def _in_bounds(value: float, schema: dict[str, Any]) -> bool:
    return (
        value >= schema.get("minimum", value)
        and value <= schema.get("maximum", value)
        and value > schema.get("exclusiveMinimum", value - 1)
        and value < schema.get("exclusiveMaximum", value + 1)
    )


def _number(schema: dict[str, Any], kind: str) -> float:
    low = schema.get(
        "minimum", schema.get("exclusiveMinimum", 0) + (1 if "exclusiveMinimum" in schema else 0)
    )
    high = schema.get("maximum", schema.get("exclusiveMaximum", low + 2))
    value = max(low, min(1, high))
    return int(value) if kind == "integer" else float(value)


def _fits(value: str, schema: dict[str, Any]) -> bool:
    if not schema.get("minLength", 0) <= len(value) <= schema.get("maxLength", len(value)):
        return False
    pattern = schema.get("pattern")
    return pattern is None or re.search(pattern, value) is not None


def _string(schema: dict[str, Any], name: str) -> str:
    text = name.replace("_", " ") or "text"
    low = schema.get("minLength", 1)
    high = schema.get("maxLength", max(low, len(text)))
    if len(text) < low:
        text = text.ljust(low, "x")
    return text[:high]
