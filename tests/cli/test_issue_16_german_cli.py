"""The command line in German: locale, override, line numbers, directories, did you mean,
school holidays from iCal files, and week listings for a person."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import icalendar
import pytest

from familycentre.cli import main
from familycentre.cli.common import cli_language
from familycentre.cli.programme import week_arg

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "sonnenblume.toml"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        status = main(list(argv))
    except SystemExit as exc:
        status = int(exc.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize(
    ("argv", "environ", "expected"),
    [
        ((), {"LANG": "de_DE.UTF-8"}, "de"),
        ((), {"LANG": "en_GB.UTF-8"}, "en"),
        ((), {"LANG": "tr_TR.UTF-8"}, "en"),
        ((), {}, "en"),
        ((), {"LANGUAGE": "de:en", "LANG": "C"}, "de"),
        ((), {"LC_ALL": "de_AT.UTF-8", "LANG": "en_US"}, "de"),
        ((), {"LC_MESSAGES": "de_CH", "LANG": "en_US"}, "de"),
        ((), {"FAMILYCENTRE_LANG": "en", "LANG": "de_DE.UTF-8"}, "en"),
        (("--sprache", "de"), {"FAMILYCENTRE_LANG": "en"}, "de"),
        (("--language=en", "validate"), {"LANG": "de_DE.UTF-8"}, "en"),
    ],
)
def test_the_language_comes_from_the_locale_or_the_option(
    argv: tuple[str, ...], environ: dict[str, str], expected: str
) -> None:
    assert cli_language(argv, environ) == expected


def test_help_and_errors_in_german(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAMILYCENTRE_LANG", "de")
    status, out, _ = run(capsys, "--help")
    assert status == 0
    assert out.startswith("Aufruf: familycentre")
    assert "Datendateien prüfen und jeden Fehler melden" in out
    status, _, err = run(capsys, "exprot")
    assert status == 2
    assert "ungültige Auswahl: 'exprot'" in err
    assert "meinten Sie export?" in err


def test_a_mistyped_command_gets_did_you_mean_in_english(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, _, err = run(capsys, "exprot")
    assert status == 2
    assert "did you mean export?" in err


def test_validate_names_the_offer_and_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = EXAMPLE.read_text("utf-8")
    broken = text.replace(
        'monthly = ["first mon"]', 'monthly = ["first mon"]\nevery = 0', 1
    ).replace('category = "homework_supervision"', 'category = "homework"', 1)
    path = tmp_path / "sonnenblume.toml"
    path.write_text(broken, "utf-8")
    lines = broken.splitlines()
    every = lines.index("every = 0") + 1
    category = lines.index('category = "homework"') + 1
    status, _, err = run(capsys, "--sprache", "de", "validate", str(path))
    assert status == 1
    shown = err.splitlines()
    assert (
        f'{path}:{category}: Angebot "hausaufgaben": category: unbekannte Kategorie '
        in (shown[0][: len(f"{path}:{category}: ") + 60])
    )
    assert "unbekannte Kategorie 'homework'" in shown[0]
    (every_line,) = [line for line in shown if "every" in line]
    assert every_line.startswith(f'{path}:{every}: Angebot "')
    assert every_line.endswith(", Zeitplan 1: every: muss mindestens 1 sein, nicht 0")


def test_line_numbers_in_json_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    import familycentre as fc

    data = json.loads(fc.dumps(fc.load(EXAMPLE), "json"))
    data["partners"][2]["kind"] = "jugendamt"
    text = json.dumps(data, indent=2, ensure_ascii=False)
    path = tmp_path / "zentrum.json"
    path.write_text(text, "utf-8")
    status, _, err = run(capsys, "validate", str(path))
    assert status == 1
    line = text.splitlines().index('      "kind": "jugendamt",') + 1
    partner = data["partners"][2]["id"]
    assert err.startswith(f'{path}:{line}: partner "{partner}": kind: unknown partner kind')


def test_validate_a_directory_checks_its_data_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(EXAMPLE, tmp_path / "a.toml")
    (tmp_path / "b.toml").write_text("", "utf-8")
    (tmp_path / "notes.txt").write_text("not data", "utf-8")
    status, out, err = run(capsys, "validate", str(tmp_path))
    assert status == 1
    assert f"{tmp_path}: is a directory: checking its 2 data files" in err
    assert f"{tmp_path / 'a.toml'}: valid" in out
    assert f"{tmp_path / 'b.toml'}: the file is empty" in err
    empty = tmp_path / "empty"
    empty.mkdir()
    status, _, err = run(capsys, "validate", str(empty))
    assert status == 1
    assert "is a directory without data files" in err
    status, _, err = run(capsys, "occurrences", str(tmp_path))
    assert status == 1
    assert "is a directory, not a data file" in err


def holidays_ics(path: Path, periods: list[tuple[dt.date, dt.date, str]]) -> None:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//test//ferien//DE")
    calendar.add("version", "2.0")
    for index, (first, last, name) in enumerate(periods):
        event = icalendar.Event()
        event.add("uid", f"ferien-{index}@example.org")
        event.add("dtstamp", dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
        event.add("dtstart", first)
        event.add("dtend", last + dt.timedelta(days=1))
        event.add("summary", name)
        calendar.add_component(event)
    path.write_bytes(calendar.to_ical())


def test_a_data_file_names_its_school_holiday_and_closure_calendars(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    holidays_ics(
        tmp_path / "ferien-nrw.ics",
        [
            (dt.date(2030, 7, 15), dt.date(2030, 8, 27), "Sommerferien 2030"),
            (dt.date(2030, 10, 14), dt.date(2030, 10, 26), "Herbstferien 2030"),
        ],
    )
    holidays_ics(
        tmp_path / "schliesstage.ics",
        [(dt.date(2030, 9, 2), dt.date(2030, 9, 2), "Betriebsausflug")],
    )
    text = EXAMPLE.read_text("utf-8").replace(
        'timezone = "Europe/Berlin"',
        'timezone = "Europe/Berlin"\nschool_holidays = "ferien-nrw.ics"\n'
        'closure_calendars = ["schliesstage.ics"]',
        1,
    )
    (tmp_path / "zentrum.toml").write_text(text, "utf-8")
    status, out, err = run(
        capsys,
        "occurrences",
        str(tmp_path / "zentrum.toml"),
        "--from",
        "2030-08-26",
        "--to",
        "2030-09-02",
        "--lang",
        "de",
    )
    assert status == 0, err
    assert "Hausaufgabenbetreuung" in out  # a school day after the holidays: 28 August
    assert "Schulferien: Sommerferien 2030 – entfällt: Hausaufgabenbetreuung" in out
    assert "Zentrum geschlossen: Betriebsausflug – entfällt" in out
    # beyond the file's holidays the programme is not guessed
    status, _, err = run(
        capsys,
        "occurrences",
        str(tmp_path / "zentrum.toml"),
        "--from",
        "2030-12-01",
        "--to",
        "2030-12-07",
    )
    assert status == 1
    assert "known from 2030-07-15 to 2030-10-26" in err


def test_school_holidays_option_and_a_missing_calendar(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    holidays_ics(
        tmp_path / "ferien.ics", [(dt.date(2030, 7, 15), dt.date(2030, 8, 27), "Sommerferien")]
    )
    status, out, err = run(
        capsys,
        "occurrences",
        str(EXAMPLE),
        "--from",
        "2030-08-19",
        "--to",
        "2030-08-25",
        "--school-holidays",
        str(tmp_path / "ferien.ics"),
        "--lang",
        "de",
    )
    assert status == 0, err
    assert "Schulferien: Sommerferien – entfällt: Hausaufgabenbetreuung" in out
    text = EXAMPLE.read_text("utf-8").replace(
        'timezone = "Europe/Berlin"',
        'timezone = "Europe/Berlin"\nschool_holidays = "fehlt.ics"',
        1,
    )
    (tmp_path / "zentrum.toml").write_text(text, "utf-8")
    status, _, err = run(capsys, "validate", str(tmp_path / "zentrum.toml"))
    assert status == 1
    assert "centre.school_holidays:" in err
    assert "fehlt.ics: cannot read" in err


def test_week_words() -> None:
    today = dt.date.today()
    monday = today - dt.timedelta(days=today.weekday())
    assert week_arg("this") == week_arg("diese") == monday
    assert week_arg("next") == week_arg("nächste") == monday + dt.timedelta(weeks=1)
    assert week_arg("+2") == monday + dt.timedelta(weeks=2)
    assert week_arg("09.12.2026") == dt.date(2026, 12, 7)
    assert week_arg("2026-12-13") == dt.date(2026, 12, 7)


def test_occurrences_default_to_this_week_and_take_german_dates(
    capsys: pytest.CaptureFixture[str],
) -> None:
    today = dt.date.today()
    monday = today - dt.timedelta(days=today.weekday())
    sunday = monday + dt.timedelta(days=6)
    status, out, err = run(capsys, "occurrences", str(EXAMPLE), "--lang", "de")
    if status == 1:  # outside the years with school holiday data
        assert "school holidays" in err
    else:
        assert out.splitlines()[0].endswith(f"{monday:%d.%m.%Y} bis {sunday:%d.%m.%Y}")
    status, out, _ = run(
        capsys, "occurrences", str(EXAMPLE), "--from", "07.12.2026", "--lang", "de"
    )
    assert status == 0
    assert out.splitlines()[0].endswith("07.12.2026 bis 13.12.2026")
    status, out, _ = run(capsys, "occurrences", str(EXAMPLE), "--week", "2026-12-09")
    assert status == 0
    assert out.splitlines()[0].endswith("07.12.2026 to 13.12.2026")


def test_occurrences_refuse_an_empty_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'leer.db'}"
    status, _, err = run(capsys, "occurrences", "--store", url)
    assert status == 1
    assert "holds no centre" in err
    status, _out, _ = run(capsys, "occurrences", "--store", url, "--allow-empty")
    assert status == 0
