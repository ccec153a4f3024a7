"""Every published label in the asked language, every language tag true."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest

import familycentre as fc
from familycentre.errors import InvalidData
from familycentre.i18n import LANGUAGES
from familycentre.i18n.catalogues import read
from tests.export.conftest import export_bytes

START, END = dt.date(2026, 9, 1), dt.date(2026, 9, 30)


@pytest.fixture(scope="module")
def example() -> fc.CentreData:
    from tests.conftest import ROOT

    return fc.load(ROOT / "examples" / "sonnenblume.toml")


def german_labels(language: str) -> set[str]:
    """German translations that differ from the language's own (and are words)."""
    own = {(m.context, m.id): m.string for m in read(language) if m.id}
    labels = set()
    for message in read("de"):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        theirs = own[(message.context, message.id)]
        theirs = theirs if isinstance(theirs, tuple) else (theirs,)
        for text in strings:
            for piece in text.replace("{", "\0{").split("\0"):
                word = piece.split("}")[-1].strip(" ,.:()–")
                if len(word) >= 4 and word not in theirs and not any(word in t for t in theirs):
                    labels.add(word)
    return labels


def data_texts(data: fc.CentreData) -> list[str]:
    """Every text of the data in every language (to be cut out before looking for labels)."""
    found: list[str] = []

    def add(value: object) -> None:
        if isinstance(value, fc.Text):
            found.extend(text for _, text in value)
        elif isinstance(value, str):
            found.append(value)

    centre = data.centre
    for value in (centre.name, centre.description, centre.accessibility_note, centre.municipality):
        add(value)
    if centre.address is not None:
        found.append(str(centre.address))
    for offer in data.offers:
        for value in (
            offer.title,
            offer.description,
            offer.location,
            offer.cost.note,
            offer.registration.note,
            offer.registration.contact,
        ):
            add(value)
    return sorted(found, key=len, reverse=True)


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "de"])
def test_ical_descriptions_have_no_german_label(example: fc.CentreData, language: str) -> None:
    calendar = icalendar.Calendar.from_ical(
        export_bytes(example, "ical", start=START, end=END, language=language)
    )
    labels = german_labels(language)
    assert "Anmeldung" in labels  # the check can fail
    assert "Kosten" in labels
    texts = data_texts(example)
    events = calendar.walk("VEVENT")
    assert events
    for event in events:
        remainder = str(event["DESCRIPTION"])
        for text in texts:
            remainder = remainder.replace(text, " ")
        found = sorted(label for label in labels if label in remainder)
        assert found == [], (language, str(event["UID"]), found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_ical_language_tags_name_the_language_of_the_text(
    example: fc.CentreData, language: str
) -> None:
    calendar = icalendar.Calendar.from_ical(
        export_bytes(example, "ical", start=START, end=END, language=language)
    )
    offers = {offer.id: offer for offer in example.offers}
    tagged = 0
    for event in calendar.walk("VEVENT"):
        offer = offers[str(event["UID"]).split(".")[0]]
        assert event["SUMMARY"].params["LANGUAGE"] == offer.title.resolve(language)[0]
        tag = event["DESCRIPTION"].params.get("LANGUAGE")
        data = [offer.description, offer.cost.note, offer.registration.note]
        data.append(example.centre.accessibility_note)
        data_languages = {text.resolve(language)[0] for text in data if text is not None}
        if offer.location:
            data_languages.add("de")
        if tag is None:  # mixed: labels in the language, some data in German
            assert data_languages - {language}
        else:
            tagged += 1
            assert tag == language
            assert data_languages <= {language}
    if language == "de":
        assert tagged > 0


def test_unknown_language_is_refused(example: fc.CentreData) -> None:
    with pytest.raises(InvalidData) as caught:
        export_bytes(example, "ical", start=START, end=END, language="xx")
    assert caught.value.problems[0].path == ("lang",)
    assert "de, en, tr, ar, uk" in str(caught.value)
