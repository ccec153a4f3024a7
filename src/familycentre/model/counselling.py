"""Counselling and information contacts: parent-to-parent talks, information, encouragement.

The centres' *Lotsenfunktion* mostly happens in conversation, not in formal referrals:
counted by kind and topic, per day, week or month, with no personal data at all.
"""

from __future__ import annotations

import datetime as dt

import attrs

from familycentre.model import _checks
from familycentre.model._period import check_period_start, period_end
from familycentre.taxonomy import ContactKind, Need, Period

__all__ = ["CounsellingContact"]


@attrs.frozen
class CounsellingContact:
    """Informal counselling or information contacts of one kind and topic in a period.

    :param id: The record's identifier (a slug), unique among these records.
    :param centre: The id of the centre.
    :param date: The day, or the first day of the week (Monday) or month.
    :param kind: Parent-to-parent talk, information, encouraged to go themselves,
        topic group.
    :param topic: What it was about (:class:`~familycentre.taxonomy.Need`).
    :param count: How many contacts, at least 1.
    :param period: ``day`` (default), ``week`` or ``month``.
    """

    id: str = attrs.field(validator=_checks.slug)
    centre: str = attrs.field(validator=_checks.slug)
    date: dt.date = attrs.field(validator=_checks.day)
    kind: ContactKind = attrs.field(converter=ContactKind)
    topic: Need = attrs.field(converter=Need)
    count: int = attrs.field(default=1, validator=[_checks.count, _checks.positive])
    period: Period = attrs.field(default=Period.DAY, converter=Period)

    def __attrs_post_init__(self) -> None:
        check_period_start(self.date, self.period)

    @property
    def day(self) -> dt.date:
        """The day the record is filed under (its first day)."""
        return self.date

    @property
    def end(self) -> dt.date:
        """The last day the record covers."""
        return period_end(self.date, self.period)
