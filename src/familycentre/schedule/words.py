"""Schedules in words, in every language of the catalogues, for exports and programmes.

>>> import datetime as dt
>>> import familycentre as fc
>>> from familycentre.schedule import describe
>>> breakfast = fc.Schedule(
...     weekly=["tue", "thu"], times=[fc.TimeWindow.parse("09:00-11:00")],
...     closures="school_days_only")
>>> describe(breakfast)
'dienstags und donnerstags 09:00–11:00 Uhr, nicht in den Schulferien'
>>> describe(breakfast, language="en")
'Tuesdays and Thursdays 09:00–11:00, not in school holidays'
>>> describe(breakfast, language="tr")
'Salı günleri ve Perşembe günleri 09:00–11:00, okul tatillerinde değil'

The words come from the catalogues of :mod:`familycentre.i18n` (message templates
with named fields, so that each language orders the parts its own way); dates and
times are formatted with Babel. The default closure policy (not on public holidays)
is not mentioned: it is what everyone expects. Languages without a catalogue get
German.

Programmes describe thousands of schedules made of the same few parts, so each
language's words are looked up once (a word table per translator), and the parts a
description is built from (the pattern of a weekday tuple, the time windows of a day,
a list of dates, ...) are remembered per language in bounded caches;
:func:`clear_caches` empties them.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence

from familycentre.i18n import LANGUAGES, NP_, Translator, translator
from familycentre.model.schedule import (
    ClosurePolicy,
    Daily,
    MonthlyWeekday,
    OpenOn,
    Schedule,
    TimeWindow,
    Weekday,
)

__all__ = ["LANGUAGES", "describe", "weekday_name", "weekdays_plural"]

_NAME = {
    Weekday.MON: NP_("weekday", "Monday"),
    Weekday.TUE: NP_("weekday", "Tuesday"),
    Weekday.WED: NP_("weekday", "Wednesday"),
    Weekday.THU: NP_("weekday", "Thursday"),
    Weekday.FRI: NP_("weekday", "Friday"),
    Weekday.SAT: NP_("weekday", "Saturday"),
    Weekday.SUN: NP_("weekday", "Sunday"),
}
_PLURAL = {
    Weekday.MON: NP_("on weekdays", "Mondays"),
    Weekday.TUE: NP_("on weekdays", "Tuesdays"),
    Weekday.WED: NP_("on weekdays", "Wednesdays"),
    Weekday.THU: NP_("on weekdays", "Thursdays"),
    Weekday.FRI: NP_("on weekdays", "Fridays"),
    Weekday.SAT: NP_("on weekdays", "Saturdays"),
    Weekday.SUN: NP_("on weekdays", "Sundays"),
}
_ORDINAL = {
    1: NP_("ordinal", "first"),
    2: NP_("ordinal", "second"),
    3: NP_("ordinal", "third"),
    4: NP_("ordinal", "fourth"),
    5: NP_("ordinal", "fifth"),
    -1: NP_("ordinal", "last"),
    -2: NP_("ordinal", "second-to-last"),
}


class _Words:
    """The words of one language that :func:`describe` puts together, looked up once.

    Weekday names, ordinals and the fixed phrases and message templates come from the
    catalogue when the table is built (one per translator), so that describing a
    schedule looks words up in a dictionary instead of asking gettext again. Messages
    whose form depends on a number (``ngettext``) are asked for where the number is
    known, inside the cached functions below.
    """

    def __init__(self, t: Translator) -> None:
        self.t = t
        """The translator the words come from (formatting of dates, times, lists)."""
        self.name = {day: t.pgettext("weekday", message) for day, message in _NAME.items()}
        self.plural = {day: t.pgettext("on weekdays", message) for day, message in _PLURAL.items()}
        self.ordinal = {n: t.pgettext("ordinal", message) for n, message in _ORDINAL.items()}
        self.separator = t.pgettext("separator", ", ")
        self.daily = t.gettext("daily")
        self.monday_to_friday = t.gettext("Monday to Friday")
        self.day_range = t.gettext("{first} to {last}")
        self.weekdays_only = t.gettext("{pattern} (Monday to Friday)")
        self.monthly_rule = t.gettext("the {ordinal} {weekday} of the month")
        self.last_day = t.gettext("on the last day of the month")
        self.day_from_end = t.gettext("on day {n} counted from the end of the month")
        self.on_rules = t.gettext("on {rules}")
        self.on_dates = t.gettext("on {dates}")
        self.all_day = t.gettext("{when}, all day")
        self.when_times = t.gettext("{when} {times}")
        self.from_to = t.gettext("from {start} to {end}")
        self.from_date = t.gettext("from {date}")
        self.until_date = t.gettext("until {date}")
        self.also_on = t.gettext("also on {dates}")
        self.not_on = t.gettext("not on {dates}")
        self.school_days_only = t.gettext("not in school holidays")
        self.school_holidays_only = t.gettext("only in school holidays")
        self.public_holidays = t.gettext("also on public holidays")
        self.centre_closures = t.gettext("also while the centre is closed")


@functools.cache  # one table per translator, and there is one translator per catalogue
def _words_of(t: Translator) -> _Words:
    return _Words(t)


@functools.lru_cache(maxsize=64)
def _words(language: str) -> _Words:
    """The word table for a language tag (``en-GB`` and ``en`` share English's)."""
    return _words_of(translator(language))


def weekday_name(day: Weekday, language: str = "de") -> str:
    """The name of a weekday (``Dienstag``)."""
    return _words(language).name[day]


def weekdays_plural(day: Weekday, language: str = "de") -> str:
    """A weekday as a repeating day (``dienstags``, ``Tuesdays``)."""
    return _words(language).plural[day]


# The parts of a description are remembered per word table and small value (a weekday
# tuple, the time windows, a list of dates, ...): schedules of a programme repeat them
# again and again. Each memory is bounded (least recently used parts are forgotten).


def _contiguous(days: Sequence[Weekday]) -> bool:
    """Three or more weekdays in a row (Monday to Friday)."""
    numbers = [day.number for day in days]
    return len(numbers) >= 3 and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _weekly(w: _Words, weekly: Sequence[Weekday], every: int) -> str:
    t = w.t
    days = sorted(weekly, key=lambda day: day.number)
    plural = [w.plural[d] for d in days]
    if every == 1:
        if len(days) == 7:
            return w.daily
        if _contiguous(days):
            return w.day_range.format(
                first=w.name[days[0]],
                last=w.name[days[-1]],
                first_days=plural[0],
                last_days=plural[-1],
            )
        return t.list(plural)
    return t.ngettext("every week on {days}", "every {n} weeks on {days}", every).format(
        n=t.number(every), days=t.list(plural)
    )


def _daily(w: _Words, daily: Daily, every: int) -> str:
    t = w.t
    if every == 1:
        return w.monday_to_friday if daily is Daily.WEEKDAYS else w.daily
    text = t.ngettext("every day", "every {n} days", every).format(n=t.number(every))
    if daily is Daily.WEEKDAYS:
        text = w.weekdays_only.format(pattern=text)
    return text


def _monthly_rule(w: _Words, rule: MonthlyWeekday) -> str:
    return w.monthly_rule.format(
        ordinal=w.ordinal[rule.ordinal],
        weekday=w.name[rule.weekday],
        weekdays=w.plural[rule.weekday],
    )


def _month_days(w: _Words, days: Sequence[int]) -> str:
    t = w.t
    positive = [t.number(day) for day in days if day > 0]
    parts = []
    if positive:
        parts.append(
            t.ngettext(
                "on day {days} of the month", "on days {days} of the month", len(positive)
            ).format(days=t.list(positive))
        )
    for day in days:
        if day == -1:
            parts.append(w.last_day)
        elif day < 0:
            parts.append(w.day_from_end.format(n=t.number(-day)))
    return t.list(parts)


def _every_month(w: _Words, every: int, text: str) -> str:
    if every == 1:
        return text
    t = w.t
    return t.ngettext("{rules}, every month", "{rules}, every {n} months", every).format(
        rules=text, n=t.number(every)
    )


@functools.lru_cache(maxsize=4096)
def _pattern(
    w: _Words,
    weekly: tuple[Weekday, ...] | None,
    daily: Daily | None,
    monthly: tuple[MonthlyWeekday, ...] | None,
    monthly_days: tuple[int, ...] | None,
    every: int,
) -> str | None:
    """The repeating pattern in words (``dienstags und donnerstags``); None for dates only."""
    if weekly is not None:
        return _weekly(w, weekly, every)
    if daily is not None:
        return _daily(w, daily, every)
    if monthly is not None:
        rules = w.t.list([_monthly_rule(w, rule) for rule in monthly])
        return _every_month(w, every, w.on_rules.format(rules=rules))
    if monthly_days is not None:
        return _every_month(w, every, _month_days(w, monthly_days))
    return None


@functools.lru_cache(maxsize=4096)
def _times(w: _Words, windows: tuple[TimeWindow, ...]) -> str:
    """The time windows of a day in order (``10:00–12:00 und 14:00–16:00``)."""
    t = w.t
    return t.list([f"{t.time(window.start)}–{t.time(window.end)}" for window in sorted(windows)])


@functools.lru_cache(maxsize=4096)
def _dates(w: _Words, days: tuple[dt.date, ...]) -> str:
    """Dates as a list (``10.10.2026 und 17.10.2026``)."""
    t = w.t
    return t.list([t.date(day) for day in days])


@functools.lru_cache(maxsize=4096)
def _period(
    w: _Words, start: dt.date | None, until: dt.date | None, sessions: int | None, pattern: bool
) -> str | None:
    """The course or the stretch of time of a schedule (``10 Termine ab 02.09.2026``)."""
    t = w.t
    if sessions is not None and start is not None:
        return t.ngettext(
            "{count} session from {date}", "{count} sessions from {date}", sessions
        ).format(count=t.number(sessions), date=t.date(start))
    if not pattern:
        return None
    if start is not None and until is not None:
        return w.from_to.format(start=t.date(start), end=t.date(until))
    if start is not None:
        return w.from_date.format(date=t.date(start))
    if until is not None:
        return w.until_date.format(date=t.date(until))
    return None


@functools.lru_cache(maxsize=64)
def _closed_days(
    w: _Words, closures: ClosurePolicy, open_on: tuple[OpenOn, ...]
) -> tuple[str, ...]:
    """The phrases for the closure policy and the closed days it takes place on all the same.

    The default policy (not on public holidays) is not mentioned: everyone expects it.
    """
    phrases: list[str] = []
    if closures is ClosurePolicy.SCHOOL_DAYS_ONLY:
        phrases.append(w.school_days_only)
    elif closures is ClosurePolicy.SCHOOL_HOLIDAYS_ONLY:
        phrases.append(w.school_holidays_only)
    elif closures is ClosurePolicy.REGARDLESS:
        phrases.append(w.public_holidays)
    if closures is not ClosurePolicy.REGARDLESS:
        if OpenOn.PUBLIC_HOLIDAYS in open_on:
            phrases.append(w.public_holidays)
        if OpenOn.CENTRE_CLOSURES in open_on:
            phrases.append(w.centre_closures)
    return tuple(phrases)


def clear_caches() -> None:
    """Forget the word tables and remembered parts of descriptions.

    For benchmarks that measure descriptions from scratch, and for tests that change
    catalogues; the translators' own memory of formatted values is not touched.
    """
    for cached in (_words, _words_of, _pattern, _times, _dates, _period, _closed_days):
        cached.cache_clear()


def describe(schedule: Schedule, language: str = "de") -> str:
    """A schedule in words: ``"dienstags und donnerstags 09:00–11:00 Uhr"``.

    :param schedule: The schedule.
    :param language: A language of :data:`LANGUAGES`; others get German.
    """
    w = _words(language)
    pattern = _pattern(
        w, schedule.weekly, schedule.daily, schedule.monthly, schedule.monthly_days, schedule.every
    )
    when = w.on_dates.format(dates=_dates(w, schedule.dates)) if pattern is None else pattern
    if schedule.all_day:
        text = w.all_day.format(when=when)
    else:
        text = w.when_times.format(when=when, times=_times(w, schedule.times))
    parts = [text]
    period = _period(w, schedule.start, schedule.until, schedule.sessions, pattern is not None)
    if period is not None:
        parts.append(period)
    if pattern is not None and schedule.dates:
        parts.append(w.also_on.format(dates=_dates(w, schedule.dates)))
    if schedule.cancelled:
        parts.append(w.not_on.format(dates=_dates(w, schedule.cancelled)))
    parts.extend(_closed_days(w, schedule.closures, schedule.open_on))
    return w.separator.join(parts)
