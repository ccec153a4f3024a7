r"""The iCal mapping: a schedule as DTSTART, DTEND, RRULE, RDATE and EXDATE.

Exporters turn each :class:`EventPattern` into one ``VEVENT``::

    for pattern in offer_event_patterns(offer, calendar, start, end):
        event = icalendar.Event()
        event.add("DTSTART", pattern.dtstart)
        if pattern.dtend != pattern.dtstart:
            event.add("DTEND", pattern.dtend)
        if pattern.rrule:
            event.add("RRULE", pattern.rrule)
        for day in pattern.rdates:
            event.add("RDATE", day)
        for day in pattern.exdates:
            event.add("EXDATE", day)

Within the export window the events give exactly the library's occurrences (an
independent expander such as ``recurring-ical-events`` finds the same starts and
ends); the tests check this for random schedules, with the engines of GNOME
Evolution and Thunderbird too. Outside the window they give nothing: the rule ends
(``UNTIL`` or ``COUNT``) at the last occurrence inside the window, because closures
are only known inside it.

One series per time window of the schedule: a second-hand shop open 10–12 and 14–16
becomes two events. Closures and cancelled dates inside the window become
``EXDATE``\ s; extra dates become ``RDATE``\ s. When a rule would need more
exclusions than it has dates (a holiday programme: weekdays, only in school
holidays), the occurrences are listed instead: ``DTSTART`` and ``RDATE``\ s, no
``RRULE``.

Clock-change nights: calendar engines resolve local times that do not exist or exist
twice in different ways, so no such time is left to them. An occurrence whose window
starts or ends at one is detached: an event of its own with UTC times, excluded from
its series. A series starts on a date on which its window is regular (its first
occurrence gives every other its time of day and length), and a rule never runs
through a night on which the window's start does not exist (libical carries the moved
time over to the next instance): the series ends before that night and continues
after it as a further pattern.
"""

from __future__ import annotations

import bisect
import datetime as dt
import enum
import functools
from collections.abc import Mapping
from typing import Any

import attrs

from familycentre.model.offer import Offer
from familycentre.model.schedule import Daily, Schedule, TimeWindow, Weekday
from familycentre.schedule._recurrence import course_end, pattern_ordinals
from familycentre.schedule.closures import ClosureCalendar
from familycentre.schedule.occurrences import (
    _transitions,
    _window,
    _window_times,
    _zone,
    schedule_ordinals,
)

__all__ = ["EventPattern", "PatternMode", "event_patterns", "offer_event_patterns"]

_BYDAY = {
    Weekday.MON: "MO",
    Weekday.TUE: "TU",
    Weekday.WED: "WE",
    Weekday.THU: "TH",
    Weekday.FRI: "FR",
    Weekday.SAT: "SA",
    Weekday.SUN: "SU",
}
_UTC = dt.UTC


class PatternMode(enum.StrEnum):
    """How :func:`event_patterns` maps a schedule.

    ``auto``: a rule with exclusions, or the list of dates when that is shorter;
    ``rrule``: always a rule where the schedule has a pattern; ``list``: always the
    list of dates (``DTSTART`` and ``RDATE``, for consumers without RRULE support).
    """

    AUTO = "auto"
    RRULE = "rrule"
    LIST = "list"


@attrs.frozen
class EventPattern:
    """One iCal event (``VEVENT``) of a schedule: one time window on its dates.

    Most patterns are a series (a rule or a list of dates). An occurrence whose
    window starts or ends at a local time that does not exist or exists twice (on
    the nights the clocks change) is a pattern of its own, ``detached``, with its
    times in UTC, and its series leaves it out (``exdates``): calendar applications
    resolve such times in different ways, UTC times mean the same to all of them.

    :param schedule: Index of the schedule in ``offer.schedule``.
    :param window: The time window, ``None`` for all-day dates.
    :param dtstart: First occurrence: an aware datetime in the centre's zone (in UTC
        for a detached occurrence), or a date for all-day events. The first
        occurrence of a series always has its nominal times and their length, since
        RFC 5545 gives every instance ``DTSTART``'s time of day and ``DTEND``'s
        distance from it.
    :param dtend: End of the first occurrence (for all-day events the next day,
        exclusive, as RFC 5545 has it). Equal to ``dtstart`` for an occurrence of
        no length (write no ``DTEND`` then: RFC 5545 wants it later than ``DTSTART``).
    :param rrule: The recurrence rule as a dict that :class:`icalendar.vRecur`
        accepts (``FREQ``, ``INTERVAL``, ``BYDAY``, ``BYMONTHDAY``, ``WKST``,
        ``UNTIL`` in UTC or as a date for all-day events, or ``COUNT``), or
        ``None``.
    :param rdates: Further occurrences (same type as ``dtstart``), ascending.
    :param exdates: Dates of the rule that do not take place (closures, cancelled
        dates, detached occurrences), ascending.
    :param window_number: The window's position in ``schedule.windows``.
    :param part: ``None`` for the window's main event; for a detached occurrence its
        local date, for a series that continues after a night on which the window's
        start does not exist the date it continues from. UIDs derive from it.
    :param detached: Whether this is a single occurrence published on its own, in UTC.
    :param cancelled: Starts of occurrences of this event that are called off (a
        cancelled date of the schedule), only with ``cancelled_instances=True``.
        For a series they are instances to override with ``STATUS:CANCELLED``; an
        event that is not recurring and whose own start is listed is cancelled itself.
    """

    schedule: int
    window: TimeWindow | None
    dtstart: dt.date
    dtend: dt.date
    rrule: Mapping[str, Any] | None = None
    rdates: tuple[dt.date, ...] = ()
    exdates: tuple[dt.date, ...] = ()
    window_number: int = 0
    part: dt.date | None = None
    detached: bool = False
    cancelled: tuple[dt.date, ...] = ()

    @property
    def all_day(self) -> bool:
        """Whether the event lasts all day (``dtstart`` is a date)."""
        return self.window is None

    @property
    def recurring(self) -> bool:
        """Whether the event has more than one instance (a rule or further dates)."""
        return self.rrule is not None or bool(self.rdates)


def _rule(schedule: Schedule) -> dict[str, Any]:
    rule: dict[str, Any]
    if schedule.weekly is not None:
        rule = {"FREQ": "WEEKLY", "BYDAY": [_BYDAY[d] for d in schedule.weekly], "WKST": "MO"}
    elif schedule.daily is not None:
        rule = {"FREQ": "DAILY"}
        if schedule.daily is Daily.WEEKDAYS:
            rule["BYDAY"] = ["MO", "TU", "WE", "TH", "FR"]
    elif schedule.monthly is not None:
        rule = {
            "FREQ": "MONTHLY",
            "BYDAY": [f"{m.ordinal}{_BYDAY[m.weekday]}" for m in schedule.monthly],
        }
    else:
        assert schedule.monthly_days is not None
        rule = {"FREQ": "MONTHLY", "BYMONTHDAY": list(schedule.monthly_days)}
    if schedule.every > 1:
        rule["INTERVAL"] = schedule.every
    return rule


# How a window lies on a date: plain, spanning a change of the UTC offset (start and
# end exist once each, but the window is longer or shorter than on other days), or
# touching a time that does not exist or exists twice.
_REGULAR, _SPANS, _ODD = 0, 1, 2


def _once(day: dt.date, time: dt.time, zone: dt.tzinfo) -> bool:
    """Whether the wall-clock time exists on the day, and only once."""
    naive = dt.datetime.combine(day, time)
    return naive.replace(tzinfo=zone).utcoffset() == naive.replace(tzinfo=zone, fold=1).utcoffset()


def _fit(ordinal: int, window: TimeWindow | None, zone: dt.tzinfo, near: frozenset[int]) -> int:
    if window is None or ordinal not in near:
        return _REGULAR
    day = dt.date.fromordinal(ordinal)
    if not (_once(day, window.start, zone) and _once(day, window.end, zone)):
        return _ODD
    begin = dt.datetime.combine(day, window.start, zone)
    finish = dt.datetime.combine(day, window.end, zone)
    return _REGULAR if begin.utcoffset() == finish.utcoffset() else _SPANS


def _start_missing(
    ordinal: int, window: TimeWindow | None, zone: dt.tzinfo, near: frozenset[int]
) -> bool:
    """Whether the window's start does not exist on the date (a spring-forward gap)."""
    if window is None or ordinal not in near:
        return False
    return _missing(ordinal, window.start, zone)


@functools.lru_cache(maxsize=4096)
def _missing(ordinal: int, time: dt.time, zone: dt.tzinfo) -> bool:
    naive = dt.datetime.combine(dt.date.fromordinal(ordinal), time)
    there = naive.replace(tzinfo=zone)
    return there.astimezone(_UTC).astimezone(zone).replace(tzinfo=None) != naive


@attrs.define
class _Series:
    """One series of a window while it is being built."""

    first: int
    last: int
    rule: dict[str, Any] | None
    rule_days: list[int]
    excluded: list[int]
    listed: list[int] = attrs.field(factory=list)


def event_patterns(
    schedule: Schedule,
    calendar: ClosureCalendar,
    start: dt.date,
    end: dt.date,
    *,
    index: int = 0,
    mode: PatternMode | str = PatternMode.AUTO,
    cancelled_instances: bool = False,
) -> tuple[EventPattern, ...]:
    """The iCal events of one schedule for the export window ``start`` to ``end``.

    :param schedule: The schedule.
    :param calendar: The closure calendar of the schedule's centre.
    :param start: First day of the export window.
    :param end: Last day of the export window (inclusive).
    :param index: The schedule's index in its offer (copied to the patterns).
    :param mode: Rule or list of dates (:class:`PatternMode`).
    :param cancelled_instances: Keep the schedule's cancelled dates that would
        otherwise take place as instances, listed in :attr:`EventPattern.cancelled`
        (to be shown as called off) instead of leaving them out.
    :return: For each time window its series (one, or more when the window's start
        does not exist on a date of the rule) and its detached occurrences; none when
        nothing takes place in the window.
    """
    mode = PatternMode(mode)
    lo, hi = _window(calendar, start, end)
    computed = pattern_ordinals(schedule, lo, hi)
    called: frozenset[int] = frozenset()
    if cancelled_instances and schedule.cancelled:
        uncancelled = attrs.evolve(schedule, cancelled=())
        days = schedule_ordinals(uncancelled, calendar, lo, hi, computed)
        called = frozenset(d.toordinal() for d in schedule.cancelled).intersection(days)
    else:
        days = schedule_ordinals(schedule, calendar, lo, hi, computed)
    if not days:
        return ()
    zone = _zone(calendar.timezone)
    near = _transitions(calendar.timezone, lo, hi)
    pattern = computed if mode is not PatternMode.LIST else []
    occurring = set(days)
    on_change_days = [d for d in near if d in occurring]
    patterns: list[EventPattern] = []
    for number, window in enumerate(schedule.windows):
        fits = {d: _fit(d, window, zone, near) for d in on_change_days}
        detached = {d for d, fit in fits.items() if fit == _ODD}
        gaps = sorted(d for d in near if lo <= d <= hi and _start_missing(d, window, zone, near))
        kept = [d for d in days if d not in detached] if detached else days
        series = _series(schedule, kept, pattern, fits, detached, mode, lo, hi, gaps)
        for position, item in enumerate(series):
            dtstart, dtend = _values(item.first, window, zone)
            rule: dict[str, Any] | None = None
            if item.rule is not None:
                rule = dict(item.rule)
                if "COUNT" not in rule:
                    until, _ = _values(item.last, window, zone)
                    rule["UNTIL"] = (
                        until.astimezone(_UTC) if isinstance(until, dt.datetime) else until
                    )
            instances = (
                sorted({item.first, *item.listed, *item.rule_days} & called) if called else []
            )
            patterns.append(
                EventPattern(
                    schedule=index,
                    window=window,
                    window_number=number,
                    dtstart=dtstart,
                    dtend=dtend,
                    rrule=rule,
                    rdates=tuple(_start(d, window, zone, near) for d in item.listed),
                    exdates=tuple(_start(d, window, zone, near) for d in item.excluded),
                    part=None if position == 0 else dt.date.fromordinal(item.first),
                    cancelled=tuple(_start(d, window, zone, near) for d in instances),
                )
            )
        for ordinal in sorted(detached):
            day = dt.date.fromordinal(ordinal)
            begin, finish = _window_times(day, window, zone)
            begin = begin.astimezone(_UTC)
            patterns.append(
                EventPattern(
                    schedule=index,
                    window=window,
                    window_number=number,
                    dtstart=begin,
                    dtend=max(begin, finish.astimezone(_UTC)),
                    part=day,
                    detached=True,
                    cancelled=(begin,) if ordinal in called else (),
                )
            )
    return tuple(patterns)


def _series(
    schedule: Schedule,
    days: list[int],
    pattern: list[int],
    fits: dict[int, int],
    detached: set[int],
    mode: PatternMode,
    lo: int,
    hi: int,
    gaps: list[int],
) -> list[_Series]:
    """The series of one window over ``days`` (ascending); adds to ``detached``.

    A series starts on a date on which the window is regular, since its first
    occurrence gives every other its length; dates before that are detached. A rule
    never produces a date on which the window's start does not exist (some engines
    carry the moved time over to the next instance): the rule is split there.
    """

    def regular(ordinal: int) -> bool:
        return fits.get(ordinal, _REGULAR) == _REGULAR

    def lead(candidates: list[int]) -> list[int]:
        """``candidates`` from their first regular date on; the dates before are detached."""
        for position, ordinal in enumerate(candidates):
            if regular(ordinal):
                detached.update(candidates[:position])
                return candidates[position:]
        detached.update(candidates)
        return []

    occurring = set(days)
    kept = [d for d in pattern if d in occurring]
    if kept:
        finish = course_end(schedule)
        counted = (
            schedule.sessions is not None
            and schedule.start is not None
            and schedule.start.toordinal() >= lo
            and kept[0] == pattern[0]
            and finish is not None
            and finish <= hi
        )
        last = finish if counted and finish is not None else kept[-1]
        in_rule = [d for d in pattern if kept[0] <= d <= last]
        excluded = [d for d in in_rule if d not in occurring]
        if mode is PatternMode.RRULE or len(excluded) <= len(kept):
            out: list[_Series] = []
            # libical steps through every day of a daily rule, matching or not, and
            # keeps a start it had to move: the rule must not run through such a night
            chunks = [in_rule]
            if gaps:
                bounds = [bisect.bisect_left(in_rule, gap) for gap in gaps]
                pieces = zip([0, *bounds], [*bounds, len(in_rule)], strict=True)
                chunks = [
                    chunk
                    for chunk in ([d for d in in_rule[a:b] if d not in gaps] for a, b in pieces)
                    if chunk
                ]
            for chunk in chunks:
                members = lead([d for d in chunk if d in occurring])
                if not members:
                    continue
                first = members[0]
                rule = _rule(schedule)
                whole = counted and len(chunks) == 1 and first == kept[0]
                end_day = last if whole else members[-1]
                if whole:
                    rule["COUNT"] = schedule.sessions
                rule_days = [d for d in chunk if first <= d <= end_day]
                out.append(
                    _Series(
                        first,
                        end_day,
                        rule,
                        [d for d in rule_days if d in occurring],
                        [d for d in rule_days if d not in occurring],
                    )
                )
            if out:
                if schedule.dates:  # extra dates: listed in the series they follow
                    _list_extras(out, days, detached)
                return out
            days = [d for d in days if d not in detached]
    listed = lead(days)
    if not listed:
        return []
    return [_Series(listed[0], listed[-1], None, [], [], listed[1:])]


def _list_extras(out: list[_Series], days: list[int], detached: set[int]) -> None:
    """Add the dates outside every rule to the series whose rule starts before them."""
    covered = {d for item in out for d in (*item.rule_days, *item.excluded)}
    for ordinal in days:
        if ordinal in covered or ordinal in detached:
            continue
        owner = out[0]
        for item in out:
            if item.first <= ordinal:
                owner = item
        owner.listed.append(ordinal)


def _start(
    ordinal: int, window: TimeWindow | None, zone: dt.tzinfo, near: frozenset[int]
) -> dt.date:
    """The start of an occurrence: the DST-safe path only near a daylight-saving change."""
    day = dt.date.fromordinal(ordinal)
    if window is None:
        return day
    if ordinal in near:
        return _window_times(day, window, zone)[0]
    return dt.datetime.combine(day, window.start.replace(tzinfo=zone))


def _values(ordinal: int, window: TimeWindow | None, zone: dt.tzinfo) -> tuple[dt.date, dt.date]:
    day = dt.date.fromordinal(ordinal)
    if window is None:
        return day, day + dt.timedelta(days=1)
    return _window_times(day, window, zone)


def offer_event_patterns(
    offer: Offer,
    calendar: ClosureCalendar,
    start: dt.date,
    end: dt.date,
    *,
    mode: PatternMode | str = PatternMode.AUTO,
    cancelled_instances: bool = False,
) -> tuple[EventPattern, ...]:
    """The iCal events of every schedule of an offer, in schedule order.

    The offer's status is not looked at: exporters decide whether to publish paused
    or cancelled offers. ``mode`` and ``cancelled_instances`` are passed to
    :func:`event_patterns`. The offer's own closure periods are left out like the
    centre's.
    """
    calendar = calendar.for_offer(offer)
    return tuple(
        pattern
        for index, schedule in enumerate(offer.schedule)
        for pattern in event_patterns(
            schedule,
            calendar,
            start,
            end,
            index=index,
            mode=mode,
            cancelled_instances=cancelled_instances,
        )
    )
