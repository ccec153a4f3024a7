"""The plugin uses only familycentre's public API, as any third-party plugin must."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SOURCES = sorted((Path(__file__).parents[1] / "src" / "familycentre_postgres").rglob("*.py"))


def private_imports(source: str) -> list[str]:
    """Every import in ``source`` of a module or name that starts with an underscore.

    ``__future__`` is the one exception (``from __future__ import annotations``).
    """
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
            names: list[str] = []
        elif isinstance(node, ast.ImportFrom):
            if node.module == "__future__":
                continue
            modules = [("." * node.level) + (node.module or "")]
            names = [alias.name for alias in node.names]
        else:
            continue
        for module in modules:
            if any(part.startswith("_") for part in module.lstrip(".").split(".") if part):
                found.append(f"line {node.lineno}: module {module}")
        found += [f"line {node.lineno}: {name}" for name in names if name.startswith("_")]
    return found


def test_there_are_sources() -> None:
    assert len(SOURCES) >= 3


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: path.name)
def test_imports_nothing_private(path: Path) -> None:
    assert private_imports(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "source",
    [
        "from familycentre._x import y",
        "import familycentre._x",
        "from familycentre.model import _checks",
        "from familycentre.storage.base import _ID",
        "from ._private import thing",
    ],
)
def test_the_check_finds_private_imports(source: str) -> None:
    assert private_imports(source) != []


def test_the_check_accepts_public_imports() -> None:
    source = (
        "from __future__ import annotations\nimport familycentre\nfrom familycentre import Offer"
    )
    assert private_imports(source) == []
