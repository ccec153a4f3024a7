"""Attendance (*Teilnahme*): how many people took part in an offer on a day, week or month.

Anonymous counts only: the number of participants, optionally how many of them came
for the first time, how many distinct families they belonged to (where known) and a
split by audience group. Nobody is named.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from familycentre.model import _checks
from familycentre.model._period import check_period_start, period_end, to_period
from familycentre.taxonomy import Audience, Period

__all__ = ["Attendance", "AudienceCount"]


def _audience(value: Audience | str) -> Audience:
    return value if type(value) is Audience else Audience(value)


@attrs.frozen
class AudienceCount:
    """How many of the participants belong to an audience group.

    :param audience: The group (children, parents, seniors, ...).
    :param count: How many participants belong to it.
    """

    audience: Audience = attrs.field(converter=_audience)
    count: int = attrs.field(validator=_checks.count)


def _audience_counts(value: Any) -> tuple[AudienceCount, ...]:
    return _checks.to_tuple(value)


def _unique_audiences(
    instance: object, attribute: attrs.Attribute[Any], value: tuple[AudienceCount, ...]
) -> None:
    if len(value) < 2:
        return  # nothing to repeat
    seen: set[Audience] = set()
    for item in value:
        if item.audience in seen:
            raise _checks.FieldError(attribute.name, f"lists the audience {item.audience!s} twice")
        seen.add(item.audience)


@attrs.frozen
class Attendance:
    """The participants of one offer in one period (a tally sheet's line).

    :param id: The record's identifier (a slug), unique among attendance records.
    :param centre: The id of the centre.
    :param offer: The id of the offer (its attendance stays counted after the offer
        itself is removed).
    :param date: The day, or the first day of the week (a Monday) or month.
    :param period: ``day`` (default), ``week`` or ``month``.
    :param participants: How many people took part (each visit counts).
    :param first_time: Of them, how many came for the first time.
    :param families: Of them, how many distinct families, where known.
    :param audiences: Of them, how many belonged to which audience group; a person
        may belong to several groups, so these need not add up.
    :param note: A remark for staff.
    """

    id: str = attrs.field(validator=_checks.slug)
    centre: str = attrs.field(validator=_checks.slug)
    offer: str = attrs.field(validator=_checks.slug)
    date: dt.date = attrs.field(validator=_checks.day)
    participants: int = attrs.field(validator=_checks.count)
    period: Period = attrs.field(default=Period.DAY, converter=to_period)
    first_time: int | None = attrs.field(default=None, validator=_checks.optional_count)
    families: int | None = attrs.field(default=None, validator=_checks.optional_count)
    audiences: tuple[AudienceCount, ...] = attrs.field(
        default=(), converter=_audience_counts, validator=_unique_audiences
    )
    note: str | None = attrs.field(default=None, validator=_checks.optional_text)

    def __attrs_post_init__(self) -> None:
        if self.period is not Period.DAY:  # any day starts a day
            check_period_start(self.date, self.period)
        participants = self.participants
        if self.first_time is not None and self.first_time > participants:
            raise _checks.FieldError(
                "first_time", f"{self.first_time} is more than the {participants} participants"
            )
        if self.families is not None and self.families > participants:
            raise _checks.FieldError(
                "families", f"{self.families} is more than the {participants} participants"
            )
        for item in self.audiences:
            if item.count > self.participants:
                raise _checks.FieldError(
                    "audiences",
                    f"{item.count} {item.audience!s} is more than the "
                    f"{self.participants} participants",
                )

    @property
    def day(self) -> dt.date:
        """The day the record is filed under (its first day)."""
        return self.date

    @property
    def end(self) -> dt.date:
        """The last day the record covers."""
        return period_end(self.date, self.period)

    def audience(self, audience: Audience) -> int | None:
        """How many participants belonged to ``audience``; ``None`` when not counted."""
        for item in self.audiences:
            if item.audience is audience:
                return item.count
        return None
