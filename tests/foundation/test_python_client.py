"""The integrators' Python client in `clients/python/` is what openapi-python-client makes of the committed
document today, with no warning (no operation or answer it could not express)."""

from __future__ import annotations

from pathlib import Path

from gateway.openapi import DOCUMENT_PATH
from launcher.openapi import generate_client

CLIENT = Path(__file__).resolve().parents[2] / "clients" / "python"


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts and ".ruff_cache" not in p.parts
    }


class TestGeneratedClient:
    def test_generated_without_warnings_and_up_to_date(self, tmp_path: Path) -> None:
        generated = generate_client(DOCUMENT_PATH, tmp_path / "python")
        output = generated.stdout + generated.stderr
        assert generated.returncode == 0, output
        assert "Warning" not in output and "WARNING" not in output, output
        fresh, committed = _files(tmp_path / "python"), _files(CLIENT)
        assert sorted(fresh) == sorted(committed), (
            "files differ: run `make openapi` and commit clients/python"
        )
        stale = [name for name in fresh if fresh[name] != committed[name]]
        assert stale == [], f"clients/python is stale ({stale[:5]}): run `make openapi` and commit it"

    def test_every_operation_has_a_function(self) -> None:
        import json

        spec = json.loads(DOCUMENT_PATH.read_text())
        ids = {
            op["operationId"]
            for item in spec["paths"].values()
            for method, op in item.items()
            if method in ("get", "post", "put", "patch", "delete")
        }
        modules = {p.stem for p in (CLIENT / "secor_client" / "api").rglob("*.py") if p.stem != "__init__"}
        assert ids - modules == set(), "operations the client has no function for"
