"""An offer (*Angebot*) of a centre: what it is, for whom, when, and on what terms."""

from __future__ import annotations

import enum
from typing import Any

import attrs

from familycentre.model import _checks
from familycentre.model.centre import Closure
from familycentre.model.schedule import Schedule
from familycentre.model.text import Text, as_optional_text, as_text
from familycentre.taxonomy import Accessibility, Audience, Category

__all__ = [
    "Cost",
    "CostKind",
    "Facilitation",
    "Offer",
    "OfferStatus",
    "Registration",
]


class CostKind(enum.StrEnum):
    """What taking part costs."""

    FREE = "free"
    FEE = "fee"
    DONATION = "donation"
    SLIDING_SCALE = "sliding_scale"


class Facilitation(enum.StrEnum):
    """Who runs an offer: peers (*Eltern für Eltern*), professionals, or both."""

    PEERS = "peers"
    PROFESSIONALS = "professionals"
    MIXED = "mixed"


class OfferStatus(enum.StrEnum):
    """Whether an offer currently takes place."""

    ACTIVE = "active"
    PAUSED = "paused"
    CANCELLED = "cancelled"


@attrs.frozen
class Cost:
    """What an offer costs. In data files ``cost = "free"`` or a table.

    :param kind: Free, a fee, a donation, or a sliding scale.
    :param amount_cents: The fee in euro cents (required for a fee; for a sliding
        scale or donation an optional suggested amount).
    :param note: Details (``"pro Person, Geschwister frei"``).
    """

    kind: CostKind = attrs.field(default=CostKind.FREE, converter=CostKind)
    amount_cents: int | None = attrs.field(default=None, validator=_checks.non_negative)
    note: Text | None = attrs.field(default=None, converter=as_optional_text)

    def __attrs_post_init__(self) -> None:
        if self.kind is CostKind.FEE and self.amount_cents is None:
            raise _checks.FieldError("amount_cents", "a fee needs an amount in euro cents")
        if self.kind is CostKind.FREE and self.amount_cents is not None:
            raise _checks.FieldError("amount_cents", "a free offer has no amount")

    def euros(self) -> str | None:
        """The amount in German notation (``3,50 €``), or ``None`` without an amount."""
        if self.amount_cents is None:
            return None
        euros, cents = divmod(self.amount_cents, 100)
        return f"{euros:,}".replace(",", ".") + f",{cents:02d} €"


@attrs.frozen
class Registration:
    """Whether families need to sign up, and how.

    :param required: Whether registration is needed; low-threshold offers need none.
    :param contact: Where to sign up (a phone number, an email address or words).
    :param capacity: How many places there are.
    :param note: Details (``"bis Freitag vorher"``).
    """

    required: bool = False
    contact: str | None = attrs.field(default=None, validator=_checks.optional_text)
    capacity: int | None = attrs.field(default=None, validator=_checks.positive)
    note: Text | None = attrs.field(default=None, converter=as_optional_text)


def _closures(value: Any) -> tuple[Closure, ...]:
    return tuple(sorted(_checks.to_tuple(value), key=lambda c: (c.start, c.end)))


@attrs.frozen
class Offer:
    """An offer of a centre.

    :param id: The offer's identifier (a slug), unique in a store; it keeps an
        offer's iCal UID stable across exports.
    :param centre: The id of the centre that runs it.
    :param title: The title, German with translations.
    :param category: What kind of offer it is (:class:`~familycentre.taxonomy.Category`).
    :param description: What happens, in words.
    :param audiences: Who it is for.
    :param schedule: When it takes place; empty for offers on request (emergency
        childcare, for example).
    :param location: Room or place (``"Café im Erdgeschoss"``).
    :param cost: What it costs; free by default.
    :param registration: Whether and how to register; none needed by default.
    :param childcare: Whether children are looked after during the offer.
    :param languages: Languages the offer is held in.
    :param facilitation: Peers, professionals, or both.
    :param status: Active, paused or cancelled.
    :param accessibility: Accessibility features beyond the centre's.
    :param url: A web page about the offer.
    :param closures: Periods in which this offer pauses while the centre stays open
        (``[[offers.closures]]``: the kitchen is being renovated, the lunch table
        pauses); they apply whatever the schedules' ``open_on`` says.
    """

    id: str = attrs.field(validator=_checks.slug)
    centre: str = attrs.field(validator=_checks.slug)
    title: Text = attrs.field(converter=as_text)
    category: Category = attrs.field(converter=Category)
    description: Text | None = attrs.field(default=None, converter=as_optional_text)
    audiences: tuple[Audience, ...] = attrs.field(
        default=(), converter=_checks.to_tuple, validator=_checks.unique
    )
    schedule: tuple[Schedule, ...] = attrs.field(default=(), converter=_checks.to_tuple)
    location: str | None = attrs.field(default=None, validator=_checks.optional_text)
    cost: Cost = Cost()
    registration: Registration = Registration()
    childcare: bool = False
    languages: tuple[str, ...] = attrs.field(
        default=("de",), converter=_checks.to_tuple, validator=_checks.languages
    )
    facilitation: Facilitation = attrs.field(default=Facilitation.PEERS, converter=Facilitation)
    status: OfferStatus = attrs.field(default=OfferStatus.ACTIVE, converter=OfferStatus)
    accessibility: tuple[Accessibility, ...] = attrs.field(
        default=(), converter=_checks.to_tuple, validator=_checks.unique
    )
    url: str | None = attrs.field(default=None, validator=_checks.url)
    closures: tuple[Closure, ...] = attrs.field(default=(), converter=_closures)

    @property
    def on_request(self) -> bool:
        """Whether the offer has no fixed dates and takes place on request."""
        return not self.schedule
