"""A translator's dates and times are Babel's, whether formatted afresh or remembered."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from babel.dates import format_date, format_skeleton, format_time
from hypothesis import given, settings
from hypothesis import strategies as st

import familycentre.i18n
from familycentre.i18n import LANGUAGES, Translator, translator

SKELETONS = ["EEEE", "MMMd", "MMMEd", "yMMMd", "MMMMEEEEd", "yMMdd", "Hm"]
FORMATS = ["short", "medium", "long", "full"]
dates = st.dates(dt.date(1900, 1, 1), dt.date(2199, 12, 31))
zones = st.sampled_from([None, dt.UTC, zoneinfo.ZoneInfo("Europe/Berlin")])


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(LANGUAGES),
    st.lists(
        st.tuples(dates, st.sampled_from(SKELETONS), st.sampled_from(FORMATS), st.times()),
        min_size=1,
        max_size=8,
    ),
)
def test_dates_and_times_are_babels_each_time(
    language: str, values: list[tuple[dt.date, str, str, dt.time]]
) -> None:
    t = translator(language)
    for _ in range(2):  # afresh, then remembered
        for day, skeleton, format, time in values:
            assert t.date(day, format) == format_date(day, format, locale=t.locale)
            assert t.date_pattern(day, skeleton) == format_skeleton(skeleton, day, locale=t.locale)
            assert t.time(time) == format_time(time, "short", locale=t.locale)


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(LANGUAGES),
    st.datetimes(dt.datetime(1950, 1, 1), dt.datetime(2150, 1, 1), timezones=zones),
    st.sampled_from(SKELETONS),
)
def test_datetimes_and_aware_times_are_formatted_as_babel_does(
    language: str, moment: dt.datetime, skeleton: str
) -> None:
    t = translator(language)
    for _ in range(2):
        assert t.date(moment, "long") == format_date(moment, "long", locale=t.locale)
        assert t.date_pattern(moment, skeleton) == format_skeleton(
            skeleton, moment, locale=t.locale
        )
        aware = moment.timetz()
        assert t.time(aware) == format_time(aware, "short", locale=t.locale)
    # Equal instants in other zones are other wall-clock times: never taken for each other.
    if moment.tzinfo is not None:
        other = moment.astimezone(dt.timezone(dt.timedelta(hours=5)))
        assert t.time(other.timetz()) == format_time(other.timetz(), "short", locale=t.locale)


def test_what_a_translator_remembers_is_bounded(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(familycentre.i18n, "_REMEMBERED", 50)
    t = Translator("tr")  # its own, not the shared one
    first = dt.date(2026, 1, 1)
    for n in range(200):
        day = first + dt.timedelta(days=n)
        assert t.date(day) == format_date(day, "medium", locale=t.locale)
        assert len(t._formatted) <= 50
