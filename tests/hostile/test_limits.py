"""The supported dates and the bound on a request's work."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import familycentre as fc
from familycentre import dates
from familycentre.schedule import ClosureCalendar, schedule_dates
from familycentre.schedule.limits import (
    MAX_OCCURRENCES,
    TooManyOccurrences,
    check_request,
    occurrence_bound,
)
from familycentre.schedule.overlap import schedule_overlap
from familycentre.testing import strategies as s


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0001-01-01", "the date 0001-01-01 lies outside the supported dates"),
        ("9999-12-31", "the date 9999-12-31 lies outside"),
        ("1899-12-31", "lies outside"),
        ("2200-01-01", "lies outside"),
        ("31.12.2026", "is not a date like 2026-09-01"),
    ],
)
def test_dates_outside_the_range_are_refused(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        dates.parse_date(text)


def test_edges_of_the_range_are_accepted() -> None:
    assert dates.parse_date("1900-01-01") == dates.MIN_DATE
    assert dates.parse_date("2199-12-31") == dates.MAX_DATE
    assert dates.parse_year("2199") == 2199
    assert dates.parse_period("100y") == 1200
    assert dates.parse_period("36525d") == dt.timedelta(days=36525)


@pytest.mark.parametrize("text", ["0", "-5", "100000", "1899"])
def test_years_outside_the_range_are_refused(text: str) -> None:
    with pytest.raises(dates.DateOutOfRange, match="outside the supported years"):
        dates.parse_year(text)


@pytest.mark.parametrize("text", ["30000y", "1201m", "3000000d", "5218w", "9" * 13 + "d"])
def test_periods_beyond_a_hundred_years_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"too long|is not a period"):
        dates.parse_period(text)


def test_the_library_refuses_windows_outside_the_range() -> None:
    data = fc.load("examples/sonnenblume.toml")
    with pytest.raises(fc.schedule.InvalidWindow, match="supported dates"):
        list(fc.schedule.programme(data, dt.date(9999, 12, 20), dt.date(9999, 12, 31)))
    with pytest.raises(fc.schedule.InvalidWindow, match="supported dates"):
        fc.schedule.occurrences(data.offers[0], data.centre, dt.date(1, 1, 1), dt.date(1, 2, 1))


def many_windows(offers: int) -> list[fc.Offer]:
    windows = tuple(
        fc.TimeWindow(dt.time(h, m), dt.time(h, m + 20)) for h in range(24) for m in (0, 30)
    )
    return [
        fc.Offer(
            id=f"o{i}",
            centre="c",
            title="x",
            category="other",
            schedule=(fc.Schedule(daily="every_day", times=windows, closures="regardless"),),
        )
        for i in range(offers)
    ]


def test_a_request_beyond_a_million_occurrences_is_refused_up_front() -> None:
    start, end = dt.date(2026, 1, 1), dt.date(2035, 12, 31)
    # an upper bound: one day more than the 3,652 of the window
    assert check_request(many_windows(5), start, end) == 5 * 48 * 3653
    with pytest.raises(TooManyOccurrences, match=r"centre 'c'.*its offer 'o0' alone gives up to"):
        check_request(many_windows(6), start, end)
    # the bound is per centre: six such offers in six centres stream, each one bounded
    spread = [attrs.evolve(offer, centre=f"c{i}") for i, offer in enumerate(many_windows(6))]
    assert check_request(spread, start, end) == 6 * 48 * 3653
    assert issubclass(TooManyOccurrences, fc.FamilyCentreError)
    assert MAX_OCCURRENCES < 6 * 48 * 3652


def test_more_than_48_windows_a_day_are_refused() -> None:
    windows = [f"{h:02d}:{m:02d}-{h:02d}:{m + 10:02d}" for h in range(24) for m in (0, 20, 40)]
    with pytest.raises(ValueError, match="gives 72 time windows a day; at most 48"):
        fc.Schedule(daily="every_day", times=windows)


@settings(max_examples=200, deadline=None)
@given(
    schedule=s.schedules(),
    start=st.dates(dt.date(2025, 1, 1), dt.date(2029, 1, 1)),
    days=st.integers(0, 500),
)
def test_the_bound_is_never_below_the_true_count(
    schedule: fc.Schedule, start: dt.date, days: int
) -> None:
    end = min(start + dt.timedelta(days=days), dt.date(2029, 8, 1))
    centre = fc.Centre(id="c", name="C", kind="ohja", municipality="Köln", region="DE-NW")
    calendar = ClosureCalendar.for_centre(centre, start, end)
    found = len(schedule_dates(schedule, calendar, start, end)) * len(schedule.windows)
    assert found <= occurrence_bound(schedule, start, end)


def test_overlap_needs_a_common_date_and_a_common_time() -> None:
    weekly = fc.Schedule(weekly=["mon"], times=["09:00-11:00"])
    assert schedule_overlap(weekly, fc.Schedule(daily="weekdays", times=["10:00-12:00"]))
    assert not schedule_overlap(weekly, fc.Schedule(daily="weekdays", times=["11:00-12:00"]))
    assert not schedule_overlap(weekly, fc.Schedule(weekly=["tue"], times=["09:00-11:00"]))
    first = fc.Schedule(
        weekly=["wed"], start=dt.date(2026, 9, 2), sessions=10, times=["18:00-19:30"]
    )
    second = fc.Schedule(
        weekly=["wed"], start=dt.date(2027, 1, 6), sessions=10, times=["18:00-19:30"]
    )
    assert not schedule_overlap(first, second)  # one course after the other
    odd = fc.Schedule(weekly=["mon"], every=2, start=dt.date(2026, 1, 5), times=["09:00-10:00"])
    even = fc.Schedule(weekly=["mon"], every=2, start=dt.date(2026, 1, 12), times=["09:00-10:00"])
    assert not schedule_overlap(odd, even)  # alternate weeks
    school = fc.Schedule(weekly=["mon"], times=["14:00-16:00"], closures="school_days_only")
    holidays = fc.Schedule(weekly=["mon"], times=["14:00-16:00"], closures="school_holidays_only")
    assert not schedule_overlap(school, holidays)
    assert schedule_overlap(weekly, fc.Schedule(dates=[dt.date(2026, 5, 4)], all_day=True))
