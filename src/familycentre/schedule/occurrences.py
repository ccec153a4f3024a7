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

import bisect
import datetime as dt
import functools
import json
import operator
import zoneinfo
from collections.abc import Iterable, Iterator, Set
from typing import Any

import attrs

from familycentre.model.centre import Centre
from familycentre.model.data import CentreData
from familycentre.model.offer import Offer, OfferStatus
from familycentre.model.schedule import ClosurePolicy, Schedule, TimeWindow
from familycentre.schedule._recurrence import (
    course_end,
    extra_ordinals,
    pattern_ordinals,
    pattern_ordinals_until,
)
from familycentre.schedule.closures import ClosureCalendar, InvalidWindow, check_window
from familycentre.schedule.limits import check_request

__all__ = [
    "Occurrence",
    "centre_occurrences",
    "local_datetime",
    "occurrence_record",
    "occurrences",
    "occurrences_json",
    "offset_change_days",
    "pattern_exceptions",
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


def offset_change_days(zone_name: str, first: int, last: int) -> frozenset[int]:
    """Ordinals of the days from ``first`` to ``last`` near a change of the UTC offset.

    ``first`` and ``last`` are included. A day is near a change when the offset at its
    start differs from the offset at the start of the next day (the day of the change)
    or of the day before (the change fell at midnight). Occurrences on these days are
    placed with care: a wall-clock time may not exist there, or exist twice.
    """
    return frozenset(d for d in _transitions(zone_name, first, last) if first <= d <= last)


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


def pattern_exceptions(
    schedule: Schedule, calendar: ClosureCalendar, lo: int, hi: int
) -> tuple[list[int], Set[int]]:
    """The dates of a schedule's pattern in [lo, hi], and those on which it does not meet.

    The pattern is :func:`pattern_ordinals` (``start``, ``until`` and ``sessions``
    honoured); its dates that are ``cancelled`` or closed under the schedule's closure
    policy are the exceptions. For a schedule without extra ``dates``,
    :func:`schedule_ordinals` is the pattern without its exceptions.

    :return: The pattern's date ordinals (ascending) and its exceptions.
    """
    pattern = pattern_ordinals(schedule, lo, hi)
    if not schedule.cancelled:
        return pattern, calendar.excluded(pattern, schedule.closures, schedule.open_on)
    # As schedule_ordinals does: cancelled dates go first, then the closure policy.
    cancelled = {d.toordinal() for d in schedule.cancelled}.intersection(pattern)
    left = [d for d in pattern if d not in cancelled] if cancelled else pattern
    return pattern, cancelled | calendar.excluded(left, schedule.closures, schedule.open_on)


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


@functools.lru_cache(maxsize=1024)
def _zoned_windows(
    times: tuple[TimeWindow, ...], zone: zoneinfo.ZoneInfo
) -> tuple[tuple[TimeWindow, dt.time, dt.time], ...]:
    """A schedule's windows in time order, each with its start and end in ``zone``."""
    return tuple(
        (window, window.start.replace(tzinfo=zone), window.end.replace(tzinfo=zone))
        for window in sorted(times)
    )


def _expand(
    offer: Offer,
    index: int,
    schedule: Schedule,
    calendar: ClosureCalendar,
    lo: int,
    hi: int,
    zone: zoneinfo.ZoneInfo,
    transitions: frozenset[int],
) -> list[Occurrence]:
    """The occurrences of one schedule of an offer in [lo, hi].

    :param zone: The calendar's zone.
    :param transitions: :func:`_transitions` of the zone for the window.
    """
    days = schedule_ordinals(schedule, calendar, lo, hi)
    if not days:
        return []
    combine = dt.datetime.combine
    fromordinal = dt.date.fromordinal
    if schedule.all_day:
        out: list[Occurrence] = []
        midnight = dt.time(0, 0, tzinfo=zone)
        for ordinal in days:
            day = fromordinal(ordinal)
            if ordinal in transitions or ordinal + 1 in transitions:
                begin, finish = _window_times(day, None, zone)
            else:
                begin, finish = combine(day, midnight), combine(day + _ONE_DAY, midnight)
            out.append(Occurrence(offer, begin, finish, True, index))
        return out
    windows = _zoned_windows(schedule.times, zone)
    if len(windows) == 1 and transitions.isdisjoint(days):  # the common case, in one pass
        _, begin_time, end_time = windows[0]
        return [
            Occurrence(offer, combine(day, begin_time), combine(day, end_time), False, index)
            for day in map(fromordinal, days)
        ]
    out = []
    append = out.append
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
    return _offer_occurrences(offer, calendar, lo, hi)


def _offer_occurrences(
    offer: Offer,
    calendar: ClosureCalendar,
    lo: int,
    hi: int,
    zone: zoneinfo.ZoneInfo | None = None,
    transitions: frozenset[int] | None = None,
) -> list[Occurrence]:
    """An offer's occurrences in [lo, hi].

    ``zone`` and ``transitions`` as :func:`_expand` takes them (worked out here when
    not given).
    """
    calendar = calendar.for_offer(offer)
    if zone is None or transitions is None:
        zone = _zone(calendar.timezone)
        transitions = _transitions(calendar.timezone, lo, hi)
    if len(offer.schedule) == 1:
        return _expand(offer, 0, offer.schedule[0], calendar, lo, hi, zone, transitions)
    parts = [
        _expand(offer, index, schedule, calendar, lo, hi, zone, transitions)
        for index, schedule in enumerate(offer.schedule)
    ]
    # Each part is in time order: a stable sort of their concatenation is the merge
    # (ties in the order of the schedules), without a heap's per-item cost.
    merged = [occurrence for part in parts for occurrence in part]
    merged.sort(key=_by_start)
    return merged


def centre_occurrences(
    offers: Iterable[Offer],
    centre: Centre | ClosureCalendar,
    start: dt.date,
    end: dt.date,
    *,
    include_inactive: bool = False,
) -> list[list[Occurrence]]:
    """The :func:`occurrences` of several offers of one centre, offer by offer.

    The same as ``[occurrences(offer, centre, start, end) for offer in offers]``, with
    the window and the request checked once for all of them (the limit of
    :mod:`familycentre.schedule.limits` applies to the offers together, as it does to
    a centre's programme), and one closure calendar for all.

    :param offers: Offers of the centre.
    :param centre: The centre, or a :class:`ClosureCalendar` built for it.
    :param start: First day of the window.
    :param end: Last day of the window (inclusive).
    :param include_inactive: Also expand paused and cancelled offers.
    :raises InvalidWindow: as :func:`occurrences`.
    :raises WindowTooLarge: for a window longer than ten years.
    :raises TooManyOccurrences: for offers that together could give more than a
        million occurrences.
    :raises MissingHolidayData: when a schedule needs school holidays that are not known.
    """
    offers = list(offers)
    check_window(start, end)
    check_request([o for o in offers if _active(o, include_inactive)], start, end)
    calendar = (
        centre
        if isinstance(centre, ClosureCalendar)
        else ClosureCalendar.for_centre(centre, start, end)
    )
    lo, hi = _window(calendar, start, end)
    zone = _zone(calendar.timezone)
    transitions = _transitions(calendar.timezone, lo, hi)
    return [
        _offer_occurrences(offer, calendar, lo, hi, zone, transitions)
        if offer.schedule and _active(offer, include_inactive)
        else []
        for offer in offers
    ]


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
    Occurrences with the same start come in the order of the centres and offers given
    (and, within an offer, of its schedules): the result is the stable sort by start
    of every offer's :func:`occurrences`, one offer after the other.

    The occurrences are produced as they are consumed, a month of dates at a time,
    so iterating over a long window for many centres never holds them all: besides
    the occurrence handed out, only a reference per occurrence of the current month
    is kept (and nothing of the occurrences already handed out). The cost per
    occurrence does not grow with the number of centres and offers. The
    arguments are checked, and every closure calendar is built, before this returns:
    errors about the window or missing holiday data are raised here, not half way.

    :param data: A :class:`~familycentre.CentreData`, or several, or pairs of a
        centre and its offers.
    :param start: First day of the window.
    :param end: Last day of the window (inclusive).
    :param include_inactive: Also expand paused and cancelled offers.
    :raises InvalidWindow: for a window that ends before it starts.
    :raises WindowTooLarge: for a window longer than ten years.
    :raises MissingHolidayData: when a schedule needs school holidays that are not known.
    """
    centres = [(centre, list(offers)) for centre, offers in _centres(data)]
    lo, hi = check_window(start, end)
    check_request(
        (o for _, offers in centres for o in offers if _active(o, include_inactive)), start, end
    )
    plans: list[_Plan] = []
    for centre, offers in centres:
        calendar = ClosureCalendar.for_centre(centre, start, end)
        for offer in offers:
            if not _active(offer, include_inactive):
                continue
            own = calendar.for_offer(offer)  # with the offer's own closure periods
            for index, schedule in enumerate(offer.schedule):
                plan = _Plan(offer, index, schedule, own, len(plans))
                if schedule.closures in _SCHOOL_POLICIES:
                    # Raises MissingHolidayData now rather than while iterating.
                    schedule_ordinals(schedule, own, lo, hi)
                plans.append(plan)
    return _stream(plans, lo, hi)


_SCHOOL_POLICIES = frozenset({ClosurePolicy.SCHOOL_DAYS_ONLY, ClosurePolicy.SCHOOL_HOLIDAYS_ONLY})

_STRETCH_DAYS = 31
"""Days expanded at a time by :func:`programme`: each schedule's dates are computed
for this many days at once (at most 256: offsets are kept as bytes), its occurrences
one day at a time."""


_Spec = tuple[Offer, dt.time, dt.time, bool, int, int, int, TimeWindow | None]
"""One occurrence of a plan on any day, but the day: offer, start and end time (with
the zone; midnight for all-day ones), all day, index of the schedule, rank of the
plan, position of the window in the plan, and the window (``None`` for all day)."""


def _time_key(time: dt.time) -> int:
    """A wall-clock time as microseconds since midnight: sorts as the time does."""
    return ((time.hour * 60 + time.minute) * 60 + time.second) * 1_000_000 + time.microsecond


@attrs.define(slots=True, eq=False)
class _Plan:
    """What :func:`programme` needs to expand one schedule of one offer, stretch by stretch."""

    offer: Offer
    index: int
    schedule: Schedule
    calendar: ClosureCalendar
    zone: zoneinfo.ZoneInfo = attrs.field(init=False)
    windows: list[tuple[TimeWindow, dt.time, dt.time]] = attrs.field(init=False)
    keys: list[int] = attrs.field(init=False)
    specs: list[_Spec] = attrs.field(init=False)
    rank: int = 0
    extra: list[int] = attrs.field(init=False)
    cancelled: frozenset[int] = attrs.field(init=False)
    last: int | None = attrs.field(init=False)
    all_day: bool = attrs.field(init=False)
    midnight: dt.time = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        schedule = self.schedule
        zone = _zone(self.calendar.timezone)
        self.zone = zone
        self.all_day = schedule.all_day
        self.midnight = dt.time(0, 0, tzinfo=zone)
        self.windows = list(_zoned_windows(schedule.times, zone))
        offer, index, rank = self.offer, self.index, self.rank
        if schedule.all_day:
            self.keys = [0]
            self.specs = [(offer, self.midnight, self.midnight, True, index, rank, 0, None)]
        else:
            self.keys = [_time_key(begin) for _, begin, _ in self.windows]
            self.specs = [
                (offer, begin, end, False, index, rank, position, window)
                for position, (window, begin, end) in enumerate(self.windows)
            ]
        self.extra = sorted({day.toordinal() for day in schedule.dates})
        self.cancelled = frozenset(day.toordinal() for day in schedule.cancelled)
        self.last = course_end(schedule) if schedule.sessions is not None else None

    def ordinals(self, lo: int, hi: int) -> list[int]:
        """The dates in [lo, hi] on which the schedule takes place (:func:`schedule_ordinals`)."""
        schedule = self.schedule
        days = pattern_ordinals_until(schedule, lo, hi, self.last)
        extra = self.extra
        if extra:
            extra = extra[bisect.bisect_left(extra, lo) : bisect.bisect_right(extra, hi)]
            if extra:
                days = sorted(set(days).union(extra))
        cancelled = self.cancelled
        if cancelled:
            days = [d for d in days if d not in cancelled]
        return self.calendar.filter(days, schedule.closures, schedule.open_on)


def _stream(plans: list[_Plan], lo: int, hi: int) -> Iterator[Occurrence]:
    zones = {plan.calendar.timezone for plan in plans}
    if len(zones) > 1:
        return _stream_zones(plans, lo, hi)
    return _stream_one_zone(plans, lo, hi)


def _day_buckets(plans: list[_Plan], lo: int, hi: int) -> list[list[_Plan]]:
    """For each day of [lo, hi], the plans that take place on it, in the plans' order."""
    buckets: list[list[_Plan]] = [[] for _ in range(hi - lo + 1)]
    for plan in plans:
        for day in plan.ordinals(lo, hi):
            buckets[day - lo].append(plan)
    return buckets


def _day_times(
    ordinal: int, bucket: list[_Plan], transitions: frozenset[int]
) -> tuple[list[dt.datetime], list[dt.datetime], list[_Plan]]:
    """Starts, ends and plans of the occurrences on one day, in the bucket's order.

    Only datetimes (which the garbage collector does not track) and references are
    made here; the :class:`Occurrence` objects are made as they are handed out, so
    they die young unless the caller keeps them.
    """
    day = dt.date.fromordinal(ordinal)
    combine = dt.datetime.combine
    starts: list[dt.datetime] = []
    ends: list[dt.datetime] = []
    owners: list[_Plan] = []
    add_start, add_end, add_owner = starts.append, ends.append, owners.append
    shifted = ordinal in transitions
    edge = shifted or ordinal + 1 in transitions
    for plan in bucket:
        if plan.all_day:
            zone = plan.zone
            if edge:
                begin, finish = _window_times(day, None, zone)
            else:
                midnight = plan.midnight
                begin, finish = combine(day, midnight), combine(day + _ONE_DAY, midnight)
            add_start(begin)
            add_end(finish)
            add_owner(plan)
        elif shifted:
            for window, _, _ in plan.windows:
                begin, finish = _window_times(day, window, plan.zone)
                add_start(begin)
                add_end(finish)
                add_owner(plan)
        else:
            for _, begin_time, end_time in plan.windows:
                add_start(combine(day, begin_time))
                add_end(combine(day, end_time))
                add_owner(plan)
    return starts, ends, owners


def _stream_one_zone(plans: list[_Plan], lo: int, hi: int) -> Iterator[Occurrence]:
    """All plans in one zone: the occurrences of a day all start before the next day's.

    On a plain day (no change of UTC offset on it or at its end), every start is the
    day combined with a wall-clock time in the one zone, and such datetimes sort as
    their times do. So the plans' windows are sorted by time once (ties in the order
    of the plans and windows), and each day's occurrences are filed in that order:
    no day needs sorting, and the cost per occurrence does not grow with the number
    of plans. The occurrences are made as they are handed out, so they die young
    unless the caller keeps them. The few days around a change of offset are sorted
    by their actual starts.
    """
    if not plans:
        return
    zone = _zone(plans[0].calendar.timezone)
    keyed = [
        (key, spec) for plan in plans for key, spec in zip(plan.keys, plan.specs, strict=True)
    ]
    keyed.sort(key=_first_of_pair)  # stable: ties in the order of plans and windows
    specs = [spec for _, spec in keyed]
    del keyed
    combine = dt.datetime.combine
    for first in range(lo, hi + 1, _STRETCH_DAYS):
        last = min(hi, first + _STRETCH_DAYS - 1)
        transitions = _transitions(zone.key, first, last + 1)
        # Offsets in the stretch as bytes: not tracked by the garbage collector, so
        # tens of thousands of them alive at once do not set off full collections.
        days_of = [bytes([day - first for day in plan.ordinals(first, last)]) for plan in plans]
        buckets: list[list[_Spec]] = [[] for _ in range(last - first + 1)]
        for spec in specs:
            for offset in days_of[spec[5]]:
                buckets[offset].append(spec)
        del days_of
        for offset, bucket in enumerate(buckets):
            if not bucket:
                continue
            buckets[offset] = []  # let the day's specs go as soon as they are handed out
            ordinal = first + offset
            day = dt.date.fromordinal(ordinal)
            if ordinal in transitions or ordinal + 1 in transitions:
                yield from _general_day(day, bucket, zone)
                continue
            following = day + _ONE_DAY
            for offer, begin, end, all_day, index, _, _, _ in bucket:
                if all_day:
                    yield Occurrence(
                        offer, combine(day, begin), combine(following, end), True, index
                    )
                else:
                    yield Occurrence(offer, combine(day, begin), combine(day, end), False, index)


def _first_of_pair(pair: tuple[int, _Spec]) -> int:
    return pair[0]


def _general_day(day: dt.date, bucket: list[_Spec], zone: zoneinfo.ZoneInfo) -> list[Occurrence]:
    """A day's occurrences where the UTC offset changes: resolved, then sorted by start."""
    found = []
    for offer, _, _, all_day, index, rank, position, window in bucket:
        begin, finish = _window_times(day, window, zone)
        found.append((begin, rank, position, Occurrence(offer, begin, finish, all_day, index)))
    found.sort(key=_by_start_rank_position)
    return [item[3] for item in found]


def _by_start_rank_position(
    item: tuple[dt.datetime, int, int, Occurrence],
) -> tuple[dt.datetime, int, int]:
    return item[0], item[1], item[2]


def _stream_zones(plans: list[_Plan], lo: int, hi: int) -> Iterator[Occurrence]:
    """Plans in several zones: occurrences wait until nothing can come before them.

    A local day's occurrences may start after another zone's next day has begun.
    """
    by_zone: dict[str, list[_Plan]] = {}
    rank = {}
    for number, plan in enumerate(plans):
        by_zone.setdefault(plan.calendar.timezone, []).append(plan)
        rank[id(plan)] = number
    zones = sorted(by_zone)
    # (start, rank of the plan, sequence, end, plan): ties in the order of the plans
    waiting: list[tuple[dt.datetime, int, int, dt.datetime, _Plan]] = []
    sequence = 0
    for first in range(lo, hi + 1, _STRETCH_DAYS):
        last = min(hi, first + _STRETCH_DAYS - 1)
        stretch = [
            (_day_buckets(by_zone[name], first, last), _transitions(name, first, last + 1))
            for name in zones
        ]
        for offset in range(last - first + 1):
            ordinal = first + offset
            for buckets, transitions in stretch:
                bucket = buckets[offset]
                if not bucket:
                    continue
                buckets[offset] = []
                starts, ends, owners = _day_times(ordinal, bucket, transitions)
                for begin, finish, plan in zip(starts, ends, owners, strict=True):
                    waiting.append((begin, rank[id(plan)], sequence, finish, plan))
                    sequence += 1
            # Whatever starts before the earliest midnight ending this day cannot be
            # preceded by an occurrence of a later day.
            horizon = min(
                local_datetime(dt.date.fromordinal(ordinal + 1), dt.time(), _zone(name))
                for name in zones
            )
            waiting.sort(key=_first_three)
            cut = bisect.bisect_left(waiting, horizon, key=_first)
            for begin, _, _, finish, plan in waiting[:cut]:
                yield Occurrence(plan.offer, begin, finish, plan.all_day, plan.index)
            del waiting[:cut]
    waiting.sort(key=_first_three)
    for begin, _, _, finish, plan in waiting:
        yield Occurrence(plan.offer, begin, finish, plan.all_day, plan.index)


_Waiting = tuple[dt.datetime, int, int, dt.datetime, "_Plan"]


def _first(item: _Waiting) -> dt.datetime:
    return item[0]


def _first_three(item: _Waiting) -> tuple[dt.datetime, int, int]:
    return item[0], item[1], item[2]


# --- JSON -----------------------------------------------------------------------------------


def occurrence_record(occurrence: Occurrence) -> dict[str, Any]:
    """One occurrence as plain data: offer and centre ids, German title, ISO 8601 times.

    ``{"offer": ..., "centre": ..., "title": ..., "start": ..., "end": ..., "all_day": ...}``;
    the form of ``familycentre occurrences --format json``.
    """
    offer = occurrence.offer
    return {
        "offer": offer.id,
        "centre": offer.centre,
        "title": offer.title.de,
        "start": occurrence.start.isoformat(),
        "end": occurrence.end.isoformat(),
        "all_day": occurrence.all_day,
    }


def occurrences_json(found: Iterable[Occurrence]) -> Iterator[str]:
    r"""A JSON array of :func:`occurrence_record`\ s, in pieces, as the occurrences come.

    The pieces joined are exactly ``json.dumps(records, ensure_ascii=False, indent=2)``
    (no final line break), but nothing is held: write the pieces to a stream as they
    come, and the memory used does not depend on the number of occurrences::

        for piece in occurrences_json(programme(network, start, end)):
            stream.write(piece)
    """
    dumps = json.dumps
    separator = "[\n"
    for occurrence in found:
        offer = occurrence.offer
        yield (
            f'{separator}  {{\n    "offer": {dumps(offer.id, ensure_ascii=False)},'
            f'\n    "centre": {dumps(offer.centre, ensure_ascii=False)},'
            f'\n    "title": {dumps(offer.title.de, ensure_ascii=False)},'
            f'\n    "start": "{occurrence.start.isoformat()}",'
            f'\n    "end": "{occurrence.end.isoformat()}",'
            f'\n    "all_day": {"true" if occurrence.all_day else "false"}\n  }}'
        )
        separator = ",\n"
    yield "[]" if separator == "[\n" else "\n]"
