"""Tally sheets: the example year imports; every bad sheet is refused whole, clearly."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

import familycentre as fc
from familycentre.cli import main
from familycentre.tally import SHEETS, kind_from_name, parse_tally, read_tally

ROOT = Path(__file__).resolve().parents[2]
TALLY = ROOT / "examples" / "tally"
OFFERS = {offer.id for offer in fc.load(ROOT / "examples" / "sonnenblume.toml").offers}


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path}/fc.db"
    assert main(["load", "-q", "--store", url, str(ROOT / "examples" / "sonnenblume.toml")]) == 0
    return url


def rows_of(path: Path) -> list[dict[str, str]]:
    """The sheet read with the csv module alone (the test's own reading)."""
    text = path.read_text("utf-8-sig")
    delimiter = ";" if text.splitlines()[0].count(";") else ","
    return list(csv.DictReader(text.splitlines(), delimiter=delimiter))


def sheet(tmp_path: Path, name: str, text: str, *, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def problems(exc: pytest.ExceptionInfo[fc.TallyError]) -> list[str]:
    return str(exc.value).splitlines()


# --- the example year ----------------------------------------------------------------------


def test_every_example_sheet_reads(store_url: str) -> None:
    for path in sorted(TALLY.glob("*.csv")):
        year = 2025 if "2025" in path.name else 2026
        data = read_tally(path, centre="sonnenblume", year=year, offers=OFFERS)
        lines = [row for row in rows_of(path) if any(row.values())]
        assert len(data) == len(lines), path.name


def test_example_attendance_matches_the_sheet() -> None:
    path = TALLY / "teilnahme-2026.csv"
    data = read_tally(path, centre="sonnenblume", year=2026, offers=OFFERS)
    rows = rows_of(path)
    assert sum(a.participants for a in data.attendance) == sum(
        int(r["Teilnehmende"]) for r in rows
    )
    first = rows[0]
    day, month, year = (int(x) for x in first["Datum"].split("."))
    record = next(
        a
        for a in data.attendance
        if a.date == dt.date(year, month, day) and a.offer == first["Angebot"]
    )
    assert record.participants == int(first["Teilnehmende"])
    children = [r for r in rows if r["Kinder"]]
    assert sum(a.audience(fc.Audience.CHILDREN) or 0 for a in data.attendance) == sum(
        int(r["Kinder"]) for r in children
    )


def test_import_through_the_command_twice_changes_nothing(
    store_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [str(p) for p in sorted(TALLY.glob("*-2026.csv"))] + [str(TALLY / "kooperationen.csv")]
    args = ["record", "import", "--store", store_url, "--centre", "sonnenblume", "--year", "2026"]
    assert main([*args, *files]) == 0
    added = capsys.readouterr().out
    assert main([*args, *files]) == 0
    again = capsys.readouterr().out
    total = sum(len([r for r in rows_of(Path(f)) if any(r.values())]) for f in files)
    assert f"{total} added, 0 updated, 0 unchanged" in added
    assert f"0 added, 0 updated, {total} unchanged" in again
    with fc.open_store(store_url) as store:
        assert len(store.activities(fc.Attendance, year=2026)) == len(
            rows_of(TALLY / "teilnahme-2026.csv")
        )


# --- bad sheets: one clear error, nothing imported ------------------------------------------


def test_excel_semicolon_csv_with_bom_and_german_headers() -> None:
    text = (
        "\ufeffDatum;Art;Fälle;Stunden;Anlass\r\n"
        "02.03.2026;Haushaltshilfe im Notfall;2;3,5;Gesundheit\r\n"
    )
    data = parse_tally(text.encode("utf-8"), kind="help", centre="c", year=2026)
    (case,) = data.help
    assert (case.kind, case.cases, case.hours, case.need) == (
        fc.HelpKind.HOUSEHOLD_HELP,
        2,
        3.5,
        fc.Need.HEALTH,
    )


def test_wrong_columns(tmp_path: Path) -> None:
    path = sheet(tmp_path, "teilnahme.csv", "Datum,Angebott,Teilnehmer\n2026-03-02,x,3\n")
    with pytest.raises(fc.TallyError) as info:
        read_tally(path, centre="c", year=2026)
    found = problems(info)
    assert f"{path}, line 1, column 2 (Angebott): unknown column" in found[0]
    assert "did you mean 'Angebot'" in found[0]
    assert "line 1, column 3 (Teilnehmer)" in found[1]
    assert any("the column 'offer' (Angebot) is missing" in p for p in found)


def test_unknown_offer(tmp_path: Path) -> None:
    path = sheet(tmp_path, "teilnahme.csv", "Datum;Angebot;Teilnehmende\n02.03.2026;yoga;5\n")
    with pytest.raises(fc.TallyError) as info:
        read_tally(path, centre="sonnenblume", year=2026, offers=OFFERS)
    assert problems(info) == [
        f"{path}, line 2, column 2 (Angebot): the centre 'sonnenblume' has no offer 'yoga' "
        f"(its offers: {', '.join(sorted(OFFERS))})"
    ]


def test_negative_count(tmp_path: Path) -> None:
    path = sheet(tmp_path, "attendance.csv", "date,offer,participants\n2026-03-02,x,-4\n")
    with pytest.raises(fc.TallyError) as info:
        read_tally(path, centre="c", year=2026)
    assert problems(info) == [
        f"{path}, line 2, column 3 (participants): must not be negative, not -4"
    ]


def test_date_outside_the_year(tmp_path: Path) -> None:
    path = sheet(tmp_path, "hilfe.csv", "Datum;Art\n31.12.2025;laundry\n01.01.2026;laundry\n")
    with pytest.raises(fc.TallyError) as info:
        read_tally(path, centre="c", year=2026)
    assert problems(info) == [
        f"{path}, line 2, column 1 (Datum): 2025-12-31 lies outside the year 2026"
    ]


def test_duplicate_rows(tmp_path: Path) -> None:
    text = (
        "Datum;Angebot;Teilnehmende;Zeitraum\n"
        "02.03.2026;x;5;\n03.03.2026;x;5;\n02.03.2026;x;7;Tag\n"
    )
    path = sheet(tmp_path, "teilnahme.csv", text)
    with pytest.raises(fc.TallyError) as info:
        read_tally(path, centre="c", year=2026)
    (found,) = problems(info)
    assert found.startswith(f"{path}, line 4: repeats line 2")


def test_a_short_line_has_its_missing_cells_empty(tmp_path: Path) -> None:
    # a line that stops before the last columns (hand-edited sheets do) names the empty
    # required cell, as when the cell is there and empty
    text = "Datum;Angebot;Teilnehmende\n02.03.2026;x\n03.03.2026;x;\n04.03.2026\n"
    path = sheet(tmp_path, "teilnahme.csv", text)
    with pytest.raises(fc.TallyError) as info:
        read_tally(path, centre="c", year=2026)
    assert problems(info) == [
        f"{path}, line 2, column 3 (Teilnehmende): is empty",
        f"{path}, line 3, column 3 (Teilnehmende): is empty",
        f"{path}, line 4, column 2 (Angebot): is empty",
        f"{path}, line 4, column 3 (Teilnehmende): is empty",
    ]


def test_not_utf8(tmp_path: Path) -> None:
    path = sheet(
        tmp_path, "hilfe.csv", "Datum;Art;Fälle\n02.03.2026;laundry;1\n", encoding="cp1252"
    )
    with pytest.raises(fc.TallyError) as info:
        read_tally(path, centre="c", year=2026)
    (found,) = problems(info)
    assert found.startswith(f"{path}, line 1: not UTF-8 text (byte 0xe4)")
    assert "CSV UTF-8" in found


def test_bad_values_each_named_with_line_and_column(tmp_path: Path) -> None:
    text = (
        "date,kind,cases,hours,need\n"
        "2026-02-30,laundry,1,,\n"
        "2026-03-02,lauundry,x,1;5,\n"
        "2026-03-03,laundry,0,,\n"
    )
    path = sheet(tmp_path, "help.csv", text)
    with pytest.raises(fc.TallyError) as info:
        read_tally(path, centre="c", year=2026)
    found = problems(info)
    assert (
        found[0] == f"{path}, line 2, column 1 (date): '2026-02-30' is not a date of the calendar"
    )
    assert found[1].startswith(f"{path}, line 3, column 2 (kind): 'lauundry' is not known here")
    assert found[2] == f"{path}, line 3, column 3 (cases): 'x' is not a whole number"
    assert found[3].startswith(f"{path}, line 3, column 4 (hours): '1;5' is not a number")
    assert found[4] == f"{path}, line 4, column 3 (cases): must be at least 1, not 0"
    assert len(found) == 5


def test_a_bad_file_imports_nothing_not_even_the_good_ones(
    store_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = sheet(tmp_path, "hilfe-2026.csv", "Datum;Art;Fälle\n02.03.2026;laundry;-1\n")
    args = ["record", "import", "--store", store_url, "--centre", "sonnenblume", "--year", "2026"]
    assert main([*args, str(TALLY / "teilnahme-2026.csv"), str(bad)]) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert f"{bad}, line 2, column 3 (Fälle): must not be negative" in captured.err
    assert "nothing was imported" in captured.err
    with fc.open_store(store_url) as store:
        assert store.activities(fc.Attendance) == []


def test_kind_from_the_file_name(tmp_path: Path) -> None:
    assert kind_from_name("Teilnahme_2026.csv") == "attendance"
    assert kind_from_name("familien-erreicht-2026.csv") == "families_reached"
    assert kind_from_name("network-meetings.csv") == "network_meetings"
    assert kind_from_name("liste.csv") is None
    path = sheet(tmp_path, "liste.csv", "date\n")
    with pytest.raises(fc.TallyError, match="does not say which tally sheet"):
        read_tally(path, centre="c", year=2026)
    assert set(SHEETS) == set(fc.ActivityData.__annotations__) - {"centre"}


# --- one record from the command line --------------------------------------------------------


def test_record_one_count(store_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["record", "attendance", "--store", store_url, "--centre", "sonnenblume"]
    one = [*args, "--offer", "fruehstueck", "--date", "02.03.2026", "--participants", "12"]
    assert main([*one, "--audience", "Kinder=4", "--audience", "seniors=2"]) == 0
    assert main(one) == 1
    assert "pass --replace" in capsys.readouterr().err
    assert main([*one, "--replace"]) == 0
    assert "replaced (revision 2)" in capsys.readouterr().out
    assert main([*args, "--offer", "yoga", "--date", "2026-03-02", "--participants", "-1"]) == 1
    err = capsys.readouterr().err
    assert "--participants: must not be negative, not -1" in err
    assert "--offer: the centre 'sonnenblume' has no offer 'yoga'" in err
    with fc.open_store(store_url) as store:
        (record,) = store.activities(fc.Attendance)
    assert (record.participants, record.audiences) == (12, ())
    help_args = ["record", "help", "--store", store_url, "--centre", "sonnenblume"]
    assert (
        main([*help_args, "--date", "2026-03-03", "--kind", "Fahrdienst", "--hours", "1,5"]) == 0
    )
    with fc.open_store(store_url) as store:
        (case,) = store.activities(fc.HelpCase)
    assert (case.kind, case.cases, case.hours) == (fc.HelpKind.TRANSPORT_RIDE, 1, 1.5)
    assert main([*help_args, "--date", "2026-03-03", "--kind", "laundry", "--centre", "x"]) == 1
    assert "there is no centre 'x'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("command", "options", "kind", "expected"),
    [
        (
            "counselling",
            ["--date", "2026-03-01", "--period", "Monat", "--kind", "peer_talk", "--topic",
             "Erziehungsfragen", "--count", "7"],
            fc.CounsellingContact,
            {"count": 7, "topic": fc.Need.PARENTING, "period": fc.Period.MONTH},
        ),
        (
            "engagement",
            ["--month", "03.2026", "--field", "Mittagstisch", "--volunteers", "6", "--hours",
             "40,5", "--age", "65 und älter=2"],
            fc.Engagement,
            {"volunteers": 6, "hours": 40.5, "age_groups": (fc.AgeCount("65_plus", 2),)},
        ),
        (
            "participation",
            ["--date", "2026-05-12", "--body", "Stadtteilkonferenz", "--event", "Nord",
             "--families", "4"],
            fc.Participation,
            {"families": 4, "body": fc.Body.DISTRICT_CONFERENCE},
        ),
        (
            "cooperation",
            ["--partner", "kita-regenbogen", "--subject", "Elternabende", "--since",
             "01.08.2021"],
            fc.Cooperation,
            {"since": dt.date(2021, 8, 1), "until": None},
        ),
        (
            "meeting",
            ["--date", "2026-02-03", "--role", "hosted", "--title", "Frühe Hilfen",
             "--organisations", "9"],
            fc.NetworkMeeting,
            {"organisations": 9, "role": fc.MeetingRole.HOSTED},
        ),
        (
            "demand",
            ["--date", "2026-02-10", "--kind", "Warteliste", "--topic", "Plätze", "--families",
             "9", "--offer", "hausaufgaben", "--response", "extended", "--response-date",
             "2026-04-13", "--response-offer", "hausaufgaben"],
            fc.Demand,
            {"families": 9, "response": fc.Response("extended", dt.date(2026, 4, 13),
                                                    "hausaufgaben")},
        ),
        (
            "reach",
            ["--year", "2026", "--families", "412", "--how", "Familienkarte"],
            fc.FamiliesReached,
            {"families": 412, "year": 2026},
        ),
    ],
)  # fmt: skip
def test_record_each_kind(
    store_url: str, command: str, options: list[str], kind: type, expected: dict[str, object]
) -> None:
    assert main(["record", command, "-q", "--store", store_url, "--centre", "sonnenblume",
                 *options]) == 0  # fmt: skip
    with fc.open_store(store_url) as store:
        (record,) = store.activities(kind)
    for field, value in expected.items():
        assert getattr(record, field) == value, field


def test_record_needs_what_the_kind_needs(
    store_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["record", "demand", "--store", store_url, "--centre", "sonnenblume"]
    waiting = ["--date", "2026-02-10", "--kind", "waiting_list", "--topic", "Plätze"]
    assert main([*base, *waiting]) == 1
    assert "a waiting list names the offer that is full" in capsys.readouterr().err
    assert main([*base, *waiting, "--offer", "hausaufgaben", "--response", "started"]) == 1
    assert "--response-date: a response needs its date" in capsys.readouterr().err
    partner = ["--partner", "nobody", "--subject", "x", "--since", "2026-01-01"]
    assert main(["record", "cooperation", "--store", store_url, "--centre", "sonnenblume",
                 *partner]) == 1  # fmt: skip
    assert "--partner: there is no partner 'nobody'" in capsys.readouterr().err


def test_import_an_activity_file_beside_a_sheet(
    store_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    day = dt.date(2026, 3, 2)
    data = fc.ActivityData(
        "sonnenblume",
        help=[fc.HelpCase(id="h-1", centre="sonnenblume", date=day, kind="laundry", cases=2)],
        families_reached=[fc.FamiliesReached(id="r", centre="sonnenblume", year=2026,
                                             families=412)],
    )  # fmt: skip
    path = tmp_path / "aktivitaeten.toml"
    fc.dump_activities(data, path)
    args = ["record", "import", "--store", store_url, "--centre", "sonnenblume", "--year", "2026"]
    assert main([*args, str(path), str(TALLY / "beteiligung-2026.csv")]) == 0
    with fc.open_store(store_url) as store:
        assert store.activity_data("sonnenblume").help == data.help
        assert len(store.activities(fc.Participation)) == len(
            rows_of(TALLY / "beteiligung-2026.csv")
        )
    assert main(["record", "import", "--store", store_url, "--centre", "other", "--year",
                 "2026", str(path)]) == 1  # fmt: skip
    assert "there is no centre 'other'" in capsys.readouterr().err
