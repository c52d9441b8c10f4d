"""One committed OpenAPI document for the whole public API: up to date with the code, served as committed,
complete (descriptions, access, statuses, examples), exact about who may call, and shown by pages that need no
internet."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import httpx
import jsonschema_rs
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.openapi import DOCUMENT_PATH
from gateway.openapi.merge import merge_openapi
from gateway.routes import is_public, upstream_for
from launcher.openapi import public_document_text
from shared.openapi import ACCESS, BINARY
from tests.helpers import auth, new_key

METHODS = ("get", "post", "put", "patch", "delete")
PLACEHOLDER = re.compile(r"\{[^}]+\}")


def committed() -> dict[str, Any]:
    return dict(json.loads(DOCUMENT_PATH.read_text(encoding="utf-8")))


def operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def public(method: str, path: str) -> bool:
    return is_public(method.upper(), PLACEHOLDER.sub("x", path))


class TestCommitted:
    def test_the_committed_document_is_what_the_code_says(self) -> None:
        assert DOCUMENT_PATH.read_text(encoding="utf-8") == public_document_text(), (
            "gateway/openapi/openapi.json differs from the code: run `make openapi` and commit the result"
        )

    async def test_the_gateway_serves_it_as_committed(self, api: httpx.AsyncClient) -> None:
        response = await api.get("/openapi.json")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/json")
        assert response.content == DOCUMENT_PATH.read_bytes()

    def test_operation_ids_are_unique_and_stable(self) -> None:
        ids = [op["operationId"] for _, _, op in operations(committed())]
        assert [i for i, n in Counter(ids).items() if n > 1] == []
        # Generated clients are named by these: renaming one breaks every integrator's code.
        for stable in (
            "get_me",
            "register_employer",
            "create_completion",
            "upload_package",
            "verify_certificate",
        ):
            assert stable in ids


class TestComplete:
    """What the issue asks of every operation, walked over the served document."""

    def test_every_operation_says_what_it_does_and_who_may_call(self) -> None:
        for path, method, op in operations(committed()):
            where = f"{method.upper()} {path}"
            what, _, who = op.get("description", "").partition("**Who may call:**")
            assert what.strip(), f"{where} has no description of what it does"
            assert who.strip(), f"{where} does not say who may call it"
            assert op.get("summary"), f"{where} has no summary"
            access = op[ACCESS]
            assert access["keys"], f"{where}: no kind of key may call it"

    def test_security_is_declared_as_the_gateway_enforces_it(self) -> None:
        for path, method, op in operations(committed()):
            expected: list[dict[str, list[str]]] = [] if public(method, path) else [{"apiKey": []}]
            assert op["security"] == expected, f"{method.upper()} {path}"
        assert committed()["components"]["securitySchemes"]["apiKey"]["scheme"] == "bearer"

    def test_every_status_it_can_answer_is_declared_as_a_problem(self) -> None:
        for path, method, op in operations(committed()):
            where = f"{method.upper()} {path}"
            wanted = {"400", "429", "503"}
            if not public(method, path):
                wanted |= {"401", "403"}
            if "{" in path:
                wanted.add("404")
            if method == "post":
                wanted.add("409")  # the same Idempotency-Key still running, if nothing else
            if "requestBody" in op:
                wanted |= {"413", "422"}
            if upstream_for(path):
                wanted |= {"502", "504"}
            responses = op["responses"]
            assert wanted <= set(responses), f"{where} lacks {sorted(wanted - set(responses))}"
            assert any(s.startswith("2") for s in responses), f"{where} has no success answer"
            for status, answer in responses.items():
                assert answer.get("description"), f"{where} {status}"
                if status[0] in "45":
                    schema = answer["content"]["application/problem+json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/Problem"}, f"{where} {status}"

    def test_every_post_declares_idempotency_key(self) -> None:
        for path, method, op in operations(committed()):
            names = [p["name"] for p in op.get("parameters", []) if p["in"] == "header"]
            assert (method == "post") == ("Idempotency-Key" in names), f"{method.upper()} {path}"

    def test_every_property_and_parameter_is_described(self) -> None:
        spec = committed()
        undescribed = [
            f"{name}.{prop}"
            for name, schema in spec["components"]["schemas"].items()
            for prop, spec_ in _properties(schema)
            if not spec_.get("description")
        ]
        for path, method, op in operations(spec):
            undescribed += [
                f"{method.upper()} {path} {p['in']} {p['name']}"
                for p in op.get("parameters", [])
                if not p.get("description")
            ]
            for media in op.get("requestBody", {}).get("content", {}).values():
                undescribed += [
                    f"{method.upper()} {path} body .{prop}"
                    for prop, s in _properties(media["schema"])
                    if not s.get("description")
                ]
        assert undescribed == []

    def test_every_json_body_and_success_answer_has_an_example_valid_against_its_schema(self) -> None:
        spec = committed()
        checked = 0
        for path, method, op in operations(spec):
            bodies = [("request", op.get("requestBody", {}))]
            bodies += [(s, a) for s, a in op["responses"].items() if s.startswith("2")]
            for which, body in bodies:
                media = body.get("content", {}).get("application/json")
                if media is None or "schema" not in media:
                    continue
                where = f"{method.upper()} {path} {which}"
                assert media.get("examples"), f"{where} has no example"
                validator = jsonschema_rs.validator_for({**media["schema"], "components": spec["components"]})
                for example in media["examples"].values():
                    errors = [e.message for e in validator.iter_errors(example["value"])]
                    assert errors == [], f"{where}: its example does not match its schema: {errors[:3]}"
                    checked += 1
        assert checked > 100

    def test_every_array_says_what_it_holds(self) -> None:
        untyped = [
            f"{name}.{prop}"
            for name, schema in committed()["components"]["schemas"].items()
            for prop, spec in _properties(schema)
            for option in [spec, *spec.get("anyOf", [])]
            if option.get("type") == "array" and not option.get("items")
        ]
        assert untyped == []

    def test_files_travel_as_octet_stream_which_generators_support(self) -> None:
        spec = committed()
        binary = {"type": "string", "format": "binary"}
        for path, method in (
            ("/v1/submissions/{submission_id}/package", "put"),
            ("/v1/submissions/{submission_id}/addenda", "post"),
            ("/v1/completions/import", "post"),
            ("/v1/certificates/import", "post"),
        ):
            content = spec["paths"][path][method]["requestBody"]["content"]
            assert content[BINARY]["schema"] == binary
            assert set(content) <= {BINARY, "application/json"}, f"{method} {path}: {set(content)}"
        download = spec["paths"]["/v1/submissions/{submission_id}/package"]["get"]["responses"]["200"]
        assert download["content"] == {BINARY: {"schema": binary}}


def _properties(schema: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for prop, spec in schema.get("properties", {}).items():
        yield prop, spec
        if isinstance(spec.get("items"), dict):
            yield from _properties(spec["items"])


KINDS: dict[str, dict[str, str | None]] = {
    "provider": {"kind": "provider"},
    "integrator": {"kind": "integrator"},
    "staff:admin": {"kind": "staff", "role": "admin"},
    "staff:qa_analyst": {"kind": "staff", "role": "qa_analyst"},
    "staff:viewer": {"kind": "staff", "role": "viewer"},
}


class TestAccessIsExact:
    """Each operation is called with a key of every kind, with its example body: exactly the kinds the document
    names get past the access check (its 403 for them, or anything else for the others, means the document is
    wrong)."""

    @pytest.fixture
    async def keys(self, engine: AsyncEngine) -> dict[str, str]:
        made = {}
        for name, spec in KINDS.items():
            made[name] = await new_key(
                engine,
                str(spec["kind"]),
                role=spec.get("role"),
                provider_id="prv_01JDQ2Z9X7V5T3R1P9N7L5J3GE" if spec["kind"] == "provider" else None,
                integrator_id="int_01JDQ2Y1W3U5S7Q9O1M3K5I7GC" if spec["kind"] == "integrator" else None,
            )
        return made

    async def test_every_kind_of_key_on_every_operation(
        self, api: httpx.AsyncClient, keys: dict[str, str]
    ) -> None:
        wrong: list[str] = []
        for path, method, op in operations(committed()):
            if public(method, path) or method == "delete":
                continue  # deletes are checked on the kinds refused only: a holder's call would delete
            url = PLACEHOLDER.sub("doc-check", path)
            for kind, key in keys.items():
                allowed = kind in op[ACCESS]["keys"]
                response = await api.request(
                    method.upper(), url, headers=auth(key) | _body_headers(op), content=_example_body(op)
                )
                # The access check's refusal names the scope; other 403s are about the record (a course the
                # provider is not approved for), past the access check.
                refused = response.status_code == 403 and "required_scope" in response.json()
                if allowed == refused:
                    wrong.append(
                        f"{method.upper()} {path} as {kind}: {response.status_code} {response.text[:200]}"
                    )
        assert wrong == [], "\n".join(wrong)

    async def test_deletes_refuse_the_kinds_not_named(
        self, api: httpx.AsyncClient, keys: dict[str, str]
    ) -> None:
        for path, method, op in operations(committed()):
            if method != "delete":
                continue
            for kind, key in keys.items():
                if kind not in op[ACCESS]["keys"]:
                    response = await api.delete(PLACEHOLDER.sub("doc-check", path), headers=auth(key))
                    assert response.status_code == 403, f"DELETE {path} as {kind}: {response.status_code}"
                    assert "required_scope" in response.json()


def _example_body(op: dict[str, Any]) -> bytes | None:
    """The operation's own example body, so that the call gets past validation to every check of the handler."""
    media = op.get("requestBody", {}).get("content", {}).get("application/json")
    if media is None:
        return None
    return json.dumps(next(iter(media["examples"].values()))["value"]).encode()


def _body_headers(op: dict[str, Any]) -> dict[str, str]:
    content = op.get("requestBody", {}).get("content", {})
    return {"content-type": "application/json"} if "application/json" in content else {}


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href") and value:
                self.urls.append(value)

    def handle_data(self, data: str) -> None:
        self.urls += re.findall(r"""(?:url|openapi_url)\W+['"]([^'"]+)""", data)


class TestPages:
    @pytest.mark.parametrize("page", ["/docs", "/redoc"])
    async def test_pages_load_everything_from_the_gateway(self, api: httpx.AsyncClient, page: str) -> None:
        response = await api.get(page)
        assert response.status_code == 200
        parser = _Assets()
        parser.feed(response.text)
        assert "/openapi.json" in response.text
        assets = [u for u in parser.urls if u != "/openapi.json"]
        assert assets, "the page loads no script"
        for url in assets:
            assert url.startswith("/docs-assets/"), f"{page} fetches {url} from outside the gateway"
            asset = await api.get(url)
            assert asset.status_code == 200 and len(asset.content) > 1000, url
        assert "fonts.googleapis" not in response.text and "cdn" not in response.text.lower()


class TestMerge:
    def test_conflicting_schema_names_are_prefixed(self) -> None:
        a = {
            "paths": {"/a": {"get": {"$ref": "#/components/schemas/Thing"}}},
            "components": {"schemas": {"Thing": {"type": "string"}}},
        }
        b = {
            "paths": {"/b": {"get": {"$ref": "#/components/schemas/Thing"}}},
            "components": {"schemas": {"Thing": {"type": "integer"}}},
        }
        merged = merge_openapi([("alpha", a), ("beta", b)], title="t", description="d", version="1")
        assert merged["components"]["schemas"]["Thing"] == {"type": "string"}
        assert merged["components"]["schemas"]["BetaThing"] == {"type": "integer", "title": "BetaThing"}
        assert merged["paths"]["/b"]["get"]["$ref"] == "#/components/schemas/BetaThing"
