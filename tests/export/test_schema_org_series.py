"""The programme list's JSON-LD as series: expanded independently, the library's occurrences.

The half-year programme writes one ``Event`` per offer with an ``eventSchedule``
(schema.org's ``Schedule``), and single events for what no rule gives. These tests
expand what the page publishes with :mod:`tests.export.schema_org_schedule`, written
from schema.org's definitions without familycentre's schedule code, and compare it
with :func:`familycentre.schedule.occurrences` for the same period: for the example
centre, for generated centres (holidays, closures, cancelled and one-off dates) and for
generated programmes around the nights the clocks change.
"""

from __future__ import annotations

import collections
import copy
import datetime as dt
import json
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, event, given, reject, settings
from hypothesis import strategies as st

import familycentre as fc
from familycentre.export import html
from familycentre.i18n import LANGUAGES
from familycentre.schedule import ClosureCalendar, MissingHolidayData, occurrences
from familycentre.schedule.overlap import schedules_overlaps
from familycentre.testing import strategies
from tests.export.conftest import export_bytes
from tests.export.schema_org_schedule import (
    Unclear,
    expand,
    occurrence_key,
    required_problems,
    schedule_dates,
)
from tests.export.test_schema_org import Scripts

PERIOD = dt.date(2026, 9, 1), dt.date(2027, 2, 28)


@pytest.fixture(scope="module")
def example() -> fc.CentreData:
    from tests.conftest import ROOT

    return fc.load(ROOT / "examples" / "sonnenblume.toml")


def library(data: fc.CentreData, start: dt.date, end: dt.date) -> collections.Counter[Any]:
    calendar = ClosureCalendar.for_centre(data.centre, start, end)
    return collections.Counter(
        occurrence_key(o)
        for offer in data.offers
        for o in occurrences(offer, calendar, start, end)
    )


def list_page(data: fc.CentreData, start: dt.date, end: dt.date, language: str = "de") -> Any:
    """The JSON-LD of the programme list, parsed."""
    context = html.page_context(data.centre, list(data.offers), start, end, language, "list")
    return json.loads(context["json_ld"])


@pytest.fixture(scope="module")
def example_document(example: fc.CentreData) -> dict[str, Any]:
    text = export_bytes(
        example, "html", start=PERIOD[0], end=PERIOD[1], language="de", extra={"layout": "list"}
    ).decode("utf-8")
    (block,) = Scripts(text).blocks
    document: dict[str, Any] = json.loads(block)
    return document


def test_example_expands_to_the_librarys_occurrences(
    example: fc.CentreData, example_document: dict[str, Any]
) -> None:
    assert required_problems(example_document) == []
    expected = library(example, *PERIOD)
    assert sum(expected.values()) > 500
    assert expand(example_document) == expected


def test_example_offers_are_series_where_schema_org_can_say_them(
    example_document: dict[str, Any],
) -> None:
    events = [n for n in example_document["@graph"] if n["@type"] == "Event"]
    series = {n["@id"]: n for n in events if "eventSchedule" in n}
    # Weekly groups, the lunch table on weekdays, the first Monday of the month, a
    # fortnightly counselling hour and a course of ten sessions are series.
    for offer in ("fruehstueck", "mittagstisch", "elternabend", "elternberatung"):
        assert f"#{offer}" in series, offer
    monthly = series["#elternabend"]["eventSchedule"][0]
    assert monthly["repeatFrequency"] == "P1M"
    assert monthly["byMonthWeek"] == [1]
    assert monthly["byDay"] == ["https://schema.org/Monday"]
    assert series["#elternberatung"]["eventSchedule"][0]["repeatFrequency"] == "P2W"
    course = series["#pc-kurs-wiedereinstieg"]["eventSchedule"][0]
    assert (course["startDate"], course["endDate"]) == ("2026-09-02", "2026-11-04")
    # the second-hand shop: two windows on Saturdays, another rule on weekdays
    assert len(series["#secondhand-laden"]["eventSchedule"]) == 3
    # Christmas closure, public holidays and the lunch table's own break are exceptions
    lunch = series["#mittagstisch"]["eventSchedule"][0]
    assert "2026-12-25" in lunch["exceptDate"]
    assert "2026-10-21" in lunch["exceptDate"]  # its own closure period
    assert lunch["scheduleTimezone"] == "Europe/Berlin"
    # the last Thursday of the month and one-off dates are single events
    singles = [n for n in events if "startDate" in n]
    assert any(n["@id"].startswith("#mitmachtreffen-") for n in singles)
    assert any(n["@id"] == "#erste-hilfe-kind-20261010T0930" for n in singles)
    # the page is small: a few dozen events rather than one per occurrence
    assert len(events) < 60


def test_dropping_an_exception_is_seen(
    example: fc.CentreData, example_document: dict[str, Any]
) -> None:
    expected = library(example, *PERIOD)
    broken = copy.deepcopy(example_document)
    lunch = next(n for n in broken["@graph"] if n["@id"] == "#mittagstisch")
    dropped = lunch["eventSchedule"][0]["exceptDate"].pop()
    found = expand(broken)
    assert found != expected
    extra = found - expected
    assert [key[1][:10] for key in extra] == [dropped]
    assert not expected - found


def test_dropping_a_single_event_or_moving_a_time_is_seen(
    example: fc.CentreData, example_document: dict[str, Any]
) -> None:
    expected = library(example, *PERIOD)
    without = copy.deepcopy(example_document)
    without["@graph"] = [
        n for n in without["@graph"] if n["@id"] != "#erste-hilfe-kind-20261010T0930"
    ]
    assert expand(without) != expected
    moved = copy.deepcopy(example_document)
    breakfast = next(n for n in moved["@graph"] if n["@id"] == "#fruehstueck")
    breakfast["eventSchedule"][0]["startTime"] = "09:15:00"
    assert expand(moved) != expected
    late = copy.deepcopy(example_document)
    course = next(n for n in late["@graph"] if n["@id"] == "#pc-kurs-wiedereinstieg")
    course["eventSchedule"][0]["endDate"] = "2026-11-11"
    assert expand(late) != expected


def test_required_property_check_can_fail(example_document: dict[str, Any]) -> None:
    broken = copy.deepcopy(example_document)
    series = next(n for n in broken["@graph"] if "eventSchedule" in n)
    del series["eventSchedule"][0]["scheduleTimezone"]
    series["startDate"] = "2026-09-01"
    single = next(n for n in broken["@graph"] if "startDate" in n)
    single["superEvent"] = {"@id": "#nowhere"}
    problems = required_problems(broken)
    assert len(problems) == 3, problems


def test_expander_follows_schema_org() -> None:
    """The expander's reading of schema.org's examples, checked by hand."""
    first_mondays = {
        "@type": "Schedule",
        "repeatFrequency": "P1M",
        "byDay": ["https://schema.org/Monday"],
        "byMonthWeek": [1, 3],
        "startDate": "2026-09-01",
        "endDate": "2026-10-31",
        "exceptDate": ["2026-10-19"],
    }
    assert [d.isoformat() for d in schedule_dates(first_mondays)] == [
        "2026-09-07",
        "2026-09-21",
        "2026-10-05",
    ]
    fortnightly = {
        "@type": "Schedule",
        "repeatFrequency": "P2W",
        "byDay": ["https://schema.org/Wednesday"],
        "startDate": "2026-09-02",
        "endDate": "2026-09-30",
    }
    assert [d.day for d in schedule_dates(fortnightly)] == [2, 16, 30]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_publishes_the_same_occurrences(
    example: fc.CentreData, language: str
) -> None:
    document = list_page(example, *PERIOD, language)
    assert required_problems(document) == []
    assert expand(document) == library(example, *PERIOD)


# Half-year periods over school holidays and both changes of the clocks, and weeks
# around them.
PERIODS = [
    PERIOD,
    (dt.date(2027, 3, 1), dt.date(2027, 8, 31)),
    (dt.date(2026, 10, 19), dt.date(2026, 10, 25)),
    (dt.date(2027, 3, 22), dt.date(2027, 4, 4)),
]


@st.composite
def _series_schedules(draw: st.DrawFn, start: dt.date, end: dt.date) -> fc.Schedule:
    """A schedule schema.org can say as a rule, with extra and cancelled dates in the period."""
    within = st.dates(start, end)
    kind = draw(st.sampled_from(["weekly", "fortnightly", "monthly", "daily"]))
    kwargs: dict[str, Any] = {
        "times": draw(strategies.window_lists()),
        "dates": draw(st.lists(within, max_size=3)),
        "cancelled": draw(st.lists(within, max_size=3)),
        "closures": draw(st.sampled_from(fc.ClosurePolicy)),
        "open_on": draw(st.lists(st.sampled_from(fc.OpenOn), unique=True, max_size=2)),
    }
    if kind == "weekly":
        kwargs["weekly"] = draw(st.lists(st.sampled_from(fc.Weekday), min_size=1, unique=True))
    elif kind == "fortnightly":
        kwargs["weekly"] = [draw(st.sampled_from(fc.Weekday))]
        kwargs["every"] = draw(st.sampled_from([2, 3]))
    elif kind == "monthly":
        kwargs["monthly"] = draw(
            st.lists(
                st.builds(fc.MonthlyWeekday, st.integers(1, 5), st.sampled_from(fc.Weekday)),
                min_size=1,
                max_size=3,
                unique=True,
            )
        )
    else:
        kwargs["daily"] = draw(st.sampled_from(fc.Daily))
    if kwargs.get("every", 1) > 1 or draw(st.booleans()):
        kwargs["start"] = draw(st.dates(start - dt.timedelta(days=60), end))
        if draw(st.booleans()):
            kwargs["sessions"] = draw(st.integers(1, 30))
        elif draw(st.booleans()):
            kwargs["until"] = kwargs["start"] + dt.timedelta(days=draw(st.integers(0, 200)))
    return fc.Schedule(**kwargs)


@st.composite
def centres_with_periods(draw: st.DrawFn) -> tuple[fc.CentreData, dt.date, dt.date]:
    centre = attrs.evolve(
        draw(strategies.centres), region=draw(st.sampled_from(["DE-NW", "DE-BY"]))
    )
    start, end = draw(st.sampled_from(PERIODS))
    closures = draw(st.lists(strategies.closures(), max_size=2))
    closures += draw(
        st.lists(
            st.tuples(st.dates(start, end), st.integers(0, 20)).map(
                lambda pair: fc.Closure(pair[0], pair[0] + dt.timedelta(days=pair[1]))
            ),
            max_size=2,
        )
    )
    centre = attrs.evolve(centre, closures=closures)
    drawn = draw(
        st.lists(
            strategies.offers(st.just(centre.id)), min_size=1, max_size=5, unique_by=lambda o: o.id
        )
    )
    offers = []
    for offer in drawn:
        schedules = offer.schedule or (draw(strategies.schedules()),)
        if draw(st.booleans()):  # mostly rules, as most offers are
            schedules = (draw(_series_schedules(start, end)),)
            if draw(st.booleans()):
                second = draw(strategies.schedules())
                if not schedules_overlaps([schedules[0], second]):
                    schedules += (second,)
        status = draw(st.sampled_from([fc.OfferStatus.ACTIVE] * 4 + list(fc.OfferStatus)))
        offers.append(attrs.evolve(offer, status=status, schedule=schedules))
    starts = [s.start for o in offers for s in o.schedule if s.start is not None]
    if starts and draw(st.booleans()):
        start = draw(st.sampled_from(starts))
        end = start + dt.timedelta(days=draw(st.sampled_from([6, 90, 180])))
    return fc.CentreData(centre, tuple(offers), ()), start, end


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(centres_with_periods())
def test_generated_centres_expand_to_the_librarys_occurrences(
    case: tuple[fc.CentreData, dt.date, dt.date],
) -> None:
    data, start, end = case
    try:
        expected = library(data, start, end)
    except MissingHolidayData:  # school holidays are shipped up to 2029
        reject()
    document = list_page(data, start, end)
    assert required_problems(document) == []
    assert expand(document) == expected
    describe_cases(document)


def describe_cases(document: dict[str, Any]) -> None:
    """Name what a generated page has, for ``--hypothesis-show-statistics``."""
    for node in document["@graph"][1:]:
        for schedule in node.get("eventSchedule", []):
            event(f"Schedule {schedule['repeatFrequency']}")
            if schedule.get("exceptDate"):
                event("Schedule with exceptDate")
        if "superEvent" in node:
            event("single event of a series")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strategies.change_night_programmes())
def test_clock_change_nights_expand_to_the_librarys_occurrences(
    case: tuple[fc.CentreData, dt.date, dt.date, str],
) -> None:
    data, start, end, _ = case
    try:
        expected = library(data, start, end)
    except MissingHolidayData:
        reject()
    document = list_page(data, start, end)
    assert required_problems(document) == []
    assert expand(document) == expected  # raises Unclear for a time left to guesswork
    describe_cases(document)


def test_a_time_the_clocks_skip_is_a_single_event() -> None:
    centre = fc.Centre(id="zentrum", name="Zentrum", kind="family_centre", municipality="Dortmund")
    night = fc.Schedule(weekly=["sun"], times=["02:30-03:30"], closures="regardless")
    offer = fc.Offer(
        id="nachtcafe",
        centre="zentrum",
        title="Nachtcafé",
        category="open_meeting_point",
        schedule=(night,),
    )
    data = fc.CentreData(centre, (offer,))
    start, end = dt.date(2027, 3, 14), dt.date(2027, 4, 4)
    document = list_page(data, start, end)
    (series,) = (n for n in document["@graph"] if "eventSchedule" in n)
    (schedule,) = series["eventSchedule"]
    assert schedule["exceptDate"] == ["2027-03-28"]
    (single,) = (n for n in document["@graph"] if "superEvent" in n)
    assert single["startDate"] == "2027-03-28T03:30:00+02:00"
    assert expand(document) == library(data, start, end)
    # without the exception, the schedule would leave the skipped time to the reader
    del schedule["exceptDate"]
    with pytest.raises(Unclear):
        expand(document)
