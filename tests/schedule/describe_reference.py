"""The schedule description as it was written before it was made faster: a test oracle.

A frozen copy of ``familycentre.schedule.words.describe`` from before its word tables
and caches (the reviewed implementation). The property test in ``test_describe.py``
checks that the current ``describe()`` gives the same text for every schedule and
every language. Do not change it to follow the current code: it is the reference.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from familycentre.i18n import NP_, Translator, translator
from familycentre.model.schedule import (
    ClosurePolicy,
    Daily,
    MonthlyWeekday,
    OpenOn,
    Schedule,
    TimeWindow,
    Weekday,
)

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


def _window(t: Translator, window: TimeWindow) -> str:
    return f"{t.time(window.start)}–{t.time(window.end)}"


def _dates(t: Translator, days: Sequence[dt.date]) -> str:
    return t.list([t.date(day) for day in days])


def _contiguous(days: Sequence[Weekday]) -> bool:
    """Three or more weekdays in a row (Monday to Friday)."""
    numbers = [day.number for day in days]
    return len(numbers) >= 3 and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _weekly(t: Translator, schedule: Schedule, weekly: Sequence[Weekday]) -> str:
    days = sorted(weekly, key=lambda day: day.number)
    every = schedule.every
    plural = [t.pgettext("on weekdays", _PLURAL[d]) for d in days]
    if every == 1:
        if len(days) == 7:
            return t.gettext("daily")
        if _contiguous(days):
            return t.gettext("{first} to {last}").format(
                first=t.pgettext("weekday", _NAME[days[0]]),
                last=t.pgettext("weekday", _NAME[days[-1]]),
                first_days=plural[0],
                last_days=plural[-1],
            )
        return t.list(plural)
    return t.ngettext("every week on {days}", "every {n} weeks on {days}", every).format(
        n=t.number(every), days=t.list(plural)
    )


def _daily(t: Translator, schedule: Schedule, daily: Daily) -> str:
    every = schedule.every
    if every == 1:
        return t.gettext("Monday to Friday") if daily is Daily.WEEKDAYS else t.gettext("daily")
    text = t.ngettext("every day", "every {n} days", every).format(n=t.number(every))
    if daily is Daily.WEEKDAYS:
        text = t.gettext("{pattern} (Monday to Friday)").format(pattern=text)
    return text


def _monthly_rule(t: Translator, rule: MonthlyWeekday) -> str:
    return t.gettext("the {ordinal} {weekday} of the month").format(
        ordinal=t.pgettext("ordinal", _ORDINAL[rule.ordinal]),
        weekday=t.pgettext("weekday", _NAME[rule.weekday]),
        weekdays=t.pgettext("on weekdays", _PLURAL[rule.weekday]),
    )


def _month_days(t: Translator, days: Sequence[int]) -> str:
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
            parts.append(t.gettext("on the last day of the month"))
        elif day < 0:
            parts.append(
                t.gettext("on day {n} counted from the end of the month").format(n=t.number(-day))
            )
    return t.list(parts)


def _every_month(t: Translator, schedule: Schedule, text: str) -> str:
    if schedule.every == 1:
        return text
    return t.ngettext("{rules}, every month", "{rules}, every {n} months", schedule.every).format(
        rules=text, n=t.number(schedule.every)
    )


def _pattern(t: Translator, schedule: Schedule) -> str | None:
    if schedule.weekly is not None:
        return _weekly(t, schedule, schedule.weekly)
    if schedule.daily is not None:
        return _daily(t, schedule, schedule.daily)
    if schedule.monthly is not None:
        rules = t.list([_monthly_rule(t, rule) for rule in schedule.monthly])
        return _every_month(t, schedule, t.gettext("on {rules}").format(rules=rules))
    if schedule.monthly_days is not None:
        return _every_month(t, schedule, _month_days(t, schedule.monthly_days))
    return None


def reference_describe(schedule: Schedule, language: str = "de") -> str:
    """A schedule in words: ``"dienstags und donnerstags 09:00–11:00 Uhr"``.

    :param schedule: The schedule.
    :param language: A language of :data:`LANGUAGES`; others get German.
    """
    t = translator(language)
    pattern = _pattern(t, schedule)
    when = (
        t.gettext("on {dates}").format(dates=_dates(t, schedule.dates))
        if pattern is None
        else pattern
    )
    if schedule.all_day:
        text = t.gettext("{when}, all day").format(when=when)
    else:
        times = t.list([_window(t, w) for w in sorted(schedule.times)])
        text = t.gettext("{when} {times}").format(when=when, times=times)
    extras: list[str] = []
    if schedule.sessions is not None and schedule.start is not None:
        extras.append(
            t.ngettext(
                "{count} session from {date}", "{count} sessions from {date}", schedule.sessions
            ).format(count=t.number(schedule.sessions), date=t.date(schedule.start))
        )
    elif pattern is not None and (schedule.start is not None or schedule.until is not None):
        if schedule.start is not None and schedule.until is not None:
            extras.append(
                t.gettext("from {start} to {end}").format(
                    start=t.date(schedule.start), end=t.date(schedule.until)
                )
            )
        elif schedule.start is not None:
            extras.append(t.gettext("from {date}").format(date=t.date(schedule.start)))
        elif schedule.until is not None:
            extras.append(t.gettext("until {date}").format(date=t.date(schedule.until)))
    if pattern is not None and schedule.dates:
        extras.append(t.gettext("also on {dates}").format(dates=_dates(t, schedule.dates)))
    if schedule.cancelled:
        extras.append(t.gettext("not on {dates}").format(dates=_dates(t, schedule.cancelled)))
    if schedule.closures is ClosurePolicy.SCHOOL_DAYS_ONLY:
        extras.append(t.gettext("not in school holidays"))
    elif schedule.closures is ClosurePolicy.SCHOOL_HOLIDAYS_ONLY:
        extras.append(t.gettext("only in school holidays"))
    elif schedule.closures is ClosurePolicy.REGARDLESS:
        extras.append(t.gettext("also on public holidays"))
    if schedule.closures is not ClosurePolicy.REGARDLESS:
        if OpenOn.PUBLIC_HOLIDAYS in schedule.open_on:
            extras.append(t.gettext("also on public holidays"))
        if OpenOn.CENTRE_CLOSURES in schedule.open_on:
            extras.append(t.gettext("also while the centre is closed"))
    return t.pgettext("separator", ", ").join([text, *extras])
