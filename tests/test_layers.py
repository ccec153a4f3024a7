"""The house without circles: layers, import direction and protected members.

The rule (docs/explanation/design.md): every import, at module level, inside a
function or under ``TYPE_CHECKING``, points to the same layer or one below; no
module reaches a protected member (``obj._name``) that its own module does not
define; and the modules' runtime imports form no circle, counting the implicit
import of a package's ``__init__`` when one of its modules is imported.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
PLUGIN_SOURCES = [
    ROOT / "plugins" / "familycentre-postgres" / "src",
    ROOT / "plugins" / "familycentre-example-store" / "src",
]

LAYERS: dict[str, int] = {
    "familycentre._version": 1,
    "familycentre.errors": 1,
    "familycentre.dates": 1,
    "familycentre.terminal": 1,
    "familycentre.taxonomy": 1,
    "familycentre.i18n": 1,
    "familycentre.model": 2,
    "familycentre.schedule": 3,
    "familycentre.serialization": 3,
    "familycentre.files": 3,
    "familycentre.chromium": 3,
    "familycentre.tally": 3,
    "familycentre.hookspecs": 4,
    "familycentre.plugins": 4,
    "familycentre.storage": 4,
    "familycentre.referrals": 5,
    "familycentre.export": 5,
    "familycentre.report": 5,
    "familycentre.serve": 6,
    "familycentre.testing": 6,
    "familycentre.cli": 7,
    "familycentre.__main__": 8,
    "familycentre": 8,  # the public API table: it may name everything
}


def layer_of(module: str) -> int:
    """The layer of a module: the longest prefix in :data:`LAYERS`."""
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        prefix = ".".join(parts[:end])
        if prefix in LAYERS:
            return LAYERS[prefix]
    raise AssertionError(f"{module} belongs to no layer: add it to LAYERS and to design.md")


def modules(root: Path) -> dict[str, Path]:
    """Every module below ``root``, by dotted name."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


SOURCE = modules(SRC / "familycentre" / "..")
OWN = {name: path for name, path in SOURCE.items() if name.split(".")[0] == "familycentre"}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports(module: str, path: Path) -> Iterator[tuple[str, int, bool]]:
    """``(imported module, line, runtime)`` for every import of familycentre in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    typing_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            for inner in node.body:
                for sub in ast.walk(inner):
                    typing_only.add(id(sub))
    for node in ast.walk(tree):
        runtime = id(node) not in typing_only
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "familycentre":
                    yield alias.name, node.lineno, runtime
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            if base.split(".")[0] != "familycentre":
                continue
            for alias in node.names:
                target = f"{base}.{alias.name}"
                yield (target if target in OWN else base), node.lineno, runtime


def graph(runtime_only: bool) -> dict[str, set[str]]:
    """The import graph of the library's modules, with each package's implicit import."""
    edges: dict[str, set[str]] = {name: set() for name in OWN}
    for name, path in OWN.items():
        for target, _, runtime in imports(name, path):
            if runtime or not runtime_only:
                edges[name].add(target)
        for target in list(edges[name]):  # importing a.b.c runs a and a.b first
            parts = target.split(".")
            for end in range(1, len(parts)):
                parent = ".".join(parts[:end])
                if parent in OWN and parent != name and not name.startswith(parent + "."):
                    edges[name].add(parent)
    return edges


def strongly_connected(edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm: the components with more than one module (the circles)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                component.append(item)
                if item == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_every_module_has_a_layer() -> None:
    for name in OWN:
        layer_of(name)


def test_imports_point_down() -> None:
    upward = []
    for name, path in OWN.items():
        for target, line, _ in imports(name, path):
            if target == "familycentre" and name != "familycentre":
                upward.append(f"{path.relative_to(ROOT)}:{line}: imports the package root")
            elif layer_of(target) > layer_of(name):
                upward.append(
                    f"{path.relative_to(ROOT)}:{line}: {name} (layer {layer_of(name)}) imports "
                    f"{target} (layer {layer_of(target)})"
                )
    assert upward == []


def test_no_import_circles() -> None:
    edges = graph(runtime_only=True)
    assert "familycentre.storage.base" in edges["familycentre.storage.store"]  # it sees imports
    assert "familycentre.storage" in edges["familycentre.cli.data"]
    assert strongly_connected(edges) == []


def test_the_old_circles_would_be_found() -> None:
    edges = graph(runtime_only=True)
    edges["familycentre.model.offer"].add("familycentre.schedule")  # Offer.occurrences
    assert strongly_connected(edges) != []


def test_the_check_finds_a_circle() -> None:
    assert strongly_connected({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [
        ["a", "b", "c"]
    ]


def test_model_imports_nothing_above_it() -> None:
    for name, path in OWN.items():
        if name.startswith("familycentre.model"):
            assert all(layer_of(t) <= 2 for t, _, _ in imports(name, path)), name


def test_nothing_in_the_library_imports_the_command_line() -> None:
    for name, path in OWN.items():
        if not name.startswith(("familycentre.cli", "familycentre.__main__")):
            assert all(not t.startswith("familycentre.cli") for t, _, _ in imports(name, path))


def _defined_names(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.attr)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


NAMEDTUPLE_API = {"_replace", "_asdict", "_fields", "_make"}
"""Public methods of named tuples that begin with an underscore to avoid clashes."""


def protected_uses(path: Path) -> list[str]:
    """``obj._name`` where ``obj`` is not ``self``/``cls`` and the module does not define it."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    own = _defined_names(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        name = node.attr
        if not name.startswith("_") or name.startswith("__"):
            continue
        if isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
            continue
        if name in own or name in NAMEDTUPLE_API:
            continue
        found.append(f"{path}:{node.lineno}: {ast.unparse(node)}")
    return found


@pytest.mark.parametrize("root", [SRC, *PLUGIN_SOURCES], ids=lambda p: p.parent.name)
def test_no_protected_member_of_another_module(root: Path) -> None:
    problems = [use for path in sorted(root.rglob("*.py")) for use in protected_uses(path)]
    assert problems == []


def test_the_protected_check_finds_a_use(tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_text("def f(store):\n    return store._insert\n", encoding="utf-8")
    assert len(protected_uses(path)) == 1
    path.write_text("class A:\n    def _x(self): ...\ndef f(a):\n    return a._x\n")
    assert protected_uses(path) == []
