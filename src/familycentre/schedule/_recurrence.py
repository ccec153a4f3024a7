"""Date arithmetic of the schedule notation: which dates a pattern gives in a window.

Dates are handled as proleptic Gregorian ordinals (:meth:`datetime.date.toordinal`)
throughout: adding a day is adding one, and the weekday of ordinal ``n`` is
``(n - 1) % 7`` (Monday is 0; 1 January of year 1 was a Monday). That keeps the inner
loops free of object creation, which is what makes expansion fast.

The rules, as documented for users in ``docs/how-to/schedules.md``:

- ``every`` counts from ``start``: for ``weekly``, the week (Monday to Sunday) that
  contains ``start`` is week 0, and weeks 0, ``every``, 2 × ``every``, … take place;
  for ``monthly`` and ``monthly_days`` the month of ``start`` is month 0; for
  ``daily`` the day ``start`` is day 0. Without ``start``, ``every`` is 1.
- ``start`` and ``until`` bound the pattern (both inclusive).
- ``sessions`` takes the first *N* dates of the pattern from ``start``, counted
  before closures and cancelled dates are taken out (as RFC 5545 ``COUNT`` does
  with ``EXDATE``): a course of ten sessions with one session on a public holiday
  meets nine times.
- Days of the month that a month lacks are skipped (``31`` gives no date in April);
  negative days count from the end (``-1`` is the last day).
- Extra ``dates`` are added whatever ``start``, ``until`` and ``sessions`` say.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from collections.abc import Iterable

from familycentre.model.schedule import Daily, Schedule, Weekday

__all__ = [
    "course_end",
    "extra_ordinals",
    "pattern_ordinals",
    "pattern_ordinals_until",
    "weekday_of",
]

_NUMBER = {day: day.number for day in Weekday}


def weekday_of(ordinal: int) -> int:
    """The weekday of a date ordinal, Monday 0 to Sunday 6."""
    return (ordinal - 1) % 7


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _weekly(
    weekdays: Iterable[int], every: int, anchor: int | None, lo: int, hi: int
) -> list[int]:
    days = sorted(weekdays)
    monday = lo - weekday_of(lo)
    if anchor is not None and every > 1:
        anchor_monday = anchor - weekday_of(anchor)
        behind = ((monday - anchor_monday) // 7) % every
        if behind:
            monday += 7 * (every - behind)
    # Each weekday is an arithmetic run from its first date on or after lo; the runs
    # merged by one sort. A date before lo lies in the first week only.
    step = 7 * every
    if len(days) == 1:  # one run, already in order
        first = monday + days[0]
        return list(range(first if first >= lo else first + step, hi + 1, step))
    out: list[int] = []
    for offset in days:
        first = monday + offset
        if first < lo:
            first += step
        out.extend(range(first, hi + 1, step))
    out.sort()
    return out


def _daily(weekdays_only: bool, every: int, anchor: int | None, lo: int, hi: int) -> list[int]:
    first = lo
    if anchor is not None and every > 1:
        first = lo + (-(lo - anchor)) % every
    if weekdays_only and every == 1:  # five arithmetic runs, merged by one sort
        monday = first - weekday_of(first)
        out: list[int] = []
        for day in range(monday, monday + 5):
            out.extend(range(day if day >= first else day + 7, hi + 1, 7))
        out.sort()
        return out
    days = range(first, hi + 1, every)
    if weekdays_only:
        return [day for day in days if (day - 1) % 7 < 5]
    return list(days)


def _months(
    every: int, anchor: dt.date | None, lo: int, hi: int
) -> Iterable[tuple[int, int, int]]:
    """(first ordinal, days in month, weekday of the 1st) of each month in play."""
    low = dt.date.fromordinal(lo)
    high = dt.date.fromordinal(hi)
    index = _month_index(low)
    if anchor is not None and every > 1:
        index += (-(index - _month_index(anchor))) % every
    last = _month_index(high)
    while index <= last:
        yield _month(index)
        index += every


@functools.lru_cache(maxsize=1024)
def _month(index: int) -> tuple[int, int, int]:
    """(first ordinal, days in month, weekday of the 1st) of a month (year * 12 + month - 1)."""
    year, month0 = divmod(index, 12)
    first = dt.date(year, month0 + 1, 1).toordinal()
    return first, calendar.monthrange(year, month0 + 1)[1], (first - 1) % 7


def _monthly_weekdays(
    ordinals: Iterable[tuple[int, int]], every: int, anchor: dt.date | None, lo: int, hi: int
) -> list[int]:
    rules = tuple(ordinals)
    out: list[int] = []
    for first, length, first_weekday in _months(every, anchor, lo, hi):
        found: set[int] = set()
        for nth, weekday in rules:
            if nth > 0:
                day = 1 + (weekday - first_weekday) % 7 + 7 * (nth - 1)
            else:
                last_weekday = (first_weekday + length - 1) % 7
                day = length - (last_weekday - weekday) % 7 - 7 * (-nth - 1)
            if 1 <= day <= length:
                found.add(first + day - 1)
        out.extend(day for day in sorted(found) if lo <= day <= hi)
    return out


def _monthly_days(
    days: Iterable[int], every: int, anchor: dt.date | None, lo: int, hi: int
) -> list[int]:
    wanted = tuple(days)
    out: list[int] = []
    for first, length, _ in _months(every, anchor, lo, hi):
        found = {
            first + (day if day > 0 else length + day + 1) - 1
            for day in wanted
            if (day <= length if day > 0 else -day <= length)
        }
        out.extend(day for day in sorted(found) if lo <= day <= hi)
    return out


def _raw(schedule: Schedule, lo: int, hi: int) -> list[int]:
    """Pattern dates in [lo, hi], honouring ``every`` but not start/until/sessions."""
    if lo > hi:
        return []
    anchor = schedule.start
    anchor_ordinal = anchor.toordinal() if anchor is not None else None
    every = schedule.every
    if schedule.weekly is not None:
        return _weekly(map(_NUMBER.__getitem__, schedule.weekly), every, anchor_ordinal, lo, hi)
    if schedule.daily is not None:
        return _daily(schedule.daily is Daily.WEEKDAYS, every, anchor_ordinal, lo, hi)
    if schedule.monthly is not None:
        rules = ((rule.ordinal, _NUMBER[rule.weekday]) for rule in schedule.monthly)
        return _monthly_weekdays(rules, every, anchor, lo, hi)
    if schedule.monthly_days is not None:
        return _monthly_days(schedule.monthly_days, every, anchor, lo, hi)
    return []


def _has_pattern(schedule: Schedule) -> bool:
    return not (
        schedule.weekly is None
        and schedule.daily is None
        and schedule.monthly is None
        and schedule.monthly_days is None
    )


def pattern_ordinals(schedule: Schedule, lo: int, hi: int) -> list[int]:
    """The dates of the schedule's pattern within [lo, hi] (ordinals, ascending).

    Honours ``every``, ``start``, ``until`` and ``sessions``; leaves out extra
    ``dates``, ``cancelled`` dates and closures.
    """
    if schedule.start is None and schedule.until is None and schedule.sessions is None:
        return _raw(schedule, lo, hi)  # the common case: nothing bounds the pattern
    if not _has_pattern(schedule):
        return []
    start = schedule.start.toordinal() if schedule.start is not None else None
    until = schedule.until.toordinal() if schedule.until is not None else None
    low = lo if start is None else max(lo, start)
    high = hi if until is None else min(hi, until)
    if schedule.sessions is None:
        return _raw(schedule, low, high)
    assert start is not None  # the model requires a start for sessions
    if start > hi:
        return []
    # Count the sessions from the start; chunks keep long courses cheap.
    remaining = schedule.sessions
    out: list[int] = []
    cursor = start
    while remaining > 0 and cursor <= hi:
        chunk_end = min(hi, cursor + 366 * 2)
        found = _raw(schedule, cursor, chunk_end)[:remaining]
        remaining -= len(found)
        out.extend(day for day in found if day >= lo)
        cursor = chunk_end + 1
    return out


def pattern_ordinals_until(schedule: Schedule, lo: int, hi: int, last: int | None) -> list[int]:
    """Like :func:`pattern_ordinals`, with a course's last session already known.

    ``last`` is :func:`course_end` of the schedule (ignored when it has no
    ``sessions``). A course's dates within [lo, hi] are then the pattern's dates
    from its start to its last session, so a window cut into many pieces does not
    count the sessions again from the start for every piece.
    """
    if schedule.sessions is None:
        return pattern_ordinals(schedule, lo, hi)
    if last is None or schedule.start is None:
        return []
    return _raw(schedule, max(lo, schedule.start.toordinal()), min(hi, last))


def course_end(schedule: Schedule) -> int | None:
    """The ordinal of the last session of a course, ``None`` if not a course."""
    if schedule.sessions is None or schedule.start is None:
        return None
    remaining = schedule.sessions
    cursor = schedule.start.toordinal()
    last: int | None = None
    while remaining > 0 and cursor <= dt.date.max.toordinal():
        chunk_end = min(dt.date.max.toordinal(), cursor + 366 * 2)
        found = _raw(schedule, cursor, chunk_end)[:remaining]
        if found:
            last = found[-1]
        remaining -= len(found)
        cursor = chunk_end + 1
    return last


def extra_ordinals(schedule: Schedule, lo: int, hi: int) -> list[int]:
    """The schedule's extra ``dates`` within [lo, hi] (ordinals, ascending)."""
    return [day for day in (d.toordinal() for d in schedule.dates) if lo <= day <= hi]
