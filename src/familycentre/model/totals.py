"""Monthly totals of attendance and help records: the sums the yearly report reads.

A year of daily tallies over a network of centres is a million records or more, and
the report needs only their sums. So a store adds them up where they are kept (one
``GROUP BY`` in SQL) and hands back one total per centre, month and offer for
attendance (:class:`MonthlyAttendance`), and one per centre, month, kind of help and
need for help given on request (:class:`MonthlyHelp`):
:meth:`familycentre.storage.Store.monthly_totals`. :func:`monthly_totals` adds up
records in Python: it is the definition every storage backend agrees with.

A record counts in the month of its ``day`` (its first day), as it counts in that
day's year: a week's tally that starts on Monday 29 December counts in December.
A total is not a record: it has no id, and its sums may exceed what one record may
hold.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Iterable
from typing import Any, overload

import attrs

from familycentre.model import _checks
from familycentre.model.attendance import Attendance, AudienceCount
from familycentre.model.help import HelpCase
from familycentre.taxonomy import Audience, HelpKind, Need

__all__ = [
    "TOTALLED",
    "MonthlyAttendance",
    "MonthlyHelp",
    "MonthlyTotal",
    "monthly_totals",
    "total_key",
]

_AUDIENCE_ORDER = {audience: index for index, audience in enumerate(Audience)}


def _first_of_month(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not dt.date or value.day != 1:
        raise _checks.FieldError(
            attribute.name, f"must be the first day of a month (a date), not {value!r}"
        )


def _whole(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not int or value < 0:
        raise _checks.FieldError(attribute.name, f"must be a whole number >= 0, not {value!r}")


def _optional_whole(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (type(value) is not int or value < 0):
        raise _checks.FieldError(attribute.name, f"must be a whole number >= 0, not {value!r}")


def _some(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not int or value < 1:
        raise _checks.FieldError(attribute.name, f"must be a whole number >= 1, not {value!r}")


def _audience_sums(value: Iterable[Any]) -> tuple[AudienceCount, ...]:
    """Audience counts (or ``(audience, count)`` pairs) in the order of :class:`Audience`."""
    items = [
        item if isinstance(item, AudienceCount) else AudienceCount(*item)
        for item in _checks.to_tuple(value)
    ]
    if len(items) < 2:
        return tuple(items)
    items.sort(key=lambda item: _AUDIENCE_ORDER[item.audience])
    for before, after in itertools.pairwise(items):
        if before.audience is after.audience:
            raise _checks.FieldError("audiences", f"lists the audience {after.audience!s} twice")
    return tuple(items)


def _hours_sum(value: float) -> float:
    """A sum of hours, to a millionth of an hour.

    Floating-point sums depend on the order of adding; rounding them to six decimals
    makes every backend's sum of the same hours the same number.
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _checks.FieldError("hours", f"must be a number of hours, not {type(value).__name__}")
    if not 0 <= value < math.inf:
        raise _checks.FieldError("hours", f"must be a finite number, not negative, not {value}")
    return round(float(value), 6)


@attrs.frozen
class MonthlyAttendance:
    """The attendance records of one offer of one centre in one month, added up.

    :param centre: The id of the centre the records belong to.
    :param offer: The id of the offer they count.
    :param month: The first day of the month.
    :param records: How many records were added up (at least 1).
    :param participants: Their participants.
    :param first_time: Their first-time visitors, over the records that count them;
        ``None`` when none of them does.
    :param audiences: For each audience group that at least one record counts, the
        sum over those records (in the order of :class:`~familycentre.Audience`).
        A record's ``families`` are not added up: distinct families of different
        days are no distinct families of the month.
    """

    centre: str
    offer: str
    month: dt.date = attrs.field(validator=_first_of_month)
    records: int = attrs.field(validator=_some)
    participants: int = attrs.field(validator=_whole)
    first_time: int | None = attrs.field(default=None, validator=_optional_whole)
    audiences: tuple[AudienceCount, ...] = attrs.field(default=(), converter=_audience_sums)

    @property
    def day(self) -> dt.date:
        """The day the total is filed under: the first of its month."""
        return self.month

    def audience(self, audience: Audience) -> int | None:
        """The participants of ``audience``; ``None`` when no record counted it."""
        for item in self.audiences:
            if item.audience is audience:
                return item.count
        return None


@attrs.frozen
class MonthlyHelp:
    """The help records of one kind and need of one centre in one month, added up.

    :param centre: The id of the centre the records belong to.
    :param kind: What help it was.
    :param need: The need behind it; ``None`` for the records that name none.
    :param month: The first day of the month.
    :param records: How many records were added up (at least 1).
    :param cases: Their cases.
    :param hours: Their hours (a record without hours counts 0), to a millionth of
        an hour.
    """

    centre: str
    kind: HelpKind = attrs.field(converter=HelpKind)
    need: Need | None = attrs.field(converter=attrs.converters.optional(Need))
    month: dt.date = attrs.field(validator=_first_of_month)
    records: int = attrs.field(validator=_some)
    cases: int = attrs.field(validator=_whole)
    hours: float = attrs.field(default=0.0, converter=_hours_sum)

    @property
    def day(self) -> dt.date:
        """The day the total is filed under: the first of its month."""
        return self.month


MonthlyTotal = MonthlyAttendance | MonthlyHelp
"""A monthly total of either kind."""

TOTALLED: dict[type[Any], type[Any]] = {Attendance: MonthlyAttendance, HelpCase: MonthlyHelp}
"""The record kinds that are added up by month, with the class of their totals."""


def total_key(total: MonthlyTotal) -> tuple[str, ...]:
    """The order of totals: by centre, month, then offer (or kind and need; none first)."""
    if isinstance(total, MonthlyAttendance):
        return (total.centre, total.month.isoformat(), total.offer)
    need = "" if total.need is None else total.need.value
    return (total.centre, total.month.isoformat(), total.kind.value, need)


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _attendance_totals(records: Iterable[Attendance]) -> list[MonthlyAttendance]:
    groups: dict[tuple[str, dt.date, str], list[Attendance]] = {}
    for record in records:
        groups.setdefault((record.centre, _month(record.day), record.offer), []).append(record)
    totals = []
    for (centre, month, offer), group in groups.items():
        firsts = [r.first_time for r in group if r.first_time is not None]
        audiences: dict[Audience, int] = {}
        for record in group:
            for item in record.audiences:
                audiences[item.audience] = audiences.get(item.audience, 0) + item.count
        totals.append(
            MonthlyAttendance(
                centre=centre,
                offer=offer,
                month=month,
                records=len(group),
                participants=sum(r.participants for r in group),
                first_time=sum(firsts) if firsts else None,
                audiences=tuple(audiences.items()),
            )
        )
    return sorted(totals, key=total_key)


def _help_totals(records: Iterable[HelpCase]) -> list[MonthlyHelp]:
    groups: dict[tuple[str, dt.date, HelpKind, Need | None], list[HelpCase]] = {}
    for record in records:
        key = (record.centre, _month(record.day), record.kind, record.need)
        groups.setdefault(key, []).append(record)
    totals = [
        MonthlyHelp(
            centre=centre,
            kind=kind,
            need=need,
            month=month,
            records=len(group),
            cases=sum(r.cases for r in group),
            hours=math.fsum(r.hours or 0.0 for r in group),
        )
        for (centre, month, kind, need), group in groups.items()
    ]
    return sorted(totals, key=total_key)


@overload
def monthly_totals(
    kind: type[Attendance], records: Iterable[Attendance]
) -> list[MonthlyAttendance]: ...


@overload
def monthly_totals(kind: type[HelpCase], records: Iterable[HelpCase]) -> list[MonthlyHelp]: ...


def monthly_totals(kind: type[Any], records: Iterable[Any]) -> list[Any]:
    """Add up ``records`` of ``kind`` (:class:`Attendance` or :class:`HelpCase`) by month.

    Records of other kinds among ``records`` are ignored. The totals come in the
    order of :func:`total_key`.

    :raises TypeError: for a kind that is not added up by month.
    """
    if kind is Attendance:
        return _attendance_totals(r for r in records if type(r) is Attendance)
    if kind is HelpCase:
        return _help_totals(r for r in records if type(r) is HelpCase)
    raise TypeError(
        f"only attendance and help records are added up by month, not {kind.__name__} records"
    )
