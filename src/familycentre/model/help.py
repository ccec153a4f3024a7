"""Help given on request: emergency childcare, household help, rides, brokerage.

The help the source document stresses most (*unbürokratische Hilfe in Notfällen*,
*Organisation des Alltags*) happens on request, not on dates of a programme, so it
is counted in cases: a kind, a day, how many cases, how many hours, and optionally
the need behind it. Nobody is named.
"""

from __future__ import annotations

import datetime as dt

import attrs

from familycentre.model import _checks
from familycentre.taxonomy import HelpKind, Need

__all__ = ["DEFAULT_CASES", "HelpCase"]


def _kind(value: HelpKind | str) -> HelpKind:
    return value if type(value) is HelpKind else HelpKind(value)


def _need(value: Need | str | None) -> Need | None:
    return value if value is None or type(value) is Need else Need(value)


DEFAULT_CASES = 1
"""The cases of a help record that does not say (data files and stored records leave
out a field that has its default: a store adding up ``cases`` counts a missing one as
this)."""


@attrs.frozen
class HelpCase:
    """Cases of help of one kind given on one day.

    :param id: The record's identifier (a slug), unique among help records.
    :param centre: The id of the centre.
    :param date: The day the help was given (the first day, for help over several days).
    :param kind: What help it was (:class:`~familycentre.taxonomy.HelpKind`).
    :param cases: How many cases (families helped), at least 1.
    :param hours: How many hours the help took in all.
    :param need: The need behind it (illness, a hospital stay is ``health``), if known.
    :param offer: The id of the offer the help belongs to, if any.
    :param note: A remark for staff (never a name).
    """

    id: str = attrs.field(validator=_checks.slug)
    centre: str = attrs.field(validator=_checks.slug)
    date: dt.date = attrs.field(validator=_checks.day)
    kind: HelpKind = attrs.field(converter=_kind)
    cases: int = attrs.field(default=DEFAULT_CASES, validator=[_checks.count, _checks.positive])
    hours: float | None = attrs.field(default=None, validator=_checks.hours)
    need: Need | None = attrs.field(default=None, converter=_need)
    offer: str | None = attrs.field(default=None, validator=_checks.optional_slug)
    note: str | None = attrs.field(default=None, validator=_checks.optional_text)

    @property
    def day(self) -> dt.date:
        """The day the record is filed under."""
        return self.date
