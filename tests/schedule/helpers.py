"""Shared helpers of the schedule tests: centres, offers and independent expanders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events
from dateutil import rrule

import familycentre as fc
from familycentre.schedule import ClosureCalendar, EventPattern

BERLIN = ZoneInfo("Europe/Berlin")


def centre(
    region: str = "DE-NW", closures: Iterable[fc.Closure] = (), **kwargs: object
) -> fc.Centre:
    return fc.Centre(
        id="zentrum",
        name="Zentrum",
        kind="mothers_centre",
        municipality="Dortmund",
        region=region,
        closures=tuple(closures),
        **kwargs,  # type: ignore[arg-type]
    )


def offer(*schedules: fc.Schedule, status: str = "active", offer_id: str = "angebot") -> fc.Offer:
    return fc.Offer(
        id=offer_id,
        centre="zentrum",
        title="Angebot",
        category="other",
        schedule=schedules,
        status=status,
    )


def schedule(**kwargs: object) -> fc.Schedule:
    """A schedule from data-file notation (``times = ["09:00-11:00"]``)."""
    return fc.structure(kwargs, fc.Schedule)


def spans(occurrences: Iterable[fc.Occurrence]) -> list[tuple[dt.datetime, dt.datetime]]:
    return [(o.start, o.end) for o in occurrences]


def local(spans_: Iterable[tuple[dt.datetime, dt.datetime]]) -> list[tuple[str, str]]:
    """Spans as ISO text with offsets: compares wall-clock time and offset at once."""
    return [(a.isoformat(), b.isoformat()) for a, b in spans_]


# --- the iCal mapping, expanded by recurring-ical-events ------------------------------------


def vcalendar(patterns: Iterable[EventPattern]) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("PRODID", "-//familycentre tests//EN")
    calendar.add("VERSION", "2.0")
    for number, pattern in enumerate(patterns):
        event = icalendar.Event()
        event.add("UID", f"{number}@test")
        event.add("DTSTAMP", dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
        event.add("DTSTART", pattern.dtstart)
        event.add("DTEND", pattern.dtend)
        if pattern.rrule:
            event.add("RRULE", dict(pattern.rrule))
        if pattern.rdates:
            event.add("RDATE", list(pattern.rdates))
        if pattern.exdates:
            event.add("EXDATE", list(pattern.exdates))
        calendar.add_component(event)
    return calendar


def rie_spans(
    patterns: Iterable[EventPattern], start: dt.date, end: dt.date, *, all_day: bool
) -> set[tuple[object, object]]:
    """Expand the mapping with recurring-ical-events; round-trips through .ics text."""
    text = vcalendar(patterns).to_ical()
    parsed = icalendar.Calendar.from_ical(text)
    events = recurring_ical_events.of(parsed).between(start, end + dt.timedelta(days=1))
    found: set[tuple[object, object]] = set()
    for event in events:
        begin, finish = event.decoded("DTSTART"), event.decoded("DTEND")
        if all_day:
            assert not isinstance(begin, dt.datetime)
            found.add((begin, finish))
        else:
            found.add((begin.astimezone(dt.UTC), finish.astimezone(dt.UTC)))
    return found


# --- an independent expander: dateutil.rrule plus the closure rules, written anew -----------

_DAYS = [rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU]


def dateutil_dates(
    s: fc.Schedule, calendar: ClosureCalendar, start: dt.date, end: dt.date
) -> list[dt.date]:
    """The dates of a schedule by dateutil.rrule, the closure policy applied here."""
    window_start = dt.datetime.combine(start, dt.time())
    window_end = dt.datetime.combine(end, dt.time())
    found: set[dt.date] = set()
    kwargs: dict[str, object] = {"interval": s.every, "wkst": rrule.MO}
    freq = None
    if s.weekly is not None:
        freq = rrule.WEEKLY
        kwargs["byweekday"] = [_DAYS[d.number] for d in s.weekly]
    elif s.daily is not None:
        freq = rrule.DAILY
        if s.daily is fc.Daily.WEEKDAYS:
            kwargs["byweekday"] = _DAYS[:5]
    elif s.monthly is not None:
        freq = rrule.MONTHLY
        kwargs["byweekday"] = [_DAYS[m.weekday.number](m.ordinal) for m in s.monthly]
    elif s.monthly_days is not None:
        freq = rrule.MONTHLY
        kwargs["bymonthday"] = list(s.monthly_days)
    if freq is not None:
        anchor = s.start or start - dt.timedelta(days=40)
        kwargs["dtstart"] = dt.datetime.combine(anchor, dt.time())
        if s.sessions is not None:
            kwargs["count"] = s.sessions
        if s.until is not None:
            kwargs["until"] = dt.datetime.combine(s.until, dt.time())
        rule = rrule.rrule(freq, **kwargs)  # type: ignore[arg-type]
        found.update(d.date() for d in rule.between(window_start, window_end, inc=True))
    found.update(d for d in s.dates if start <= d <= end)
    found.difference_update(s.cancelled)
    closed = set(calendar.offer_closures)  # the offer's own pauses always apply
    if fc.OpenOn.PUBLIC_HOLIDAYS not in s.open_on:
        closed |= calendar.public_holidays
    if fc.OpenOn.CENTRE_CLOSURES not in s.open_on:
        closed |= calendar.closures
    school = calendar.school_holidays
    policy = s.closures
    if policy is fc.ClosurePolicy.PUBLIC_HOLIDAYS:
        found = {d for d in found if d not in closed}
    elif policy is fc.ClosurePolicy.SCHOOL_DAYS_ONLY:
        found = {d for d in found if d not in closed and d not in school}
    elif policy is fc.ClosurePolicy.SCHOOL_HOLIDAYS_ONLY:
        found = {d for d in found if d in school and d not in closed}
    return sorted(found)


def dateutil_spans(
    s: fc.Schedule, calendar: ClosureCalendar, start: dt.date, end: dt.date
) -> set[tuple[object, object]]:
    zone = ZoneInfo(calendar.timezone)
    out: set[tuple[object, object]] = set()
    for day in dateutil_dates(s, calendar, start, end):
        if s.all_day:
            out.add((day, day + dt.timedelta(days=1)))
            continue
        for window in s.times:
            begin = dt.datetime.combine(day, window.start, zone)
            finish = dt.datetime.combine(day, window.end, zone)
            out.add((begin.astimezone(dt.UTC), finish.astimezone(dt.UTC)))
    return out
