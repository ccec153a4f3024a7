"""The html exporter: week grid and programme list, languages, direction, schema.org."""

from __future__ import annotations

import datetime as dt
import html.parser
import json

import pytest

import familycentre as fc
from familycentre.errors import InvalidData
from familycentre.i18n import LANGUAGES
from familycentre.schedule import ClosureCalendar, occurrences
from tests.export.conftest import export_bytes
from tests.export.test_translations import data_texts, german_labels

WEEK = dt.date(2026, 9, 28), dt.date(2026, 10, 4)  # with the Day of German Unity (Saturday)
HOLIDAY_WEEK = dt.date(2027, 5, 3), dt.date(2027, 5, 9)  # with Ascension Day (Thursday)


@pytest.fixture(scope="module")
def example() -> fc.CentreData:
    from tests.conftest import ROOT

    return fc.load(ROOT / "examples" / "sonnenblume.toml")


class Page(html.parser.HTMLParser):
    """What a reader and a search engine take from a page (Python's own HTML parser)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.root: dict[str, str | None] = {}
        self.offers: list[str] = []
        self.json_ld: list[str] = []
        self.lang_texts: list[tuple[str, str]] = []
        self.text: list[str] = []
        self.closed: list[str] = []
        self.times: list[str] = []
        self._stack: list[tuple[str, str | None]] = []
        self._script = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.root = values
        if "data-offer" in values:
            self.offers.append(values["data-offer"] or "")
        if tag == "script":
            assert values.get("type") == "application/ld+json"  # no JavaScript
            self._script = True
            self.json_ld.append("")
        if tag == "th" and "closed" in (values.get("class") or ""):
            self.closed.append("")
        if tag == "time":
            self.times.append(values.get("datetime") or "")
        if "aria-label" in values:
            self.text.append(values["aria-label"] or "")
        if tag not in ("br", "meta", "img"):
            self._stack.append((tag, values.get("lang")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = False
        while self._stack:
            if self._stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._script:
            self.json_ld[-1] += data
            return
        self.text.append(data)
        langs = [lang for _, lang in self._stack if lang]
        if langs and data.strip():
            self.lang_texts.append((langs[-1], data.strip()))


def page(
    example: fc.CentreData,
    language: str,
    layout: str = "week",
    week: tuple[dt.date, dt.date] = WEEK,
) -> Page:
    start, end = week if layout == "week" else (dt.date(2026, 9, 1), dt.date(2026, 12, 31))
    text = export_bytes(
        example, "html", start=start, end=end, language=language, extra={"layout": layout}
    ).decode("utf-8")
    return Page(text)


def week_occurrences(example: fc.CentreData, start: dt.date, end: dt.date) -> list[fc.Occurrence]:
    calendar = ClosureCalendar.for_centre(example.centre, start, end)
    return [o for offer in example.offers for o in occurrences(offer, calendar, start, end)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_week_grid_shows_every_occurrence_of_the_week(
    example: fc.CentreData, language: str
) -> None:
    found = page(example, language, week=HOLIDAY_WEEK)
    expected = week_occurrences(example, *HOLIDAY_WEEK)
    assert sorted(found.offers) == sorted(o.offer.id for o in expected)
    assert found.root["lang"] == language
    assert found.root["dir"] == ("rtl" if language == "ar" else "ltr")
    assert len(found.closed) == 1  # 6 May 2027, Ascension Day
    # Saturday 3 October 2026 is a public holiday: the Saturday shop does not open, but
    # the column is there, marked closed, so that families see why
    holiday = page(example, language)
    assert "2026-10-02" in holiday.times
    assert "2026-10-03" in holiday.times
    assert len(holiday.closed) == 1
    assert "2026-10-04" not in holiday.times  # Sundays: no offer meets, no column


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("layout", ["week", "list"])
def test_pages_have_no_german_label(example: fc.CentreData, language: str, layout: str) -> None:
    found = page(example, language, layout)
    text = raw = " ".join(found.text)
    for value in data_texts(example):
        text = text.replace(value, " ")
    for _, value in found.lang_texts:
        text = text.replace(value, " ")
    if language == "de":
        assert "Wochenprogramm" in raw or "Programm:" in raw
        return
    labels = german_labels(language)
    assert sorted(label for label in labels if label in text) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_lang_attributes_name_the_language_of_the_text(
    example: fc.CentreData, language: str
) -> None:
    found = page(example, language, "list")
    translated = {(tag, text) for value in _texts(example) for tag, text in value}
    for tag, text in found.lang_texts:
        if tag == language:
            continue
        # data text that falls back: it must exist in that language in the data
        assert (tag, text) in translated or (tag == "de" and text in _german_strings(example)), (
            tag,
            text,
        )


@pytest.mark.parametrize("language", ["tr", "ar", "uk"])
def test_german_fallback_text_is_tagged(example: fc.CentreData, language: str) -> None:
    found = page(example, language, "list")
    tagged = {text for tag, text in found.lang_texts if tag == "de"}
    for offer in example.offers:
        if offer.title.resolve(language)[0] == "de":
            assert offer.title.de in tagged, offer.id
        if offer.cost.note is not None and offer.cost.note.resolve(language)[0] == "de":
            assert offer.cost.note.de in tagged, offer.id
        if offer.location:
            assert offer.location in tagged, offer.id


def _texts(example: fc.CentreData) -> list[fc.Text]:
    found = [example.centre.name]
    for c in example.centre.closures:
        if c.reason is not None:
            found.append(c.reason)
    for offer in example.offers:
        found += [t for t in (offer.title, offer.description, offer.cost.note) if t is not None]
    return found


def _german_strings(example: fc.CentreData) -> set[str]:
    return {o.location for o in example.offers if o.location} | {"Tag der Deutschen Einheit"}


def test_json_ld_describes_the_centre_and_each_occurrence(example: fc.CentreData) -> None:
    found = page(example, "en")
    (block,) = found.json_ld
    document = json.loads(block)
    assert document["@context"] == "https://schema.org"
    centre, *events = document["@graph"]
    assert set(centre["@type"]) == {"Organization", "Place"}
    assert centre["address"]["postalCode"] == "44263"
    assert centre["geo"]["latitude"] == pytest.approx(51.4893)
    expected = week_occurrences(example, *WEEK)
    assert sorted((e["@id"].split("-2026")[0][1:], e["startDate"]) for e in events) == sorted(
        (o.offer.id, o.start.isoformat()) for o in expected
    )
    offers = {o.id: o for o in example.offers}
    for event in events:
        assert event["@type"] == "Event"
        assert event["location"] == {"@id": centre["@id"]}
        offer = offers[event["@id"].split("-2026")[0][1:]]
        assert event["inLanguage"] == list(offer.languages)
        assert event["isAccessibleForFree"] == (offer.cost.kind == "free")
        assert event["offers"]["priceCurrency"] == "EUR"
        assert float(event["offers"]["price"]) == (offer.cost.amount_cents or 0) / 100
        assert dt.datetime.fromisoformat(event["endDate"]) > dt.datetime.fromisoformat(
            event["startDate"]
        )
        if offer.audiences:
            assert event["audience"]["@type"] == "Audience"


def test_unknown_layout_is_refused(example: fc.CentreData) -> None:
    with pytest.raises(InvalidData) as caught:
        export_bytes(example, "html", language="de", extra={"layout": "poster"})
    assert caught.value.problems[0].path == ("options", "layout")
    assert "must be one of week, list" in str(caught.value)
