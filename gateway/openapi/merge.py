"""One OpenAPI document for the whole public API, merged from the gateway's and each service's own."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable
from typing import Any

from shared.openapi import add_problems

REF_PREFIX = "#/components/schemas/"


def _rename_refs(node: Any, renames: dict[str, str]) -> Any:
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith(REF_PREFIX):
                name = value[len(REF_PREFIX) :]
                out[key] = REF_PREFIX + renames.get(name, name)
            else:
                out[key] = _rename_refs(value, renames)
        return out
    if isinstance(node, list):
        return [_rename_refs(v, renames) for v in node]
    return node


def merge_openapi(
    specs: Iterable[tuple[str, dict[str, Any]]], *, title: str, description: str, version: str
) -> dict[str, Any]:
    """Merge paths and schemas; a schema name two services define differently is prefixed by its service."""
    merged: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": title, "description": description, "version": version},
        "paths": {},
        "components": {"schemas": {}},
        "tags": [],
    }
    schemas: dict[str, Any] = merged["components"]["schemas"]
    for service, original in specs:
        spec = copy.deepcopy(original)
        own = spec.get("components", {}).get("schemas", {})
        renames = {
            name: f"{service.title()}{name}"
            for name, schema in own.items()
            if name in schemas
            and json.dumps(schemas[name], sort_keys=True) != json.dumps(schema, sort_keys=True)
        }
        spec = _rename_refs(spec, renames)
        for name, schema in spec.get("components", {}).get("schemas", {}).items():
            if name in renames:
                # Generators name models by title: a renamed schema keeps no clashing title.
                schema = {**schema, "title": renames[name]}
            schemas.setdefault(renames.get(name, name), schema)
        for path, item in spec.get("paths", {}).items():
            if path in merged["paths"]:
                raise ValueError(f"{path} is defined by two components")
            merged["paths"][path] = item
        for tag in spec.get("tags", []):
            if tag not in merged["tags"]:
                merged["tags"].append(tag)
    merged["paths"] = dict(sorted(merged["paths"].items()))
    merged["components"]["schemas"] = dict(sorted(schemas.items()))
    add_problems(merged)
    return merged
