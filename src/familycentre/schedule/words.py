"""Schedules in words, German and English, for exports and printed programmes.

>>> import datetime as dt
>>> import familycentre as fc
>>> from familycentre.schedule import describe
>>> breakfast = fc.Schedule(
...     weekly=["tue", "thu"], times=[fc.TimeWindow.parse("09:00-11:00")],
...     closures="school_days_only")
>>> describe(breakfast)
'dienstags und donnerstags 9:00–11:00 Uhr, nicht in den Schulferien'
>>> describe(breakfast, language="en")
'Tuesdays and Thursdays 9:00–11:00, not in school holidays'

The default closure policy (not on public holidays) is not mentioned: it is what
everyone expects. Unknown languages fall back to German.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from familycentre.model.schedule import (
    ClosurePolicy,
    Daily,
    MonthlyWeekday,
    Schedule,
    TimeWindow,
    Weekday,
)

__all__ = ["LANGUAGES", "describe"]

LANGUAGES = ("de", "en")
"""The languages :func:`describe` speaks."""

_DE_ADVERB = {
    Weekday.MON: "montags",
    Weekday.TUE: "dienstags",
    Weekday.WED: "mittwochs",
    Weekday.THU: "donnerstags",
    Weekday.FRI: "freitags",
    Weekday.SAT: "samstags",
    Weekday.SUN: "sonntags",
}
_DE_NAME = {
    Weekday.MON: "Montag",
    Weekday.TUE: "Dienstag",
    Weekday.WED: "Mittwoch",
    Weekday.THU: "Donnerstag",
    Weekday.FRI: "Freitag",
    Weekday.SAT: "Samstag",
    Weekday.SUN: "Sonntag",
}
_EN_NAME = {
    Weekday.MON: "Monday",
    Weekday.TUE: "Tuesday",
    Weekday.WED: "Wednesday",
    Weekday.THU: "Thursday",
    Weekday.FRI: "Friday",
    Weekday.SAT: "Saturday",
    Weekday.SUN: "Sunday",
}
_DE_ORDINAL = {
    1: "ersten",
    2: "zweiten",
    3: "dritten",
    4: "vierten",
    5: "fünften",
    -1: "letzten",
    -2: "vorletzten",
}
_EN_ORDINAL = {
    1: "first",
    2: "second",
    3: "third",
    4: "fourth",
    5: "fifth",
    -1: "last",
    -2: "second-to-last",
}
_DE_EVERY = {2: "zweiten", 3: "dritten", 4: "vierten"}
_EN_EVERY = {2: "second", 3: "third", 4: "fourth"}
_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _join(items: Sequence[str], word: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def _time(value: dt.time) -> str:
    return f"{value.hour}:{value.minute:02d}"


def _window(window: TimeWindow) -> str:
    return f"{_time(window.start)}–{_time(window.end)}"


def _date(day: dt.date, language: str) -> str:
    if language == "en":
        return f"{day.day} {_EN_MONTHS[day.month - 1]} {day.year}"
    return f"{day.day}.{day.month}.{day.year}"


def _dates(days: Sequence[dt.date], language: str) -> str:
    return _join([_date(day, language) for day in days], "and" if language == "en" else "und")


def _ordered_weekdays(days: Sequence[Weekday]) -> list[Weekday]:
    return sorted(days, key=lambda day: day.number)


def _contiguous(days: Sequence[Weekday]) -> bool:
    """Three or more weekdays in a row (Monday to Friday)."""
    numbers = [day.number for day in days]
    return len(numbers) >= 3 and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _month_day_de(day: int) -> str:
    if day > 0:
        return f"{day}."
    if day == -1:
        return "letzten"
    if day == -2:
        return "vorletzten"
    return f"{-day}.-letzten"


def _month_day_en(day: int) -> str:
    if day < 0:
        if day == -1:
            return "last day"
        return f"{_en_nth(-day)}-to-last day"
    return _en_nth(day)


def _en_nth(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def _pattern_de(schedule: Schedule) -> str | None:
    every = schedule.every
    if schedule.weekly is not None:
        days = _ordered_weekdays(schedule.weekly)
        if every == 1:
            if len(days) == 7:
                return "täglich"
            if _contiguous(days):
                return f"{_DE_ADVERB[days[0]]} bis {_DE_ADVERB[days[-1]]}"
            return _join([_DE_ADVERB[d] for d in days], "und")
        if len(days) == 1 and every in _DE_EVERY:
            return f"jeden {_DE_EVERY[every]} {_DE_NAME[days[0]]}"
        return f"alle {every} Wochen " + _join([_DE_ADVERB[d] for d in days], "und")
    if schedule.daily is not None:
        if every == 1:
            return "montags bis freitags" if schedule.daily is Daily.WEEKDAYS else "täglich"
        base = f"jeden {_DE_EVERY[every]} Tag" if every in _DE_EVERY else f"alle {every} Tage"
        return base + (" (montags bis freitags)" if schedule.daily is Daily.WEEKDAYS else "")
    if schedule.monthly is not None:
        rules = [_monthly_de(rule) for rule in schedule.monthly]
        return f"{_month_prefix_de(every)}{_join(rules, 'und')}"
    if schedule.monthly_days is not None:
        day_names = [_month_day_de(d) for d in schedule.monthly_days]
        text = _join(day_names, "und")
        noun = "" if all(d > 0 for d in schedule.monthly_days) else " Tag"
        return f"{_month_prefix_de(every)}am {text}{noun} des Monats"
    return None


def _month_prefix_de(every: int) -> str:
    if every == 1:
        return ""
    if every in _DE_EVERY:
        return f"jeden {_DE_EVERY[every]} Monat "
    return f"alle {every} Monate "


def _monthly_de(rule: MonthlyWeekday) -> str:
    return f"am {_DE_ORDINAL[rule.ordinal]} {_DE_NAME[rule.weekday]} im Monat"


def _pattern_en(schedule: Schedule) -> str | None:
    every = schedule.every
    if schedule.weekly is not None:
        days = _ordered_weekdays(schedule.weekly)
        if every == 1:
            if len(days) == 7:
                return "daily"
            if _contiguous(days):
                return f"{_EN_NAME[days[0]]} to {_EN_NAME[days[-1]]}"
            return _join([f"{_EN_NAME[d]}s" for d in days], "and")
        if len(days) == 1 and every in _EN_EVERY:
            return f"every {_EN_EVERY[every]} {_EN_NAME[days[0]]}"
        return f"every {every} weeks on " + _join([f"{_EN_NAME[d]}s" for d in days], "and")
    if schedule.daily is not None:
        if every == 1:
            return "Monday to Friday" if schedule.daily is Daily.WEEKDAYS else "daily"
        base = f"every {_EN_EVERY[every]} day" if every in _EN_EVERY else f"every {every} days"
        return base + (" (Monday to Friday)" if schedule.daily is Daily.WEEKDAYS else "")
    if schedule.monthly is not None:
        rules = [f"the {_EN_ORDINAL[r.ordinal]} {_EN_NAME[r.weekday]}" for r in schedule.monthly]
        return f"{_month_prefix_en(every)}on {_join(rules, 'and')} of the month"
    if schedule.monthly_days is not None:
        day_names = [_month_day_en(d) for d in schedule.monthly_days]
        return f"{_month_prefix_en(every)}on the {_join(day_names, 'and')} of the month"
    return None


def _month_prefix_en(every: int) -> str:
    if every == 1:
        return ""
    if every in _EN_EVERY:
        return f"every {_EN_EVERY[every]} month "
    return f"every {every} months "


def describe(schedule: Schedule, language: str = "de") -> str:
    """A schedule in words: ``"dienstags und donnerstags 9:00–11:00 Uhr"``.

    :param schedule: The schedule.
    :param language: ``"de"`` (default) or ``"en"``; other languages get German.
    """
    english = language.split("-")[0].lower() == "en"
    lang = "en" if english else "de"
    parts: list[str] = []
    pattern = _pattern_en(schedule) if english else _pattern_de(schedule)
    if pattern is None:  # a list of dates
        parts.append(("on " if english else "am ") + _dates(schedule.dates, lang))
    else:
        parts.append(pattern)
    if schedule.all_day:
        parts.append("all day" if english else "ganztägig")
    else:
        windows = _join([_window(w) for w in sorted(schedule.times)], "and" if english else "und")
        parts.append(windows if english else f"{windows} Uhr")
    text = " ".join(parts)
    extras: list[str] = []
    if schedule.sessions is not None and schedule.start is not None:
        count = schedule.sessions
        if english:
            noun = "session" if count == 1 else "sessions"
            extras.append(f"{count} {noun} from {_date(schedule.start, lang)}")
        else:
            noun = "Termin" if count == 1 else "Termine"
            extras.append(f"{count} {noun} ab {_date(schedule.start, lang)}")
    elif pattern is not None and (schedule.start is not None or schedule.until is not None):
        if schedule.start is not None and schedule.until is not None:
            extras.append(
                f"from {_date(schedule.start, lang)} to {_date(schedule.until, lang)}"
                if english
                else f"vom {_date(schedule.start, lang)} bis {_date(schedule.until, lang)}"
            )
        elif schedule.start is not None:
            extras.append(
                f"from {_date(schedule.start, lang)}"
                if english
                else f"ab {_date(schedule.start, lang)}"
            )
        elif schedule.until is not None:
            extras.append(
                f"until {_date(schedule.until, lang)}"
                if english
                else f"bis {_date(schedule.until, lang)}"
            )
    if pattern is not None and schedule.dates:
        extras.append(
            f"also on {_dates(schedule.dates, lang)}"
            if english
            else f"außerdem am {_dates(schedule.dates, lang)}"
        )
    if schedule.cancelled:
        extras.append(
            f"not on {_dates(schedule.cancelled, lang)}"
            if english
            else f"nicht am {_dates(schedule.cancelled, lang)}"
        )
    policy = {
        ClosurePolicy.SCHOOL_DAYS_ONLY: ("not in school holidays", "nicht in den Schulferien"),
        ClosurePolicy.SCHOOL_HOLIDAYS_ONLY: ("only in school holidays", "nur in den Schulferien"),
        ClosurePolicy.REGARDLESS: ("also on public holidays", "auch an Feiertagen"),
    }.get(schedule.closures)
    if policy is not None:
        extras.append(policy[0] if english else policy[1])
    return ", ".join([text, *extras])
