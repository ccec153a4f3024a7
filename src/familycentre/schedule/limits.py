"""Bounds on the work one request may ask for, checked before any date is expanded.

A window of dates is at most ten years long (:data:`~familycentre.schedule.MAX_WINDOW_DAYS`),
but that alone does not bound the work: one schedule with many time windows a day
over ten years gives millions of occurrences. So a request (``occurrences``,
``programme``, an iCal export with one event per occurrence) is refused up front
when one centre's offers could give more than :data:`MAX_OCCURRENCES` occurrences,
with a message that names the centre, the offer giving the most and what to do. A
network's programme is bounded per centre: it streams, so memory stays bounded while
the work grows with the number of centres. The count is an upper
bound worked out from the schedules alone (holidays and closures only remove
dates), so it is cheap and never too low.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from familycentre.dates import check_date
from familycentre.errors import InvalidWindow, TooManyOccurrences
from familycentre.model.offer import Offer
from familycentre.model.schedule import Daily, Schedule

__all__ = ["MAX_OCCURRENCES", "TooManyOccurrences", "check_request", "occurrence_bound"]

MAX_OCCURRENCES = 1_000_000
"""The most occurrences one centre's offers may give in one request (an upper bound,
checked up front)."""


def _months(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month + 1


def occurrence_bound(schedule: Schedule, start: dt.date, end: dt.date) -> int:
    """At most how many occurrences ``schedule`` gives from ``start`` to ``end`` (inclusive).

    An upper bound from the pattern alone: public holidays, school holidays,
    closures and cancelled dates can only make the true number smaller.
    """
    lo = start if schedule.start is None or schedule.start < start else schedule.start
    hi = end if schedule.until is None or schedule.until > end else schedule.until
    dates = sum(1 for day in schedule.dates if start <= day <= end) if schedule.dates else 0
    pattern = 0
    if lo <= hi:
        days = (hi - lo).days + 1
        months = _months(lo, hi)
        if schedule.weekly is not None:
            pattern = (days // (7 * schedule.every) + 1) * len(schedule.weekly)
        elif schedule.daily is not None:
            pattern = days // schedule.every + 1
            if schedule.daily is Daily.WEEKDAYS:
                pattern = min(pattern, (days // 7 + 1) * 5)
        elif schedule.monthly is not None:
            pattern = (months // schedule.every + 1) * len(schedule.monthly)
        elif schedule.monthly_days is not None:
            pattern = (months // schedule.every + 1) * len(schedule.monthly_days)
        if schedule.sessions is not None:
            pattern = min(pattern, schedule.sessions)
    return (pattern + dates) * (len(schedule.times) or 1)  # all-day: one "window"


def check_request(
    offers: Iterable[Offer],
    start: dt.date,
    end: dt.date,
    *,
    limit: int = MAX_OCCURRENCES,
) -> int:
    """Check a request before expanding it, and return its upper bound of occurrences.

    :param offers: The offers the request expands (only their schedules are read).
    :param start: First day of the window.
    :param end: Last day of the window (inclusive).
    :param limit: The most occurrences allowed.
    :raises InvalidWindow: when ``start`` or ``end`` lies outside the supported dates
        (1900-01-01 to 2199-12-31).
    :raises TooManyOccurrences: when one centre's offers could give more than
        ``limit`` occurrences; the message names the centre and its offer that gives
        the most. The limit is per centre: a network's programme streams, so its
        memory stays bounded, and its work grows with the number of centres.
    """
    for name, day in (("start", start), ("end", end)):
        if isinstance(day, dt.date):
            try:
                check_date(day, f"the window's {name}")
            except ValueError as exc:
                raise InvalidWindow(str(exc)) from None
    if not isinstance(start, dt.date) or not isinstance(end, dt.date) or end < start:
        return 0  # check_window reports these
    total = 0
    per_centre: dict[str, int] = {}
    largest: dict[str, tuple[int, Offer]] = {}
    for offer in offers:
        schedules = offer.schedule
        if not schedules:
            continue
        count = occurrence_bound(schedules[0], start, end)
        if len(schedules) > 1:
            count += sum(occurrence_bound(schedule, start, end) for schedule in schedules[1:])
        total += count
        centre = offer.centre
        per_centre[centre] = per_centre.get(centre, 0) + count
        known = largest.get(centre)
        if known is None or count > known[0]:
            largest[centre] = (count, offer)
    for centre, count in per_centre.items():
        if count <= limit:
            continue
        most, offer = largest[centre]
        windows = max(len(s.windows) for s in offer.schedule)
        raise TooManyOccurrences(
            f"{start.isoformat()} to {end.isoformat()} could give {count:,} occurrences of "
            f"the centre {centre!r}, more than the {limit:,} one centre may give in one "
            f"request; its offer {offer.id!r} alone gives up to {most:,} ({windows} time "
            "window(s) a day): ask for fewer days (--from/--to), or give that offer fewer "
            "time windows"
        )
    return total
