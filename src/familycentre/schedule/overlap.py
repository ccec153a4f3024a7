"""Two schedule tables of one offer that would give the same time twice.

Within one schedule table, overlapping time windows are refused by the model.
Across two tables of one offer (or of a centre's opening hours) an overlap needs
the dates: ``weekly = ["mon"]`` and ``daily = "weekdays"`` with the same times
meet every Monday, while two courses on Wednesdays, one after the other, never
meet. :func:`schedule_overlap` finds the first date on which two schedules meet
with overlapping times, looking at most :data:`PROBE_DAYS` ahead from the first
day both can take place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from familycentre.model.schedule import ClosurePolicy, Schedule, TimeWindow
from familycentre.schedule._recurrence import extra_ordinals, pattern_ordinals

__all__ = ["PROBE_DAYS", "schedule_overlap", "schedules_overlaps"]

PROBE_DAYS = 8 * 366
"""How far ahead two open-ended schedules are compared (eight years)."""

_OPEN_ANCHOR = dt.date(2024, 1, 1)  # where two schedules without any dates are compared


def _times_meet(a: Schedule, b: Schedule) -> TimeWindow | bool | None:
    """The window of ``a`` that overlaps one of ``b``'s (``None``: all day), or ``False``."""
    for first in a.windows:
        for second in b.windows:
            if first is None or second is None:
                return first if first is not None else second
            if first.start < second.end and second.start < first.end:
                return first
    return False


def _dates(schedule: Schedule, lo: int, hi: int) -> set[int]:
    days = set(pattern_ordinals(schedule, lo, hi)) | set(extra_ordinals(schedule, lo, hi))
    return days - {day.toordinal() for day in schedule.cancelled}


def _span(schedule: Schedule) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day the schedule can take place (``None``: open)."""
    dates = schedule.dates  # sorted by the model
    has_pattern = any(
        value is not None
        for value in (schedule.weekly, schedule.daily, schedule.monthly, schedule.monthly_days)
    )
    if not has_pattern:
        return (dates[0], dates[-1]) if dates else (None, None)
    start, until = schedule.start, schedule.until
    if start is not None and dates:
        start = min(start, dates[0])
    if until is not None and dates:
        until = max(until, dates[-1])
    return start, until


def schedule_overlap(a: Schedule, b: Schedule) -> tuple[dt.date, TimeWindow | None] | None:
    """The first date (and window; ``None``: all day) on which ``a`` and ``b`` overlap.

    Closures only remove dates, so they are left out, except that a school-days-only
    schedule never meets a school-holidays-only one. ``None`` when they never meet
    within :data:`PROBE_DAYS` of the first day both can take place.
    """
    window = _times_meet(a, b)
    if window is False:
        return None
    policies = {a.closures, b.closures}
    if policies == {ClosurePolicy.SCHOOL_DAYS_ONLY, ClosurePolicy.SCHOOL_HOLIDAYS_ONLY}:
        return None
    (start_a, until_a), (start_b, until_b) = _span(a), _span(b)
    starts = [d for d in (start_a, start_b) if d is not None]
    untils = [d for d in (until_a, until_b) if d is not None]
    lo = max(starts) if starts else None
    hi = min(untils) if untils else None
    if lo is None:
        lo = _OPEN_ANCHOR if hi is None else hi - dt.timedelta(days=PROBE_DAYS)
    if hi is None or (hi - lo).days > PROBE_DAYS:
        hi = lo + dt.timedelta(days=PROBE_DAYS)
    if hi < lo:
        return None
    common = _dates(a, lo.toordinal(), hi.toordinal()) & _dates(b, lo.toordinal(), hi.toordinal())
    if not common:
        return None
    return dt.date.fromordinal(min(common)), window if isinstance(window, TimeWindow) else None


def schedules_overlaps(schedules: Sequence[Schedule]) -> list[tuple[int, int, dt.date, str]]:
    """Every pair of ``schedules`` that overlaps: ``(first, second, date, window)``.

    ``first`` and ``second`` are indexes into ``schedules``; ``window`` describes the
    overlapping time (``09:00-11:00``, or ``all day``).
    """
    found = []
    for second in range(1, len(schedules)):
        for first in range(second):
            meeting = schedule_overlap(schedules[first], schedules[second])
            if meeting is not None:
                day, window = meeting
                found.append((first, second, day, str(window) if window else "all day"))
    return found
