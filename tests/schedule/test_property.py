"""The library, recurring-ical-events on the iCal mapping, and dateutil agree."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import familycentre as fc
from familycentre.schedule import ClosureCalendar, PatternMode, event_patterns, occurrences
from familycentre.schedule.occurrences import pattern_exceptions, schedule_ordinals
from familycentre.testing import strategies
from tests.schedule.helpers import centre, dateutil_spans, offer, rie_spans

# School holidays are shipped up to the summer of 2029 for every state drawn here.
FIRST = dt.date(2025, 1, 1)
LAST = dt.date(2029, 7, 31)


@st.composite
def cases(draw: st.DrawFn) -> tuple[fc.Schedule, fc.Centre, dt.date, dt.date, PatternMode]:
    schedule = draw(strategies.schedules())
    anchor = schedule.start or draw(st.dates(FIRST, LAST))
    anchor = min(max(anchor, FIRST), LAST)
    start = min(LAST, max(FIRST, anchor + dt.timedelta(days=draw(st.integers(-60, 400)))))
    end = min(LAST, start + dt.timedelta(days=draw(st.integers(0, 400))))
    # cancelled dates where they matter: inside the window
    cancelled = draw(st.lists(st.dates(start, end), max_size=4, unique=True))
    schedule = attrs.evolve(schedule, cancelled=[*schedule.cancelled, *cancelled])
    closures = draw(st.lists(strategies.closures(), max_size=3))
    region = draw(st.sampled_from(["DE-NW", "DE-BY", "DE-BE", "DE-SN"]))
    mode = draw(st.sampled_from(PatternMode))
    zone = draw(st.sampled_from(["Europe/Berlin", "Europe/Berlin", "America/New_York", "UTC"]))
    return schedule, centre(region, closures, timezone=zone), start, end, mode


@pytest.mark.slow
@settings(max_examples=500)
@given(cases())
def test_library_equals_recurring_ical_events_and_dateutil(
    case: tuple[fc.Schedule, fc.Centre, dt.date, dt.date, PatternMode],
) -> None:
    schedule, home, start, end, mode = case
    calendar = ClosureCalendar.for_centre(home, start, end)
    found = occurrences(offer(schedule), calendar, start, end)
    # in time order, without duplicates, inside the window
    assert [o.start for o in found] == sorted(o.start for o in found)
    assert len({(o.start, o.end) for o in found}) == len(found)
    assert all(start <= o.date <= end for o in found)
    if schedule.all_day:
        ours = {(o.start.date(), o.end.date()) for o in found}
    else:
        ours = {(o.start.astimezone(dt.UTC), o.end.astimezone(dt.UTC)) for o in found}
    assert ours == dateutil_spans(schedule, calendar, start, end)
    patterns = event_patterns(schedule, calendar, start, end, mode=mode)
    assert ours == rie_spans(patterns, start, end, all_day=schedule.all_day)
    if mode is PatternMode.LIST:
        assert all(p.rrule is None for p in patterns)


def _misses(calendar: ClosureCalendar, schedule: fc.Schedule, day: dt.date) -> bool:
    """Whether the closure policy keeps the schedule from meeting on ``day``, by its
    definition (docs/how-to/schedules.md), from the calendar's sets of days."""
    policy, open_on = schedule.closures, schedule.open_on
    if policy is fc.ClosurePolicy.REGARDLESS:
        return False
    closed = day in calendar.offer_closures
    closed |= day in calendar.public_holidays and fc.OpenOn.PUBLIC_HOLIDAYS not in open_on
    closed |= day in calendar.closures and fc.OpenOn.CENTRE_CLOSURES not in open_on
    if policy is fc.ClosurePolicy.SCHOOL_DAYS_ONLY:
        return closed or day in calendar.school_holidays
    if policy is fc.ClosurePolicy.SCHOOL_HOLIDAYS_ONLY:
        return closed or day not in calendar.school_holidays
    return closed


@settings(max_examples=400)
@given(cases())
def test_pattern_exceptions_are_the_pattern_dates_a_schedule_misses(
    case: tuple[fc.Schedule, fc.Centre, dt.date, dt.date, PatternMode],
) -> None:
    schedule, home, start, end, _ = case
    calendar = ClosureCalendar.for_centre(home, start, end)
    lo, hi = start.toordinal(), end.toordinal()
    days = schedule_ordinals(schedule, calendar, lo, hi)
    pattern, missed = pattern_exceptions(schedule, calendar, lo, hi)
    cancelled = {d.toordinal() for d in schedule.cancelled}
    expected = {
        d for d in pattern if d in cancelled or _misses(calendar, schedule, dt.date.fromordinal(d))
    }
    assert set(missed) == expected
    kept = [d for d in pattern if d not in missed]
    if schedule.dates:  # extra dates come on top of the pattern
        assert set(kept) <= set(days)
    else:
        assert kept == days
