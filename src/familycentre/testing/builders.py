"""Small, valid records for tests: every field has a sensible default, any can be set."""

from __future__ import annotations

import datetime as dt
from typing import Any

from familycentre.model.centre import Centre
from familycentre.model.data import CentreData
from familycentre.model.offer import Offer
from familycentre.model.partner import Partner
from familycentre.model.referral import Referral
from familycentre.model.schedule import Schedule, TimeWindow, Weekday
from familycentre.model.text import Text
from familycentre.taxonomy import Audience, Category, CentreKind, Need, PartnerKind

_TUESDAY_MORNING: dict[str, Any] = {
    "weekly": (Weekday("tue"),),
    "times": (TimeWindow.parse("09:00-11:00"),),
}

__all__ = ["make_centre", "make_centre_data", "make_offer", "make_partner", "make_referral"]


def make_centre(id: str = "sonnenblume", **fields: Any) -> Centre:
    """A centre; ``fields`` override the defaults (a mothers' centre in Dortmund)."""
    values: dict[str, Any] = {
        "name": Text("Mütterzentrum Sonnenblume", {"en": "Sunflower Mothers' Centre"}),
        "kind": CentreKind.MOTHERS_CENTRE,
        "municipality": "Dortmund",
    }
    values.update(fields)
    return Centre(id=id, **values)


def make_offer(id: str = "fruehstueck", centre: str = "sonnenblume", **fields: Any) -> Offer:
    """An offer of ``centre``; ``fields`` override the defaults (a weekly breakfast)."""
    values: dict[str, Any] = {
        "title": Text("Familienfrühstück", {"en": "Family breakfast"}),
        "category": Category.BREAKFAST,
        "audiences": (Audience.FAMILIES, Audience.PARENTS),
        "schedule": (Schedule(**_TUESDAY_MORNING),),
    }
    values.update(fields)
    return Offer(id=id, centre=centre, **values)


def make_partner(id: str = "erziehungsberatung", **fields: Any) -> Partner:
    """A partner; ``fields`` override the defaults (a family counselling service)."""
    values: dict[str, Any] = {
        "name": Text("Erziehungsberatungsstelle Hörde", {"en": "Family counselling Hörde"}),
        "kind": PartnerKind.FAMILY_COUNSELLING,
    }
    values.update(fields)
    return Partner(id=id, **values)


def make_referral(
    id: str = "r-1",
    centre: str = "sonnenblume",
    partner: str = "erziehungsberatung",
    **fields: Any,
) -> Referral:
    """A referral from ``centre`` to ``partner``; ``fields`` override the defaults."""
    values: dict[str, Any] = {
        "family": "familie-7f3a",
        "need": Need.PARENTING,
        "created": dt.date(2026, 3, 2),
    }
    values.update(fields)
    return Referral(id=id, centre=centre, partner=partner, **values)


def make_centre_data(
    centre: str = "sonnenblume", *, offers: int = 3, partners: int = 2, tag: str = ""
) -> CentreData:
    """A centre with ``offers`` offers and ``partners`` partners; ``tag`` goes into titles."""
    categories = list(Category)
    audiences = list(Audience)
    kinds = list(PartnerKind)
    offer_list = [
        make_offer(
            f"{centre}-offer-{n}",
            centre,
            title=Text(f"Angebot {n}{tag}", {"en": f"Offer {n}{tag}"}),
            category=categories[n % len(categories)],
            audiences=(audiences[n % len(audiences)], audiences[(n + 3) % len(audiences)]),
        )
        for n in range(offers)
    ]
    partner_list = [
        make_partner(
            f"{centre}-partner-{n}",
            name=Text(f"Partner {n}{tag}"),
            kind=kinds[n % len(kinds)],
        )
        for n in range(partners)
    ]
    make: Any = CentreData  # attrs' converters confuse type checkers about the lists
    data: CentreData = make(
        make_centre(centre, name=Text(f"Zentrum {centre}{tag}")), offer_list, partner_list
    )
    return data
