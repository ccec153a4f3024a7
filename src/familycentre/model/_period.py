"""Periods of tallies: a day, a week from Monday, or a calendar month."""

from __future__ import annotations

import datetime as dt

from familycentre.model import _checks
from familycentre.taxonomy import Period

__all__ = ["check_period_start", "period_end", "to_period"]


def to_period(value: Period | str) -> Period:
    """The :class:`~familycentre.taxonomy.Period` ``value`` names (a member is itself)."""
    return value if type(value) is Period else Period(value)


def check_period_start(day: dt.date, period: Period, field: str = "date") -> None:
    """Raise :class:`~familycentre.errors.FieldError` unless ``day`` may start ``period``.

    A week starts on a Monday, a month on its first day; a day on any day.
    """
    if period is Period.WEEK and day.weekday() != 0:
        raise _checks.FieldError(
            field, f"a week's tally starts on a Monday, and {day.isoformat()} is not one"
        )
    if period is Period.MONTH and day.day != 1:
        raise _checks.FieldError(
            field, f"a month's tally starts on the first of the month, not {day.isoformat()}"
        )


def period_end(day: dt.date, period: Period) -> dt.date:
    """The last day of the ``period`` that starts on ``day``."""
    if period is Period.WEEK:
        return day + dt.timedelta(days=6)
    if period is Period.MONTH:
        following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    return day
