"""A year of the example centre's tally sheets: every figure of the report checked.

The expected numbers are computed here from the CSV files (read with the csv module)
and the data file (read with tomllib), not from anything the report computes. Only
the occurrences of offers come from the schedule engine, which has tests of its own.
The numbers are checked in the report's data and as written in the Markdown, in
German and in English (thousands and decimal separators written out here by hand).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import tomllib
from collections import defaultdict
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import familycentre as fc
from familycentre.cli import main
from familycentre.report import json_schema, render, store_report

ROOT = Path(__file__).resolve().parents[2]
TALLY = ROOT / "examples" / "tally"
DATA_FILE = ROOT / "examples" / "sonnenblume.toml"
YEAR = 2026


def sheet(name: str) -> list[dict[str, str]]:
    text = (TALLY / name).read_text("utf-8-sig")
    delimiter = ";" if text.splitlines()[0].count(";") else ","
    return [row for row in csv.DictReader(text.splitlines(), delimiter=delimiter)]


def number(text: str) -> float:
    return float(text.replace(",", ".")) if text else 0.0


TOML = tomllib.loads(DATA_FILE.read_text("utf-8"))
OFFERS = [o for o in TOML["offers"] if o.get("status", "active") != "cancelled"]
CATEGORY = {o["id"]: o["category"] for o in OFFERS}
ATT = {2026: sheet("teilnahme-2026.csv"), 2025: sheet("teilnahme-2025.csv")}
HELP = {2026: sheet("hilfe-2026.csv"), 2025: sheet("hilfe-2025.csv")}
TALKS = {2026: sheet("beratung-2026.csv"), 2025: sheet("beratung-2025.csv")}
VOLUNTEERING = {2026: sheet("engagement-2026.csv"), 2025: sheet("engagement-2025.csv")}
EVENTS = {2026: sheet("beteiligung-2026.csv"), 2025: sheet("beteiligung-2025.csv")}
REACH = {2026: sheet("familien-erreicht-2026.csv"), 2025: sheet("familien-erreicht-2025.csv")}
COOPERATIONS = sheet("kooperationen.csv")
MEETINGS = sheet("netzwerktreffen-2026.csv")
DEMAND = sheet("bedarf-2026.csv")
GROUP_COLUMNS = {
    "newcomer_families": "Neu zugezogene Familien",
    "migrant_families": "Familien mit Migrationsgeschichte",
    "people_with_disabilities": "Menschen mit Behinderung",
    "seniors": "Seniorinnen und Senioren",
}
HELP_KINDS = {  # the help kinds each section shows, as the sheet names them
    "relief": {"laundry", "transport_ride", "meal"},
    "emergencies": {"emergency_childcare", "household_help"},
    "everyday_life": {
        "babysitter_brokerage",
        "childminder_brokerage",
        "school_assistance_brokerage",
    },
}
SECTION_CATEGORIES = {
    "relief": {
        "breakfast",
        "lunch_table",
        "laundry_service",
        "transport_service",
        "homework_supervision",
        "holiday_programme",
    },
    "emergencies": {"emergency_childcare", "household_help"},
    "everyday_life": {"babysitter_brokerage", "school_assistance_brokerage"},
    "family_budget": {"second_hand_shop"},
    "integration": {"integration", "inclusion"},
    "generations": {"intergenerational"},
    "counselling": {"peer_counselling"},
    "education": {"education", "career_reentry"},
    "engagement": {"participation"},
}


def visits(year: int, ids: set[str]) -> int:
    return sum(int(r["Teilnehmende"]) for r in ATT[year] if r["Angebot"] in ids)


def occurrences_and_hours(ids: set[str]) -> tuple[int, float]:
    data = fc.load(DATA_FILE)
    found = [
        o
        for offer in data.offers
        if offer.id in ids
        for o in fc.occurrences(offer, data.centre, dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))
    ]
    hours = sum((o.end - o.start).total_seconds() / 3600 for o in found if not o.all_day)
    return len(found), hours


WEEKS = 365 / 7


def expected() -> dict[str, tuple[float, float | None]]:
    """Every figure of the report: ``"section.figure" -> (this year, last year or None)``."""
    figures: dict[str, tuple[float, float | None]] = {}
    counted = {r["Angebot"] for rows in ATT.values() for r in rows}
    peers = [o for o in OFFERS if o.get("facilitation", "peers") == "peers"]
    opening = fc.Offer(
        id="x",
        centre="sonnenblume",
        title="x",
        category="other",
        schedule=fc.load(DATA_FILE).centre.opening_hours,
    )
    data = fc.load(DATA_FILE)
    open_hours = sum(
        (o.end - o.start).total_seconds() / 3600
        for o in fc.occurrences(opening, data.centre, dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))
    )
    figures["overview.centre_count"] = (1, None)
    figures["overview.offer_count"] = (len(OFFERS), None)
    figures["overview.hours_open"] = (round(open_hours / WEEKS, 1), None)
    figures["overview.peer_offers"] = (len(peers), None)
    figures["overview.peer_share"] = (round(len(peers) / len(OFFERS), 3), None)
    figures["overview.families_reached"] = (
        int(REACH[2026][0]["Familien"]),
        int(REACH[2025][0]["Familien"]),
    )
    figures["overview.visits"] = (
        sum(int(r["Teilnehmende"]) for r in ATT[2026]),
        sum(int(r["Teilnehmende"]) for r in ATT[2025]),
    )
    figures["overview.help_cases"] = (
        sum(int(r["Fälle"]) for r in HELP[2026]),
        sum(int(r["Fälle"]) for r in HELP[2025]),
    )
    for section, categories in SECTION_CATEGORIES.items():
        ids = {
            o["id"]
            for o in OFFERS
            if o["category"] in categories and (o.get("schedule") or o["id"] in counted)
        }
        if ids:
            figures[f"{section}.visits"] = (visits(2026, ids), visits(2025, ids))
            first = [r["Erstbesuche"] for r in ATT[2026] if r["Angebot"] in ids]
            figures[f"{section}.first_time"] = (sum(int(x) for x in first if x), None)
            scheduled = {o["id"] for o in OFFERS if o["id"] in ids and o.get("schedule")}
            count, hours = occurrences_and_hours(scheduled)
            figures[f"{section}.occurrences"] = (count, None)
            figures[f"{section}.hours_per_week"] = (round(hours / WEEKS, 1), None)
        kinds = HELP_KINDS.get(section)
        if kinds:
            this = [r for r in HELP[2026] if r["Art"] in kinds]
            last = [r for r in HELP[2025] if r["Art"] in kinds]
            figures[f"{section}.help_cases"] = (
                sum(int(r["Fälle"]) for r in this),
                sum(int(r["Fälle"]) for r in last),
            )
            figures[f"{section}.help_hours"] = (
                round(sum(number(r["Stunden"]) for r in this), 1),
                round(sum(number(r["Stunden"]) for r in last), 1),
            )
    meals = {o["id"] for o in OFFERS if o["category"] in ("breakfast", "lunch_table")}
    figures["relief.meals"] = (visits(2026, meals), visits(2025, meals))
    figures["integration.other_languages"] = (
        sum(1 for o in OFFERS if any(lang != "de" for lang in o.get("languages", ["de"]))),
        None,
    )
    for section, groups in (
        ("integration", ("newcomer_families", "migrant_families", "people_with_disabilities")),
        ("generations", ("seniors",)),
    ):
        for group in groups:
            column = GROUP_COLUMNS[group]
            figures[f"{section}.visits_{group}"] = tuple(  # type: ignore[assignment]
                sum(int(r[column]) for r in ATT[y] if r[column]) for y in (2026, 2025)
            )
    figures["counselling.counselling_contacts"] = tuple(  # type: ignore[assignment]
        sum(int(r["count"]) for r in TALKS[y]) for y in (2026, 2025)
    )

    def busiest(rows: list[dict[str, str]], column: str) -> int:
        months: dict[str, int] = defaultdict(int)
        for r in rows:
            months[r["month"]] += int(r[column])
        return max(months.values())

    figures["engagement.volunteers"] = (
        busiest(VOLUNTEERING[2026], "volunteers"),
        busiest(VOLUNTEERING[2025], "volunteers"),
    )
    figures["engagement.volunteer_hours"] = tuple(  # type: ignore[assignment]
        round(sum(number(r["hours"]) for r in VOLUNTEERING[y]), 1) for y in (2026, 2025)
    )
    figures["engagement.self_help_groups"] = (
        busiest(VOLUNTEERING[2026], "self_help_groups"),
        None,
    )
    figures["engagement.peer_offers"] = (len(peers), None)
    figures["engagement.participation_events"] = (len(EVENTS[2026]), len(EVENTS[2025]))
    figures["engagement.participation_families"] = tuple(  # type: ignore[assignment]
        sum(int(r["families"]) for r in EVENTS[y]) for y in (2026, 2025)
    )

    def active(year: int) -> int:
        return sum(
            1
            for r in COOPERATIONS
            if int(r["since"][:4]) <= year and (not r["until"] or int(r["until"][:4]) >= year)
        )

    figures["network.partners"] = (len(TOML["partners"]), None)
    figures["network.cooperations"] = (active(2026), active(2025))
    figures["network.meetings_hosted"] = (sum(r["role"] == "hosted" for r in MEETINGS), None)
    figures["network.meetings_attended"] = (sum(r["role"] == "attended" for r in MEETINGS), None)
    figures["demand.demands"] = (len(DEMAND), None)
    figures["demand.demand_families"] = (sum(int(r["families"]) for r in DEMAND), None)
    figures["demand.waiting"] = (
        sum(int(r["families"]) for r in DEMAND if r["kind"] == "waiting_list"),
        None,
    )
    figures["demand.answered"] = (
        sum(r["response"] in ("started", "changed", "extended") for r in DEMAND),
        None,
    )
    return figures


def written(value: float, language: str, unit: str) -> str:
    """A number as the report should write it, formatted here by hand."""
    thousands, decimal = (",", ".") if language == "en" else (".", ",")
    if unit == "share":
        # German puts a no-break space before the per cent sign (DIN 5008)
        return f"{round(value * 100)}{'%' if language == 'en' else chr(0xA0) + '%'}"
    if isinstance(value, float):
        whole, _, fraction = f"{value:,.1f}".partition(".")
        return whole.replace(",", thousands) + decimal + fraction
    return f"{value:,}".replace(",", thousands)


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("example-year")
    url = f"sqlite:///{folder}/fc.db"
    assert main(["load", "-q", "--store", url, str(DATA_FILE)]) == 0
    base = ["record", "import", "-q", "--store", url, "--centre", "sonnenblume"]
    this_year = [str(p) for p in sorted(TALLY.glob("*-2026.csv"))]
    assert main([*base, "--year", "2026", *this_year, str(TALLY / "kooperationen.csv")]) == 0
    last_year = [str(p) for p in sorted(TALLY.glob("*-2025.csv"))]
    assert main([*base, "--year", "2025", *last_year]) == 0
    return url


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_figure_matches_an_independent_count(store_url: str, language: str) -> None:
    with fc.open_store(store_url) as store:
        report = store_report(store, year=YEAR, centre="sonnenblume", language=language)
    want = expected()
    found = {
        f"{section.key}.{figure.key}": figure
        for section in report.sections
        for figure in section.figures
    }
    assert set(found) == set(want)  # no figure unchecked, none missing
    markdown = render(report, "markdown")
    for key, (value, previous) in want.items():
        figure = found[key]
        assert figure.value.value == pytest.approx(value), key
        if previous is None:
            assert figure.previous is None, key
        else:
            assert figure.previous is not None, key
            assert figure.previous.value == pytest.approx(previous), key
        this = written(value, language, figure.unit)
        last = "–" if previous is None else written(previous, language, figure.unit)
        assert f"| {figure.label} | {this} | {last} |" in markdown, (key, this, last)


@pytest.mark.parametrize("language", ["de", "en"])
def test_tables_match_the_sheets(store_url: str, language: str) -> None:
    with fc.open_store(store_url) as store:
        report = store_report(store, year=YEAR, centre="sonnenblume", language=language)
    help_table = report.table("help_by_kind")
    for kind in {r["Art"] for r in HELP[2026]}:
        cases = sum(int(r["Fälle"]) for r in HELP[2026] if r["Art"] == kind)
        assert help_table.cell(kind, str(YEAR)).value == cases
    hours = report.table("volunteer_hours_by_field")
    for field in {r["field"] for r in VOLUNTEERING[2026]}:
        this = round(sum(number(r["hours"]) for r in VOLUNTEERING[2026] if r["field"] == field), 1)
        last = round(sum(number(r["hours"]) for r in VOLUNTEERING[2025] if r["field"] == field), 1)
        assert hours.cell(field, str(YEAR)).value == pytest.approx(this)
        assert hours.cell(field, "previous").value == pytest.approx(last)
    offers = report.table("relief_attendance_by_offer")
    for offer_id, _ in offers.rows:
        assert offers.cell(offer_id, "visits").value == (visits(2026, {offer_id}) or None)
    bodies = report.table("participation_by_body")
    for body in {r["body"] for r in EVENTS[2026]}:
        families = sum(int(r["families"]) for r in EVENTS[2026] if r["body"] == body)
        cell = bodies.cell(body, "families")
        assert cell.value == families if families >= 5 else cell.suppressed
    names = [name for _, name in report.centres]
    assert names == [
        "Mütterzentrum Sonnenblume e.V." if language == "de" else "Sunflower Mothers' Centre"
    ]
    months = report.section("overview").charts[0]
    per_month = [0] * 12
    for r in ATT[2026]:
        per_month[int(r["Datum"].split(".")[1]) - 1] += int(r["Teilnehmende"])
    assert list(months.series[0][1]) == per_month


def test_json_follows_its_schema(store_url: str) -> None:
    with fc.open_store(store_url) as store:
        report = store_report(store, year=YEAR, language="en")
    plain = json.loads(render(report, "json"))
    jsonschema.Draft202012Validator.check_schema(json_schema())
    jsonschema.validate(plain, json_schema())
    assert list(plain["sections"]) == [section.key for section in report.sections]
    assert plain["centres"] == [{"id": "sonnenblume", "name": "Sunflower Mothers' Centre"}]


def test_the_report_command_in_every_text_format(
    store_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["report", "--store", store_url, "--year", "2026"]
    assert main(args) == 0
    german = capsys.readouterr().out
    assert german.startswith("# Was leistet das Zentrum für die Kommune? 2026")
    assert "## Hilfe in Notfällen" in german
    assert main([*args, "--lang", "en", "--format", "json", "-o", str(tmp_path / "r.json")]) == 0
    plain: dict[str, Any] = json.loads((tmp_path / "r.json").read_text("utf-8"))
    jsonschema.validate(plain, json_schema())
    assert main([*args, "--format", "pdf"]) == 1
    assert "needs a file" in capsys.readouterr().err
    assert main([*args, "--centre", "nirgends"]) == 1
    assert "Traceback" not in capsys.readouterr().err


def test_network_report_through_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path}/network.db"
    assert main(["load", "-q", "--store", url, str(DATA_FILE)]) == 0
    with fc.open_store(url) as store:
        store.add(
            fc.Centre(id="apfelbaum", name="OHJA Apfelbaum", kind="ohja", municipality="Dortmund")
        )
        case = fc.HelpCase(
            id="a-1", centre="apfelbaum", date=dt.date(2026, 5, 4), kind="laundry", cases=3
        )
        store.load_activities(fc.ActivityData("apfelbaum", help=[case]))
    base = ["record", "import", "-q", "--store", url, "--centre", "sonnenblume", "--year", "2026"]
    assert main([*base, str(TALLY / "hilfe-2026.csv"), str(TALLY / "teilnahme-2026.csv")]) == 0
    assert main(["report", "--store", url, "--year", "2026", "--network", "--format", "json"]) == 0
    plain = json.loads(capsys.readouterr().out)
    jsonschema.validate(plain, json_schema())
    assert list(plain["sections"])[:2] == ["overview", "network_comparison"]
    table = plain["sections"]["network_comparison"]["tables"]["network_key_figures"]
    columns = [c["key"] for c in table["columns"]]
    rows = {row["label"]: row["cells"] for row in table["rows"]}
    assert list(rows) == ["Mütterzentrum Sonnenblume e.V.", "OHJA Apfelbaum"]  # by name
    cases = columns.index("help_cases")
    own = sum(int(r["Fälle"]) for r in HELP[2026])
    assert rows["OHJA Apfelbaum"][cases] == "<5"  # suppressed per centre
    # the summed overview publishes the network's total, which less Sonnenblume's
    # count would give Apfelbaum's 3 away: so that one is hidden too
    assert rows["Mütterzentrum Sonnenblume e.V."][cases] == "hidden"
    assert rows["Mütterzentrum Sonnenblume e.V."][columns.index("offer_count")] == 21
    median_cases = table["column_totals"][cases]
    assert median_cases == "<5"  # the lower median of (3, own) is 3
    visits = columns.index("visits")
    assert table["column_totals"][visits] == sum(int(r["Teilnehmende"]) for r in ATT[2026]) / 2
    summed = plain["sections"]["overview"]["figures"]["help_cases"]["value"]
    assert summed == own + 3  # the sections sum every centre
    assert main(["report", "--store", url, "--year", "2026", "--network", "--centre", "x"]) == 1
