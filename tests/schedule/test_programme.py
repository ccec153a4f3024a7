"""programme(): every offer's occurrences, merged in time order, a stretch at a time."""

from __future__ import annotations

import datetime as dt
import gc
import itertools
import json
import tracemalloc
from collections.abc import Iterator

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import familycentre as fc
from familycentre.errors import TooManyOccurrences
from familycentre.schedule import (
    ClosureCalendar,
    MissingHolidayData,
    centre_occurrences,
    occurrence_record,
    occurrences,
    occurrences_json,
    programme,
)
from familycentre.schedule.limits import MAX_OCCURRENCES, check_request
from familycentre.testing import strategies
from tests.schedule.helpers import centre, offer

# School holidays are shipped up to the summer of 2029 for every state drawn here.
FIRST = dt.date(2025, 1, 1)
LAST = dt.date(2029, 7, 31)

# Times around the night the clocks change (02:00-03:00 local) and plain ones; no two
# overlap, so any selection in any order is a valid list of windows.
_NIGHT_AND_DAY = st.sampled_from(
    ["00:00-01:00", "01:30-02:00", "02:00-02:30", "02:30-03:00", "03:00-03:15", "09:00-10:00"]
)


@st.composite
def _schedules(draw: st.DrawFn) -> fc.Schedule:
    schedule = draw(strategies.schedules())
    if not schedule.all_day and draw(st.integers(0, 3)) == 0:
        # Windows at night, in any order; on the spring-forward night 02:30 and 03:00
        # both become 03:xx.
        times = draw(st.lists(_NIGHT_AND_DAY, min_size=1, max_size=3, unique=True))
        schedule = attrs.evolve(schedule, times=times)
    return schedule


@st.composite
def _network(draw: st.DrawFn) -> tuple[list[fc.CentreData], dt.date, dt.date]:
    start = draw(st.dates(FIRST, LAST))
    end = min(LAST, start + dt.timedelta(days=draw(st.integers(0, 500))))
    several_zones = draw(st.booleans())
    network = []
    for number in range(draw(st.integers(1, 3))):
        zone = (
            draw(st.sampled_from(["Europe/Berlin", "America/New_York", "Asia/Tokyo", "UTC"]))
            if several_zones
            else "Europe/Berlin"
        )
        region = draw(st.sampled_from(["DE-NW", "DE-BY", "DE-BE"]))
        closures = draw(st.lists(strategies.closures(), max_size=2))
        home = attrs.evolve(centre(region, closures, timezone=zone), id=f"zentrum-{number}")
        offers = []
        for index in range(draw(st.integers(0, 4))):
            # Offers often share a schedule: many occurrences start together (ties).
            shared = draw(st.lists(_schedules(), min_size=0, max_size=3))
            status = draw(st.sampled_from(["active", "active", "paused"]))
            offers.append(
                attrs.evolve(
                    offer(*shared, status=status, offer_id=f"angebot-{number}-{index}"),
                    centre=home.id,
                )
            )
            if shared and draw(st.booleans()):
                twin = offer(*shared, offer_id=f"zwilling-{number}-{index}")
                offers.append(attrs.evolve(twin, centre=home.id))
        network.append(fc.CentreData(home, tuple(offers)))
    return network, start, end


def _expected(
    network: list[fc.CentreData], start: dt.date, end: dt.date, include_inactive: bool
) -> list[fc.Occurrence]:
    """The definition: every offer's occurrences one after the other, stably sorted."""
    together: list[fc.Occurrence] = []
    for data in network:
        calendar = ClosureCalendar.for_centre(data.centre, start, end)
        for item in data.offers:
            together.extend(
                occurrences(item, calendar, start, end, include_inactive=include_inactive)
            )
    return sorted(together, key=lambda occurrence: occurrence.start)


def _key(occurrence: fc.Occurrence) -> tuple[object, ...]:
    # Identity of the offer too: twins have equal schedules but are different offers.
    return (
        occurrence.offer.id,
        occurrence.schedule,
        occurrence.start,
        occurrence.start.utcoffset(),
        occurrence.end,
        occurrence.end.utcoffset(),
        occurrence.all_day,
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_network(), st.booleans())
def test_programme_is_the_stable_sort_of_every_offers_occurrences(
    case: tuple[list[fc.CentreData], dt.date, dt.date], include_inactive: bool
) -> None:
    network, start, end = case
    try:
        expected = _expected(network, start, end, include_inactive)
    except MissingHolidayData:
        with pytest.raises(MissingHolidayData):
            programme(network, start, end, include_inactive=include_inactive)
        return
    found = list(programme(network, start, end, include_inactive=include_inactive))
    assert [_key(o) for o in found] == [_key(o) for o in expected]
    assert found == expected


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_network(), st.booleans(), st.booleans())
def test_centre_occurrences_are_each_offers_occurrences(
    case: tuple[list[fc.CentreData], dt.date, dt.date], include_inactive: bool, by_calendar: bool
) -> None:
    network, start, end = case
    for data in network:
        home: fc.Centre | ClosureCalendar = data.centre
        try:
            if by_calendar:
                home = ClosureCalendar.for_centre(data.centre, start, end)
            expected = [
                occurrences(item, home, start, end, include_inactive=include_inactive)
                for item in data.offers
            ]
        except MissingHolidayData:
            with pytest.raises(MissingHolidayData):
                centre_occurrences(data.offers, data.centre, start, end)
            continue
        found = centre_occurrences(
            data.offers, home, start, end, include_inactive=include_inactive
        )
        assert [[_key(o) for o in part] for part in found] == [
            [_key(o) for o in part] for part in expected
        ]
        assert found == expected


def test_centre_occurrences_check_the_window_and_the_request_once() -> None:
    weekly = fc.Schedule(weekly=["mon"], times=["10:00-11:00"], closures="regardless")
    home = centre()
    with pytest.raises(fc.InvalidWindow):
        centre_occurrences([offer(weekly)], home, dt.date(2026, 9, 7), dt.date(2026, 9, 1))
    assert centre_occurrences([], home, dt.date(2026, 9, 7), dt.date(2026, 9, 13)) == []
    many = fc.Schedule(
        daily=fc.Daily.EVERY_DAY,
        times=[f"{h:02d}:00-{h:02d}:30" for h in range(24)],
        closures="regardless",
    )
    offers = [offer(many, offer_id=f"angebot-{n}") for n in range(12)]
    ten_years = dt.date(2026, 1, 1), dt.date(2035, 12, 31)
    # each offer alone stays under the limit of a request; together they pass it
    assert check_request(offers[:1], *ten_years) < MAX_OCCURRENCES
    with pytest.raises(TooManyOccurrences, match="zentrum"):
        centre_occurrences(offers, home, *ten_years)


def test_ties_keep_the_order_of_centres_offers_and_schedules() -> None:
    weekly = fc.Schedule(weekly=["mon"], times=["10:00-11:00"], closures="regardless")
    first = attrs.evolve(centre(), id="a")
    second = attrs.evolve(centre(), id="b")
    network = [
        fc.CentreData(first, (attrs.evolve(offer(weekly, weekly, offer_id="x"), centre="a"),)),
        fc.CentreData(second, (attrs.evolve(offer(weekly, offer_id="y"), centre="b"),)),
    ]
    found = list(programme(network, dt.date(2026, 9, 7), dt.date(2026, 9, 14)))
    assert [(o.offer.id, o.schedule, o.start.day) for o in found] == [
        ("x", 0, 7),
        ("x", 1, 7),
        ("y", 0, 7),
        ("x", 0, 14),
        ("x", 1, 14),
        ("y", 0, 14),
    ]


def test_centres_in_different_zones_merge_by_the_instant() -> None:
    # 08:00 in Tokyo is midnight UTC: before 09:00 in Berlin the previous day's evening
    # in New York, whatever the local dates say.
    morning = fc.Schedule(daily="every_day", times=["08:00-09:00"], closures="regardless")
    network = [
        fc.CentreData(
            attrs.evolve(centre(timezone=zone), id=name),
            (attrs.evolve(offer(morning, offer_id=name), centre=name),),
        )
        for name, zone in (
            ("berlin", "Europe/Berlin"),
            ("tokyo", "Asia/Tokyo"),
            ("newyork", "America/New_York"),
        )
    ]
    found = list(programme(network, dt.date(2026, 6, 1), dt.date(2026, 7, 31)))
    starts = [o.start for o in found]
    assert starts == sorted(starts)
    assert [o.offer.id for o in found[:3]] == ["tokyo", "berlin", "newyork"]
    assert len(found) == 3 * 61


def test_missing_school_holidays_are_refused_before_iterating() -> None:
    homework = fc.Schedule(weekly=["mon"], times=["13:00-14:00"], closures="school_days_only")
    data = fc.CentreData(centre(), (offer(homework),))
    with pytest.raises(MissingHolidayData):
        programme(data, dt.date(2029, 1, 1), dt.date(2031, 12, 31))  # not even iterated


def test_a_long_programme_is_produced_as_it_is_consumed() -> None:
    """Ten years of daily offers: taking the first occurrences does not expand them all."""
    daily = fc.Schedule(daily="every_day", times=["09:00-10:00", "11:00-12:00"])
    offers = tuple(
        attrs.evolve(offer(daily, offer_id=f"angebot-{n}"), centre="zentrum") for n in range(50)
    )
    data = fc.CentreData(centre(), offers)
    gc.collect()
    tracemalloc.start()
    try:
        stream = programme(data, dt.date(2020, 1, 1), dt.date(2029, 12, 31))
        first = list(itertools.islice(stream, 1000))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(first) == 1000
    assert first[0].start.date() == dt.date(2020, 1, 2)  # New Year's Day is a public holiday
    # Ten years would be 50 x 2 x ~3,640 = 364,000 occurrences (over 100 MB as objects);
    # a stretch of a month is about 3,000 of them.
    assert peak < 20_000_000


# --- JSON, streamed -------------------------------------------------------------------------


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_network(), st.lists(strategies.plain_text, min_size=1, max_size=5))
def test_json_pieces_are_json_dumps_of_the_records(
    case: tuple[list[fc.CentreData], dt.date, dt.date], titles: list[str]
) -> None:
    network, start, end = case
    network = [
        attrs.evolve(
            data,
            offers=tuple(
                attrs.evolve(item, title=fc.Text(titles[n % len(titles)]))
                for n, item in enumerate(data.offers)
            ),
        )
        for data in network
    ]
    try:
        found = list(programme(network, start, end))
    except MissingHolidayData:
        return
    text = "".join(occurrences_json(iter(found)))
    records = [occurrence_record(o) for o in found]
    assert text == json.dumps(records, ensure_ascii=False, indent=2)
    assert json.loads(text) == records


def test_json_of_nothing_is_an_empty_array() -> None:
    assert "".join(occurrences_json([])) == "[]"


def test_json_is_written_as_the_occurrences_come() -> None:
    """The pieces come one by one: the first is there before the stream ends."""
    daily = fc.Schedule(daily="every_day", times=["09:00-10:00"])
    data = fc.CentreData(centre(), (offer(daily),))
    consumed = 0

    def counted() -> Iterator[fc.Occurrence]:
        nonlocal consumed
        for occurrence in programme(data, dt.date(2020, 1, 1), dt.date(2029, 12, 31)):
            consumed += 1
            yield occurrence

    pieces = occurrences_json(counted())
    first = next(pieces)
    assert first.startswith('[\n  {\n    "offer": "angebot"')
    assert consumed == 1
