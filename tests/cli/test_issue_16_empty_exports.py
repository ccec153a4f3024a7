"""An export never publishes an empty calendar by accident; ``--from`` alone works."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events

from familycentre.cli import main
from familycentre.cli.export import one_year_from

EXAMPLE = Path(__file__).parents[2] / "examples" / "sonnenblume.toml"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        status = main(list(argv))
    except SystemExit as exc:
        status = int(exc.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def test_an_empty_store_is_refused_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "programme.ics"
    out.write_bytes(b"previous")
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    status, _, err = run(capsys, "export", "ical", "--store", url, "-o", str(out))
    assert status == 1
    assert "holds no centre" in err
    assert "--allow-empty" in err
    assert "written" not in err
    assert out.read_bytes() == b"previous"


def test_a_filter_that_matches_no_offer_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "programme.ics"
    status, _, err = run(
        capsys,
        *("export", "ical", str(EXAMPLE), "-o", str(out)),
        *("--category", "breakfast", "--audience", "seniors"),
    )
    assert status == 1
    assert "no offer matches the selection" in err
    assert "categories: breakfast" in err
    assert "audiences: seniors" in err
    assert not out.exists()


def test_allow_empty_writes_a_valid_empty_calendar(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "programme.ics"
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    status, _, err = run(capsys, "export", "ical", "--store", url, "-o", str(out), "--allow-empty")
    assert status == 0, err
    calendar = icalendar.Calendar.from_ical(out.read_bytes())
    assert calendar.walk("VEVENT") == []


def test_a_vcard_export_needs_partners(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "lonely.toml"
    data.write_text(
        '[centre]\nid = "einsam"\nname = "Einsam"\nkind = "family_centre"\n'
        'municipality = "Essen"\n',
        encoding="utf-8",
    )
    status, _, err = run(capsys, "export", "vcard", str(data), "-o", str(tmp_path / "p.vcf"))
    assert status == 1
    assert "holds no partner" in err


def test_from_alone_exports_one_year(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "programme.ics"
    status, _, err = run(
        capsys,
        "export",
        "ical",
        str(EXAMPLE),
        "-o",
        str(out),
        "--from",
        "2026-09-01",
        "--recurrence",
        "expand",
    )
    assert status == 0, err
    calendar = icalendar.Calendar.from_ical(out.read_bytes())
    events = recurring_ical_events.of(calendar).between(dt.date(2020, 1, 1), dt.date(2030, 1, 1))
    days = sorted(
        e["DTSTART"].dt.date() if isinstance(e["DTSTART"].dt, dt.datetime) else e["DTSTART"].dt
        for e in events
    )
    assert days[0] >= dt.date(2026, 9, 1)
    assert dt.date(2027, 8, 1) <= days[-1] <= dt.date(2027, 8, 31)


def test_one_year_from() -> None:
    assert one_year_from(dt.date(2026, 9, 1)) == dt.date(2027, 8, 31)
    assert one_year_from(dt.date(2028, 2, 29)) == dt.date(2029, 2, 28)
    assert one_year_from(dt.date(2026, 1, 1)) == dt.date(2026, 12, 31)
