"""The parts keep to their rooms: no service imports another service or the gateway, the gateway imports no
service, `shared/` imports no component, and only the launcher may import them all."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import ROOT

PACKAGES = ("shared", "gateway", "services", "launcher")


def component(module: str) -> str | None:
    """The component a dotted module name belongs to (`services.training` for any module under it)."""
    parts = module.split(".")
    if parts[0] == "services":
        return ".".join(parts[:2]) if len(parts) > 1 else "services"
    return parts[0] if parts[0] in PACKAGES else None


def module_name(path: Path, root: Path) -> str:
    relative = path.relative_to(root).with_suffix("")
    parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
    return ".".join(parts)


def imports_of(path: Path, root: Path) -> Iterator[tuple[int, str]]:
    """Every module the file imports, at any depth (imports inside functions count), relative ones resolved."""
    package = module_name(path, root).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            yield node.lineno, module


def may_import(importer: str, imported: str) -> bool:
    if importer == imported or imported == "shared":
        return True
    return importer == "launcher"


def violations(root: Path = ROOT) -> list[str]:
    found = []
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            importer = component(module_name(path, root))
            assert importer is not None
            for line, module in imports_of(path, root):
                imported = component(module)
                if imported is not None and not may_import(importer, imported):
                    found.append(f"{path.relative_to(root)}:{line} ({importer}) imports {module}")
    return found


class TestLayout:
    def test_no_part_imports_what_it_must_not(self) -> None:
        assert violations() == []

    @pytest.mark.parametrize(
        ("importer", "imported", "allowed"),
        [
            ("services.training", "services.eligibility", False),
            ("services.training", "gateway", False),
            ("services.training", "launcher", False),
            ("gateway", "services.submission", False),
            ("gateway", "launcher", False),
            ("shared", "gateway", False),
            ("shared", "services.training", False),
            ("services.training", "shared", True),
            ("gateway", "shared", True),
            ("launcher", "services.eligibility", True),
            ("launcher", "gateway", True),
        ],
    )
    def test_the_rule(self, importer: str, imported: str, allowed: bool) -> None:
        assert may_import(importer, imported) is allowed

    def test_finds_an_import_hidden_in_a_function(self, tmp_path: Path) -> None:
        (tmp_path / "gateway").mkdir()
        (tmp_path / "gateway" / "app.py").write_text(
            "def openapi():\n    from services.training.app import create_app\n    return create_app\n"
        )
        (tmp_path / "services" / "training").mkdir(parents=True)
        (tmp_path / "services" / "training" / "rules.py").write_text("from ...gateway import settings\n")
        for package in ("shared", "launcher"):
            (tmp_path / package).mkdir()
        assert violations(tmp_path) == [
            "gateway/app.py:2 (gateway) imports services.training.app",
            "services/training/rules.py:1 (services.training) imports gateway",
        ]
