"""The public API: every name in ``__all__`` resolves, and importing stays light."""

from __future__ import annotations

import subprocess
import sys

import pytest

import familycentre as fc


def test_every_public_name_resolves() -> None:
    for name in fc.__all__:
        assert getattr(fc, name) is not None, name
    assert set(fc._LAZY) | {"__version__"} == set(fc.__all__)


def test_from_import_works() -> None:
    from familycentre import Centre, load, open_store

    assert Centre.__name__ == "Centre"
    assert callable(load)
    assert callable(open_store)


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="NoSuchThing"):
        fc.NoSuchThing  # type: ignore[attr-defined]  # noqa: B018


def test_import_loads_nothing_heavy() -> None:
    code = (
        "import sys, familycentre; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('attr', 'attrs', 'cattrs', 'icalendar', 'phonenumbers', 'holidays', 'vobject', "
        "'sqlite3', 'pluggy') or m.startswith('familycentre.')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
