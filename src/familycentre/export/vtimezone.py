"""VTIMEZONE components in the compact form that calendar clients read right.

RFC 5545 allows a time zone to be described by a list of every transition (the
long form that ``icalendar``'s ``add_missing_timezones()`` writes) or by yearly
rules. Widely used clients mis-read the long form, so this module writes what most
producers emit: one ``STANDARD`` and one ``DAYLIGHT`` sub-component, each with a
``RRULE:FREQ=YEARLY;BYMONTH=..;BYDAY=..`` derived from the zone's actual
transitions, checked against every year the calendar covers. A zone whose rules
changed inside those years is written with one sub-component per transition
instead, which is still exact. A zone without daylight-saving time gets a single
``STANDARD`` sub-component.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import zoneinfo
from collections.abc import Iterator
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    import icalendar

__all__ = ["Transition", "transitions", "vtimezone", "vtimezone_bytes"]

_UTC = dt.UTC
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_EPOCH_YEAR = 1970


@attrs.frozen
class Transition:
    """A change of a zone's UTC offset.

    :param local: The wall-clock time at which it happens, in the offset before it.
    :param offset_from: The UTC offset before.
    :param offset_to: The UTC offset after.
    :param name: The zone's abbreviation after it (``CEST``).
    :param daylight: Whether daylight-saving time is in force after it.
    """

    local: dt.datetime
    offset_from: dt.timedelta
    offset_to: dt.timedelta
    name: str
    daylight: bool

    def rules(self) -> frozenset[str]:
        """The ``BYDAY`` values that describe this transition's day within its month."""
        day = self.local.day
        weekday = _WEEKDAYS[self.local.weekday()]
        found = {f"{(day - 1) // 7 + 1}{weekday}"}
        if day + 7 > calendar.monthrange(self.local.year, self.local.month)[1]:
            found.add(f"-1{weekday}")
        return frozenset(found)


def _offset(zone: zoneinfo.ZoneInfo, instant: dt.datetime) -> dt.timedelta:
    offset = instant.astimezone(zone).utcoffset()
    assert offset is not None
    return offset


def transitions(name: str, first_year: int, last_year: int) -> Iterator[Transition]:
    """The transitions of zone ``name`` from ``first_year`` to ``last_year`` (inclusive)."""
    zone = zoneinfo.ZoneInfo(name)
    instant = dt.datetime(first_year, 1, 1, tzinfo=_UTC)
    end = dt.datetime(last_year + 1, 1, 1, tzinfo=_UTC)
    current = _offset(zone, instant)
    step = dt.timedelta(days=1)
    while instant < end:
        following = instant + step
        after = _offset(zone, following)
        if after != current:
            low, high = instant, following  # find the exact instant, to the minute
            while high - low > dt.timedelta(minutes=1):
                middle = low + (high - low) / 2
                if _offset(zone, middle) == current:
                    low = middle
                else:
                    high = middle
            moment = high.replace(second=0, microsecond=0)
            if _offset(zone, moment) == current:
                moment += dt.timedelta(minutes=1)
            local = moment.astimezone(dt.timezone(current)).replace(tzinfo=None)
            changed = moment.astimezone(zone)
            yield Transition(
                local=local,
                offset_from=current,
                offset_to=after,
                name=changed.tzname() or "",
                daylight=bool(changed.dst()),
            )
            current = after
        instant = following


@functools.cache
def vtimezone_bytes(name: str, first_year: int, last_year: int) -> bytes:
    """The serialised :func:`vtimezone`, cached: a calendar export reuses it."""
    return bytes(vtimezone(name, first_year, last_year).to_ical())


def vtimezone(name: str, first_year: int, last_year: int) -> icalendar.Timezone:
    """A VTIMEZONE for zone ``name``, exact for every date from ``first_year`` to ``last_year``.

    :param name: An IANA zone name (``Europe/Berlin``).
    :param first_year: The first year the calendar's events fall in.
    :param last_year: The last year.
    """
    import icalendar

    zone = icalendar.Timezone()
    zone.add("tzid", name)
    # Check the rules one year either side, so events near a year's edge are covered.
    found = list(transitions(name, first_year - 1, last_year + 1))
    if not found:
        offset = _offset(zoneinfo.ZoneInfo(name), dt.datetime(first_year, 7, 1, tzinfo=_UTC))
        standard = icalendar.TimezoneStandard()
        standard.add("dtstart", dt.datetime(_EPOCH_YEAR, 1, 1))
        standard.add("tzoffsetfrom", offset)
        standard.add("tzoffsetto", offset)
        standard.add(
            "tzname",
            dt.datetime(first_year, 7, 1, tzinfo=zoneinfo.ZoneInfo(name)).tzname() or name,
        )
        zone.add_component(standard)
        return zone
    compact = _yearly_rules(found, first_year - 1, last_year + 1)
    if compact is not None:
        for transition, byday in compact:
            part = (
                icalendar.TimezoneDaylight()
                if transition.daylight
                else icalendar.TimezoneStandard()
            )
            part.add("dtstart", _first_onset(transition, byday))
            part.add("tzoffsetfrom", transition.offset_from)
            part.add("tzoffsetto", transition.offset_to)
            part.add("tzname", transition.name)
            part.add(
                "rrule", {"FREQ": "YEARLY", "BYMONTH": transition.local.month, "BYDAY": byday}
            )
            zone.add_component(part)
        return zone
    for transition in found:
        part = (
            icalendar.TimezoneDaylight() if transition.daylight else icalendar.TimezoneStandard()
        )
        part.add("dtstart", transition.local)
        part.add("tzoffsetfrom", transition.offset_from)
        part.add("tzoffsetto", transition.offset_to)
        part.add("tzname", transition.name)
        zone.add_component(part)
    return zone


def _first_onset(transition: Transition, byday: str) -> dt.datetime:
    """The rule's date in 1970 at the transition's wall-clock time: the DTSTART of the rule."""
    month = transition.local.month
    ordinal, weekday = int(byday[:-2]), _WEEKDAYS.index(byday[-2:])
    days = calendar.monthrange(_EPOCH_YEAR, month)[1]
    matching = [
        day for day in range(1, days + 1) if dt.date(_EPOCH_YEAR, month, day).weekday() == weekday
    ]
    day = matching[ordinal - 1] if ordinal > 0 else matching[ordinal]
    return dt.datetime.combine(dt.date(_EPOCH_YEAR, month, day), transition.local.time())


def _yearly_rules(
    found: list[Transition], first_year: int, last_year: int
) -> list[tuple[Transition, str]] | None:
    """Two yearly rules that give exactly the transitions ``found``, or ``None``."""
    by_year: dict[int, list[Transition]] = {}
    for transition in found:
        by_year.setdefault(transition.local.year, []).append(transition)
    if set(by_year) != set(range(first_year, last_year + 1)):
        return None
    if any(len(items) != 2 for items in by_year.values()):
        return None
    result: list[tuple[Transition, str]] = []
    for position in (0, 1):
        items = [by_year[year][position] for year in sorted(by_year)]
        head = items[0]
        shape = (
            head.local.month,
            head.local.time(),
            head.offset_from,
            head.offset_to,
            head.daylight,
        )
        if any(
            (t.local.month, t.local.time(), t.offset_from, t.offset_to, t.daylight) != shape
            for t in items
        ):
            return None
        common = functools.reduce(frozenset.intersection, (t.rules() for t in items))
        if not common:
            return None
        result.append((head, sorted(common)[0]))
    return result
