"""An offer's schedules as schema.org describes a series: rules, exceptions, single events.

schema.org lets a page publish "a schedule for a series of repeating events rather than
data on the individual events themselves" (``eventSchedule``): an ``Event`` whose
``Schedule`` gives a ``repeatFrequency`` (``P1W``; ``P1M`` with ``byMonthWeek``),
the weekdays (``byDay``), the time of day (``startTime``/``endTime`` in
``scheduleTimezone``), the dates it runs (``startDate``/``endDate``) and the dates it
does not take place (``exceptDate``). The programme list of the ``html`` exporter
writes an offer that way; :func:`offer_series` works out what to write.

For each schedule of the offer, and within the period shown:

- the dates of the library (:func:`~familycentre.schedule.schedule_dates`: the
  pattern with its ``from``, ``until`` and ``sessions``, extra dates, cancelled dates,
  holidays and closures) are the truth the series must give;
- when schema.org's ``Schedule`` can say the pattern cleanly (see below), there is one
  :class:`ScheduleRule` per time window (per ordinal weekday, for monthly patterns
  that are not a product of weeks and weekdays). It runs from the schedule's first to
  its last date in the period that its pattern gives (not an extra date): dates before
  and after would only be exceptions. Every date that the rule gives but the library
  does not is an ``exceptDate``;
- every date that the library gives but no rule does (extra ``dates``) is a single
  occurrence, and so is a date on which the window starts or ends at a local time that
  does not exist or exists twice (the nights the clocks change): a reader combining
  the date with ``startTime`` in ``scheduleTimezone`` could resolve such a time either
  way, so the rule leaves that date out (``exceptDate``) and the occurrence is written
  with its UTC offset.

What ``Schedule`` says cleanly: weekly patterns (``P1W`` with ``byDay``; every *n*
weeks on one weekday as ``PnW``, counted from ``startDate``), ``daily`` patterns
(``P1W`` on every day, or Monday to Friday) and monthly ordinal weekdays from the first
to the fifth (``P1M`` with ``byMonthWeek`` and ``byDay``). The rest is written as
single occurrences: every *n* weeks on several weekdays (schema.org does not say from
which day the *n* weeks are counted), every *n* days or months, days of the month
(``byMonthDay`` leaves open what a month without a 31st does), last weekdays of the
month (``byMonthWeek`` runs from 1 to 5), all-day schedules (a ``Schedule`` has
times of day), lists of dates, and a pattern whose exceptions would outnumber the
dates it keeps (a holiday programme on weekdays, only in school holidays).
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import zoneinfo
from collections.abc import Iterable

import attrs

from familycentre.errors import InvalidWindow
from familycentre.model.offer import Offer
from familycentre.model.schedule import Daily, Schedule, TimeWindow, Weekday
from familycentre.schedule import ClosureCalendar, Occurrence, local_datetime
from familycentre.schedule.closures import check_window
from familycentre.schedule.occurrences import (
    offset_change_days,
    pattern_exceptions,
    schedule_ordinals,
)

__all__ = ["DAY_URLS", "ScheduleRule", "Series", "centre_series", "offer_series"]

DAY_URLS = {
    Weekday.MON: "https://schema.org/Monday",
    Weekday.TUE: "https://schema.org/Tuesday",
    Weekday.WED: "https://schema.org/Wednesday",
    Weekday.THU: "https://schema.org/Thursday",
    Weekday.FRI: "https://schema.org/Friday",
    Weekday.SAT: "https://schema.org/Saturday",
    Weekday.SUN: "https://schema.org/Sunday",
}
"""schema.org's ``DayOfWeek`` of each weekday, as ``byDay`` names it."""

_WEEKDAYS = tuple(Weekday)


@attrs.frozen
class ScheduleRule:
    """One schema.org ``Schedule``: a rule at one time window, with its exceptions.

    The rule gives every date from ``start`` to ``end`` (both inclusive) whose weekday
    is in ``weekdays`` and, for a monthly rule, whose week of the month (days 1-7 are
    week 1, days 8-14 week 2, ...) is in ``month_weeks``; for ``PnW`` with *n* above 1
    (one weekday), every *n*-th week from ``start``. On each such date but the
    ``except_dates`` the offer takes place from ``window.start`` to ``window.end``,
    wall-clock time in the centre's zone.

    :param schedule: Index of the schedule in ``offer.schedule``.
    :param window: The time window.
    :param frequency: ``repeatFrequency``: ``P1W``, ``PnW`` or ``P1M``.
    :param weekdays: ``byDay``, in week order.
    :param month_weeks: ``byMonthWeek`` (1 to 5), empty for a weekly rule.
    :param start: ``startDate``: the first date the rule gives.
    :param end: ``endDate``: the last date it may give.
    :param except_dates: ``exceptDate``: the rule's dates on which the offer does not
        take place at this window, ascending.
    """

    schedule: int
    window: TimeWindow
    frequency: str
    weekdays: tuple[Weekday, ...]
    month_weeks: tuple[int, ...]
    start: dt.date
    end: dt.date
    except_dates: tuple[dt.date, ...] = ()


@attrs.frozen
class Series:
    """An offer within a period: its schedule rules and its single occurrences.

    The rules' dates at their windows, but their exceptions, together with the single
    occurrences, are exactly the offer's :func:`~familycentre.schedule.occurrences` in
    the period.

    :param offer: The offer.
    :param rules: One rule per schedule that schema.org can express, time window and
        (for a monthly pattern) group of ordinal weekdays, in schedule order.
    :param singles: The occurrences that no rule gives, in time order.
    """

    offer: Offer
    rules: tuple[ScheduleRule, ...]
    singles: tuple[Occurrence, ...]


# A pattern as schema.org says it: (weeks between repeats, weekday numbers, weeks of
# the month). Weeks of the month are empty for a weekly rule; a monthly rule repeats
# every month.
_Shape = tuple[int, tuple[int, ...], tuple[int, ...]]


def _shapes(schedule: Schedule) -> list[_Shape] | None:
    """The rules of a schedule's pattern, or ``None`` when schema.org cannot say it."""
    if schedule.all_day:
        return None
    if schedule.weekly is not None:
        days = tuple(sorted(day.number for day in schedule.weekly))
        if schedule.every == 1 or len(days) == 1:
            return [(schedule.every, days, ())]
        return None
    if schedule.daily is not None:
        if schedule.every != 1:
            return None
        return [(1, tuple(range(5 if schedule.daily is Daily.WEEKDAYS else 7)), ())]
    if schedule.monthly is not None:
        if schedule.every != 1 or any(not 1 <= rule.ordinal <= 5 for rule in schedule.monthly):
            return None
        pairs = {(rule.ordinal, rule.weekday.number) for rule in schedule.monthly}
        ordinals = tuple(sorted({nth for nth, _ in pairs}))
        weekdays = tuple(sorted({day for _, day in pairs}))
        if len(pairs) == len(ordinals) * len(weekdays):  # every week with every weekday
            return [(0, weekdays, ordinals)]
        return [(0, (day,), (nth,)) for nth, day in sorted(pairs)]
    return None  # days of the month, or a list of dates


def _shape_days(shape: _Shape, first: int, last: int) -> list[int]:
    """The date ordinals from ``first`` to ``last`` that a rule gives (``first`` is one)."""
    weeks, weekdays, month_weeks = shape
    if weeks > 1:  # one weekday, every n-th week from the first date
        return list(range(first, last + 1, 7 * weeks))
    monday = first - (first - 1) % 7
    if not month_weeks:
        if len(weekdays) == 1:
            return list(range(monday + weekdays[0], last + 1, 7))[monday + weekdays[0] < first :]
        days = [d for day in weekdays for d in range(monday + day, last + 1, 7) if d >= first]
        days.sort()
        return days
    # Monthly: the n-th weekday of a month lies on days 7(n-1)+1 to 7n.
    found = []
    fromordinal = dt.date.fromordinal
    for day in weekdays:
        for ordinal in range(monday + day, last + 1, 7):
            if ordinal >= first and (fromordinal(ordinal).day - 1) // 7 + 1 in month_weeks:
                found.append(ordinal)
    found.sort()
    return found


@functools.cache
def _zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


@functools.lru_cache(maxsize=64)
def _near_changes(name: str, lo: int, hi: int) -> tuple[tuple[int, ...], frozenset[int]]:
    """The days from ``lo`` to ``hi`` near a change of the zone's offset, and as a set."""
    days = sorted(offset_change_days(name, lo, hi))
    return tuple(days), frozenset(days)


def _once(ordinal: int, time: dt.time, zone: zoneinfo.ZoneInfo) -> bool:
    """Whether a wall-clock time exists on a date, and only once."""
    naive = dt.datetime.combine(dt.date.fromordinal(ordinal), time)
    return naive.replace(tzinfo=zone).utcoffset() == naive.replace(tzinfo=zone, fold=1).utcoffset()


def _occurrence(
    offer: Offer,
    index: int,
    ordinal: int,
    window: TimeWindow | None,
    zone: zoneinfo.ZoneInfo,
    near: frozenset[int],
) -> Occurrence:
    """The occurrence on a date, resolved as :mod:`familycentre.schedule` resolves times."""
    day = dt.date.fromordinal(ordinal)
    if window is None:
        following = day + dt.timedelta(days=1)
        return Occurrence(
            offer,
            local_datetime(day, dt.time(), zone),
            local_datetime(following, dt.time(), zone),
            True,
            index,
        )
    if ordinal in near:
        begin = local_datetime(day, window.start, zone)
        return Occurrence(
            offer, begin, max(begin, local_datetime(day, window.end, zone)), False, index
        )
    return Occurrence(
        offer,
        dt.datetime.combine(day, window.start, zone),
        dt.datetime.combine(day, window.end, zone),
        False,
        index,
    )


def offer_series(offer: Offer, calendar: ClosureCalendar, start: dt.date, end: dt.date) -> Series:
    """The schedule rules and single occurrences of an offer from ``start`` to ``end``.

    The offer's status is not looked at: the caller decides whether to publish
    paused or cancelled offers. The offer's own closure periods are left out like
    the centre's.

    :param offer: The offer.
    :param calendar: The closure calendar of the offer's centre, covering the period.
    :param start: First day of the period.
    :param end: Last day of the period (inclusive).
    :raises InvalidWindow: for a period that ends before it starts or that the
        calendar does not cover.
    :raises WindowTooLarge: for a period longer than ten years.
    :raises MissingHolidayData: when a schedule needs school holidays that are not known.
    """
    return centre_series([offer], calendar, start, end)[0]


def centre_series(
    offers: Iterable[Offer], calendar: ClosureCalendar, start: dt.date, end: dt.date
) -> list[Series]:
    """:func:`offer_series` of several offers of one centre, the period checked once.

    :raises InvalidWindow: as :func:`offer_series`.
    :raises WindowTooLarge: as :func:`offer_series`.
    :raises MissingHolidayData: as :func:`offer_series`.
    """
    lo, hi = check_window(start, end)
    if not calendar.covers(start, end):
        raise InvalidWindow(
            f"the window {start.isoformat()} to {end.isoformat()} is not within the "
            f"closure calendar's ({calendar.start.isoformat()} to {calendar.end.isoformat()})"
        )
    zone = _zone(calendar.timezone)
    changes, near = _near_changes(calendar.timezone, lo, hi)
    return [
        _series(offer, calendar.for_offer(offer), lo, hi, zone, changes, near) for offer in offers
    ]


def _series(
    offer: Offer,
    calendar: ClosureCalendar,
    lo: int,
    hi: int,
    zone: zoneinfo.ZoneInfo,
    changes: tuple[int, ...],
    near: frozenset[int],
) -> Series:
    rules: list[ScheduleRule] = []
    singles: list[Occurrence] = []
    fromordinal = dt.date.fromordinal
    for index, schedule in enumerate(offer.schedule):
        shapes = _shapes(schedule)
        fitted: _Fitted | None
        if shapes is not None and len(shapes) == 1 and not schedule.dates:
            # The rule is the pattern itself: its dates need not be listed one by one.
            found = _fit_pattern(schedule, shapes[0], calendar, lo, hi, changes)
            if found is None:
                continue
            days, fitted, occurring = found
        else:
            days = schedule_ordinals(schedule, calendar, lo, hi)
            if not days:
                continue
            fitted = _fit(schedule, shapes, days) if shapes is not None else None
            occurring = set(days).intersection(changes) if changes and fitted else set()
        if fitted is None:  # one occurrence per date and window
            singles.extend(
                _occurrence(offer, index, ordinal, window, zone, near)
                for ordinal in days
                for window in schedule.windows
            )
            continue
        first, last, ruled, loose = fitted
        begin, finish = fromordinal(first), fromordinal(last)
        made = [
            (shape, shape_days, excepted, tuple(map(fromordinal, excepted)))
            for shape, shape_days, excepted in ruled
        ]
        for window in schedule.windows:
            assert window is not None  # all-day schedules have no shape
            odd = {
                d
                for d in occurring
                if not (_once(d, window.start, zone) and _once(d, window.end, zone))
            }
            for (weeks, weekdays, month_weeks), shape_days, excepted, dates in made:
                if odd:  # taken out of the rule, written on their own
                    odd_here = odd.intersection(shape_days)
                    singles.extend(
                        _occurrence(offer, index, d, window, zone, near) for d in sorted(odd_here)
                    )
                    excepted = sorted(odd_here.union(excepted))
                    dates = tuple(map(fromordinal, excepted))
                if len(excepted) == len(shape_days):
                    continue  # nothing left of this rule at this window
                rules.append(
                    ScheduleRule(
                        index,
                        window,
                        f"P{weeks}W" if not month_weeks else "P1M",
                        tuple(_WEEKDAYS[day] for day in weekdays),
                        month_weeks,
                        begin,
                        finish,
                        dates,
                    )
                )
            singles.extend(_occurrence(offer, index, d, window, zone, near) for d in loose)
    if len(singles) > 1:
        singles.sort(key=_by_start_end)
    return Series(offer, tuple(rules), tuple(singles))


def _by_start_end(occurrence: Occurrence) -> tuple[dt.datetime, dt.datetime, int]:
    return occurrence.start, occurrence.end, occurrence.schedule


# The span of a schedule's rules, each rule with its dates and exceptions, and the
# dates no rule gives.
_Fitted = tuple[int, int, list[tuple[_Shape, list[int], list[int]]], list[int]]


def _fit_pattern(
    schedule: Schedule,
    shape: _Shape,
    calendar: ClosureCalendar,
    lo: int,
    hi: int,
    changes: tuple[int, ...],
) -> tuple[list[int], _Fitted | None, set[int]] | None:
    """:func:`_fit` for a schedule whose one rule gives exactly its pattern's dates.

    A schedule without extra dates whose pattern is one rule (weekly, daily, monthly
    weeks by weekdays): the rule's dates from its first to its last date that takes
    place are the pattern's, the exceptions the pattern's dates that do not take place.

    :return: ``None`` when the schedule has no date in [lo, hi]; otherwise its dates
        (only listed when no rule is made: ``[]`` with a rule), :func:`_fit`'s answer,
        and its dates among ``changes``.
    """
    pattern, removed = pattern_exceptions(schedule, calendar, lo, hi)
    if len(removed) >= len(pattern):
        return None
    i, j = 0, len(pattern) - 1
    while pattern[i] in removed:
        i += 1
    while pattern[j] in removed:
        j -= 1
    first, last = pattern[i], pattern[j]
    excepted: list[int] = []
    if removed:
        ordered = sorted(removed)
        excepted = ordered[bisect.bisect_left(ordered, first) : bisect.bisect_right(ordered, last)]
        if len(excepted) > j - i + 1 - len(excepted):  # more exceptions than dates
            return [d for d in pattern if d not in removed], None, set()
    occurring = set()
    for d in changes:  # a few days a year
        if (
            first <= d <= last
            and d not in removed
            and pattern[bisect.bisect_left(pattern, d, i, j + 1)] == d
        ):
            occurring.add(d)
    return [], (first, last, [(shape, pattern[i : j + 1], excepted)], []), occurring


def _fit(schedule: Schedule, shapes: list[_Shape], days: list[int]) -> _Fitted | None:
    """The rules' span, their dates and exceptions, and the dates no rule gives.

    :param days: The dates on which the schedule takes place (ascending, not empty).
    :return: The first and last date of the rules (the first and last dates of the
        pattern that take place), each rule with its dates and the dates of them
        that do not take place, and the dates the rules do not give; ``None`` when
        no date comes from the pattern or the rules' exceptions would outnumber the
        dates they keep.
    """
    if schedule.dates:
        extras = {d.toordinal() for d in schedule.dates}
        regular = [d for d in days if d not in extras]
        if not regular:
            return None
        first, last = regular[0], regular[-1]
    else:
        first, last = days[0], days[-1]
    weeks, weekdays, _ = shapes[0]
    if weeks > 1 and (first - 1) % 7 != weekdays[0]:
        return None  # every n-th week is counted from the first date: it must be one
    ruled = []
    kept = excepted_count = 0
    for shape in shapes:
        shape_days = _shape_days(shape, first, last)
        excepted = sorted(set(shape_days).difference(days))
        ruled.append((shape, shape_days, excepted))
        excepted_count += len(excepted)
        kept += len(shape_days) - len(excepted)  # the shapes' dates do not overlap
    if excepted_count > kept:
        return None
    loose: list[int] = []
    if kept < len(days):
        covered = {d for _, shape_days, _ in ruled for d in shape_days}
        loose = [d for d in days if d not in covered]
    return first, last, ruled, loose
