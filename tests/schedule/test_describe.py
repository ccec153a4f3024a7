"""Schedules in words, in every language of the catalogues, for every notation."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from familycentre.i18n import LANGUAGES, translator
from familycentre.model.schedule import Schedule, Weekday
from familycentre.schedule import describe, words
from familycentre.schedule.words import weekday_name, weekdays_plural
from familycentre.testing import strategies
from tests.schedule.describe_reference import reference_describe
from tests.schedule.helpers import schedule

# Every catalogue, a tag with a region, and tags without a catalogue (German for them).
ALL_LANGUAGES = (*LANGUAGES, "en-GB", "tr-DE", "fr", "xx")

CASES = [
    (
        {"weekly": ["thu", "tue"], "times": ["09:00-11:00"], "closures": "school_days_only"},
        "dienstags und donnerstags 09:00–11:00 Uhr, nicht in den Schulferien",
        "Tuesdays and Thursdays 09:00–11:00, not in school holidays",
    ),
    (
        {"weekly": ["mon", "tue", "wed", "thu", "fri"], "times": ["09:00-12:30"]},
        "montags bis freitags 09:00–12:30 Uhr",
        "Monday to Friday 09:00–12:30",
    ),
    (
        {"weekly": ["wed"], "every": 2, "from": "2026-09-02", "times": ["15:00-17:00"]},
        "alle 2 Wochen mittwochs 15:00–17:00 Uhr, ab 02.09.2026",
        "every 2 weeks on Wednesdays 15:00–17:00, from 2 Sept 2026",
    ),
    (
        {"weekly": ["mon", "fri"], "every": 5, "from": "2026-09-02", "times": ["15:00-17:00"]},
        "alle 5 Wochen montags und freitags 15:00–17:00 Uhr, ab 02.09.2026",
        "every 5 weeks on Mondays and Fridays 15:00–17:00, from 2 Sept 2026",
    ),
    (
        {"monthly": ["first mon"], "times": ["19:30-21:00"]},
        "am ersten Montag im Monat 19:30–21:00 Uhr",
        "on the first Monday of the month 19:30–21:00",
    ),
    (
        {
            "monthly": ["2nd wed", "last fri"],
            "every": 3,
            "from": "2026-01-01",
            "times": ["19:30-21:00"],
        },
        "am zweiten Mittwoch im Monat und am letzten Freitag im Monat, alle 3 Monate "
        "19:30–21:00 Uhr, ab 01.01.2026",
        "on the second Wednesday of the month and the last Friday of the month, every 3 months "
        "19:30–21:00, from 1 Jan 2026",
    ),
    (
        {"monthly_days": [1, 15], "times": ["10:00-11:00"]},
        "an den Tagen 1 und 15 des Monats 10:00–11:00 Uhr",
        "on days 1 and 15 of the month 10:00–11:00",
    ),
    (
        {"monthly_days": [-1], "times": ["10:00-11:00"]},
        "am letzten Tag des Monats 10:00–11:00 Uhr",
        "on the last day of the month 10:00–11:00",
    ),
    (
        {"daily": "weekdays", "times": ["09:00-15:00"], "closures": "school_holidays_only"},
        "montags bis freitags 09:00–15:00 Uhr, nur in den Schulferien",
        "Monday to Friday 09:00–15:00, only in school holidays",
    ),
    (
        {"daily": "every_day", "times": ["08:00-08:30"], "closures": "regardless"},
        "täglich 08:00–08:30 Uhr, auch an Feiertagen",
        "daily 08:00–08:30, also on public holidays",
    ),
    (
        {"weekly": ["wed"], "from": "2026-09-02", "sessions": 10, "times": ["18:00-20:00"]},
        "mittwochs 18:00–20:00 Uhr, 10 Termine ab 02.09.2026",
        "Wednesdays 18:00–20:00, 10 sessions from 2 Sept 2026",
    ),
    (
        {"dates": ["2026-10-17", "2026-10-10"], "times": ["09:30-13:30"]},
        "am 10.10.2026 und 17.10.2026 09:30–13:30 Uhr",
        "on 10 Oct 2026 and 17 Oct 2026 09:30–13:30",
    ),
    (
        {"dates": ["2026-11-28"], "all_day": True, "closures": "regardless"},
        "am 28.11.2026, ganztägig, auch an Feiertagen",
        "on 28 Nov 2026, all day, also on public holidays",
    ),
    (
        {
            "weekly": ["sat"],
            "from": "2026-03-01",
            "until": "2026-10-31",
            "times": ["14:00-16:00", "10:00-12:00"],
            "dates": ["2026-12-19"],
            "cancelled": ["2026-05-02"],
        },
        "samstags 10:00–12:00 und 14:00–16:00 Uhr, vom 01.03.2026 bis 31.10.2026, "
        "außerdem am 19.12.2026, nicht am 02.05.2026",
        "Saturdays 10:00–12:00 and 14:00–16:00, from 1 Mar 2026 to 31 Oct 2026, "
        "also on 19 Dec 2026, not on 2 May 2026",
    ),
]


@pytest.mark.parametrize(("plain", "german", "english"), CASES)
def test_describe(plain: dict[str, object], german: str, english: str) -> None:
    s = schedule(**plain)
    assert describe(s) == german
    assert describe(s, language="en") == english
    assert describe(s, language="en-GB") == english
    assert describe(s, language="fr") == german  # no catalogue: German


@given(strategies.schedules())
def test_every_schedule_can_be_described(s: object) -> None:
    from familycentre.model.schedule import Schedule

    assert isinstance(s, Schedule)
    for language in LANGUAGES:
        text = describe(s, language)  # every template formats with the fields given
        assert text
        assert "None" not in text
        assert "{" not in text


def test_module_examples_run() -> None:
    import doctest
    import importlib

    module = importlib.import_module("familycentre.schedule.words")
    result = doctest.testmod(module)
    assert result.attempted >= 2
    assert result.failed == 0


TRANSLATED = [
    ("tr", "Salı günleri ve Perşembe günleri 09:00–11:00, okul tatillerinde değil"),
    ("ar", "أيام الثلاثاء وأيام الخميس 9:00 ص–11:00 ص، ليس خلال العطل المدرسية"),
    ("uk", "щовівторка і щочетверга 09:00–11:00, крім шкільних канікул"),
]


@pytest.mark.parametrize(("language", "expected"), TRANSLATED)
def test_describe_translated(language: str, expected: str) -> None:
    s = schedule(weekly=["thu", "tue"], times=["09:00-11:00"], closures="school_days_only")
    assert describe(s, language=language) == expected


@settings(max_examples=400)
@given(strategies.schedules())
def test_describe_equals_the_reference_in_every_language(s: Schedule) -> None:
    # the reference is describe() as it was before its word tables and caches
    for language in ALL_LANGUAGES:
        assert describe(s, language) == reference_describe(s, language), language


@given(st.lists(strategies.schedules(), min_size=2, max_size=6), st.data())
def test_remembered_parts_do_not_leak_between_schedules_or_languages(
    schedules: list[Schedule], data: st.DataObject
) -> None:
    # the same parts met again, in another order and language, with caches warm or empty
    expected = {
        (index, language): reference_describe(s, language)
        for index, s in enumerate(schedules)
        for language in ALL_LANGUAGES
    }
    order = data.draw(st.permutations(sorted(expected)))
    if data.draw(st.booleans()):
        words.clear_caches()
    for index, language in order:
        assert describe(schedules[index], language) == expected[index, language]


ENGLISH_NAMES = dict(
    zip(
        Weekday,
        ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
        strict=True,
    )
)


@pytest.mark.parametrize("language", ALL_LANGUAGES)
def test_weekday_words_come_from_the_catalogue(language: str) -> None:
    t = translator(language)
    for day, name in ENGLISH_NAMES.items():
        assert weekday_name(day, language) == t.pgettext("weekday", name)
        assert weekdays_plural(day, language) == t.pgettext("on weekdays", f"{name}s")
    assert (weekday_name(Weekday.TUE), weekdays_plural(Weekday.TUE)) == ("Dienstag", "dienstags")
    assert weekdays_plural(Weekday.SUN, "en") == "Sundays"


def test_weekday_numbers_are_those_of_dates() -> None:
    monday = dt.date(2026, 9, 28)
    for offset in range(7):
        day = monday + dt.timedelta(days=offset)
        assert Weekday.of(day).number == day.weekday() == offset
