"""`familycentre export`: files, stdout, bad input, atomic replacement."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import icalendar
import pytest
import vobject

from familycentre.cli import main

EXAMPLE = Path(__file__).parents[2] / "examples" / "sonnenblume.toml"
WINDOW = ["--from", "2026-09-01", "--to", "2027-08-31"]


def test_ical_and_vcard_files(tmp_path: Path) -> None:
    ics, vcf = tmp_path / "programme.ics", tmp_path / "partners.vcf"
    assert main(["export", "ical", str(EXAMPLE), "-o", str(ics), *WINDOW]) == 0
    assert main(["export", "vcard", str(EXAMPLE), "-o", str(vcf), "--vcard-version", "3.0"]) == 0
    assert icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    assert all(c.version.value == "3.0" for c in vobject.readComponents(vcf.read_text()))


def test_same_file_twice_is_byte_identical(tmp_path: Path) -> None:
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    assert main(["export", "ical", str(EXAMPLE), "-o", str(first), *WINDOW]) == 0
    assert main(["export", "ical", str(EXAMPLE), "-o", str(second), *WINDOW]) == 0
    assert first.read_bytes() == second.read_bytes()


def test_stdout(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert (
        main(["export", "ical", str(EXAMPLE), "-o", "-", *WINDOW, "--category", "breakfast"]) == 0
    )
    calendar = icalendar.Calendar.from_ical(capsysbinary.readouterr().out)
    assert {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")} == {"Familienfrühstück"}


def test_from_a_store(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fc.db'}"
    assert main(["load", str(EXAMPLE), "--store", url, "-q"]) == 0
    out = tmp_path / "programme.ics"
    assert main(["export", "ical", "--store", url, "-o", str(out), *WINDOW]) == 0
    assert len(icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")) >= 20


def test_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--list"]) == 0
    out = capsys.readouterr().out
    names = [line.split()[0] for line in out.splitlines() if not line.startswith(" ")]
    assert names == ["hsds", "html", "ical", "pdf", "vcard"]
    assert "-O layout=...: week (week grid" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "odt", str(EXAMPLE), "-o", "OUT"], "unknown exporter 'odt'"),
        (
            ["export", "ical", str(EXAMPLE), "-o", "OUT", "--centre", "nirgendwo"],
            "unknown centre 'nirgendwo'",
        ),
        (["export", "ical", str(EXAMPLE), "-o", "MISSING/OUT"], "cannot write"),
        (["export", "ical", str(EXAMPLE.with_name("nope.toml")), "-o", "OUT"], "no such file"),
        (
            ["export", "html", str(EXAMPLE), "-o", "OUT", "--lang", "xx"],
            "lang: no translation for 'xx': use one of de, en, tr, ar, uk",
        ),
        (
            ["export", "hsds", str(EXAMPLE), "-o", "OUT", "--lang", "fr"],
            "lang: no translation for 'fr'",
        ),
    ],
)
def test_errors_leave_no_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    target = tmp_path / "OUT"
    args = [str(tmp_path / a) if a in ("OUT", "MISSING/OUT") else a for a in args]
    assert main(args) == 1
    assert message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
    assert not target.exists()


def test_window_from_after_to_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as info:
        main(
            [
                "export",
                "ical",
                str(EXAMPLE),
                "-o",
                str(tmp_path / "x.ics"),
                "--from",
                "2027-01-01",
                "--to",
                "2026-01-01",
            ]
        )
    assert info.value.code == 2
    assert list(tmp_path.iterdir()) == []


def test_failed_export_keeps_the_previous_file(tmp_path: Path) -> None:
    out = tmp_path / "programme.ics"
    assert main(["export", "ical", str(EXAMPLE), "-o", str(out), *WINDOW]) == 0
    before = out.read_bytes()
    # school holidays of 2035 are not known: the export fails after it started writing
    assert (
        main(
            [
                "export",
                "ical",
                str(EXAMPLE),
                "-o",
                str(out),
                "--from",
                "2034-09-01",
                "--to",
                "2035-08-31",
            ]
        )
        == 1
    )
    assert out.read_bytes() == before
    # no temporary file left; the parts kept by the first export are all that lies beside
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".programme.ics.familycentre-parts",
        "programme.ics",
    ]


def test_no_traceback_in_a_subprocess(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "familycentre",
            "export",
            "ical",
            str(EXAMPLE),
            "-o",
            str(tmp_path / "missing" / "x.ics"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("familycentre: error: cannot write")


def test_exporter_options_on_the_command_line(tmp_path: Path) -> None:
    ics, vcf = tmp_path / "p.ics", tmp_path / "p.vcf"
    argv = ["export", "ical", str(EXAMPLE), "-o", str(ics), *WINDOW]
    assert main([*argv, "-O", "refresh=PT6H", "-O", "recurrence=expand"]) == 0
    calendar = icalendar.Calendar.from_ical(ics.read_bytes())
    assert str(calendar["REFRESH-INTERVAL"].to_ical().decode()) == "PT6H"
    assert not any("RRULE" in event for event in calendar.walk("VEVENT"))
    assert main(["export", "vcard", str(EXAMPLE), "-o", str(vcf), "-O", "centre_cards=no"]) == 0
    cards = list(vobject.readComponents(vcf.read_text()))
    assert cards
    assert all("Sonnenblume" not in card.fn.value for card in cards)
    assert main(["export", "vcard", str(EXAMPLE), "-o", str(vcf), "-O", "centre_cards=yes"]) == 0
    assert any("Sonnenblume" in c.fn.value for c in vobject.readComponents(vcf.read_text()))


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("recurrence=sometimes", "options.recurrence: must be one of rrule, list, expand"),
        ("colour=red", "options.colour: the exporter 'ical' has no such option"),
        ("refresh", "give an option as name=value"),
    ],
)
def test_bad_exporter_options_name_the_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], setting: str, message: str
) -> None:
    out = tmp_path / "p.ics"
    assert main(["export", "ical", str(EXAMPLE), "-o", str(out), "-O", setting]) == 1
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_a_plugin_exporters_options_are_set_from_the_command_line(
    tmp_path: Path, fc_plugin_manager: object
) -> None:
    from familycentre.export import Exporter, Option
    from familycentre.hookspecs import hookimpl

    class Counted(Exporter):
        name = "counted"
        title = "Offer count"
        media_type = "text/plain"
        suffix = ".txt"
        options = (Option("prefix", "text before the count", ""), Option("repeat", "times", 1))

        def write(self, source: object, options: object, stream: object) -> None:
            extra = options.extra  # type: ignore[attr-defined]
            count = len(source.records(__import__("familycentre").Offer))  # type: ignore[attr-defined]
            stream.write((f"{extra.get('prefix', '')}{count}\n" * extra.get("repeat", 1)).encode())  # type: ignore[attr-defined]

    class Plugin:
        @hookimpl
        def register_exporters(self, register: object) -> None:
            register(Counted)  # type: ignore[operator]

    fc_plugin_manager.register(Plugin(), name="counted-plugin")  # type: ignore[attr-defined]
    out = tmp_path / "count.txt"
    argv = ["export", "counted", str(EXAMPLE), "-o", str(out)]
    assert main([*argv, "-O", "prefix=Angebote: ", "-O", "repeat=2"]) == 0
    assert out.read_text().splitlines() == ["Angebote: 21", "Angebote: 21"]
    assert main([*argv, "-O", "repeat=zwei"]) == 1
