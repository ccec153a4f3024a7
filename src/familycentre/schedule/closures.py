"""Closures: public holidays, school holidays and the centre's own closure periods.

A :class:`ClosureCalendar` holds every closed day of one centre within one window of
dates. It is computed once and reused for all offers of the centre: building it
looks up public holidays (the ``holidays`` package) and school holidays (the data file
shipped with familycentre), expanding a schedule against it is set arithmetic.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import os
import tomllib
from collections.abc import Iterable, Mapping, Set
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from familycentre.errors import (
    InvalidData,
    InvalidWindow,
    MissingHolidayData,
    Problem,
    WindowTooLarge,
)
from familycentre.model.centre import Centre, Closure
from familycentre.model.offer import Offer
from familycentre.model.schedule import ClosurePolicy, OpenOn

__all__ = [
    "MAX_WINDOW_DAYS",
    "ClosureCalendar",
    "InvalidWindow",
    "MissingHolidayData",
    "SchoolHolidays",
    "WindowTooLarge",
    "check_window",
    "closures_from_ical",
    "school_holidays",
]

MAX_WINDOW_DAYS = 3653
"""The longest window of dates a query may span: ten years (3,653 days, inclusive)."""


def check_window(start: dt.date, end: dt.date) -> tuple[int, int]:
    """Check a window of dates (both inclusive) and return it as ordinals.

    :raises InvalidWindow: when ``start`` or ``end`` is not a date (a datetime is
        refused too: windows are whole days), or ``end`` lies before ``start``.
    :raises WindowTooLarge: when the window spans more than ten years.
    """
    for name, value in (("start", start), ("end", end)):
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise InvalidWindow(
                f"the window's {name} must be a date (like 2026-09-01), not {type(value).__name__}"
            )
    if end < start:
        raise InvalidWindow(
            f"the window ends ({end.isoformat()}) before it starts ({start.isoformat()})"
        )
    days = (end - start).days + 1
    if days > MAX_WINDOW_DAYS:
        raise WindowTooLarge(
            f"the window {start.isoformat()} to {end.isoformat()} spans {days:,} days; "
            f"query at most ten years ({MAX_WINDOW_DAYS:,} days) at a time"
        )
    return start.toordinal(), end.toordinal()


# --- school holidays: the shipped data file -------------------------------------------------


@attrs.frozen
class SchoolHolidays:
    """The school holidays of one region, as shipped in familycentre's data file.

    :param region: The region code (``DE-NW``).
    :param periods: The holiday periods (``reason`` names them: ``Sommerferien``).
    :param covered_from: First day for which the data is complete.
    :param covered_until: Last day for which the data is complete.
    """

    region: str
    periods: tuple[Closure, ...]
    covered_from: dt.date
    covered_until: dt.date

    def days(self) -> frozenset[dt.date]:
        """Every school holiday, as dates."""
        return frozenset(_days_of(self.periods))


def _days_of(periods: Iterable[Closure | dt.date]) -> Iterable[dt.date]:
    for period in periods:
        if isinstance(period, Closure):
            day = period.start
            while day <= period.end:
                yield day
                day += dt.timedelta(days=1)
        else:
            yield period


@functools.cache
def _school_data() -> Mapping[str, SchoolHolidays]:
    text = (
        resources.files("familycentre.schedule")
        .joinpath("data", "school_holidays_de.toml")
        .read_text(encoding="utf-8")
    )
    raw: dict[str, Any] = tomllib.loads(text)
    return {
        region: SchoolHolidays(
            region,
            tuple(
                Closure(period["from"], period["until"], period["name"])
                for period in table["periods"]
            ),
            table["covered_from"],
            table["covered_until"],
        )
        for region, table in raw.items()
    }


def school_holidays(region: str) -> SchoolHolidays | None:
    """The shipped school holidays of a region (``DE-NW``), or ``None`` if there are none.

    familycentre ships the school holidays of all 16 German states from 2024 to the
    summer holidays of 2029, as the states published them (see
    ``familycentre/schedule/data/school_holidays_de.toml``).
    """
    return _school_data().get(region)


@functools.cache
def _school_ordinals(region: str) -> tuple[tuple[int, ...], int, int] | None:
    """The shipped school holidays of a region, as ordinals.

    Their days (ascending), and the first and last day the data covers.
    """
    data = school_holidays(region)
    if data is None:
        return None
    return (
        tuple(sorted({day.toordinal() for day in data.days()})),
        data.covered_from.toordinal(),
        data.covered_until.toordinal(),
    )


# --- public holidays: the holidays package --------------------------------------------------


@functools.cache
def _public_holidays(region: str, first_year: int, last_year: int) -> frozenset[int]:
    import holidays  # imported lazily: ``import familycentre`` stays light

    country, _, subdivision = region.partition("-")
    try:
        calendar = holidays.country_holidays(
            country, subdiv=subdivision or None, years=range(first_year, last_year + 1)
        )
    except NotImplementedError as exc:
        raise MissingHolidayData(
            f"no public holiday calendar for region {region!r} ({exc})"
        ) from None
    return frozenset(day.toordinal() for day in calendar)


# --- iCal feeds -----------------------------------------------------------------------------


def closures_from_ical(path: str | os.PathLike[str]) -> tuple[Closure, ...]:
    """Read the all-day events of an iCal feed (``.ics``) as closure periods.

    Use it for school holidays of states or years that familycentre does not ship,
    or for a centre's closures kept in a calendar. Each all-day ``VEVENT`` becomes a
    :class:`~familycentre.Closure` from its ``DTSTART`` to the day before its
    ``DTEND`` (one day without ``DTEND``; ``DURATION`` is honoured), with its
    ``SUMMARY`` as the reason. Events with a time of day are ignored, and so are
    recurrence rules: list each period as an event of its own.

    :raises InvalidData: when the file is missing or is not an iCal file.
    """
    import icalendar

    source = os.fspath(path)
    try:
        raw = Path(source).read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise InvalidData([Problem((), f"cannot read: {reason}")], source=source) from None
    try:
        calendar = icalendar.Calendar.from_ical(raw)
    except ValueError as exc:
        raise InvalidData([Problem((), f"not an iCal file: {exc}")], source=source) from None
    periods: list[Closure] = []
    for event in calendar.walk("VEVENT"):
        start = event.decoded("DTSTART", None)
        if not isinstance(start, dt.date) or isinstance(start, dt.datetime):
            continue
        end = event.decoded("DTEND", None)
        if end is None and "DURATION" in event:
            end = start + event.decoded("DURATION")
        last = end - dt.timedelta(days=1) if isinstance(end, dt.date) and end > start else start
        summary = str(event.get("SUMMARY", "")).strip() or None
        periods.append(Closure(start, last, summary))
    return tuple(sorted(periods, key=lambda c: (c.start, c.end)))


# --- the calendar ---------------------------------------------------------------------------


def _frozen_dates(value: Iterable[dt.date]) -> frozenset[dt.date]:
    return frozenset(value)


@attrs.frozen
class ClosureCalendar:
    """The closed days of one centre within one window of dates.

    A value: calendars with the same days are equal. Build it with
    :meth:`for_centre`, once per centre and window, and pass it to
    :func:`~familycentre.schedule.occurrences` for every offer of the centre.

    :param timezone: The centre's IANA time zone.
    :param region: The centre's region code (``DE-NW``).
    :param start: First day of the window.
    :param end: Last day of the window (inclusive).
    :param public_holidays: Public holidays of the region within the window.
    :param closures: Days within the window on which the whole centre is closed.
    :param school_holidays: School holidays within the window.
    :param school_known_from: First day for which ``school_holidays`` is complete
        (``None``: no school holiday data at all).
    :param school_known_until: Last day for which ``school_holidays`` is complete.
    :param offer_closures: Days within the window on which one offer pauses (its
        own closure periods); see :meth:`for_offer`. They apply whatever the
        schedule's ``open_on`` says; only ``regardless`` ignores them.
    """

    timezone: str
    region: str
    start: dt.date
    end: dt.date
    public_holidays: frozenset[dt.date] = attrs.field(converter=_frozen_dates)
    closures: frozenset[dt.date] = attrs.field(converter=_frozen_dates)
    school_holidays: frozenset[dt.date] = attrs.field(converter=_frozen_dates)
    school_known_from: dt.date | None = None
    school_known_until: dt.date | None = None
    offer_closures: frozenset[dt.date] = attrs.field(default=frozenset(), converter=_frozen_dates)
    _closed: frozenset[int] = attrs.field(init=False, repr=False, eq=False)
    _closed_by_open_on: dict[tuple[OpenOn, ...], frozenset[int]] = attrs.field(
        init=False, repr=False, eq=False
    )
    _school: frozenset[int] = attrs.field(init=False, repr=False, eq=False)
    _lo: int = attrs.field(init=False, repr=False, eq=False)
    _hi: int = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        lo, hi = check_window(self.start, self.end)
        closed = frozenset(
            d.toordinal() for d in self.public_holidays | self.closures | self.offer_closures
        )
        object.__setattr__(self, "_closed_by_open_on", {(): closed})
        school = frozenset(d.toordinal() for d in self.school_holidays)
        object.__setattr__(self, "_closed", closed)
        object.__setattr__(self, "_school", school)
        object.__setattr__(self, "_lo", lo)
        object.__setattr__(self, "_hi", hi)

    @classmethod
    def for_centre(
        cls,
        centre: Centre,
        start: dt.date,
        end: dt.date,
        *,
        school_holidays: Iterable[Closure | dt.date] | None = None,
        closures: Iterable[Closure | dt.date] = (),
    ) -> ClosureCalendar:
        """The closures of a centre within a window (both ends inclusive).

        :param centre: The centre: its time zone, region and closure periods.
        :param start: First day of the window.
        :param end: Last day of the window.
        :param school_holidays: School holidays from another source (for example
            :func:`closures_from_ical`); they replace the shipped data and are
            taken as complete for the whole window. Without them, the centre's own
            :attr:`~familycentre.Centre.school_holidays` are used when it has any
            (complete from the first one's start to the last one's end), else the
            shipped data.
        :param closures: Further days or periods on which the centre is closed.
        :raises InvalidWindow: for a window that ends before it starts.
        :raises WindowTooLarge: for a window longer than ten years.
        :raises MissingHolidayData: when the region has no public holiday calendar.
        """
        lo, hi = check_window(start, end)
        public = _public_holidays(centre.region, start.year, end.year)
        own = {d.toordinal() for d in _days_of((*centre.closures, *closures))}
        known_from: dt.date | None
        known_until: dt.date | None
        school: Iterable[int]
        if school_holidays is not None:
            school = {d.toordinal() for d in _days_of(school_holidays)}
            known_from, known_until = start, end
        elif centre.school_holidays:
            own_periods = centre.school_holidays
            school = {d.toordinal() for d in _days_of(own_periods)}
            known_from = min(period.start for period in own_periods)
            known_until = max(period.end for period in own_periods)
        else:
            shipped = _school_ordinals(centre.region)
            if shipped is None:
                school, known_from, known_until = set(), None, None
            else:
                days = shipped[0]  # ascending: the window's are one slice
                school = days[bisect.bisect_left(days, lo) : bisect.bisect_right(days, hi)]
                known_from = dt.date.fromordinal(shipped[1])
                known_until = dt.date.fromordinal(shipped[2])

        def dates(ordinals: Iterable[int]) -> frozenset[dt.date]:
            return frozenset(dt.date.fromordinal(d) for d in ordinals if lo <= d <= hi)

        return cls(
            centre.timezone,
            centre.region,
            start,
            end,
            dates(public),
            dates(own),
            dates(school),
            known_from,
            known_until,
        )

    def for_offer(self, offer: Offer) -> ClosureCalendar:
        """The calendar with the offer's own closure periods added (itself when none)."""
        if not offer.closures:
            return self
        lo, hi = self.start.toordinal(), self.end.toordinal()
        days = frozenset(day for day in _days_of(offer.closures) if lo <= day.toordinal() <= hi)
        return attrs.evolve(self, offer_closures=self.offer_closures | days)

    def closed_days(self, open_on: tuple[OpenOn, ...] = ()) -> frozenset[int]:
        """The ordinals of the days closed to a schedule that is open on ``open_on``."""
        found = self._closed_by_open_on.get(open_on)
        if found is None:
            days = set(self.offer_closures)
            if OpenOn.PUBLIC_HOLIDAYS not in open_on:
                days |= self.public_holidays
            if OpenOn.CENTRE_CLOSURES not in open_on:
                days |= self.closures
            found = frozenset(d.toordinal() for d in days)
            self._closed_by_open_on[open_on] = found
        return found

    def covers(self, start: dt.date, end: dt.date) -> bool:
        """Whether the window from ``start`` to ``end`` lies within this calendar's."""
        return self.start <= start and end <= self.end

    def is_open(
        self,
        day: dt.date,
        policy: ClosurePolicy = ClosurePolicy.PUBLIC_HOLIDAYS,
        open_on: tuple[OpenOn, ...] = (),
    ) -> bool:
        """Whether an offer with this closure policy can take place on ``day``.

        :raises MissingHolidayData: when the policy needs school holidays that are
            not known for ``day``.
        """
        return bool(self.filter([day.toordinal()], policy, open_on))

    def reason(self, day: dt.date) -> str | None:
        """Why ``day`` is closed.

        One of ``public holiday``, ``closure``, ``offer closure``, ``school holidays``.
        """
        if day in self.public_holidays:
            return "public holiday"
        if day in self.closures:
            return "closure"
        if day in self.offer_closures:
            return "offer closure"
        if day in self.school_holidays:
            return "school holidays"
        return None

    def filter(
        self, ordinals: list[int], policy: ClosurePolicy, open_on: tuple[OpenOn, ...] = ()
    ) -> list[int]:
        """Keep the date ordinals on which a schedule with ``policy`` takes place.

        :param ordinals: Date ordinals, ascending.
        :param open_on: Closed days on which the schedule takes place all the same.
        """
        if policy is ClosurePolicy.REGARDLESS or not ordinals:
            return ordinals
        dropped = self.excluded(ordinals, policy, open_on)
        return [d for d in ordinals if d not in dropped] if dropped else ordinals

    def excluded(
        self, ordinals: list[int], policy: ClosurePolicy, open_on: tuple[OpenOn, ...] = ()
    ) -> Set[int]:
        """The date ordinals among ``ordinals`` on which a schedule does not take place.

        The days a schedule with ``policy`` misses; :meth:`filter` keeps the others.

        :param ordinals: Date ordinals, ascending.
        :param open_on: Closed days on which the schedule takes place all the same.
        :raises MissingHolidayData: when the policy needs school holidays that are not
            known for these days.
        """
        if policy is ClosurePolicy.REGARDLESS or not ordinals:
            return frozenset()
        closed = self.closed_days(open_on) if open_on else self._closed
        if policy is ClosurePolicy.PUBLIC_HOLIDAYS:
            return closed.intersection(ordinals)
        self._check_school(ordinals[0], ordinals[-1])
        school = self._school
        if policy is ClosurePolicy.SCHOOL_DAYS_ONLY:
            return closed.intersection(ordinals) | school.intersection(ordinals)
        return set(ordinals).difference(school.difference(closed))

    def _check_school(self, first: int, last: int) -> None:
        known_from, known_until = self.school_known_from, self.school_known_until
        if known_from is None or known_until is None:
            raise MissingHolidayData(
                f"familycentre has no school holidays for region {self.region!r}; "
                "pass them from an iCal feed (closures_from_ical)"
            )
        if first < known_from.toordinal() or last > known_until.toordinal():
            bad = dt.date.fromordinal(first if first < known_from.toordinal() else last)
            raise MissingHolidayData(
                f"the school holidays of {self.region} are known from "
                f"{known_from.isoformat()} to {known_until.isoformat()}, "
                f"not for {bad.isoformat()}; name an iCal file of them in the data file "
                '(school_holidays = "ferien.ics"), give --school-holidays FILE, pass '
                "them from an iCal feed (closures_from_ical) or query a window within "
                "the known dates"
            )
