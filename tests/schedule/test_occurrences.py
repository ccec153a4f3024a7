"""Occurrences on the dates that matter: DST, New Year, leap years, holidays."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import familycentre as fc
from familycentre.schedule import (
    ClosureCalendar,
    InvalidWindow,
    MissingHolidayData,
    WindowTooLarge,
    closures_from_ical,
    event_patterns,
    local_datetime,
    occurrences,
    programme,
    schedule_dates,
)
from tests.schedule.helpers import BERLIN, centre, local, offer, rie_spans, schedule, spans

NW = centre("DE-NW")


def dates_of(s: fc.Schedule, start: dt.date, end: dt.date, home: fc.Centre = NW) -> list[str]:
    return [o.date.isoformat() for o in occurrences(offer(s), home, start, end)]


# --- daylight saving time -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("monday", "sunday", "before", "after"),
    [
        # spring forward: Sunday 29 March 2026 and Sunday 28 March 2027
        (dt.date(2026, 3, 23), dt.date(2026, 3, 29), "+01:00", "+02:00"),
        (dt.date(2027, 3, 22), dt.date(2027, 3, 28), "+01:00", "+02:00"),
        # fall back: Sunday 25 October 2026 and Sunday 31 October 2027
        (dt.date(2026, 10, 19), dt.date(2026, 10, 25), "+02:00", "+01:00"),
        (dt.date(2027, 10, 25), dt.date(2027, 10, 31), "+02:00", "+01:00"),
    ],
)
def test_wall_clock_stays_put_across_dst_weeks(
    monday: dt.date, sunday: dt.date, before: str, after: str
) -> None:
    daily = schedule(daily="every_day", times=["09:00-11:00"], closures="regardless")
    found = occurrences(
        offer(daily), NW, monday - dt.timedelta(days=1), sunday + dt.timedelta(days=1)
    )
    texts = local(spans(found))
    assert [start[11:] for start, _ in texts] == [f"09:00:00{before}"] * 7 + [
        f"09:00:00{after}"
    ] * 2
    assert all(end[11:19] == "11:00:00" for _, end in texts)
    # two hours each, whatever the offset
    assert {o.end - o.start for o in found} == {dt.timedelta(hours=2)}


def test_nonexistent_time_moves_forward_by_the_gap() -> None:
    night = schedule(
        dates=["2026-03-29", "2027-03-28"], times=["02:30-04:00"], closures="regardless"
    )
    found = occurrences(offer(night), NW, dt.date(2026, 3, 1), dt.date(2027, 3, 31))
    assert local(spans(found)) == [
        ("2026-03-29T03:30:00+02:00", "2026-03-29T04:00:00+02:00"),
        ("2027-03-28T03:30:00+02:00", "2027-03-28T04:00:00+02:00"),
    ]


def test_window_in_the_gap_resolves_start_and_end_each_on_its_own() -> None:
    night = schedule(dates=["2026-03-29"], times=["02:00-02:30"], closures="regardless")
    [found] = occurrences(offer(night), NW, dt.date(2026, 3, 29), dt.date(2026, 3, 29))
    assert local([(found.start, found.end)]) == [
        ("2026-03-29T03:00:00+02:00", "2026-03-29T03:30:00+02:00")
    ]
    # 02:15 does not exist and becomes 03:15; 03:15 exists: nothing is left
    late = schedule(dates=["2026-03-29"], times=["02:15-03:15"], closures="regardless")
    [empty] = occurrences(offer(late), NW, dt.date(2026, 3, 29), dt.date(2026, 3, 29))
    assert empty.start == empty.end
    assert empty.start.isoformat() == "2026-03-29T03:15:00+02:00"


@pytest.mark.parametrize("window", ["02:00-02:30", "01:30-02:30", "02:15-03:15", "02:30-04:00"])
def test_dst_nights_agree_with_recurring_ical_events(window: str) -> None:
    sundays = schedule(weekly=["sun"], times=[window], closures="regardless")
    span = (dt.date(2026, 3, 1), dt.date(2027, 11, 30))
    calendar = ClosureCalendar.for_centre(NW, *span)
    found = occurrences(offer(sundays), calendar, *span)
    ours = {(o.start.astimezone(dt.UTC), o.end.astimezone(dt.UTC)) for o in found}
    assert len(ours) == 92
    assert ours == rie_spans(event_patterns(sundays, calendar, *span), *span, all_day=False)


def test_ambiguous_time_is_the_first_of_the_two() -> None:
    night = schedule(
        dates=["2026-10-25", "2027-10-31"], times=["02:30-03:30"], closures="regardless"
    )
    found = occurrences(offer(night), NW, dt.date(2026, 10, 1), dt.date(2027, 10, 31))
    assert local(spans(found)) == [
        ("2026-10-25T02:30:00+02:00", "2026-10-25T03:30:00+01:00"),
        ("2027-10-31T02:30:00+02:00", "2027-10-31T03:30:00+01:00"),
    ]
    # two hours elapse (Python subtracts wall-clock times of one zone, so compare in UTC)
    assert [o.end.astimezone(dt.UTC) - o.start.astimezone(dt.UTC) for o in found] == [
        dt.timedelta(hours=2)
    ] * 2
    assert all(o.start.fold == 0 for o in found)


def test_local_datetime_rule() -> None:
    assert local_datetime(dt.date(2026, 3, 29), dt.time(2, 0), BERLIN).isoformat() == (
        "2026-03-29T03:00:00+02:00"
    )
    assert local_datetime(dt.date(2026, 10, 25), dt.time(2, 0), BERLIN).isoformat() == (
        "2026-10-25T02:00:00+02:00"
    )


def test_all_day_occurrences_span_local_midnights_across_dst() -> None:
    day = schedule(dates=["2026-03-29"], all_day=True, closures="regardless")
    [found] = occurrences(offer(day), NW, dt.date(2026, 3, 29), dt.date(2026, 3, 29))
    assert found.all_day
    assert local([(found.start, found.end)]) == [
        ("2026-03-29T00:00:00+01:00", "2026-03-30T00:00:00+02:00")
    ]
    assert found.end.astimezone(dt.UTC) - found.start.astimezone(dt.UTC) == dt.timedelta(hours=23)


def test_other_time_zones() -> None:
    vienna = centre("DE-NW", timezone="America/New_York")
    weekly = schedule(weekly=["sun"], times=["09:00-10:00"], closures="regardless")
    found = occurrences(offer(weekly), vienna, dt.date(2026, 3, 1), dt.date(2026, 3, 15))
    assert [s for s, _ in local(spans(found))] == [
        "2026-03-01T09:00:00-05:00",
        "2026-03-08T09:00:00-04:00",
        "2026-03-15T09:00:00-04:00",
    ]


# --- the calendar: New Year, leap years, fifth Mondays --------------------------------------


def test_across_new_year() -> None:
    weekly = schedule(weekly=["wed"], times=["10:00-11:00"])
    assert dates_of(weekly, dt.date(2025, 12, 20), dt.date(2026, 1, 10)) == [
        "2025-12-24",
        "2025-12-31",
        "2026-01-07",
    ]
    daily = schedule(daily="every_day", times=["10:00-11:00"])
    days = dates_of(daily, dt.date(2025, 12, 30), dt.date(2026, 1, 2))
    assert days == ["2025-12-30", "2025-12-31", "2026-01-02"]  # not on New Year's Day


def test_every_second_week_counts_across_new_year() -> None:
    fortnightly = schedule(
        weekly=["mon"], every=2, **{"from": "2025-12-15"}, times=["10:00-11:00"]
    )
    assert dates_of(fortnightly, dt.date(2025, 12, 1), dt.date(2026, 1, 31)) == [
        "2025-12-15",
        "2025-12-29",
        "2026-01-12",
        "2026-01-26",
    ]


def test_week_of_from_is_week_zero_weeks_start_monday() -> None:
    # from a Sunday: its week (Monday 2 Nov to Sunday 8 Nov) is week 0, so the
    # Monday before is not included and the next Monday is in week 1, skipped.
    s = schedule(weekly=["mon", "sun"], every=2, **{"from": "2026-11-08"}, times=["10:00-11:00"])
    assert dates_of(s, dt.date(2026, 11, 1), dt.date(2026, 11, 30)) == [
        "2026-11-08",
        "2026-11-16",
        "2026-11-22",
        "2026-11-30",
    ]


def test_leap_year_february_29_course() -> None:
    course = schedule(
        monthly_days=[29], **{"from": "2028-01-01"}, sessions=3, times=["18:00-19:00"]
    )
    assert dates_of(course, dt.date(2028, 1, 1), dt.date(2028, 12, 31)) == [
        "2028-01-29",
        "2028-02-29",
        "2028-03-29",
    ]
    single = schedule(dates=["2028-02-29"], times=["18:00-19:00"])
    assert dates_of(single, dt.date(2028, 2, 1), dt.date(2028, 3, 31)) == ["2028-02-29"]


def test_day_29_to_31_skipped_in_short_months() -> None:
    s = schedule(monthly_days=[31], times=["18:00-19:00"])
    assert dates_of(s, dt.date(2026, 1, 1), dt.date(2026, 6, 30)) == [
        "2026-01-31",
        "2026-03-31",
        # 2026-05-31 is a Sunday, not a holiday
        "2026-05-31",
    ]
    common = schedule(monthly_days=[29], times=["18:00-19:00"], closures="regardless")
    assert dates_of(common, dt.date(2027, 1, 1), dt.date(2027, 3, 31)) == [
        "2027-01-29",
        "2027-03-29",  # a common year's February has no 29th
    ]
    # 29 March 2027 is Easter Monday: closed by default
    closed = schedule(monthly_days=[29], times=["18:00-19:00"])
    assert dates_of(closed, dt.date(2027, 2, 1), dt.date(2027, 3, 31)) == []


def test_last_day_of_month() -> None:
    s = schedule(monthly_days=[-1], times=["18:00-19:00"], closures="regardless")
    assert dates_of(s, dt.date(2028, 1, 1), dt.date(2028, 4, 30)) == [
        "2028-01-31",
        "2028-02-29",
        "2028-03-31",
        "2028-04-30",
    ]


def test_fifth_monday_months() -> None:
    s = schedule(monthly=["fifth mon"], times=["19:00-21:00"])
    # 2026 has 29 June, 31 August, 30 November as fifth Mondays (and 30 March)
    assert dates_of(s, dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == [
        "2026-03-30",
        "2026-06-29",
        "2026-08-31",
        "2026-11-30",
    ]
    both = schedule(monthly=["fifth mon", "last mon"], times=["19:00-21:00"])
    assert dates_of(both, dt.date(2026, 3, 1), dt.date(2026, 4, 30)) == [
        "2026-03-30",
        "2026-04-27",
    ]


def test_first_monday_and_second_last_friday() -> None:
    s = schedule(monthly=["first mon", "second-last fri"], times=["19:00-21:00"])
    assert dates_of(s, dt.date(2026, 9, 1), dt.date(2026, 10, 31)) == [
        "2026-09-07",
        "2026-09-18",
        "2026-10-05",
        "2026-10-23",
    ]


# --- closures -------------------------------------------------------------------------------


def test_whit_monday_and_corpus_christi_in_nrw_not_berlin() -> None:
    s = schedule(weekly=["mon", "thu"], times=["09:00-11:00"])
    window = (dt.date(2026, 5, 25), dt.date(2026, 6, 4))
    nrw = dates_of(s, *window, home=centre("DE-NW"))
    berlin = dates_of(s, *window, home=centre("DE-BE"))
    assert "2026-05-25" not in nrw
    assert "2026-05-25" not in berlin
    assert "2026-06-04" not in nrw  # Corpus Christi: a holiday in NRW
    assert "2026-06-04" in berlin  # but not in Berlin
    assert nrw == ["2026-05-28", "2026-06-01"]


def test_nrw_school_holiday_week() -> None:
    # Herbstferien NRW 2026: Saturday 17 to Saturday 31 October
    homework = schedule(
        weekly=["mon", "tue", "wed", "thu"], times=["13:30-15:30"], closures="school_days_only"
    )
    holiday = schedule(daily="weekdays", times=["09:00-15:00"], closures="school_holidays_only")
    window = (dt.date(2026, 10, 12), dt.date(2026, 11, 6))
    assert dates_of(homework, *window) == [
        "2026-10-12",
        "2026-10-13",
        "2026-10-14",
        "2026-10-15",
        "2026-11-02",
        "2026-11-03",
        "2026-11-04",
        "2026-11-05",
    ]
    assert dates_of(holiday, *window) == [
        "2026-10-19",
        "2026-10-20",
        "2026-10-21",
        "2026-10-22",
        "2026-10-23",
        "2026-10-26",
        "2026-10-27",
        "2026-10-28",
        "2026-10-29",
        "2026-10-30",
    ]


def test_christmas_holidays_span_the_new_year() -> None:
    holiday = schedule(daily="weekdays", times=["09:00-15:00"], closures="school_holidays_only")
    # Weihnachtsferien NRW 2026/27: 23 December to 6 January; 25, 26 Dec and 1 Jan are holidays
    assert dates_of(holiday, dt.date(2026, 12, 20), dt.date(2027, 1, 10)) == [
        "2026-12-23",
        "2026-12-24",
        "2026-12-28",
        "2026-12-29",
        "2026-12-30",
        "2026-12-31",
        "2027-01-04",
        "2027-01-05",
        "2027-01-06",
    ]


def test_centre_closures_and_regardless() -> None:
    summer = fc.Closure(dt.date(2026, 7, 20), dt.date(2026, 8, 7), "Sommerpause")
    home = centre("DE-NW", closures=[summer])
    default = schedule(weekly=["mon"], times=["10:00-12:00"])
    always = schedule(weekly=["mon"], times=["10:00-12:00"], closures="regardless")
    window = (dt.date(2026, 7, 13), dt.date(2026, 8, 10))
    assert dates_of(default, *window, home=home) == ["2026-07-13", "2026-08-10"]
    assert len(dates_of(always, *window, home=home)) == 5


def test_closures_apply_to_extra_dates_too() -> None:
    s = schedule(dates=["2026-12-25", "2026-12-27"], times=["10:00-12:00"])
    assert dates_of(s, dt.date(2026, 12, 1), dt.date(2026, 12, 31)) == ["2026-12-27"]


def test_sessions_count_before_closures_and_cancellations() -> None:
    # ten Mondays from 2026-04-06 (Easter Monday): sessions 1 (holiday) and 3 (cancelled) fall out
    course = schedule(
        weekly=["mon"],
        **{"from": "2026-04-06"},
        sessions=10,
        cancelled=["2026-04-20"],
        times=["18:00-19:30"],
    )
    found = dates_of(course, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert found[0] == "2026-04-13"
    assert "2026-04-20" not in found
    assert "2026-05-25" not in found  # Whit Monday
    assert found[-1] == "2026-06-08"  # the tenth Monday from 6 April
    assert len(found) == 7


def test_until_and_extra_dates() -> None:
    s = schedule(
        weekly=["fri"],
        **{"from": "2026-09-04"},
        until="2026-09-25",
        dates=["2026-12-18"],
        times=["10:00-11:30"],
    )
    assert dates_of(s, dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == [
        "2026-09-04",
        "2026-09-11",
        "2026-09-18",
        "2026-09-25",
        "2026-12-18",
    ]


def test_school_holidays_from_an_ical_feed(tmp_path: Path) -> None:
    feed = tmp_path / "ferien.ics"
    feed.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        "BEGIN:VEVENT\r\nUID:1\r\nDTSTART;VALUE=DATE:20300415\r\nDTEND;VALUE=DATE:20300427\r\n"
        "SUMMARY:Osterferien\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:2\r\nDTSTART;VALUE=DATE:20300611\r\nSUMMARY:Pfingstferien\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:3\r\nDTSTART:20300101T100000Z\r\nDTEND:20300101T110000Z\r\n"
        "SUMMARY:not all day\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n",
        encoding="utf-8",
    )
    periods = closures_from_ical(feed)
    assert [
        (p.start.isoformat(), p.end.isoformat(), p.reason.de if p.reason else None)
        for p in periods
    ] == [
        ("2030-04-15", "2030-04-26", "Osterferien"),
        ("2030-06-11", "2030-06-11", "Pfingstferien"),
    ]
    homework = schedule(weekly=["tue"], times=["13:30-15:30"], closures="school_days_only")
    window = (dt.date(2030, 4, 1), dt.date(2030, 6, 30))
    with pytest.raises(MissingHolidayData, match="known from 2024-01-01 to 2029-08-14"):
        occurrences(offer(homework), NW, *window)
    calendar = ClosureCalendar.for_centre(NW, *window, school_holidays=periods)
    found = [o.date.isoformat() for o in occurrences(offer(homework), calendar, *window)]
    assert "2030-04-16" not in found
    assert "2030-04-23" not in found
    assert "2030-06-11" not in found
    assert "2030-04-09" in found
    assert "2030-04-30" in found


def test_closures_from_ical_bad_file(tmp_path: Path) -> None:
    with pytest.raises(fc.InvalidData, match="cannot read"):
        closures_from_ical(tmp_path / "missing.ics")
    bad = tmp_path / "bad.ics"
    bad.write_text("not a calendar", encoding="utf-8")
    with pytest.raises(fc.InvalidData, match="not an iCal file"):
        closures_from_ical(bad)


def test_region_without_school_data() -> None:
    home = centre("DE")
    homework = schedule(weekly=["tue"], times=["13:30-15:30"], closures="school_days_only")
    with pytest.raises(MissingHolidayData, match="no school holidays for region 'DE'"):
        occurrences(offer(homework), home, dt.date(2026, 1, 1), dt.date(2026, 1, 31))
    plain = schedule(weekly=["tue"], times=["13:30-15:30"])
    assert len(occurrences(offer(plain), home, dt.date(2026, 1, 1), dt.date(2026, 1, 31))) == 4


def test_calendar_is_a_value_reused_across_offers() -> None:
    calendar = ClosureCalendar.for_centre(NW, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert dt.date(2026, 6, 4) in calendar.public_holidays
    assert dt.date(2026, 7, 20) in calendar.school_holidays
    assert calendar.reason(dt.date(2026, 6, 4)) == "public holiday"
    assert calendar.reason(dt.date(2026, 7, 21)) == "school holidays"
    assert calendar.reason(dt.date(2026, 7, 1)) is None
    assert not calendar.is_open(dt.date(2026, 12, 25))
    assert calendar.is_open(dt.date(2026, 12, 25), fc.ClosurePolicy.REGARDLESS)
    weekly = schedule(weekly=["thu"], times=["09:00-10:00"])
    assert dt.date(2026, 6, 4) not in schedule_dates(
        weekly, calendar, dt.date(2026, 6, 1), dt.date(2026, 6, 30)
    )
    with pytest.raises(InvalidWindow, match="not within the closure calendar"):
        occurrences(offer(weekly), calendar, dt.date(2026, 12, 1), dt.date(2027, 1, 31))


# --- offers and programmes ------------------------------------------------------------------


def test_paused_cancelled_and_on_request() -> None:
    weekly = schedule(weekly=["tue"], times=["09:00-10:00"])
    window = (dt.date(2026, 9, 1), dt.date(2026, 9, 30))
    assert len(occurrences(offer(weekly), NW, *window)) == 5
    assert occurrences(offer(weekly, status="paused"), NW, *window) == []
    assert occurrences(offer(weekly, status="cancelled"), NW, *window) == []
    assert (
        len(occurrences(offer(weekly, status="paused"), NW, *window, include_inactive=True)) == 5
    )
    assert occurrences(offer(), NW, *window) == []  # on request


def test_several_schedules_merge_in_time_order() -> None:
    shop = offer(
        schedule(weekly=["mon", "wed"], times=["10:00-12:00"]),
        schedule(weekly=["sat"], times=["10:00-12:00", "14:00-16:00"], closures="regardless"),
    )
    found = occurrences(shop, NW, dt.date(2026, 9, 7), dt.date(2026, 9, 13))
    assert [(o.start.strftime("%a %H:%M"), o.schedule) for o in found] == [
        ("Mon 10:00", 0),
        ("Wed 10:00", 0),
        ("Sat 10:00", 1),
        ("Sat 14:00", 1),
    ]


def test_programme_of_the_example_centre(example_path: Path) -> None:
    data = fc.load(example_path)
    found = list(programme(data, dt.date(2026, 9, 1), dt.date(2026, 12, 31)))
    assert [o.start for o in found] == sorted(o.start for o in found)
    assert {o.offer.id for o in found} >= {"pc-kurs-wiedereinstieg", "elternabend", "adventsbasar"}
    course = [o for o in found if o.offer.id == "pc-kurs-wiedereinstieg"]
    assert len(course) == 10
    assert all(o.start.tzinfo is not None and o.start.utcoffset() is not None for o in found)
    # the same with pairs of centre and offers, and with a list of CentreData
    assert (
        list(programme([(data.centre, data.offers)], dt.date(2026, 9, 1), dt.date(2026, 12, 31)))
        == found
    )
    assert list(programme([data], dt.date(2026, 9, 1), dt.date(2026, 12, 31))) == found


# --- windows --------------------------------------------------------------------------------


def test_absurd_window_refused_quickly() -> None:
    weekly = schedule(weekly=["tue"], times=["09:00-10:00"])
    with pytest.raises(WindowTooLarge, match="query at most ten years"):
        occurrences(offer(weekly), NW, dt.date(1, 1, 1), dt.date(9999, 12, 31))
    with pytest.raises(WindowTooLarge):
        list(programme(fc.CentreData(NW), dt.date(2026, 1, 1), dt.date(9026, 1, 1)))
    assert issubclass(WindowTooLarge, fc.FamilyCentreError)


def test_ten_years_allowed() -> None:
    weekly = schedule(weekly=["tue"], times=["09:00-10:00"])
    found = occurrences(offer(weekly), NW, dt.date(2020, 1, 1), dt.date(2029, 12, 31))
    assert 500 < len(found) < 523


def test_window_end_before_start_and_datetimes() -> None:
    weekly = schedule(weekly=["tue"], times=["09:00-10:00"])
    with pytest.raises(
        InvalidWindow, match=r"ends \(2026-01-01\) before it starts \(2026-02-01\)"
    ):
        occurrences(offer(weekly), NW, dt.date(2026, 2, 1), dt.date(2026, 1, 1))
    with pytest.raises(InvalidWindow, match="must be a date"):
        occurrences(offer(weekly), NW, dt.datetime(2026, 2, 1), dt.date(2026, 3, 1))  # type: ignore[arg-type]


def test_calendars_are_values() -> None:
    window = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    one = ClosureCalendar.for_centre(NW, *window)
    assert one == ClosureCalendar.for_centre(centre("DE-NW"), *window)
    assert hash(one) == hash(ClosureCalendar.for_centre(NW, *window))
    assert one != ClosureCalendar.for_centre(centre("DE-BE"), *window)
