"""Why a regular offer does not take place on a day: holidays, closures, cancellations.

A listing for people says more than the dates that remain: on a public holiday,
during the centre's summer break or on a cancelled date the breakfast that "always"
takes place on Tuesdays is missing, and the reader wants to know why::

    for gap in missed_dates(offer, calendar, start, end):
        print(gap.date, gap.offer.id, gap.reason, gap.name)

Only dates of a schedule's pattern (and its extra ``dates``) count: an offer that
runs only in school holidays is not "missing" on every school day.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools

import attrs

from familycentre.model.centre import Centre, Closure
from familycentre.model.offer import Offer, OfferStatus
from familycentre.model.schedule import ClosurePolicy, OpenOn, Schedule
from familycentre.model.text import Text
from familycentre.schedule._recurrence import extra_ordinals, pattern_ordinals
from familycentre.schedule.closures import ClosureCalendar, check_window, school_holidays
from familycentre.schedule.occurrences import schedule_ordinals

__all__ = ["MissReason", "MissedDate", "missed_dates", "public_holiday_name"]


class MissReason(enum.StrEnum):
    """Why a date of a schedule's pattern does not take place (checked in this order)."""

    CANCELLED = "cancelled"
    OFFER_CLOSURE = "offer_closure"
    PUBLIC_HOLIDAY = "public_holiday"
    CENTRE_CLOSURE = "centre_closure"
    SCHOOL_HOLIDAYS = "school_holidays"


@attrs.frozen
class MissedDate:
    """A date on which a regular offer does not take place, and why.

    :param offer: The offer.
    :param date: The day.
    :param schedule: The index of the schedule in ``offer.schedule``.
    :param reason: Why (:class:`MissReason`).
    :param name: The name of the holiday or the closure's reason, when known
        (``Tag der Deutschen Einheit``, ``Sommerpause``), as text with translations.
    """

    offer: Offer
    date: dt.date
    schedule: int
    reason: MissReason
    name: Text | None = None


@functools.cache
def _holiday_names(region: str, year: int, language: str) -> dict[dt.date, str]:
    import holidays

    country, _, state = region.partition("-")
    try:
        found = holidays.country_holidays(
            country, subdiv=state or None, years=year, language=language
        )
    except (NotImplementedError, KeyError):  # pragma: no cover - regions without data
        return {}
    return {day: str(name) for day, name in found.items()}


def public_holiday_name(region: str, day: dt.date, language: str = "de") -> str | None:
    """The name of the public holiday on ``day`` in ``region`` (``DE-NW``), if it is one."""
    return _holiday_names(region, day.year, language).get(day)


def _closure_name(periods: tuple[Closure, ...], day: dt.date) -> Text | None:
    return next((c.reason for c in periods if day in c), None)


def _school_name(region: str, day: dt.date) -> Text | None:
    data = school_holidays(region)
    if data is None:
        return None
    return _closure_name(data.periods, day)


def _candidates(schedule: Schedule, lo: int, hi: int) -> list[int]:
    days = set(pattern_ordinals(schedule, lo, hi)) | set(extra_ordinals(schedule, lo, hi))
    return sorted(days)


def missed_dates(
    offer: Offer,
    calendar: ClosureCalendar,
    start: dt.date,
    end: dt.date,
    centre: Centre | None = None,
) -> list[MissedDate]:
    """The dates of an active offer's schedules that do not take place, with the reason.

    :param offer: The offer (paused, cancelled and on-request offers have none).
    :param calendar: The closure calendar of the offer's centre for the window.
    :param start: First day.
    :param end: Last day (inclusive).
    :param centre: The offer's centre, to name the reasons of its closures and the
        school holidays it names itself.
    :raises MissingHolidayData: when a schedule needs school holidays that are not known.
    """
    lo, hi = check_window(start, end)
    if offer.status is not OfferStatus.ACTIVE or not offer.schedule:
        return []
    calendar = calendar.for_offer(offer)
    found: list[MissedDate] = []
    for index, schedule in enumerate(offer.schedule):
        candidates = _candidates(schedule, lo, hi)
        if not candidates:
            continue
        taking_place = set(schedule_ordinals(schedule, calendar, lo, hi))
        cancelled = set(schedule.cancelled)
        for ordinal in candidates:
            if ordinal in taking_place:
                continue
            day = dt.date.fromordinal(ordinal)
            miss = _why(offer, schedule, calendar, day, cancelled, centre)
            if miss is not None:
                found.append(MissedDate(offer, day, index, *miss))
    return sorted(found, key=lambda m: (m.date, m.schedule))


def _why(
    offer: Offer,
    schedule: Schedule,
    calendar: ClosureCalendar,
    day: dt.date,
    cancelled: set[dt.date],
    centre: Centre | None,
) -> tuple[MissReason, Text | None] | None:
    if day in cancelled:
        return MissReason.CANCELLED, None
    if day in calendar.offer_closures:
        return MissReason.OFFER_CLOSURE, _closure_name(offer.closures, day)
    if day in calendar.public_holidays and OpenOn.PUBLIC_HOLIDAYS not in schedule.open_on:
        name = public_holiday_name(calendar.region, day)
        return MissReason.PUBLIC_HOLIDAY, Text(name) if name else None
    if day in calendar.closures and OpenOn.CENTRE_CLOSURES not in schedule.open_on:
        closures = centre.closures if centre is not None else ()
        return MissReason.CENTRE_CLOSURE, _closure_name(closures, day)
    if schedule.closures is ClosurePolicy.SCHOOL_DAYS_ONLY and day in calendar.school_holidays:
        if centre is not None and centre.school_holidays:
            return MissReason.SCHOOL_HOLIDAYS, _closure_name(centre.school_holidays, day)
        return MissReason.SCHOOL_HOLIDAYS, _school_name(calendar.region, day)
    return None  # not a school-holiday date of a holidays-only offer: not worth a line
