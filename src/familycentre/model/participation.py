"""Participation (*Beteiligung*): families taking part in local politics and bodies."""

from __future__ import annotations

import datetime as dt

import attrs

from familycentre.model import _checks
from familycentre.taxonomy import Body

__all__ = ["Participation"]


@attrs.frozen
class Participation:
    """Families of the centre at one event of a local body.

    :param id: The record's identifier (a slug), unique among participation records.
    :param centre: The id of the centre.
    :param date: The day of the event.
    :param body: District conference, youth welfare committee, hearing, council
        consultation, other.
    :param event: What the event was (``"Stadtteilkonferenz Nord"``).
    :param families: How many families of the centre took part.
    """

    id: str = attrs.field(validator=_checks.slug)
    centre: str = attrs.field(validator=_checks.slug)
    date: dt.date = attrs.field(validator=_checks.day)
    body: Body = attrs.field(converter=Body)
    event: str = attrs.field(validator=_checks.text)
    families: int = attrs.field(validator=_checks.count)

    @property
    def day(self) -> dt.date:
        """The day the record is filed under."""
        return self.date
