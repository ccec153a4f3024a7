"""A centre: a mothers' centre, OHJA, family centre or multi-generation house."""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

import attrs

from familycentre.model import _checks
from familycentre.model.contact import Address, Contact
from familycentre.model.schedule import Schedule
from familycentre.model.text import Text, as_optional_text, as_text
from familycentre.taxonomy import Accessibility, CentreKind

__all__ = ["GERMAN_STATES", "Centre", "Closure"]

GERMAN_STATES = frozenset(
    {
        "BB",
        "BE",
        "BW",
        "BY",
        "HB",
        "HE",
        "HH",
        "MV",
        "NI",
        "NW",
        "RP",
        "SH",
        "SL",
        "SN",
        "ST",
        "TH",
    }
)
"""The ISO 3166-2 subdivision codes of the German states (``NW`` in ``DE-NW``)."""

_REGION = re.compile(r"[A-Z]{2}(?:-[A-Z0-9]{1,3})?")


@functools.cache
def _zone_exists(name: str) -> bool:
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _check_timezone(instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if not isinstance(value, str) or not value or not _zone_exists(value):
        raise _checks.FieldError(
            "timezone",
            f"{_checks.shown(value)} is not a known IANA time zone (like 'Europe/Berlin')",
        )


def _check_region(instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if not _REGION.fullmatch(value):
        raise _checks.FieldError(
            "region",
            f"{_checks.shown(value)} is not a region code like 'DE-NW' (country-subdivision)",
        )
    country, _, state = value.partition("-")
    if country == "DE" and state and state not in GERMAN_STATES:
        raise _checks.FieldError(
            "region",
            f"{value!r}: {state!r} is not a German state "
            f"(one of {', '.join(sorted(GERMAN_STATES))})",
        )
    covered = _holiday_regions()
    if country not in covered:
        raise _checks.FieldError(
            "region",
            f"{value!r}: {country!r} is not a country with a public holiday calendar "
            "(use an ISO 3166-1 code like 'DE', 'AT' or 'CH', with the state: 'DE-NW')",
        )
    if state and state not in covered[country]:
        known = sorted(s for s in covered[country] if _REGION.fullmatch(f"{country}-{s}"))
        listing = f" (one of {', '.join(known)})" if known else " (give the country alone)"
        raise _checks.FieldError(
            "region",
            f"{value!r}: {state!r} is not a subdivision of {country} with a public holiday "
            f"calendar{listing}",
        )


@functools.cache
def _holiday_regions() -> dict[str, frozenset[str]]:
    """Countries and subdivisions the holidays package has public holidays for."""
    import holidays  # lazily: ``import familycentre`` stays light

    return {
        country: frozenset(subdivisions)
        for country, subdivisions in holidays.list_supported_countries().items()
    }


def _closures(value: Any) -> tuple[Closure, ...]:
    return tuple(sorted(_checks.to_tuple(value), key=lambda c: (c.start, c.end)))


@attrs.frozen
class Closure:
    """A closure period: of the whole centre (summer break, Christmas), or of one offer.

    :param start: First closed day.
    :param end: Last closed day (inclusive).
    :param reason: Why it is closed (``"Sommerpause"``), for printed programmes.
    """

    start: dt.date = attrs.field(metadata={"key": "from"})
    end: dt.date = attrs.field(metadata={"key": "until"})
    reason: Text | None = attrs.field(default=None, converter=as_optional_text)

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise _checks.FieldError(
                "until", f"{self.end.isoformat()} lies before from ({self.start.isoformat()})"
            )

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


@attrs.frozen
class Centre:
    """A centre and how to find and reach it.

    :param id: The centre's identifier (a slug: ``sonnenblume``); used in file
        names, URLs and iCal UIDs, so it never changes.
    :param name: The centre's name.
    :param kind: Mothers' centre, OHJA, family centre or multi-generation house.
    :param municipality: The municipality (*Kommune*) it serves.
    :param district: The neighbourhood (*Stadtteil*).
    :param address: Where it is.
    :param contact: Phones, emails and website.
    :param timezone: IANA time zone of its schedules, ``Europe/Berlin`` by default.
    :param region: Region code for public and school holidays (``DE-NW``); its
        country is also the default region of national phone numbers.
    :param description: What the centre is, for programmes and address books.
    :param accessibility: Accessibility features of the house.
    :param accessibility_note: Accessibility in words.
    :param languages: Languages spoken by staff, as language tags.
    :param opening_hours: When the open meeting point (*offener Treff*) is open.
    :param closures: Periods in which the whole centre is closed.
    :param school_holidays: The school holidays of the centre's region from its own
        source, when the shipped data does not do (a data file names an iCal file:
        ``school_holidays = "ferien-nrw.ics"``); they replace the shipped data and are
        taken as complete from the first holiday's start to the last one's end.
    :param retention_months: How long the personal data of a closed referral is kept,
        in months, before ``familycentre purge`` erases it; ``None``: no setting (then
        only ``purge --older-than`` erases).
    """

    id: str = attrs.field(validator=_checks.slug)
    name: Text = attrs.field(converter=as_text)
    kind: CentreKind = attrs.field(converter=CentreKind)
    municipality: str = attrs.field(validator=_checks.text)
    district: str | None = attrs.field(default=None, validator=_checks.optional_text)
    address: Address | None = None
    contact: Contact = Contact()
    timezone: str = attrs.field(default="Europe/Berlin", validator=_check_timezone)
    region: str = attrs.field(default="DE-NW", validator=_check_region)
    description: Text | None = attrs.field(default=None, converter=as_optional_text)
    accessibility: tuple[Accessibility, ...] = attrs.field(
        default=(), converter=_checks.to_tuple, validator=_checks.unique
    )
    accessibility_note: Text | None = attrs.field(default=None, converter=as_optional_text)
    languages: tuple[str, ...] = attrs.field(
        default=("de",), converter=_checks.to_tuple, validator=_checks.languages
    )
    opening_hours: tuple[Schedule, ...] = attrs.field(default=(), converter=_checks.to_tuple)
    closures: tuple[Closure, ...] = attrs.field(default=(), converter=_closures)
    school_holidays: tuple[Closure, ...] = attrs.field(default=(), converter=_closures)
    retention_months: int | None = attrs.field(default=None, validator=_checks.positive)

    @property
    def country(self) -> str:
        """The country part of :attr:`region` (``DE``)."""
        return self.region.split("-")[0]
