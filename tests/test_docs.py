"""The docs keep up with the code: every hook has a section with its exact signature."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from familycentre import hookspecs

ROOT = Path(__file__).resolve().parent.parent
HOOKS_MD = ROOT / "docs" / "reference" / "hooks.md"


def hook_specs() -> dict[str, str]:
    """Every hook with its signature as documented: ``name(arg1, arg2)``."""
    specs = {}
    for name, function in vars(hookspecs).items():
        if callable(function) and hasattr(function, "familycentre_spec"):
            parameters = ", ".join(inspect.signature(function).parameters)
            specs[name] = f"{name}({parameters})"
    return specs


def documented() -> list[str]:
    text = HOOKS_MD.read_text(encoding="utf-8")
    return re.findall(r"^## (\S+\(.*\))$", text, flags=re.MULTILINE)


def test_there_are_hooks() -> None:
    assert {"register_storage_backends", "register_exporters", "record_changed"} <= set(
        hook_specs()
    )


@pytest.mark.parametrize("hook", sorted(hook_specs()))
def test_every_hook_has_a_section_with_its_exact_signature(hook: str) -> None:
    assert hook_specs()[hook] in documented(), (
        f"docs/reference/hooks.md needs a section '## {hook_specs()[hook]}'"
    )


def test_no_section_for_a_hook_that_does_not_exist() -> None:
    assert sorted(set(documented()) - set(hook_specs().values())) == []


def test_new_pages_are_in_the_toctree() -> None:
    index = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    for page in ("how-to/plugin-guide", "reference/hooks", "reference/storage"):
        assert page in index
