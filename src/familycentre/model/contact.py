"""Contact points: phone numbers, addresses, coordinates, contact persons."""

from __future__ import annotations

import contextlib
import contextvars
import enum
import re
from collections.abc import Iterator
from typing import Any

import attrs

from familycentre.model import _checks

__all__ = [
    "Address",
    "Contact",
    "ContactPerson",
    "Geo",
    "Phone",
    "PhoneKind",
    "default_phone_region",
    "normalize_phone",
]

_region: contextvars.ContextVar[str] = contextvars.ContextVar("phone_region", default="DE")
_POSTAL_CODE = re.compile(r"[0-9]{5}")


@contextlib.contextmanager
def default_phone_region(region: str) -> Iterator[None]:
    """Read national phone numbers (``0231 123456``) as numbers of ``region`` in this block.

    ``region`` is a country code (``DE``, ``AT``) or a region code like ``DE-NW``.
    Outside any such block national numbers are read as German ones. Loading a data
    file uses the centre's region for every number in the file.
    """
    token = _region.set(region.split("-")[0].upper())
    try:
        yield
    finally:
        _region.reset(token)


def normalize_phone(value: str) -> str:
    """Parse a phone number and return it in E.164 form (``+49231123456``).

    National numbers are read in the current default region (see
    :func:`default_phone_region`). Raises :class:`ValueError` naming the number and
    what is wrong with it.
    """
    import phonenumbers  # deferred: its metadata is only needed when numbers are parsed

    if not isinstance(value, str):
        raise TypeError(f"a phone number must be text, not {type(value).__name__}")
    region = _region.get()
    if any(c.isascii() and c.isalpha() for c in value):
        raise ValueError(f"{value!r} is not a valid phone number: it contains letters")
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException as exc:
        reasons = {
            phonenumbers.NumberParseException.INVALID_COUNTRY_CODE: "unknown country code",
            phonenumbers.NumberParseException.NOT_A_NUMBER: "it is not a phone number",
            phonenumbers.NumberParseException.TOO_SHORT_AFTER_IDD: "too short",
            phonenumbers.NumberParseException.TOO_SHORT_NSN: "too short",
            phonenumbers.NumberParseException.TOO_LONG: "too long",
        }
        raise ValueError(
            f"{value!r} is not a valid phone number: {reasons.get(exc.error_type, str(exc))}"
        ) from None
    if not phonenumbers.is_valid_number(number):
        result = phonenumbers.is_possible_number_with_reason(number)
        significant = phonenumbers.national_significant_number(number)
        reason = {
            phonenumbers.ValidationResult.TOO_SHORT: "too short",
            phonenumbers.ValidationResult.TOO_LONG: "too long",
            phonenumbers.ValidationResult.INVALID_COUNTRY_CODE: "unknown country code",
            phonenumbers.ValidationResult.INVALID_LENGTH: "wrong number of digits",
            phonenumbers.ValidationResult.IS_POSSIBLE_LOCAL_ONLY: (
                "too short (a local number needs its area code)"
            ),
        }.get(result)
        if reason is None:
            country = phonenumbers.region_code_for_number(number) or region
            reason = (
                "too short"
                if len(significant) < 6
                else f"no such number in {country} (check the area code and the digits)"
            )
        raise ValueError(f"{value!r} is not a valid phone number: {reason}")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class PhoneKind(enum.StrEnum):
    """What a phone number is for."""

    VOICE = "voice"
    MOBILE = "mobile"
    FAX = "fax"
    TEXT = "text"


@attrs.frozen
class Phone:
    """A validated phone number, kept in E.164 form.

    >>> Phone("0231 123456").number
    '+49231123456'

    :param number: The number; national numbers are read in the default region
        (:func:`default_phone_region`), stored in E.164.
    :param kind: Voice, mobile, fax or text messages.
    :param label: Optional label, for example ``"Büro"`` or ``"nur Mo–Fr"``.
    """

    number: str = attrs.field(converter=normalize_phone)
    kind: PhoneKind = attrs.field(default=PhoneKind.VOICE, converter=PhoneKind)
    label: str | None = attrs.field(default=None, validator=_checks.optional_text)

    def international(self) -> str:
        """The number in international format for people (``+49 231 123456``)."""
        import phonenumbers

        return phonenumbers.format_number(
            phonenumbers.parse(self.number), phonenumbers.PhoneNumberFormat.INTERNATIONAL
        )

    def uri(self) -> str:
        """The number as a ``tel:`` URI (RFC 3966)."""
        return f"tel:{self.number}"


def _phones(value: Any) -> tuple[Phone, ...]:
    items = _checks.to_tuple(value)
    return tuple(item if isinstance(item, Phone) else Phone(item) for item in items)


def _unique_numbers(
    instance: object, attribute: attrs.Attribute[Any], value: tuple[Phone, ...]
) -> None:
    _checks.unique(instance, attribute, tuple(phone.number for phone in value))


@attrs.frozen
class Geo:
    """Coordinates in WGS 84 degrees."""

    lat: float = attrs.field()
    lon: float = attrs.field()

    @lat.validator
    def _check_lat(self, attribute: attrs.Attribute[float], value: float) -> None:
        if not -90.0 <= value <= 90.0:
            raise _checks.FieldError("lat", f"must lie between -90 and 90, not {value}")

    @lon.validator
    def _check_lon(self, attribute: attrs.Attribute[float], value: float) -> None:
        if not -180.0 <= value <= 180.0:
            raise _checks.FieldError("lon", f"must lie between -180 and 180, not {value}")


@attrs.frozen
class Address:
    """A postal address.

    :param street: Street and house number.
    :param postal_code: Postal code; five digits in Germany.
    :param city: City or municipality.
    :param country: ISO 3166-1 country code, ``DE`` by default.
    :param geo: Optional coordinates of the entrance.
    """

    street: str = attrs.field(validator=_checks.text)
    postal_code: str = attrs.field(validator=_checks.text)
    city: str = attrs.field(validator=_checks.text)
    country: str = attrs.field(default="DE")
    geo: Geo | None = None

    @country.validator
    def _check_country(self, attribute: attrs.Attribute[str], value: str) -> None:
        if not (len(value) == 2 and value.isascii() and value.isalpha() and value.isupper()):
            raise _checks.FieldError(
                "country", f"{value!r} is not a two-letter country code like 'DE'"
            )

    def __attrs_post_init__(self) -> None:
        if self.country == "DE" and not _POSTAL_CODE.fullmatch(self.postal_code):
            raise _checks.FieldError(
                "postal_code", f"{self.postal_code!r} is not a German postal code (five digits)"
            )

    def lines(self) -> tuple[str, ...]:
        """The address as lines for a label: street, then postal code and city."""
        return (self.street, f"{self.postal_code} {self.city}")

    def __str__(self) -> str:
        return ", ".join(self.lines())


@attrs.frozen
class Contact:
    """How to reach a centre or organisation: phones, emails, a website.

    :param phones: Phone numbers (text or :class:`Phone`).
    :param emails: Email addresses.
    :param website: Web address (``https://...``).
    """

    phones: tuple[Phone, ...] = attrs.field(
        default=(), converter=_phones, validator=_unique_numbers
    )
    emails: tuple[str, ...] = attrs.field(
        default=(), converter=_checks.to_tuple, validator=_checks.emails
    )
    website: str | None = attrs.field(default=None, validator=_checks.url)


@attrs.frozen
class ContactPerson:
    """A person to contact at a partner organisation.

    :param name: The person's name as it should be shown (``"Ayşe Demir"``).
    :param role: Their role (``"Sozialarbeiterin, Frühe Hilfen"``).
    :param phones: Direct phone numbers.
    :param emails: Direct email addresses.
    """

    name: str = attrs.field(validator=_checks.text)
    role: str | None = attrs.field(default=None, validator=_checks.optional_text)
    phones: tuple[Phone, ...] = attrs.field(
        default=(), converter=_phones, validator=_unique_numbers
    )
    emails: tuple[str, ...] = attrs.field(
        default=(), converter=_checks.to_tuple, validator=_checks.emails
    )
