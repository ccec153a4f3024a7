"""The iCal mapping in detail: rules, COUNT, UNTIL, EXDATE, RDATE and listing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar

import familycentre as fc
from familycentre.schedule import (
    ClosureCalendar,
    PatternMode,
    event_patterns,
    occurrences,
    offer_event_patterns,
)
from tests.schedule.helpers import BERLIN, centre, offer, rie_spans, schedule, vcalendar

NW = centre("DE-NW")
YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
CALENDAR = ClosureCalendar.for_centre(NW, *YEAR)


def test_weekly_breakfast() -> None:
    breakfast = schedule(weekly=["tue", "thu"], times=["09:00-11:00"])
    [pattern] = event_patterns(breakfast, CALENDAR, *YEAR)
    assert pattern.dtstart == dt.datetime(2026, 1, 6, 9, tzinfo=BERLIN)
    assert pattern.dtend == dt.datetime(2026, 1, 6, 11, tzinfo=BERLIN)
    assert pattern.rrule == {
        "FREQ": "WEEKLY",
        "BYDAY": ["TU", "TH"],
        "WKST": "MO",
        "UNTIL": dt.datetime(2026, 12, 31, 8, 0, tzinfo=dt.UTC),
    }
    assert pattern.rdates == ()
    # public holidays on Tuesdays and Thursdays in NRW 2026 after the first date:
    # Ascension Day and Corpus Christi (New Year's Day lies before DTSTART)
    assert pattern.exdates == (
        dt.datetime(2026, 5, 14, 9, tzinfo=BERLIN),
        dt.datetime(2026, 6, 4, 9, tzinfo=BERLIN),
    )
    # the vRecur dict is what icalendar writes
    assert icalendar.vRecur(dict(pattern.rrule or {})).to_ical() == (
        b"FREQ=WEEKLY;UNTIL=20261231T080000Z;BYDAY=TU,TH;WKST=MO"
    )


def test_course_uses_count() -> None:
    course = schedule(weekly=["wed"], **{"from": "2026-09-02"}, sessions=10, times=["18:00-20:00"])
    [pattern] = event_patterns(course, CALENDAR, *YEAR)
    assert pattern.rrule == {"FREQ": "WEEKLY", "BYDAY": ["WE"], "WKST": "MO", "COUNT": 10}
    assert pattern.dtstart == dt.datetime(2026, 9, 2, 18, tzinfo=BERLIN)
    # a window that cuts the course: UNTIL instead, from the first session inside it
    cut = (dt.date(2026, 9, 10), dt.date(2026, 12, 31))
    [later] = event_patterns(course, ClosureCalendar.for_centre(NW, *cut), *cut)
    assert "COUNT" not in (later.rrule or {})
    assert later.dtstart == dt.datetime(2026, 9, 16, 18, tzinfo=BERLIN)
    assert later.rrule
    assert later.rrule["UNTIL"] == dt.datetime(2026, 11, 4, 17, tzinfo=dt.UTC)


def test_all_day_uses_dates() -> None:
    market = schedule(monthly=["last sat"], all_day=True, cancelled=["2026-05-30"])
    [pattern] = event_patterns(market, CALENDAR, *YEAR)
    assert pattern.all_day
    assert pattern.dtstart == dt.date(2026, 1, 31)
    assert pattern.dtend == dt.date(2026, 2, 1)
    # the last Saturday of 2026 is 26 December, a public holiday: the rule ends before it
    assert pattern.rrule == {"FREQ": "MONTHLY", "BYDAY": ["-1SA"], "UNTIL": dt.date(2026, 11, 28)}
    assert pattern.exdates == (dt.date(2026, 5, 30),)


def test_several_windows_give_several_events() -> None:
    shop = schedule(weekly=["sat"], times=["14:00-16:00", "10:00-12:00"], closures="regardless")
    patterns = event_patterns(shop, CALENDAR, *YEAR, index=3)
    assert [(p.dtstart.hour, p.schedule) for p in patterns] == [(10, 3), (14, 3)]  # type: ignore[union-attr]


def test_holiday_programme_is_listed_not_excluded() -> None:
    holiday = schedule(daily="weekdays", times=["09:00-15:00"], closures="school_holidays_only")
    [auto] = event_patterns(holiday, CALENDAR, *YEAR)
    assert auto.rrule is None
    assert len(auto.rdates) + 1 == len(occurrences(offer(holiday), CALENDAR, *YEAR))
    [forced] = event_patterns(holiday, CALENDAR, *YEAR, mode="rrule")
    assert forced.rrule is not None
    assert len(forced.exdates) > 100


def test_list_mode_and_empty_windows() -> None:
    weekly = schedule(weekly=["fri"], times=["10:00-11:30"])
    [listed] = event_patterns(weekly, CALENDAR, *YEAR, mode=PatternMode.LIST)
    assert listed.rrule is None
    assert listed.exdates == ()
    gone = schedule(weekly=["fri"], until="2025-06-30", times=["10:00-11:30"])
    assert event_patterns(gone, CALENDAR, *YEAR) == ()


def test_example_centre_mapping_matches_occurrences(example_path: Path) -> None:
    data = fc.load(example_path)
    calendar = ClosureCalendar.for_centre(data.centre, *YEAR)
    patterns = [p for o in data.offers for p in offer_event_patterns(o, calendar, *YEAR)]
    expected = {
        (o.start.astimezone(dt.UTC), o.end.astimezone(dt.UTC))
        for offer_ in data.offers
        for o in occurrences(offer_, calendar, *YEAR)
        if not o.all_day
    }
    timed = [p for p in patterns if not p.all_day]
    assert rie_spans(timed, *YEAR, all_day=False) == expected
    # the calendar is valid iCalendar text
    assert b"RRULE:FREQ=WEEKLY;COUNT=10;BYDAY=WE;WKST=MO" in vcalendar(patterns).to_ical()
