"""The public API's one OpenAPI document: built from the code by `secor openapi` (`make openapi`), committed as
`gateway/openapi/openapi.json`, and served by the gateway as it is."""

from __future__ import annotations

import json
from pathlib import Path

DOCUMENT_PATH = Path(__file__).with_name("openapi.json")


class PublicDocument:
    """The committed document's bytes, read once (the file does not change while the gateway runs)."""

    def __init__(self, path: Path = DOCUMENT_PATH) -> None:
        self._path = path
        self._bytes: bytes | None = None

    def json(self) -> bytes:
        if self._bytes is None:
            self._bytes = self._path.read_bytes()
        return self._bytes

    def path_templates(self) -> list[str]:
        """Every path the document describes (`/v1/employers/{employer_id}`): the routes the gateway forwards."""
        return list(json.loads(self.json()).get("paths", {}))
