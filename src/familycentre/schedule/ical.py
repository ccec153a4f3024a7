r"""The iCal mapping: a schedule as DTSTART, DTEND, RRULE, RDATE and EXDATE.

Exporters turn each :class:`EventPattern` into one ``VEVENT``::

    for pattern in offer_event_patterns(offer, calendar, start, end):
        event = icalendar.Event()
        event.add("DTSTART", pattern.dtstart)
        event.add("DTEND", pattern.dtend)
        if pattern.rrule:
            event.add("RRULE", pattern.rrule)
        for day in pattern.rdates:
            event.add("RDATE", day)
        for day in pattern.exdates:
            event.add("EXDATE", day)

Within the export window the events give exactly the library's occurrences (an
independent expander such as ``recurring-ical-events`` finds the same starts and
ends); the tests check this for random schedules. Outside the window they give
nothing: the rule ends (``UNTIL`` or ``COUNT``) at the last occurrence inside the
window, because closures are only known inside it.

One event per time window of the schedule: a second-hand shop open 10–12 and 14–16
becomes two events. Closures and cancelled dates inside the window become
``EXDATE``\ s; extra dates become ``RDATE``\ s. When a rule would need more
exclusions than it has dates (a holiday programme: weekdays, only in school
holidays), the occurrences are listed instead: ``DTSTART`` and ``RDATE``\ s, no
``RRULE``.
"""

from __future__ import annotations

import datetime as dt
import enum
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

    :param schedule: Index of the schedule in ``offer.schedule``.
    :param window: The time window, ``None`` for all-day dates.
    :param dtstart: First occurrence: an aware datetime in the centre's zone, or a
        date for all-day events.
    :param dtend: End of the first occurrence (for all-day events the next day,
        exclusive, as RFC 5545 has it).
    :param rrule: The recurrence rule as a dict that :class:`icalendar.vRecur`
        accepts (``FREQ``, ``INTERVAL``, ``BYDAY``, ``BYMONTHDAY``, ``WKST``,
        ``UNTIL`` in UTC or as a date for all-day events, or ``COUNT``), or
        ``None``.
    :param rdates: Further occurrences (same type as ``dtstart``), ascending.
    :param exdates: Dates of the rule that do not take place (closures, cancelled
        dates), ascending.
    """

    schedule: int
    window: TimeWindow | None
    dtstart: dt.date
    dtend: dt.date
    rrule: Mapping[str, Any] | None = None
    rdates: tuple[dt.date, ...] = ()
    exdates: tuple[dt.date, ...] = ()

    @property
    def all_day(self) -> bool:
        """Whether the event lasts all day (``dtstart`` is a date)."""
        return self.window is None


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


def event_patterns(
    schedule: Schedule,
    calendar: ClosureCalendar,
    start: dt.date,
    end: dt.date,
    *,
    index: int = 0,
    mode: PatternMode | str = PatternMode.AUTO,
) -> tuple[EventPattern, ...]:
    """The iCal events of one schedule for the export window ``start`` to ``end``.

    :param schedule: The schedule.
    :param calendar: The closure calendar of the schedule's centre.
    :param start: First day of the export window.
    :param end: Last day of the export window (inclusive).
    :param index: The schedule's index in its offer (copied to the patterns).
    :param mode: Rule or list of dates (:class:`PatternMode`).
    :return: One pattern per time window; none when nothing takes place in the window.
    """
    mode = PatternMode(mode)
    lo, hi = _window(calendar, start, end)
    computed = pattern_ordinals(schedule, lo, hi)
    days = schedule_ordinals(schedule, calendar, lo, hi, computed)
    if not days:
        return ()
    occurring = set(days)
    pattern = computed if mode is not PatternMode.LIST else []
    kept = [d for d in pattern if d in occurring]
    rule: dict[str, Any] | None = None
    first = days[0]
    listed: list[int] = days[1:]
    excluded: list[int] = []
    if kept:
        last = kept[-1]
        count: int | None = None
        finish = course_end(schedule)
        # COUNT where the whole course lies in the window and the rule starts with it
        if (
            schedule.sessions is not None
            and schedule.start is not None
            and schedule.start.toordinal() >= lo
            and kept[0] == pattern[0]
            and finish is not None
            and finish <= hi
        ):
            count = schedule.sessions
            last = finish
        in_rule = [d for d in pattern if kept[0] <= d <= last]
        excluded = [d for d in in_rule if d not in occurring]
        rule_set = set(in_rule)
        extras = [d for d in days if d not in rule_set]
        if mode is PatternMode.RRULE or len(excluded) <= len(kept):
            rule = _rule(schedule)
            first = kept[0]
            listed = extras
            if count is not None:
                rule["COUNT"] = count
            else:
                rule["_UNTIL_ORDINAL"] = last
        else:
            excluded = []
    zone = _zone(calendar.timezone)
    transitions = _transitions(calendar.timezone, lo, hi)
    patterns: list[EventPattern] = []
    for window in schedule.windows:
        dtstart, dtend = _values(first, window, zone)
        window_rule: dict[str, Any] | None = None
        if rule is not None:
            window_rule = {k: v for k, v in rule.items() if k != "_UNTIL_ORDINAL"}
            if "_UNTIL_ORDINAL" in rule:
                until_start, _ = _values(rule["_UNTIL_ORDINAL"], window, zone)
                window_rule["UNTIL"] = (
                    until_start.astimezone(_UTC)
                    if isinstance(until_start, dt.datetime)
                    else until_start
                )
        patterns.append(
            EventPattern(
                schedule=index,
                window=window,
                dtstart=dtstart,
                dtend=dtend,
                rrule=window_rule,
                rdates=tuple(_start(d, window, zone, transitions) for d in listed),
                exdates=tuple(_start(d, window, zone, transitions) for d in excluded),
            )
        )
    return tuple(patterns)


def _start(
    ordinal: int, window: TimeWindow | None, zone: dt.tzinfo, transitions: frozenset[int]
) -> dt.date:
    """The start of an occurrence: the DST-safe path only near a daylight-saving change."""
    day = dt.date.fromordinal(ordinal)
    if window is None:
        return day
    if ordinal in transitions:
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
) -> tuple[EventPattern, ...]:
    """The iCal events of every schedule of an offer, in schedule order.

    The offer's status is not looked at: exporters decide whether to publish paused
    or cancelled offers.
    """
    return tuple(
        pattern
        for index, schedule in enumerate(offer.schedule)
        for pattern in event_patterns(schedule, calendar, start, end, index=index, mode=mode)
    )
