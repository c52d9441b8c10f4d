"""One OpenAPI document for the whole public API, and the docs page that shows it."""

from __future__ import annotations

from collections import Counter

import httpx

from gateway.openapi import merge_openapi


class TestMerged:
    async def test_public_and_complete(self, api: httpx.AsyncClient) -> None:
        response = await api.get("/openapi.json")
        assert response.status_code == 200
        spec = response.json()
        assert spec["openapi"].startswith("3.")
        assert "/v1/me" in spec["paths"] and "/v1/api-keys" in spec["paths"]
        assert "Problem" in spec["components"]["schemas"]
        assert "HTTPValidationError" not in spec["components"]["schemas"]
        assert spec["components"]["securitySchemes"]["apiKey"]["scheme"] == "bearer"

    async def test_operation_ids_are_unique_and_stable(self, api: httpx.AsyncClient) -> None:
        spec = (await api.get("/openapi.json")).json()
        ids = [
            op["operationId"]
            for item in spec["paths"].values()
            for op in item.values()
            if "operationId" in op
        ]
        assert ids, "no operations"
        assert [i for i, n in Counter(ids).items() if n > 1] == []
        assert "get_me" in ids

    async def test_validation_errors_are_documented_as_problems(self, api: httpx.AsyncClient) -> None:
        spec = (await api.get("/openapi.json")).json()
        create = spec["paths"]["/v1/api-keys"]["post"]
        assert create["responses"]["422"]["content"]["application/problem+json"]
        assert create["security"] == [{"apiKey": []}]

    async def test_docs_page(self, api: httpx.AsyncClient) -> None:
        response = await api.get("/docs")
        assert response.status_code == 200
        assert "/openapi.json" in response.text


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
        assert merged["components"]["schemas"]["BetaThing"] == {"type": "integer"}
        assert merged["paths"]["/b"]["get"]["$ref"] == "#/components/schemas/BetaThing"
