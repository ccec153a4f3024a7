"""``familycentre occurrences``: text and JSON output, and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from familycentre.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    argv = (*argv, "--lang", "de")  # the listing in German
    try:
        status = main(list(argv))
    except SystemExit as exc:  # argparse usage errors
        status = int(exc.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def test_text_week_by_week(capsys: pytest.CaptureFixture[str], example_path: Path) -> None:
    status, out, err = run(
        capsys, "occurrences", str(example_path), "--from", "2026-12-21", "--to", "2027-01-10"
    )
    assert status == 0, err
    lines = out.splitlines()
    assert lines[0] == "Mütterzentrum Sonnenblume e.V.: 21.12.2026 bis 10.01.2027"
    assert "Woche 52/2026 (Mo 21.12. – So 27.12.2026)" in lines
    assert "Woche 53/2026 (Mo 28.12. – So 03.01.2027)" in lines
    assert "  Di 22.12.  09:00–11:00  Familienfrühstück" in lines
    # the centre is closed from 23 December to 3 January: the Saturday shop too
    week_53 = lines[lines.index("Woche 53/2026 (Mo 28.12. – So 03.01.2027)") + 1 :]
    assert week_53[0].startswith(
        "  Mo 28.12.  –            Zentrum geschlossen: Weihnachten und Neujahr – entfällt: "
    )
    shop = "Secondhand-Laden „Kinderkiste“"
    closed = "Zentrum geschlossen: Weihnachten und Neujahr"
    assert f"  Sa 02.01.  –            {closed} – entfällt: {shop}" in lines
    assert f"  Sa 26.12.  –            Feiertag: Zweiter Weihnachtstag – entfällt: {shop}" in lines
    assert f"  Sa 02.01.  10:00–12:00  {shop}" not in lines
    assert "  Mo 04.01.  09:00–15:00  Ferienprogramm für Schulkinder" in lines


def test_all_day_in_text(capsys: pytest.CaptureFixture[str], example_path: Path) -> None:
    status, out, _ = run(
        capsys, "occurrences", str(example_path), "--from", "2026-11-28", "--to", "2026-11-28"
    )
    assert status == 0
    assert "  Sa 28.11.  ganztägig    Adventsbasar" in out.splitlines()


def test_json(capsys: pytest.CaptureFixture[str], example_path: Path) -> None:
    status, out, _ = run(
        capsys,
        "occurrences",
        str(example_path),
        "--from",
        "2026-10-10",
        "--to",
        "2026-10-10",
        "--format",
        "json",
        "--centre",
        "sonnenblume",
    )
    assert status == 0
    assert json.loads(out) == [
        {
            "offer": "erste-hilfe-kind",
            "centre": "sonnenblume",
            "title": "Erste Hilfe am Kind",
            "start": "2026-10-10T09:30:00+02:00",
            "end": "2026-10-10T13:30:00+02:00",
            "all_day": False,
        },
        {
            "offer": "secondhand-laden",
            "centre": "sonnenblume",
            "title": "Secondhand-Laden „Kinderkiste“",
            "start": "2026-10-10T10:00:00+02:00",
            "end": "2026-10-10T12:00:00+02:00",
            "all_day": False,
        },
        {
            "offer": "secondhand-laden",
            "centre": "sonnenblume",
            "title": "Secondhand-Laden „Kinderkiste“",
            "start": "2026-10-10T14:00:00+02:00",
            "end": "2026-10-10T16:00:00+02:00",
            "all_day": False,
        },
    ]


def test_empty_window(capsys: pytest.CaptureFixture[str], example_path: Path) -> None:
    status, out, _ = run(
        capsys, "occurrences", str(example_path), "--from", "2026-12-27", "--to", "2026-12-27"
    )
    assert status == 0
    assert out.splitlines()[-1] == "Keine Termine in diesem Zeitraum."
    status, out, _ = run(
        capsys,
        *("occurrences", str(example_path), "--from", "2026-12-27", "--to", "2026-12-27"),
        *("--format", "json"),
    )
    assert (status, json.loads(out)) == (0, [])


@pytest.mark.parametrize(
    ("argv", "status", "message"),
    [
        (["--from", "2026-10-10", "--to", "2026-10-01"], 2, "--to 2026-10-01 lies before --from"),
        (["--from", "2026-10-10", "--to", "bald"], 2, "bald is not a date like 2026-09-01"),
        (["--week", "next", "--from", "2026-10-10"], 2, "give either --week or --from/--to"),
        (["--from", "2026-01-01", "--to", "2040-01-01"], 2, "query at most ten years"),
        (["--from", "2026-01-01", "--to", "2026-01-31", "--format", "xml"], 2, "invalid choice"),
        (
            ["--from", "2026-01-01", "--to", "2026-01-31", "--centre", "mond"],
            1,
            "no centre 'mond'",
        ),
        (["--from", "2031-01-01", "--to", "2031-01-31"], 1, "school holidays of DE-NW are known"),
    ],
)
def test_bad_usage(
    capsys: pytest.CaptureFixture[str],
    example_path: Path,
    argv: list[str],
    status: int,
    message: str,
) -> None:
    got, out, err = run(capsys, "occurrences", str(example_path), *argv)
    assert got == status
    assert message in err
    assert "Traceback" not in err
    assert out == ""


def test_invalid_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[centre]\nid = "x"\n', encoding="utf-8")
    status, _out, err = run(
        capsys, "occurrences", str(bad), "--from", "2026-01-01", "--to", "2026-01-31"
    )
    assert status == 1
    assert f"{bad}:1: centre.name: is required" in err
    missing = tmp_path / "missing.toml"
    status, _, err = run(
        capsys, "occurrences", str(missing), "--from", "2026-01-01", "--to", "2026-01-31"
    )
    assert status == 1
    assert "no such file" in err


def test_json_is_the_indented_array_of_the_programme(
    capsys: pytest.CaptureFixture[str], example_path: Path
) -> None:
    """Streamed piece by piece, the output is what ``json.dumps`` gives for the whole list."""
    import datetime as dt

    import familycentre as fc
    from familycentre.schedule import occurrence_record, programme

    status, out, err = run(
        capsys,
        *("occurrences", str(example_path), "--from", "2026-09-01", "--to", "2026-12-31"),
        *("--format", "json"),
    )
    assert status == 0, err
    records = json.loads(out)
    assert out == json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    found = programme(fc.load(example_path), dt.date(2026, 9, 1), dt.date(2026, 12, 31))
    expected = [occurrence_record(o) for o in found]
    assert len(records) > 100

    def key(record: dict[str, object]) -> tuple[str, ...]:
        return (str(record["start"]), str(record["offer"]), str(record["end"]))

    assert sorted(records, key=key) == sorted(expected, key=key)
    starts = [dt.datetime.fromisoformat(record["start"]) for record in records]
    assert starts == sorted(starts)
