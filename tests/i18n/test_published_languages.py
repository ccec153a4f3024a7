"""Published in the language asked for: the example centre in de, en, tr, ar and uk.

For each language, the example centre's iCal programme (every
DESCRIPTION, read with icalendar), its programme pages (``export html``, both
layouts, read with Python's HTML parser) and its yearly report (HTML, Markdown and
JSON, made by ``familycentre report``) contain no German label and no untranslated
English one (the labels read from the catalogues, see :mod:`tests.i18n.published`),
and every ``LANGUAGE=`` parameter and ``lang`` attribute names the language its text
is really in: data text that falls back to German is marked German, text marked as
German is German data. (For German itself: no untranslated English label.)

The last tests show that the check fails when it should: with a catalogue that lacks
a message, with a translation that is German, and with a German title not marked.
"""

from __future__ import annotations

import functools
import io
import json
from collections.abc import Iterator
from pathlib import Path

import icalendar
import pytest
from babel.messages.mofile import write_mo

import familycentre as fc
import familycentre.i18n as i18n
from familycentre.cli import main
from familycentre.model.activities import ACTIVITY_CLASSES
from tests.i18n.published import (
    Checker,
    DataTexts,
    Page,
    catalogue,
    foreign_labels,
    json_strings,
)

ROOT = Path(__file__).resolve().parents[2]
TALLY = ROOT / "examples" / "tally"
OTHER_LANGUAGES = [language for language in i18n.LANGUAGES if language != "de"]
CALENDAR = ("--from", "2026-09-01", "--to", "2026-09-30")
WEEK = ("--from", "2026-09-28")  # with the Day of German Unity (Saturday)
HALF_YEAR = ("--from", "2026-09-01", "--to", "2027-02-28")


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store with the example centre and its two years of tally sheets."""
    folder = tmp_path_factory.mktemp("languages")
    url = f"sqlite:///{folder}/fc.db"
    assert main(["load", "-q", "--store", url, str(ROOT / "examples" / "sonnenblume.toml")]) == 0
    base = ["record", "import", "-q", "--store", url, "--centre", "sonnenblume"]
    this_year = [str(p) for p in sorted(TALLY.glob("*-2026.csv"))]
    assert main([*base, "--year", "2026", *this_year, str(TALLY / "kooperationen.csv")]) == 0
    last_year = [str(p) for p in sorted(TALLY.glob("*-2025.csv"))]
    assert main([*base, "--year", "2025", *last_year]) == 0
    return url


@pytest.fixture(scope="module")
def data(store_url: str) -> DataTexts:
    """Every text of the store's data, and the names of the public holidays shown."""
    texts = DataTexts()
    with fc.open_store(store_url) as store:
        for value in (*store.centres(), *store.offers(), *store.partners()):
            texts.add(value)
        for kind in ACTIVITY_CLASSES:
            texts.add(store.activities(kind))
    import holidays

    for language in ("de", "en", "uk"):  # the languages the holidays package names them in
        found = holidays.country_holidays("DE", subdiv="NW", years=(2026, 2027), language=language)
        texts.tagged.update((language, str(name)) for name in found.values())
    return texts


@functools.cache
def labels(language: str) -> frozenset[str]:
    return frozenset(foreign_labels(language))


def run(*argv: str) -> None:
    assert main(list(argv)) == 0, argv


def published(store_url: str, language: str, folder: Path) -> dict[str, str]:
    """Everything the example publishes in ``language``, made by the command line."""
    store = ("--store", store_url, "--lang", language)
    files = {
        "programme.ics": ("export", "ical", *store, *CALENDAR),
        "week.html": ("export", "html", *store, *WEEK),
        "list.html": ("export", "html", *store, "--layout", "list", *HALF_YEAR),
        "report.html": ("report", *store, "--year", "2026", "--format", "html"),
        "report.md": ("report", *store, "--year", "2026", "--format", "markdown"),
        "report.json": ("report", *store, "--year", "2026", "--format", "json"),
    }
    for name, argv in files.items():
        run(*argv, "-o", str(folder / name))
    return {name: (folder / name).read_text("utf-8") for name in files}


def check(language: str, data: DataTexts, texts: dict[str, str]) -> list[str]:
    """Every problem of the published texts (an empty list when they are right)."""
    checker = Checker(language, set(labels(language)), data)
    checker.calendar("programme.ics", icalendar.Calendar.from_ical(texts["programme.ics"]))
    for name in ("week.html", "list.html", "report.html"):
        checker.page(name, Page(texts[name]))
    checker.untagged("report.md", texts["report.md"])
    document = json.loads(texts["report.json"])
    if document["language"] != language:
        checker.problems.append(f"report.json: language {document['language']!r}")
    for text in json_strings(document):
        checker.untagged("report.json", text)
    return checker.problems


@pytest.fixture(scope="module")
def outputs(store_url: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    return {
        language: published(store_url, language, tmp_path_factory.mktemp(language))
        for language in i18n.LANGUAGES
    }


# --- the labels themselves -------------------------------------------------------------------


def test_labels_come_from_the_catalogues() -> None:
    cost = catalogue("de").get("Cost")
    assert cost is not None
    assert cost.string == "Kosten"
    for language in OTHER_LANGUAGES:
        found = labels(language)
        for label in ("Kosten", "Anmeldung", "Vorjahr", "Auf einen Blick", "Hilfe in Notfällen"):
            assert label in found, (language, label)
        if language != "en":
            assert "At a glance" in found  # untranslated English is foreign too
    for label in ("Integration", "Partner"):  # the same words in English: not foreign
        assert label not in labels("en")
    assert "At a glance" not in labels("en")
    assert "At a glance" in labels("de")  # German: English left untranslated is foreign
    assert "Auf einen Blick" not in labels("de")
    assert "Aile kahvaltısı" not in labels("tr")


# --- the example, language by language -----------------------------------------------------


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_everything_published_is_in_the_language_asked_for(
    outputs: dict[str, dict[str, str]], data: DataTexts, language: str
) -> None:
    texts = outputs[language]
    assert check(language, data, texts) == []
    # the checks had something to check
    calendar = icalendar.Calendar.from_ical(texts["programme.ics"])
    assert len(calendar.walk("VEVENT")) > 10
    report = Page(texts["report.html"])
    assert report.root["lang"] == language
    assert report.root["dir"] == ("rtl" if language == "ar" else "ltr")
    if language != "de":
        tagged = {text for tag, text in report.texts if tag == "de"}
        assert tagged, "German titles of the example are marked in the report"
        week = Page(texts["week.html"])
        assert any(tag == "de" for tag, _ in week.texts)


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_german_titles_and_names_are_marked_german_in_the_report(
    outputs: dict[str, dict[str, str]], language: str, store_url: str
) -> None:
    from familycentre.report import store_report

    page = Page(outputs[language]["report.html"])
    german = {text for tag, text in page.texts if tag == "de"}
    with fc.open_store(store_url) as store:
        report = store_report(store, year=2026, language=language)
        offers = {offer.id: offer for offer in store.offers()}
        (centre,) = store.centres()
    checked = 0
    for section in report.sections:
        for key, title in section.offers:
            tag, text = offers[key].title.resolve(language)
            assert title == text
            assert (text in german) == (tag == "de"), (language, key, tag)
            checked += 1
    assert checked > 10
    tag, name = centre.name.resolve(language)
    assert (name in german) == (tag == "de")


# --- the check fails when it should -----------------------------------------------------------


@pytest.fixture
def patched_catalogue(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """Replace a language's compiled catalogue while a test runs."""

    def patch(language: str, change: object) -> None:
        modified = catalogue(language)
        change(modified)  # type: ignore[operator]
        buffer = io.BytesIO()
        write_mo(buffer, modified)
        original = i18n._compiled
        monkeypatch.setattr(
            i18n, "_compiled", lambda tag: buffer.getvalue() if tag == language else original(tag)
        )
        i18n._translator.cache_clear()

    yield patch
    i18n._translator.cache_clear()


def test_a_missing_report_message_is_found(
    patched_catalogue: object, store_url: str, data: DataTexts, tmp_path: Path
) -> None:
    def drop(catalog: object) -> None:
        catalog.delete("At a glance", context="Report")  # type: ignore[attr-defined]

    patched_catalogue("tr", drop)  # type: ignore[operator]
    problems = check("tr", data, published(store_url, "tr", tmp_path))
    assert problems
    assert all("At a glance" in problem for problem in problems)
    assert {problem.split(":")[0] for problem in problems} >= {"report.md", "report.json"}
    assert any(problem.startswith("report.html") for problem in problems)


def test_a_german_translation_is_found(
    patched_catalogue: object, store_url: str, data: DataTexts, tmp_path: Path
) -> None:
    def germanise(catalog: object) -> None:
        catalog.get("Cost").string = "Kosten"  # type: ignore[attr-defined]
        catalog.get("Visits", context="Report").string = "Besuche"  # type: ignore[attr-defined]

    patched_catalogue("uk", germanise)  # type: ignore[operator]
    problems = check("uk", data, published(store_url, "uk", tmp_path))
    assert any("'Kosten'" in p for p in problems if p.startswith("programme.ics"))
    assert any("'Kosten'" in p for p in problems if p.startswith("week.html"))
    assert any("'Besuche'" in p for p in problems if p.startswith("report.html"))
    assert any("'Besuche'" in p for p in problems if p.startswith("report.md"))


def test_german_data_not_marked_german_is_found(
    outputs: dict[str, dict[str, str]], data: DataTexts
) -> None:
    texts = dict(outputs["ar"])
    # the report as it would be if titles were not tagged: spans without their lang
    texts["report.html"] = texts["report.html"].replace(' lang="de" dir="auto"', "")
    problems = check("ar", data, texts)
    assert problems
    assert all(p.startswith("report.html") and "German data" in p for p in problems)


def test_a_wrong_language_parameter_is_found(
    outputs: dict[str, dict[str, str]], data: DataTexts
) -> None:
    calendar = icalendar.Calendar.from_ical(outputs["tr"]["programme.ics"])
    changed = 0
    for event in calendar.walk("VEVENT"):
        summary = event["SUMMARY"]
        if summary.params.get("LANGUAGE") == "de":
            summary.params["LANGUAGE"] = "tr"  # a German title that says it is Turkish
            changed += 1
        elif summary.params.get("LANGUAGE") == "tr":
            summary.params["LANGUAGE"] = "de"  # a Turkish title that says it is German
            changed += 1
    assert changed
    checker = Checker("tr", set(labels("tr")), data)
    checker.calendar("programme.ics", calendar)
    assert any("German data" in p and "marked 'tr'" in p for p in checker.problems)
    assert any("is marked 'de' but is not" in p for p in checker.problems)


def test_unknown_language_is_refused_by_the_report(
    store_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["report", "--store", store_url, "--year", "2026", "--lang", "xx"]
    assert main(argv) == 1
    error = capsys.readouterr().err
    assert "lang: no translation for 'xx': use one of de, en, tr, ar, uk" in error
    assert "Traceback" not in error
    assert main(["export", "ical", "--store", store_url, "--lang", "xx", "-o", "-"]) == 1
    assert capsys.readouterr().err == error  # the same words as export --lang


def test_report_months_come_from_babel(store_url: str) -> None:
    from babel.dates import get_month_names

    from familycentre.report import store_report

    with fc.open_store(store_url) as store:
        for language in i18n.LANGUAGES:
            report = store_report(store, year=2026, language=language)
            chart = report.section("overview").charts[0]
            locale = i18n.translator(language).locale
            names = get_month_names("abbreviated", context="stand-alone", locale=locale)
            assert list(chart.labels) == [names[m] for m in range(1, 13)]
