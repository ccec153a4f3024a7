"""Network work (*Spinne im Netz*): cooperation agreements and network meetings."""

from __future__ import annotations

import datetime as dt

import attrs

from familycentre.model import _checks
from familycentre.taxonomy import MeetingRole

__all__ = ["Cooperation", "NetworkMeeting"]


@attrs.frozen
class Cooperation:
    """A cooperation agreement of the centre with a partner of its network.

    :param id: The record's identifier (a slug), unique among cooperations.
    :param centre: The id of the centre.
    :param partner: The id of the partner (a :class:`~familycentre.Partner` in the store).
    :param subject: What the agreement is about.
    :param since: The day it began.
    :param until: The day it ended, if it has.
    """

    id: str = attrs.field(validator=_checks.slug)
    centre: str = attrs.field(validator=_checks.slug)
    partner: str = attrs.field(validator=_checks.slug)
    subject: str = attrs.field(validator=_checks.text)
    since: dt.date = attrs.field(validator=_checks.day)
    until: dt.date | None = attrs.field(default=None, validator=_checks.optional_day)

    def __attrs_post_init__(self) -> None:
        if self.until is not None and self.until < self.since:
            raise _checks.FieldError(
                "until", f"{self.until.isoformat()} lies before since ({self.since.isoformat()})"
            )

    @property
    def day(self) -> dt.date:
        """The day the record is filed under (when the agreement began)."""
        return self.since

    def active_in(self, year: int) -> bool:
        """Whether the agreement was in force on some day of ``year``."""
        return self.since.year <= year and (self.until is None or self.until.year >= year)


@attrs.frozen
class NetworkMeeting:
    """A network meeting the centre hosted or attended.

    :param id: The record's identifier (a slug), unique among network meetings.
    :param centre: The id of the centre.
    :param date: The day of the meeting.
    :param role: ``hosted`` or ``attended``.
    :param title: What the meeting was (``"Netzwerk Frühe Hilfen"``).
    :param organisations: How many organisations took part, if counted.
    """

    id: str = attrs.field(validator=_checks.slug)
    centre: str = attrs.field(validator=_checks.slug)
    date: dt.date = attrs.field(validator=_checks.day)
    role: MeetingRole = attrs.field(converter=MeetingRole)
    title: str = attrs.field(validator=_checks.text)
    organisations: int | None = attrs.field(default=None, validator=_checks.optional_count)

    @property
    def day(self) -> dt.date:
        """The day the record is filed under."""
        return self.date
