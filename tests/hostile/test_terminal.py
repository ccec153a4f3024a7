"""Data printed on a terminal shows invisible characters instead of obeying them."""

from __future__ import annotations

from pathlib import Path

from familycentre.terminal import printable
from tests.hostile.cases import BASE
from tests.hostile.test_catalogue import run


def test_printable_escapes_what_does_not_print() -> None:
    assert printable("Frühstück مركز") == "Frühstück مركز"
    assert printable("a\u202eb") == "a\\u202eb"
    assert printable("a\u200bb\nc\td") == "a\\u200bb\\nc\\td"
    assert printable("\x1b[2J") == "\\u001b[2J"
    assert printable("\U000e0041") == "\\U000e0041"


def test_occurrences_text_escapes_direction_overrides(tmp_path: Path) -> None:
    data = tmp_path / "c.toml"
    data.write_text(
        BASE.replace('title = "Familienfrühstück"', 'title = "Frühstück \\u202Eevil"'),
        encoding="utf-8",
    )
    status, out, err = run(
        ["occurrences", str(data), "--from", "2026-09-01", "--to", "2026-09-07"]
    )
    assert status == 0, err
    assert "Frühstück \\u202eevil" in out
    assert "\u202e" not in out
