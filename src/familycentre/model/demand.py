"""Demand and response: what families ask for, and what the centre does about it.

"Nicht das Angebot, sondern Bedarf und Nachfrage sollen das Konzept bestimmen": a
wish or need families voice (or places wanted in a full offer) is counted with how
many families voiced it; the offer started or changed in response is linked to it.
"""

from __future__ import annotations

import datetime as dt

import attrs

from familycentre.model import _checks
from familycentre.taxonomy import DemandKind, ResponseKind

__all__ = ["Demand", "Response"]


@attrs.frozen
class Response:
    """What the centre did about a demand.

    :param kind: Started an offer, changed or extended one, or referred elsewhere.
    :param date: When.
    :param offer: The id of the offer that answered it (required unless ``referred``).
    """

    kind: ResponseKind = attrs.field(converter=ResponseKind)
    date: dt.date = attrs.field(validator=_checks.day)
    offer: str | None = attrs.field(default=None, validator=_checks.optional_slug)

    def __attrs_post_init__(self) -> None:
        if self.offer is None and self.kind is not ResponseKind.REFERRED:
            raise _checks.FieldError("offer", f"a response '{self.kind}' names the offer")


@attrs.frozen
class Demand:
    """A wish, a need or a waiting list voiced by families.

    :param id: The record's identifier (a slug), unique among demand records.
    :param centre: The id of the centre.
    :param date: When it was voiced (a waiting list: when it was counted).
    :param kind: ``wish``, ``need`` or ``waiting_list``.
    :param topic: What was asked for (``"Krabbelgruppe am Nachmittag"``).
    :param families: How many families asked (or wait), at least 1.
    :param offer: The full offer a waiting list is for (required for one).
    :param response: What the centre did about it, once it has.
    """

    id: str = attrs.field(validator=_checks.slug)
    centre: str = attrs.field(validator=_checks.slug)
    date: dt.date = attrs.field(validator=_checks.day)
    kind: DemandKind = attrs.field(converter=DemandKind)
    topic: str = attrs.field(validator=_checks.text)
    families: int = attrs.field(default=1, validator=[_checks.count, _checks.positive])
    offer: str | None = attrs.field(default=None, validator=_checks.optional_slug)
    response: Response | None = None

    def __attrs_post_init__(self) -> None:
        if self.kind is DemandKind.WAITING_LIST and self.offer is None:
            raise _checks.FieldError("offer", "a waiting list names the offer that is full")
        if self.response is not None and self.response.date < self.date:
            raise _checks.FieldError(
                "response",
                f"the response ({self.response.date.isoformat()}) lies before the demand "
                f"({self.date.isoformat()})",
            )

    @property
    def day(self) -> dt.date:
        """The day the record is filed under."""
        return self.date
