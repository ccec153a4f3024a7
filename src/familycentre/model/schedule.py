"""When an offer takes place: the schedule notation of data files, as data.

A schedule is written the way a centre's staff would say it, not as an RRULE::

    [[offers.schedule]]            # breakfast: every Tuesday and Thursday
    weekly = ["tue", "thu"]
    times = ["09:00-11:00"]

    [[offers.schedule]]            # parents' evening: first Monday of the month
    monthly = ["first mon"]
    times = ["19:30-21:00"]

    [[offers.schedule]]            # a course of ten sessions
    weekly = ["wed"]
    from = 2026-09-02
    sessions = 10
    times = ["18:00-19:30"]

    [[offers.schedule]]            # in German, and a single value for a list
    weekly = "samstags"
    times = "10:00 bis 12:00 Uhr"

This module holds the data and its rules only. Expanding a schedule into dates is
the work of :mod:`familycentre.schedule`.
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
import re
from typing import Any

import attrs

from familycentre.model import _checks

__all__ = [
    "MAX_DATES",
    "MAX_SESSIONS",
    "MAX_WINDOWS_PER_DAY",
    "WEEKDAY_NAMES",
    "WEEKDAY_WORDS",
    "ClosurePolicy",
    "Daily",
    "MonthlyWeekday",
    "OpenOn",
    "Schedule",
    "ScheduleKind",
    "TimeWindow",
    "Weekday",
]


class Weekday(enum.StrEnum):
    """A day of the week, by its three-letter English abbreviation."""

    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"

    @property
    def number(self) -> int:
        """Monday is 0, Sunday is 6 (as :meth:`datetime.date.weekday`)."""
        return _NUMBERS[self]

    @classmethod
    def of(cls, day: dt.date) -> Weekday:
        """The weekday of a date."""
        return _WEEKDAYS[day.weekday()]

    @classmethod
    def _missing_(cls, value: object) -> Weekday | None:
        """German and English names: ``Mo``, ``Dienstag``, ``montags``, ``Friday``."""
        if not isinstance(value, str):
            return None
        return WEEKDAY_NAMES.get(value.strip().lower().rstrip("."))


_WEEKDAYS = tuple(Weekday)
_NUMBERS = {day: number for number, day in enumerate(_WEEKDAYS)}
WEEKDAY_NAMES: dict[str, Weekday] = {}
"""Every name a data file may give a weekday (lower case): ``mon``, ``mo``, ``montags``, ..."""
for _day, _names in zip(
    _WEEKDAYS,
    (
        ("mo", "montag", "monday"),
        ("di", "dienstag", "tuesday", "tues"),
        ("mi", "mittwoch", "wednesday"),
        ("do", "donnerstag", "thursday", "thur", "thurs"),
        ("fr", "freitag", "friday"),
        ("sa", "samstag", "sonnabend", "saturday"),
        ("so", "sonntag", "sunday"),
    ),
    strict=True,
):
    WEEKDAY_NAMES[_day.value] = _day
    for _name in _names:
        WEEKDAY_NAMES[_name] = _day
        if len(_name) > 3:
            WEEKDAY_NAMES[_name + "s"] = _day  # montags, Mondays
WEEKDAY_WORDS = "mon, tue, wed, thu, fri, sat, sun (or Mo, Di, Mi, Do, Fr, Sa, So, montags, ...)"
"""The weekdays as an error message lists them."""


class ScheduleKind(enum.StrEnum):
    """Whether a schedule gives opening hours (the café is open) or sessions (a course meets)."""

    SESSIONS = "sessions"
    OPENING_HOURS = "opening_hours"


class ClosurePolicy(enum.StrEnum):
    """How school holidays apply to an offer (and, by default, public holidays and closures).

    ``public_holidays`` (the default): in school holidays and on school days alike,
    but not on public holidays of the centre's state nor during the centre's closure
    periods. ``school_days_only``: additionally not in school holidays (homework
    supervision). ``school_holidays_only``: only in school holidays (holiday
    programmes). Whether an offer takes place even on public holidays or while the
    centre is closed is a separate choice: :class:`OpenOn` (``open_on``).

    ``regardless`` (kept for older data files): every date of the schedule, public
    holidays, the centre's and the offer's closures included; prefer ``open_on``.
    """

    PUBLIC_HOLIDAYS = "public_holidays"
    SCHOOL_DAYS_ONLY = "school_days_only"
    SCHOOL_HOLIDAYS_ONLY = "school_holidays_only"
    REGARDLESS = "regardless"


class OpenOn(enum.StrEnum):
    """Closed days on which an offer takes place all the same (``open_on`` of a schedule).

    ``public_holidays``: even on public holidays (a café open on Whit Monday).
    ``centre_closures``: even while the centre is closed (a shop run by volunteers
    during the summer break). Without ``open_on`` the centre's closure always wins.
    The offer's own closure periods (``[[offers.closures]]``) always apply.
    """

    PUBLIC_HOLIDAYS = "public_holidays"
    CENTRE_CLOSURES = "centre_closures"


class Daily(enum.StrEnum):
    """A daily schedule: every day, or Monday to Friday."""

    EVERY_DAY = "every_day"
    WEEKDAYS = "weekdays"

    @classmethod
    def _missing_(cls, value: object) -> Daily | None:
        """German words: ``täglich`` (every day), ``werktags`` (Monday to Friday)."""
        words = {"täglich": cls.EVERY_DAY, "jeden tag": cls.EVERY_DAY, "werktags": cls.WEEKDAYS}
        return words.get(value.strip().lower()) if isinstance(value, str) else None


MAX_WINDOWS_PER_DAY = 48
"""The most time windows one schedule may give a day (every half hour)."""

MAX_SESSIONS = 1_000
"""The most sessions a course may have."""

MAX_DATES = 10_000
"""The most single dates (``dates``, ``cancelled``) one schedule may list."""

_TIME = r"([01]?[0-9]|2[0-3])[:.]([0-5][0-9])"
_WINDOW = re.compile(rf"\s*{_TIME}\s*(?:-|–|—|bis)\s*{_TIME}\s*(?:Uhr)?\s*")


@attrs.frozen(order=True)
class TimeWindow:
    """A time window within one day, in the centre's local wall-clock time.

    Written ``"09:00-11:00"`` in data files. The end lies after the start on the
    same day; a window cannot cross midnight.
    """

    start: dt.time
    end: dt.time

    def __attrs_post_init__(self) -> None:
        for name, value in (("start", self.start), ("end", self.end)):
            if not isinstance(value, dt.time):
                raise _checks.FieldError(name, f"must be a time, not {type(value).__name__}")
            if value.tzinfo is not None or value.second or value.microsecond:
                raise _checks.FieldError(
                    name, "must be a local time in hours and minutes, without a time zone"
                )
        if self.end <= self.start:
            raise _checks.FieldError(
                "end", f"{self} ends before it starts (a window cannot cross midnight)"
            )

    @classmethod
    def parse(cls, text: str) -> TimeWindow:
        """Read ``"09:00-11:00"`` (also ``"9.00–11.00 Uhr"``)."""
        match = _WINDOW.fullmatch(text) if isinstance(text, str) else None
        if not match:
            raise ValueError(f"{_checks.shown(text)} is not a time window like '09:00-11:00'")
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        return cls(dt.time(h1, m1), dt.time(h2, m2))

    @property
    def minutes(self) -> int:
        """The window's length in minutes."""
        return (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


_ORDINALS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "fifth": 5,
    "5th": 5,
    "last": -1,
    "second-last": -2,
    # German: erster Montag, 2. Mittwoch, letzter Freitag, vorletzter Freitag
    "erster": 1,
    "erste": 1,
    "ersten": 1,
    "1.": 1,
    "zweiter": 2,
    "zweite": 2,
    "zweiten": 2,
    "2.": 2,
    "dritter": 3,
    "dritte": 3,
    "dritten": 3,
    "3.": 3,
    "vierter": 4,
    "vierte": 4,
    "vierten": 4,
    "4.": 4,
    "fünfter": 5,
    "fünfte": 5,
    "fünften": 5,
    "5.": 5,
    "letzter": -1,
    "letzte": -1,
    "letzten": -1,
    "vorletzter": -2,
    "vorletzte": -2,
    "vorletzten": -2,
}
_ORDINAL_NAMES = {
    1: "first",
    2: "second",
    3: "third",
    4: "fourth",
    5: "fifth",
    -1: "last",
    -2: "second-last",
}


@attrs.frozen(order=True)
class MonthlyWeekday:
    """An ordinal weekday of a month: the first Monday, the last Friday.

    Written ``"first mon"``, ``"2nd wed"``, ``"last fri"`` in data files, or in German
    (``"erster Montag"``, ``"2. Mittwoch"``, ``"letzter Freitag"``). Ordinals run
    from 1 to 5 and -1 (last) to -2 (second-last). A month without a fifth Monday
    simply has no such date.
    """

    ordinal: int
    weekday: Weekday = attrs.field(converter=Weekday)

    def __attrs_post_init__(self) -> None:
        if self.ordinal not in _ORDINAL_NAMES:
            raise _checks.FieldError(
                "ordinal", f"must be 1 to 5, -1 (last) or -2 (second-last), not {self.ordinal}"
            )

    @classmethod
    def parse(cls, text: str) -> MonthlyWeekday:
        """Read ``"first mon"``, ``"last fri"``, ``"erster Montag"`` or ``"2. Mittwoch"``."""
        parts = text.lower().split() if isinstance(text, str) else []
        if parts[-2:] == ["im", "monat"]:
            parts = parts[:-2]  # "erster Montag im Monat"
        if len(parts) != 2 or parts[0] not in _ORDINALS:
            raise ValueError(
                f"{_checks.shown(text)} is not an ordinal weekday like 'first mon', '2nd wed', "
                "'last fri' or 'erster Montag'"
            )
        try:
            weekday = Weekday(parts[1])
        except ValueError:
            raise ValueError(
                f"{_checks.shown(text)}: unknown weekday {_checks.shown(parts[1])} "
                f"(use {WEEKDAY_WORDS})"
            ) from None
        return cls(_ORDINALS[parts[0]], weekday)

    def __str__(self) -> str:
        return f"{_ORDINAL_NAMES[self.ordinal]} {self.weekday.value}"


def _optional_tuple(value: Any) -> tuple[Any, ...] | None:
    return None if value is None else _checks.to_tuple(value)


def _weekdays(value: Any) -> tuple[Weekday, ...] | None:
    return None if value is None else tuple(Weekday(d) for d in _checks.to_tuple(value))


def _monthly(value: Any) -> tuple[MonthlyWeekday, ...] | None:
    if value is None:
        return None
    return tuple(
        d if isinstance(d, MonthlyWeekday) else MonthlyWeekday.parse(d)
        for d in _checks.to_tuple(value)
    )


def _windows(value: Any) -> tuple[TimeWindow, ...]:
    return tuple(
        w if isinstance(w, TimeWindow) else TimeWindow.parse(w) for w in _checks.to_tuple(value)
    )


def _optional_daily(value: Any) -> Daily | None:
    return None if value is None else Daily(value)


def _dates(value: Any) -> tuple[dt.date, ...]:
    return tuple(sorted(set(_checks.to_tuple(value))))


def _open_on(value: Any) -> tuple[OpenOn, ...]:
    given = {OpenOn(v) for v in _checks.to_tuple(value)}
    return tuple(member for member in OpenOn if member in given)  # in a stable order


@attrs.frozen
class Schedule:
    """One recurring pattern of an offer, or of a centre's opening hours.

    At most one pattern is given: ``weekly`` (weekdays, every ``every`` weeks),
    ``monthly`` (ordinal weekdays), ``monthly_days`` (days of the month) or
    ``daily``. Without a pattern, the schedule is the list of ``dates``. Each date
    of the pattern has the time ``windows`` (``times``), or lasts all day
    (``all_day``).

    Days of the month that a month lacks (31 in April, 29 to 31 in February of a
    common year) are skipped, as RFC 5545 does; use ``-1`` for "the last day".

    :param kind: ``sessions`` (default) or ``opening_hours``.
    :param weekly: Weekdays of a weekly pattern.
    :param monthly: Ordinal weekdays of a monthly pattern (``first mon``).
    :param monthly_days: Days of the month (1 to 31, or -1 to -31 from the end).
    :param daily: ``every_day`` or ``weekdays`` (Monday to Friday).
    :param every: Interval: every 2nd week, every 3rd month; counted from ``start``.
    :param times: Time windows on each date; several windows are allowed.
    :param all_day: Whether the dates last all day (then no ``times``).
    :param start: First possible date (``from`` in data files); needed when
        ``every`` is above 1 or ``sessions`` is given.
    :param until: Last possible date (inclusive).
    :param sessions: A course of this many dates, counted before closures apply.
    :param dates: Extra single dates (with the same times).
    :param cancelled: Dates on which it does not take place.
    :param closures: How school holidays apply (:class:`ClosurePolicy`).
    :param open_on: Closed days on which it takes place all the same
        (:class:`OpenOn`: ``public_holidays``, ``centre_closures``).

    Wherever a list is expected, a single value may stand for a list of one
    (``weekly = "tue"``, ``times = "09:00-11:00"``, ``dates = 2026-06-20``).
    """

    kind: ScheduleKind = attrs.field(default=ScheduleKind.SESSIONS, converter=ScheduleKind)
    weekly: tuple[Weekday, ...] | None = attrs.field(default=None, converter=_weekdays)
    monthly: tuple[MonthlyWeekday, ...] | None = attrs.field(default=None, converter=_monthly)
    monthly_days: tuple[int, ...] | None = attrs.field(default=None, converter=_optional_tuple)
    daily: Daily | None = attrs.field(default=None, converter=_optional_daily)
    every: int = 1
    times: tuple[TimeWindow, ...] = attrs.field(default=(), converter=_windows)
    all_day: bool = False
    start: dt.date | None = attrs.field(default=None, metadata={"key": "from"})
    until: dt.date | None = None
    sessions: int | None = None
    dates: tuple[dt.date, ...] = attrs.field(default=(), converter=_dates)
    cancelled: tuple[dt.date, ...] = attrs.field(default=(), converter=_dates)
    closures: ClosurePolicy = attrs.field(
        default=ClosurePolicy.PUBLIC_HOLIDAYS, converter=ClosurePolicy
    )
    open_on: tuple[OpenOn, ...] = attrs.field(default=(), converter=_open_on)

    def __attrs_post_init__(self) -> None:
        patterns = [
            name
            for name in ("weekly", "monthly", "monthly_days", "daily")
            if getattr(self, name) is not None
        ]
        for name in ("weekly", "monthly", "monthly_days"):
            value = getattr(self, name)
            if value is not None and not value:
                raise _checks.FieldError(name, "must list at least one day")
            if value is not None and len(set(value)) != len(value):
                raise _checks.FieldError(name, "lists a day twice")
        if len(patterns) > 1:
            raise _checks.FieldError(
                patterns[1], f"give only one pattern, not both {patterns[0]} and {patterns[1]}"
            )
        if not patterns and not self.dates:
            raise _checks.FieldError(
                "dates",
                "a schedule needs a pattern (weekly, monthly, monthly_days, daily) or dates",
            )
        for day in self.monthly_days or ():
            if not (1 <= day <= 31 or -31 <= day <= -1):
                raise _checks.FieldError(
                    "monthly_days", f"days of the month run from 1 to 31 (or -1 to -31), not {day}"
                )
        if self.every < 1:
            raise _checks.FieldError("every", f"must be at least 1, not {self.every}")
        if not patterns and self.every != 1:
            raise _checks.FieldError("every", "needs a pattern to repeat")
        if self.all_day and self.times:
            raise _checks.FieldError("times", "an all-day schedule has no times")
        if not self.all_day and not self.times:
            raise _checks.FieldError("times", "give at least one time window, or all_day = true")
        if len(self.times) > MAX_WINDOWS_PER_DAY:
            raise _checks.FieldError(
                "times",
                f"gives {len(self.times)} time windows a day; at most {MAX_WINDOWS_PER_DAY} "
                "are allowed: join neighbouring windows into one",
            )
        for name in ("dates", "cancelled"):
            if len(getattr(self, name)) > MAX_DATES:
                raise _checks.FieldError(
                    name,
                    f"lists {len(getattr(self, name)):,} dates; at most {MAX_DATES:,} are "
                    "allowed: use a pattern (weekly, monthly, ...) instead",
                )
        ordered = sorted(self.times)
        for before, after in itertools.pairwise(ordered):
            if after.start < before.end:
                raise _checks.FieldError("times", f"{before} and {after} overlap")
        if self.sessions is not None:
            if self.sessions < 1:
                raise _checks.FieldError("sessions", f"must be at least 1, not {self.sessions}")
            if self.sessions > MAX_SESSIONS:
                raise _checks.FieldError(
                    "sessions",
                    f"must be at most {MAX_SESSIONS:,}, not {self.sessions:,}: for an offer "
                    "without end leave sessions out (or give until)",
                )
            if not patterns:
                raise _checks.FieldError("sessions", "needs a pattern to count sessions of")
            if self.until is not None:
                raise _checks.FieldError("sessions", "give either sessions or until, not both")
        if (self.every > 1 or self.sessions is not None) and self.start is None:
            raise _checks.FieldError(
                "from", "needs a first date when every is above 1 or sessions is given"
            )
        if self.start is not None and self.until is not None and self.until < self.start:
            raise _checks.FieldError(
                "until", f"{self.until.isoformat()} lies before from ({self.start.isoformat()})"
            )

    @property
    def windows(self) -> tuple[TimeWindow | None, ...]:
        """The time windows of each date, ``(None,)`` for an all-day schedule."""
        return (None,) if self.all_day else tuple(sorted(self.times))
