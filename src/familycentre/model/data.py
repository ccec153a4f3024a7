"""A centre's whole data: the centre, its offers and its network partners."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from familycentre.model import _checks
from familycentre.model.centre import Centre
from familycentre.model.offer import Offer
from familycentre.model.partner import Partner

__all__ = ["CentreData"]


def _offers(value: Iterable[Offer]) -> tuple[Offer, ...]:
    return _checks.to_tuple(value)


def _partners(value: Iterable[Partner]) -> tuple[Partner, ...]:
    return _checks.to_tuple(value)


def _unique_ids(instance: object, attribute: attrs.Attribute[Any], value: Iterable[Any]) -> None:
    seen: set[str] = set()
    for item in value:
        if item.id in seen:
            raise _checks.FieldError(attribute.name, f"id {item.id!r} is used twice")
        seen.add(item.id)


@attrs.frozen
class CentreData:
    """What one data file holds: a centre, its offers and its partners.

    :param centre: The centre.
    :param offers: Its offers; each offer's ``centre`` is the centre's id.
    :param partners: The partners of its network.
    """

    centre: Centre
    offers: tuple[Offer, ...] = attrs.field(default=(), converter=_offers, validator=_unique_ids)
    partners: tuple[Partner, ...] = attrs.field(
        default=(), converter=_partners, validator=_unique_ids
    )

    def __attrs_post_init__(self) -> None:
        for offer in self.offers:
            if offer.centre != self.centre.id:
                raise _checks.FieldError(
                    "offers",
                    f"offer {offer.id!r} belongs to centre {offer.centre!r}, "
                    f"not {self.centre.id!r}",
                )

    def offer(self, offer_id: str) -> Offer:
        """The offer with this id (:class:`KeyError` if there is none)."""
        for offer in self.offers:
            if offer.id == offer_id:
                return offer
        raise KeyError(offer_id)
