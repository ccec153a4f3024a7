"""Dates, years and periods given on the command line, within the supported range.

familycentre works with dates from :data:`MIN_DATE` (1900-01-01) to :data:`MAX_DATE`
(2199-12-31). Python's own range (years 1 to 9999) is wider, but a window at its
edges cannot be expanded (the day after 9999-12-31 does not exist), so a date, a
year or a period that reaches outside the supported range is refused here with a
plain message, before any work starts.
"""

from __future__ import annotations

import datetime as dt
import re

from familycentre.errors import DateOutOfRange

__all__ = [
    "MAX_DATE",
    "MAX_PERIOD_DAYS",
    "MAX_PERIOD_MONTHS",
    "MIN_DATE",
    "DateOutOfRange",
    "check_date",
    "parse_date",
    "parse_period",
    "parse_year",
]

MIN_DATE = dt.date(1900, 1, 1)
"""The first date familycentre accepts."""

MAX_DATE = dt.date(2199, 12, 31)
"""The last date familycentre accepts."""

MAX_PERIOD_DAYS = 36_525
"""The longest period in days or weeks (100 years)."""

MAX_PERIOD_MONTHS = 1_200
"""The longest period in months or years (100 years)."""

_PERIOD = re.compile(r"\s*(\d{1,12})\s*(d|w|m|y)\s*", re.IGNORECASE)
_RANGE = f"{MIN_DATE.isoformat()} to {MAX_DATE.isoformat()}"


def check_date(day: dt.date, what: str = "the date") -> dt.date:
    """Return ``day`` when it lies from :data:`MIN_DATE` to :data:`MAX_DATE`.

    :param what: How to name the date in the message (``--from``).
    :raises DateOutOfRange: otherwise.
    """
    if not MIN_DATE <= day <= MAX_DATE:
        raise DateOutOfRange(
            f"{what} {day.isoformat()} lies outside the supported dates ({_RANGE})"
        )
    return day


def parse_date(text: str, what: str = "the date") -> dt.date:
    """Read an ISO date like ``2026-09-01`` within the supported range.

    :raises DateOutOfRange: for a valid date outside the range.
    :raises ValueError: for text that is not a date.
    """
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text[:40]!r} is not a date like 2026-09-01") from None
    return check_date(day, what)


def parse_year(text: str | int, what: str = "the year") -> int:
    """Read a calendar year within the supported range (1900 to 2199).

    :raises ValueError: for text that is not a whole number or a year outside the range.
    """
    try:
        year = int(text)
    except ValueError:
        raise ValueError(f"{str(text)[:40]!r} is not a year like 2026") from None
    if not MIN_DATE.year <= year <= MAX_DATE.year:
        raise DateOutOfRange(
            f"{what} {year} lies outside the supported years ({MIN_DATE.year} to {MAX_DATE.year})"
        )
    return year


def parse_period(text: str) -> dt.timedelta | int:
    """Read a period like ``24m``, ``2y``, ``8w`` or ``7d``, at most 100 years long.

    Months and years are returned as a number of months (an ``int``), days and weeks
    as a :class:`~datetime.timedelta`.

    :raises ValueError: for anything else, naming the longest period accepted.
    """
    match = _PERIOD.fullmatch(text)
    if not match:
        raise ValueError(f"{text[:40]!r} is not a period like 24m, 2y, 8w or 7d")
    number, unit = int(match.group(1)), match.group(2).lower()
    if unit in "dw":
        days = number * (7 if unit == "w" else 1)
        if days > MAX_PERIOD_DAYS:
            raise DateOutOfRange(
                f"{text.strip()!r} is too long: give at most {MAX_PERIOD_DAYS} days (100 years)"
            )
        return dt.timedelta(days=days)
    months = number * (12 if unit == "y" else 1)
    if months > MAX_PERIOD_MONTHS:
        raise DateOutOfRange(
            f"{text.strip()!r} is too long: give at most {MAX_PERIOD_MONTHS} months (100 years)"
        )
    return months
