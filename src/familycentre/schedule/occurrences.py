"""Occurrences: the dates and times on which offers take place, in the centre's time zone.

Times of day are wall-clock times in the centre's zone: 9:00 is 9:00 in March and in
November, whatever the UTC offset. On the two nights a year when the clocks change,
a time is resolved as follows (the rule of RFC 5545 and of :mod:`zoneinfo` with
``fold=0``):

- a time that does not exist (02:30 on the spring-forward night in Europe/Berlin) is
  moved forward by the length of the gap: 02:30 becomes 03:30 CEST;
- a time that exists twice (02:30 on the fall-back night) is the first of the two,
  still in summer time (02:30 CEST, ``fold=0``).

Start and end are resolved each on its own, as calendar applications and
``recurring-ical-events`` do with DTSTART and DTEND: 02:00–02:30 becomes 03:00–03:30
CEST, and 02:15–03:15 becomes 03:15–03:15 (the hour before 03:15 did not exist that
night, so nothing is left of it). An occurrence never ends before it starts: 02:45–03:15
becomes 03:45–03:45, empty too.
"""

from __future__ import annotations

import datetime as dt
import functools
import heapq
import operator
import zoneinfo
from collections.abc import Iterable, Iterator

import attrs

from familycentre.model.centre import Centre
from familycentre.model.data import CentreData
from familycentre.model.offer import Offer, OfferStatus
from familycentre.model.schedule import Schedule, TimeWindow
from familycentre.schedule._recurrence import extra_ordinals, pattern_ordinals
from familycentre.schedule.closures import ClosureCalendar, InvalidWindow, check_window
from familycentre.schedule.limits import check_request

__all__ = [
    "Occurrence",
    "local_datetime",
    "occurrences",
    "programme",
    "schedule_dates",
    "schedule_ordinals",
]

_UTC = dt.UTC
_ONE_DAY = dt.timedelta(days=1)


@attrs.frozen
class Occurrence:
    """One date (and time) on which an offer takes place.

    :param offer: The offer.
    :param start: When it begins: timezone-aware, in the centre's zone (for an
        all-day occurrence, midnight at the start of the day).
    :param end: When it ends (for an all-day occurrence, midnight at the start of
        the next day).
    :param all_day: Whether it lasts all day rather than for a time window.
    :param schedule: The index of the schedule in ``offer.schedule`` it comes from.
    """

    offer: Offer
    start: dt.datetime
    end: dt.datetime
    all_day: bool = False
    schedule: int = 0

    @property
    def date(self) -> dt.date:
        """The local date on which it takes place."""
        return self.start.date()


@functools.cache
def _zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


@functools.cache
def _transition_days(zone_name: str, year: int) -> frozenset[int]:
    """Ordinals of the days of ``year`` on which the zone's UTC offset changes."""
    zone = _zone(zone_name)
    first = dt.date(year, 1, 1).toordinal() - 1
    last = dt.date(year, 12, 31).toordinal() + 1
    days: set[int] = set()
    previous = dt.datetime.combine(dt.date.fromordinal(first), dt.time(), zone).utcoffset()
    for ordinal in range(first + 1, last + 1):
        offset = dt.datetime.combine(dt.date.fromordinal(ordinal), dt.time(), zone).utcoffset()
        if offset != previous:
            days.update((ordinal - 1, ordinal))
        previous = offset
    return frozenset(days)


def _transitions(zone_name: str, lo: int, hi: int) -> frozenset[int]:
    first = dt.date.fromordinal(lo).year
    last = dt.date.fromordinal(hi).year
    if first == last:
        return _transition_days(zone_name, first)
    return frozenset().union(*(_transition_days(zone_name, y) for y in range(first, last + 1)))


def local_datetime(day: dt.date, time: dt.time, zone: dt.tzinfo) -> dt.datetime:
    """A wall-clock time on a day in a zone, resolved by the documented DST rule.

    A time that does not exist is moved forward by the gap; of a time that exists
    twice, the first is taken (``fold=0``).
    """
    return dt.datetime.combine(day, time, zone).astimezone(_UTC).astimezone(zone)


def _window_times(
    day: dt.date, window: TimeWindow | None, zone: dt.tzinfo
) -> tuple[dt.datetime, dt.datetime]:
    if window is None:
        return local_datetime(day, dt.time(), zone), local_datetime(
            day + _ONE_DAY, dt.time(), zone
        )
    begin = local_datetime(day, window.start, zone)
    # a start moved forward past the end (02:45-03:15 in a one-hour gap): nothing is left
    return begin, max(begin, local_datetime(day, window.end, zone))


def schedule_ordinals(
    schedule: Schedule,
    calendar: ClosureCalendar,
    lo: int,
    hi: int,
    pattern: list[int] | None = None,
) -> list[int]:
    """The date ordinals in [lo, hi] on which a schedule takes place (ascending).

    The pattern with ``start``, ``until`` and ``sessions``, plus extra ``dates``,
    minus ``cancelled`` dates, then the closure policy. ``pattern``, when given, is
    the schedule's :func:`pattern_ordinals` for the same window, already computed.
    """
    days = pattern_ordinals(schedule, lo, hi) if pattern is None else pattern
    if schedule.dates:
        extra = extra_ordinals(schedule, lo, hi)
        if extra:
            days = sorted(set(days).union(extra))
    if schedule.cancelled:
        cancelled = {d.toordinal() for d in schedule.cancelled}
        days = [d for d in days if d not in cancelled]
    return calendar.filter(days, schedule.closures, schedule.open_on)


def schedule_dates(
    schedule: Schedule, calendar: ClosureCalendar, start: dt.date, end: dt.date
) -> list[dt.date]:
    """The dates from ``start`` to ``end`` (inclusive) on which a schedule takes place.

    Useful for schedules without an offer, such as a centre's opening hours.

    :raises InvalidWindow: when the window is not within the calendar's.
    """
    lo, hi = _window(calendar, start, end)
    return [dt.date.fromordinal(d) for d in schedule_ordinals(schedule, calendar, lo, hi)]


def _window(calendar: ClosureCalendar, start: dt.date, end: dt.date) -> tuple[int, int]:
    lo, hi = check_window(start, end)
    if not calendar.covers(start, end):
        raise InvalidWindow(
            f"the window {start.isoformat()} to {end.isoformat()} is not within the "
            f"closure calendar's ({calendar.start.isoformat()} to {calendar.end.isoformat()})"
        )
    return lo, hi


def _expand(
    offer: Offer, index: int, schedule: Schedule, calendar: ClosureCalendar, lo: int, hi: int
) -> list[Occurrence]:
    days = schedule_ordinals(schedule, calendar, lo, hi)
    if not days:
        return []
    zone = _zone(calendar.timezone)
    transitions = _transitions(calendar.timezone, lo, hi)
    combine = dt.datetime.combine
    fromordinal = dt.date.fromordinal
    out: list[Occurrence] = []
    append = out.append
    if schedule.all_day:
        midnight = dt.time(0, 0, tzinfo=zone)
        for ordinal in days:
            day = fromordinal(ordinal)
            if ordinal in transitions or ordinal + 1 in transitions:
                begin, finish = _window_times(day, None, zone)
            else:
                begin, finish = combine(day, midnight), combine(day + _ONE_DAY, midnight)
            append(Occurrence(offer, begin, finish, True, index))
        return out
    windows = [
        (window, window.start.replace(tzinfo=zone), window.end.replace(tzinfo=zone))
        for window in schedule.windows
        if window is not None
    ]
    for ordinal in days:
        day = fromordinal(ordinal)
        if ordinal in transitions:
            for window, _, _ in windows:
                begin, finish = _window_times(day, window, zone)
                append(Occurrence(offer, begin, finish, False, index))
        else:
            for _, begin_time, end_time in windows:
                append(
                    Occurrence(
                        offer, combine(day, begin_time), combine(day, end_time), False, index
                    )
                )
    return out


_by_start = operator.attrgetter("start")


def _active(offer: Offer, include_inactive: bool) -> bool:
    return include_inactive or offer.status is OfferStatus.ACTIVE


def occurrences(
    offer: Offer,
    centre: Centre | ClosureCalendar,
    start: dt.date,
    end: dt.date,
    *,
    include_inactive: bool = False,
) -> list[Occurrence]:
    """The occurrences of an offer from ``start`` to ``end`` (both dates inclusive).

    In time order; an offer with several schedules has their occurrences merged.
    Offers on request (no schedule) have none, and so have paused or cancelled
    offers unless ``include_inactive`` is true.

    :param offer: The offer.
    :param centre: The offer's centre, or a :class:`ClosureCalendar` built for it
        (build one calendar per centre and reuse it for all of its offers).
    :param start: First day of the window.
    :param end: Last day of the window (inclusive).
    :param include_inactive: Also expand paused and cancelled offers.
    :raises InvalidWindow: for a window that ends before it starts, or that the
        calendar passed does not cover.
    :raises WindowTooLarge: for a window longer than ten years.
    :raises TooManyOccurrences: for a request that could give more than a million
        occurrences (see :mod:`familycentre.schedule.limits`).
    :raises MissingHolidayData: when a schedule needs school holidays that are not known.
    """
    check_window(start, end)
    check_request([offer] if _active(offer, include_inactive) else [], start, end)
    calendar = (
        centre
        if isinstance(centre, ClosureCalendar)
        else ClosureCalendar.for_centre(centre, start, end)
    )
    lo, hi = _window(calendar, start, end)
    if not _active(offer, include_inactive) or not offer.schedule:
        return []
    calendar = calendar.for_offer(offer)
    parts = [
        _expand(offer, index, schedule, calendar, lo, hi)
        for index, schedule in enumerate(offer.schedule)
    ]
    if len(parts) == 1:
        return parts[0]
    return list(heapq.merge(*parts, key=_by_start))


def _centres(
    data: CentreData | Iterable[CentreData | tuple[Centre, Iterable[Offer]]],
) -> Iterator[tuple[Centre, Iterable[Offer]]]:
    items = [data] if isinstance(data, CentreData) else data
    for item in items:
        if isinstance(item, CentreData):
            yield item.centre, item.offers
        else:
            yield item


def programme(
    data: CentreData | Iterable[CentreData | tuple[Centre, Iterable[Offer]]],
    start: dt.date,
    end: dt.date,
    *,
    include_inactive: bool = False,
) -> Iterator[Occurrence]:
    """The occurrences of every offer of one or more centres, merged in time order.

    The closure calendar of each centre is built once and shared by its offers.
    Occurrences with the same start come in the order of the centres and offers given.

    :param data: A :class:`~familycentre.CentreData`, or several, or pairs of a
        centre and its offers.
    :param start: First day of the window.
    :param end: Last day of the window (inclusive).
    :param include_inactive: Also expand paused and cancelled offers.
    :raises InvalidWindow: for a window that ends before it starts.
    :raises WindowTooLarge: for a window longer than ten years.
    """
    centres = [(centre, list(offers)) for centre, offers in _centres(data)]
    check_window(start, end)
    check_request(
        (o for _, offers in centres for o in offers if _active(o, include_inactive)), start, end
    )
    streams: list[list[Occurrence]] = []
    for centre, offers in centres:
        calendar = ClosureCalendar.for_centre(centre, start, end)
        streams.extend(
            occurrences(offer, calendar, start, end, include_inactive=include_inactive)
            for offer in offers
        )
    return heapq.merge(*(s for s in streams if s), key=_by_start)
