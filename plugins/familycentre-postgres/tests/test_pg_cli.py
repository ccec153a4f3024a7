"""The command line with a PostgreSQL store: load a data file, export from the store."""

from __future__ import annotations

from pathlib import Path

import icalendar
import pytest
import vobject

from familycentre.cli import main
from familycentre.storage import Store

EXAMPLE = Path(__file__).parents[3] / "examples" / "sonnenblume.toml"
WINDOW = ["--from", "2026-09-01", "--to", "2026-12-31"]


def test_load_and_export(
    pg_store: Store, pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["load", str(EXAMPLE), "--store", pg_url]) == 0
    assert "***" in capsys.readouterr().out or "@" not in pg_url  # no password printed
    assert main(["load", "-q", str(EXAMPLE), "--store", pg_url]) == 0  # unchanged
    assert {r.revision for r in pg_store.records(type(pg_store.offers()[0]))} == {1}
    programme, partners = tmp_path / "programme.ics", tmp_path / "partners.vcf"
    assert main(["export", "ical", "--store", pg_url, "-o", str(programme), *WINDOW]) == 0
    assert main(["export", "vcard", "--store", pg_url, "-o", str(partners)]) == 0
    calendar = icalendar.Calendar.from_ical(programme.read_bytes())
    assert len(calendar.walk("VEVENT")) >= 15
    assert len(list(vobject.readComponents(partners.read_text("utf-8")))) >= 8
    # the same export from the data file itself
    from_file = tmp_path / "from-file.ics"
    assert main(["export", "ical", str(EXAMPLE), "-o", str(from_file), *WINDOW]) == 0
    events = {str(e["UID"]) for e in calendar.walk("VEVENT")}
    expected = icalendar.Calendar.from_ical(from_file.read_bytes()).walk("VEVENT")
    assert events == {str(e["UID"]) for e in expected}
