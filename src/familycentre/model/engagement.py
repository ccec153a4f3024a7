"""Engagement (*bürgerschaftliches Engagement*): volunteers and their hours, per month and field.

Volunteers are counted, never named; optionally by age group. Self-help groups active
in the field that month are counted beside them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from familycentre.model import _checks
from familycentre.model._period import check_period_start
from familycentre.taxonomy import AgeGroup, Category, Period

__all__ = ["AgeCount", "Engagement"]


@attrs.frozen
class AgeCount:
    """How many volunteers are in an age group.

    :param group: The age group.
    :param count: How many volunteers.
    """

    group: AgeGroup = attrs.field(converter=AgeGroup)
    count: int = attrs.field(validator=_checks.count)


def _age_counts(value: Any) -> tuple[AgeCount, ...]:
    return _checks.to_tuple(value)


@attrs.frozen
class Engagement:
    """Volunteering in one field of the centre's work in one month.

    :param id: The record's identifier (a slug), unique among engagement records.
    :param centre: The id of the centre.
    :param month: The first day of the month.
    :param field: The field of action (an offer category: ``open_meeting_point``,
        ``emergency_childcare``, ...).
    :param volunteers: How many volunteers were active.
    :param hours: Their hours in all.
    :param age_groups: How many of them in which age group (need not cover everyone).
    :param self_help_groups: Self-help groups active in the field that month.
    """

    id: str = attrs.field(validator=_checks.slug)
    centre: str = attrs.field(validator=_checks.slug)
    month: dt.date = attrs.field(validator=_checks.day)
    field: Category = attrs.field(converter=Category)
    volunteers: int = attrs.field(validator=_checks.count)
    hours: float = attrs.field(default=0.0, validator=_checks.hours)
    age_groups: tuple[AgeCount, ...] = attrs.field(default=(), converter=_age_counts)
    self_help_groups: int = attrs.field(default=0, validator=_checks.count)

    def __attrs_post_init__(self) -> None:
        check_period_start(self.month, Period.MONTH, "month")
        seen: set[AgeGroup] = set()
        for item in self.age_groups:
            if item.group in seen:
                raise _checks.FieldError("age_groups", f"lists the age group {item.group!s} twice")
            seen.add(item.group)
        if sum(item.count for item in self.age_groups) > self.volunteers:
            raise _checks.FieldError(
                "age_groups", f"add up to more than the {self.volunteers} volunteers"
            )

    @property
    def day(self) -> dt.date:
        """The day the record is filed under (the first of the month)."""
        return self.month
