"""The iCal programme, read back by icalendar and recurring-ical-events."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import attrs
import icalendar
import pytest
import recurring_ical_events
from hypothesis import given, settings
from hypothesis import strategies as st

import familycentre as fc
from familycentre.export import DataSource, PublicView, export
from familycentre.export.sources import PrivateDataError
from familycentre.schedule import programme
from familycentre.testing import strategies as s
from tests.export.conftest import MODIFIED, export_bytes

START, END = dt.date(2026, 9, 1), dt.date(2027, 8, 31)


def parsed_occurrences(
    ics: bytes, start: dt.date, end: dt.date
) -> set[tuple[str, dt.datetime | dt.date, dt.datetime | dt.date]]:
    """(offer id, start, end) of every instance that takes place, by recurring-ical-events."""
    calendar = icalendar.Calendar.from_ical(ics)
    found = set()
    for event in recurring_ical_events.of(calendar).between(start, end + dt.timedelta(days=1)):
        if event.get("STATUS") == "CANCELLED":
            continue
        offer = str(event["UID"]).split(".")[0]
        found.add((offer, event["DTSTART"].dt, event["DTEND"].dt))
    return found


def library_occurrences(
    data: fc.CentreData, start: dt.date, end: dt.date
) -> set[tuple[str, dt.datetime | dt.date, dt.datetime | dt.date]]:
    found = set()
    for occurrence in programme(data, start, end):
        if occurrence.all_day:
            found.add((occurrence.offer.id, occurrence.start.date(), occurrence.end.date()))
        else:
            found.add((occurrence.offer.id, occurrence.start, occurrence.end))
    return found


@pytest.fixture(scope="module")
def example() -> fc.CentreData:
    return fc.load(Path(__file__).parents[2] / "examples" / "sonnenblume.toml")


@pytest.mark.parametrize("recurrence", ["rrule", "list", "expand"])
def test_example_occurrences_equal_the_librarys(example: fc.CentreData, recurrence: str) -> None:
    ics = export_bytes(example, "ical", start=START, end=END, extra={"recurrence": recurrence})
    ours = library_occurrences(example, START, END)
    assert len(ours) > 1000
    assert parsed_occurrences(ics, START, END) == ours


def test_example_calendar_properties(example: fc.CentreData) -> None:
    calendar = icalendar.Calendar.from_ical(export_bytes(example, "ical", start=START, end=END))
    assert calendar["X-WR-CALNAME"] == "Programm: Mütterzentrum Sonnenblume e.V."
    assert calendar["NAME"] == calendar["X-WR-CALNAME"]
    assert calendar["REFRESH-INTERVAL"].dt == dt.timedelta(days=1)
    assert calendar["METHOD"] == "PUBLISH"
    (zone,) = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/Berlin"
    events = calendar.walk("VEVENT")
    uids = {str(e["UID"]) for e in events if "RECURRENCE-ID" not in e}
    assert len(uids) == len([e for e in events if "RECURRENCE-ID" not in e])
    breakfast = next(e for e in events if str(e["UID"]).startswith("fruehstueck."))
    assert breakfast["SUMMARY"] == "Familienfrühstück"
    assert breakfast["SUMMARY"].params["LANGUAGE"] == "de"
    assert "Kosten: 2,50\xa0€, Kinder frei" in breakfast["DESCRIPTION"]
    assert breakfast["LOCATION"].startswith("Café im Erdgeschoss, Mütterzentrum Sonnenblume")
    assert breakfast["GEO"].latitude == pytest.approx(51.4893)
    assert breakfast.categories == ["Frühstück"]
    assert breakfast["DTSTAMP"].dt == MODIFIED
    assert breakfast["LAST-MODIFIED"].dt == MODIFIED
    assert breakfast["SEQUENCE"] == 0
    assert breakfast["TRANSP"] == "OPAQUE"
    cafe = next(e for e in events if str(e["UID"]).startswith("offener-treff."))
    assert cafe["TRANSP"] == "TRANSPARENT"
    # on request: no schedule, no event
    assert not [e for e in events if str(e["UID"]).startswith("notfall-kinderbetreuung.")]


def test_cancelled_date_is_a_cancelled_instance(example: fc.CentreData) -> None:
    calendar = icalendar.Calendar.from_ical(export_bytes(example, "ical", start=START, end=END))
    instances = [
        e
        for e in recurring_ical_events.of(calendar).between(START, END)
        if str(e["UID"]).startswith("elternberatung.")
    ]
    cancelled = [e for e in instances if e.get("STATUS") == "CANCELLED"]
    assert [e["DTSTART"].dt.date() for e in cancelled] == [dt.date(2026, 11, 11)]


def test_cancelled_offer_is_status_cancelled(example: fc.CentreData) -> None:
    offers = [
        attrs.evolve(o, status=fc.OfferStatus.CANCELLED) if o.id == "fruehstueck" else o
        for o in example.offers
    ]
    paused = [
        attrs.evolve(o, status=fc.OfferStatus.PAUSED) if o.id == "sprachcafe" else o
        for o in offers
    ]
    data = attrs.evolve(example, offers=paused)
    calendar = icalendar.Calendar.from_ical(export_bytes(data, "ical", start=START, end=END))
    events = calendar.walk("VEVENT")
    assert {e["STATUS"] for e in events if str(e["UID"]).startswith("fruehstueck.")} == {
        "CANCELLED"
    }
    assert not [e for e in events if str(e["UID"]).startswith("sprachcafe.")]


def test_language_option(example: fc.CentreData) -> None:
    calendar = icalendar.Calendar.from_ical(
        export_bytes(example, "ical", start=START, end=END, language="tr")
    )
    events = {str(e["UID"]).split(".")[0]: e for e in calendar.walk("VEVENT")}
    assert events["hausaufgaben"]["SUMMARY"] == "Ödev yardımı"
    assert events["hausaufgaben"]["SUMMARY"].params["LANGUAGE"] == "tr"
    assert events["mittagstisch"]["SUMMARY"] == "Mittagstisch"  # no Turkish title: German
    assert events["mittagstisch"]["SUMMARY"].params["LANGUAGE"] == "de"
    english = icalendar.Calendar.from_ical(
        export_bytes(
            example, "ical", start=START, end=END, language="en", extra={"category_language": "en"}
        )
    )
    lunch = next(e for e in english.walk("VEVENT") if str(e["UID"]).startswith("mittagstisch."))
    assert lunch.categories == ["Lunch table"]
    assert "Registration: not needed" in lunch["DESCRIPTION"]


def test_same_data_gives_identical_bytes(example: fc.CentreData) -> None:
    first = export_bytes(example, "ical", start=START, end=END)
    second = export_bytes(fc.loads(fc.dumps(example)), "ical", start=START, end=END)
    assert first == second


def test_public_view_refuses_referrals(example: fc.CentreData) -> None:
    view = PublicView(DataSource([example], MODIFIED))
    assert view.records(fc.Offer)
    with pytest.raises(PrivateDataError):
        view.records(fc.Referral)


def test_bad_options_are_reported(example: fc.CentreData) -> None:
    with pytest.raises(fc.InvalidData) as info:
        export_bytes(example, "ical", start=START, end=END, extra={"recurrence": "sometimes"})
    assert [p.location for p in info.value.problems] == ["options.recurrence"]
    assert "must be one of rrule, list, expand" in str(info.value)
    with pytest.raises(fc.InvalidData) as info:
        export_bytes(example, "ical", start=END, end=START)
    assert [p.location for p in info.value.problems] == ["to"]
    with pytest.raises(fc.NotFound, match="unknown centre 'nirgendwo'"):
        export_bytes(example, "ical", start=START, end=END, centres=("nirgendwo",))
    with pytest.raises(fc.NotFound, match="unknown exporter 'odt'"):
        export(DataSource([example], MODIFIED), "odt", io.BytesIO())


@st.composite
def nrw_data(draw: st.DrawFn) -> fc.CentreData:
    """Random centres in NRW (whose school holidays ship with the package)."""
    data = draw(s.centre_data())
    centre = attrs.evolve(data.centre, region="DE-NW", timezone="Europe/Berlin")
    return attrs.evolve(data, centre=centre)


# Windows stay inside the dates whose NRW school holidays ship with the package.
windows = st.builds(
    lambda start, days: (start, min(start + dt.timedelta(days=days), dt.date(2029, 8, 1))),
    st.dates(dt.date(2025, 1, 1), dt.date(2029, 7, 1)),
    st.integers(0, 400),
)


@pytest.mark.slow
@settings(max_examples=150)
@given(data=nrw_data(), window=windows, recurrence=st.sampled_from(["rrule", "list", "expand"]))
def test_random_programmes_round_trip_through_independent_parsers(
    data: fc.CentreData, window: tuple[dt.date, dt.date], recurrence: str
) -> None:
    start, end = window
    ics = export_bytes(data, "ical", start=start, end=end, extra={"recurrence": recurrence})
    calendar = icalendar.Calendar.from_ical(ics)
    assert parsed_occurrences(ics, start, end) == library_occurrences(data, start, end)
    for event in calendar.walk("VEVENT"):
        offer = data.offer(str(event["UID"]).split(".")[0])
        assert str(event["SUMMARY"]) == offer.title.de
        assert str(event["DESCRIPTION"]).startswith(
            offer.description.de if offer.description else ""
        )


@given(title=s.plain_text)
def test_text_survives(title: str) -> None:
    data = fc.CentreData(
        fc.Centre(id="c", name="Zentrum; mit, Sonderzeichen\\", kind="ohja", municipality="Köln"),
        (
            fc.Offer(
                id="o",
                centre="c",
                title=title,
                category="other",
                description=title + "\n" + "lang " * 60,
                schedule=(
                    fc.Schedule(weekly=("mon",), times=(fc.TimeWindow.parse("10:00-11:00"),)),
                ),
            ),
        ),
    )
    calendar = icalendar.Calendar.from_ical(
        export_bytes(data, "ical", start=dt.date(2026, 9, 1), end=dt.date(2026, 9, 30))
    )
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == title
    assert str(event["DESCRIPTION"]).startswith(title + "\n" + "lang " * 60)
    assert "Zentrum; mit, Sonderzeichen\\" in str(event["LOCATION"])


@pytest.mark.parametrize("title", ["\\N", "C:\\Neu\\Nachmittag", "a\\nb", "x;y,z\\"])
def test_backslashes_survive(title: str) -> None:
    """A literal backslash-N is text, not a line break (icalendar's writer would make it one)."""
    data = fc.CentreData(
        fc.Centre(id="c", name="Zentrum", kind="ohja", municipality="Köln"),
        (
            fc.Offer(
                id="o",
                centre="c",
                title=title,
                category="other",
                schedule=(fc.Schedule(weekly=("mon",), times=("10:00-11:00",)),),
            ),
        ),
    )
    ics = export_bytes(data, "ical", start=dt.date(2026, 9, 1), end=dt.date(2026, 9, 30))
    (event,) = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    assert str(event["SUMMARY"]) == title
