"""vCard partner lists (RFC 6350 vCard 4.0, or vCard 3.0 for older address books).

One card per partner organisation (``KIND:org`` in 4.0), one per contact person
(``RELATED`` to the organisation's card in 4.0; in 3.0 linked by ``ORG``), and one for
each centre. Cards are built and serialised with vobject, the vCard library that
Radicale and khard use; this module decides only what goes on a card.

UIDs are ``urn:uuid:`` URNs derived from the record ids (UUID version 5), so the
same partner keeps its UID across exports and address books update the card instead
of duplicating it. ``REV`` is the record's last modification time from the store,
never the time of the export, so the same data gives byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Iterator
from typing import IO, Any

import attrs

from familycentre.errors import InvalidData, Problem
from familycentre.export.base import Exporter, ExportOptions, Option, Visibility
from familycentre.export.select import selected_centres
from familycentre.export.sources import ExportSource
from familycentre.model.centre import Centre
from familycentre.model.contact import Address, Contact, Phone, PhoneKind
from familycentre.model.partner import Partner
from familycentre.model.text import Text

__all__ = [
    "VCARD_VERSIONS",
    "Card",
    "VCardExporter",
    "card_uid",
    "centre_card",
    "partner_cards",
    "serialize_card",
    "write_cards",
]

VCARD_VERSIONS = ("4.0", "3.0")
"""The vCard versions written; 4.0 is the default."""

_NAMESPACE = uuid.UUID("6f1c1f64-36a5-5a4e-9d1e-2f1b4b1d7c11")
_COUNTRIES = {
    "de": {"DE": "Deutschland", "AT": "Österreich", "CH": "Schweiz", "NL": "Niederlande"},
    "en": {"DE": "Germany", "AT": "Austria", "CH": "Switzerland", "NL": "Netherlands"},
}
_PHONE_TYPES = {
    PhoneKind.VOICE: ("work", "voice"),
    PhoneKind.MOBILE: ("work", "cell"),
    PhoneKind.FAX: ("work", "fax"),
    PhoneKind.TEXT: ("work", "text"),
}


def _phone_types(phone: Phone) -> tuple[str, ...]:
    """The TYPE values of a number: a mobile number is ``cell`` even when not marked so."""
    if phone.kind is PhoneKind.VOICE and _is_mobile(phone.number):
        return _PHONE_TYPES[PhoneKind.MOBILE]
    return _PHONE_TYPES[phone.kind]


def _is_mobile(number: str) -> bool:
    import phonenumbers

    kind = phonenumbers.number_type(phonenumbers.parse(number))
    return kind in (phonenumbers.PhoneNumberType.MOBILE,)


_NAME_PREFIXES = ("Dr.", "Prof.", "Dipl.-Psych.", "Frau", "Herr")


def card_uid(kind: str, *ids: str) -> str:
    """A stable UID for a card: a ``urn:uuid:`` derived from the record's kind and ids."""
    return "urn:uuid:" + str(uuid.uuid5(_NAMESPACE, "/".join((kind, *ids))))


@attrs.frozen
class Card:
    """What one vCard says, before it is written in a vCard version.

    :param uid: The card's stable UID.
    :param name: The formatted name (``FN``).
    :param organisation: Whether this card is an organisation (``KIND:org``).
    :param org: The organisation's name (``ORG``).
    :param family: Family name of a person (``N``).
    :param given: Given names of a person.
    :param prefix: Honorific prefix (``Dr.``).
    :param title: Job title or role.
    :param phones: Phone numbers.
    :param emails: Email addresses.
    :param address: Postal address.
    :param url: Web address.
    :param categories: Category labels.
    :param note: A note.
    :param languages: Language tags spoken.
    :param geo: Latitude and longitude.
    :param related: UID of the organisation a person belongs to.
    :param revision: When the data last changed (``REV``).
    """

    uid: str
    name: str
    organisation: bool
    org: str | None = None
    family: str = ""
    given: str = ""
    prefix: str = ""
    title: str | None = None
    phones: tuple[Phone, ...] = ()
    emails: tuple[str, ...] = ()
    address: Address | None = None
    url: str | None = None
    categories: tuple[str, ...] = ()
    note: str | None = None
    languages: tuple[str, ...] = ()
    geo: tuple[float, float] | None = None
    related: str | None = None
    revision: dt.datetime | None = None


def _split_name(name: str) -> tuple[str, str, str]:
    """Split a person's name into (prefix, given, family): ``Dr. Lena Hoffmann``."""
    words = name.split()
    prefixes = []
    while len(words) > 1 and words[0] in _NAME_PREFIXES:
        prefixes.append(words.pop(0))
    family = words.pop() if words else ""
    return " ".join(prefixes), " ".join(words), family


def _text(text: Text | None, language: str) -> str | None:
    return None if text is None else text.get(language)


def _contact(contact: Contact) -> dict[str, Any]:
    return {"phones": contact.phones, "emails": contact.emails, "url": contact.website}


def centre_card(
    centre: Centre, *, language: str = "de", revision: dt.datetime | None = None
) -> Card:
    """The card of a centre."""
    geo = centre.address.geo if centre.address else None
    return Card(
        uid=card_uid("centre", centre.id),
        name=centre.name.get(language),
        organisation=True,
        org=centre.name.get(language),
        address=centre.address,
        categories=(centre.kind.label(language),),
        note=_text(centre.description, language),
        languages=centre.languages,
        geo=(geo.lat, geo.lon) if geo else None,
        revision=revision,
        **_contact(centre.contact),
    )


def partner_cards(
    partner: Partner, *, language: str = "de", revision: dt.datetime | None = None
) -> list[Card]:
    """The cards of a partner: the organisation, then one per contact person."""
    organisation = partner.name.get(language)
    uid = card_uid("partner", partner.id)
    category = partner.kind.label(language)
    cards = [
        Card(
            uid=uid,
            name=organisation,
            organisation=True,
            org=organisation,
            address=partner.address,
            categories=(category,),
            note=_text(partner.notes, language),
            languages=partner.languages,
            geo=(partner.address.geo.lat, partner.address.geo.lon)
            if partner.address and partner.address.geo
            else None,
            revision=revision,
            **_contact(partner.contact),
        )
    ]
    for index, person in enumerate(partner.contacts):
        prefix, given, family = _split_name(person.name)
        cards.append(
            Card(
                uid=card_uid("person", partner.id, str(index), person.name),
                name=person.name,
                organisation=False,
                org=organisation,
                family=family,
                given=given,
                prefix=prefix,
                title=person.role,
                phones=person.phones,
                emails=person.emails,
                categories=(category,),
                related=uid,
                revision=revision,
            )
        )
    return cards


def _vobject_card(card: Card, version: str, language: str) -> Any:
    import vobject

    v4 = version == "4.0"
    vcard = vobject.vCard()
    vcard.add("version").value = version
    vcard.add("uid").value = card.uid
    vcard.add("fn").value = card.name
    if card.organisation:
        if v4:
            vcard.add("kind").value = "org"
        else:  # how 3.0 address books (Apple's among them) tell an organisation's card
            vcard.add("x-abshowas").value = "COMPANY"
        vcard.add("n").value = vobject.vcard.Name()
    else:
        vcard.add("n").value = vobject.vcard.Name(
            family=card.family, given=card.given, prefix=card.prefix
        )
    if card.org:
        vcard.add("org").value = [card.org]
    if card.title:
        vcard.add("title").value = card.title
    labelled = 0
    for phone in card.phones:
        group = None
        if phone.label:
            labelled += 1
            group = f"item{labelled}"
        tel = vcard.add("tel", group=group)
        types = list(_phone_types(phone))
        if v4:
            tel.value = phone.uri()
            tel.params["VALUE"] = ["uri"]
            tel.params["TYPE"] = types
        else:
            tel.value = phone.international()
            tel.params["TYPE"] = [t.upper() for t in types]
        if group is not None:
            # the label as Apple, Google and Android address books read it, in 3.0 and
            # 4.0 alike: an X-ABLabel in the same item group as the TEL
            vcard.add("x-ablabel", group=group).value = phone.label
    for email in card.emails:
        item = vcard.add("email")
        item.value = email
        item.params["TYPE"] = ["work"] if v4 else ["INTERNET", "WORK"]
    if card.address is not None:
        countries = _COUNTRIES.get(language.split("-")[0], _COUNTRIES["de"])
        adr = vcard.add("adr")
        adr.value = vobject.vcard.Address(
            street=card.address.street,
            city=card.address.city,
            code=card.address.postal_code,
            country=countries.get(card.address.country, card.address.country),
        )
        adr.params["TYPE"] = ["work"] if v4 else ["WORK"]
    if card.geo is not None:
        lat, lon = card.geo
        vcard.add("geo").value = f"geo:{lat},{lon}" if v4 else f"{lat};{lon}"
    if card.url:
        vcard.add("url").value = card.url
    if card.categories:
        vcard.add("categories").value = list(card.categories)
    if card.note:
        vcard.add("note").value = card.note
    if v4:
        for preference, tag in enumerate(card.languages, start=1):
            lang = vcard.add("lang")
            lang.value = tag
            lang.params["PREF"] = [str(preference)]
        if card.related:
            related = vcard.add("related")
            related.value = card.related
            related.params["VALUE"] = ["uri"]
    if card.revision is not None:
        stamp = card.revision.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        vcard.add("rev").value = stamp
    return vcard


def serialize_card(card: Card, version: str = "4.0", language: str = "de") -> bytes:
    """One card as vCard text (UTF-8, CRLF line ends, folded at 75 octets)."""
    if version not in VCARD_VERSIONS:
        raise ValueError(f"unknown vCard version {version!r}: use 4.0 or 3.0")
    text: str = _vobject_card(card, version, language).serialize()
    return fold_lines(text.replace("\r\n ", "").replace("\r\n\t", ""))


FOLD_OCTETS = 75
"""The longest physical line of a vCard in octets, line break excluded (RFC 6350, 3.2)."""


def fold_lines(text: str) -> bytes:
    """Fold unfolded vCard (or iCal) text at :data:`FOLD_OCTETS` octets of UTF-8.

    Each content line is cut into physical lines of at most 75 octets; continuation
    lines start with one space (which counts). A multi-octet character is never cut
    (RFC 6350, section 3.2). Lines end in CRLF.
    """
    out = bytearray()
    for line in text.split("\r\n"):
        if not line:
            continue
        budget = FOLD_OCTETS
        used = 0
        for char in line:
            size = len(char.encode("utf-8"))
            if used + size > budget:
                out += b"\r\n "
                budget, used = FOLD_OCTETS, 1
            out += char.encode("utf-8")
            used += size
        out += b"\r\n"
    return bytes(out)


def write_cards(
    stream: IO[bytes], cards: Iterable[Card], *, version: str = "4.0", language: str = "de"
) -> int:
    """Write cards to a binary stream one by one; return how many were written."""
    count = 0
    for card in cards:
        stream.write(serialize_card(card, version, language))
        count += 1
    return count


class VCardExporter(Exporter):
    """The partner list as vCards: the centres, each partner and its contact persons.

    Options: ``version`` (``4.0`` by default, or ``3.0``), ``centre_cards`` (include
    the selected centres' own cards; true by default). An internal export: the cards
    carry contact persons' direct numbers, for staff phones.
    """

    name = "vcard"
    title = "vCard partner list"
    media_type = "text/vcard"
    suffix = ".vcf"
    visibility = Visibility.INTERNAL
    options = (
        Option("version", "vCard version: 4.0 (RFC 6350) or 3.0", "4.0", ("4.0", "3.0")),
        Option("centre_cards", "also write a card for each selected centre", True),
    )

    def write(self, source: ExportSource, options: ExportOptions, stream: IO[bytes]) -> None:
        """Write the cards of the selected centres and of every partner to ``stream``."""
        version = str(options.extra.get("version", "4.0"))
        if version not in VCARD_VERSIONS:
            raise InvalidData(
                [Problem(("version",), f"unknown vCard version {version!r}: use 4.0 or 3.0")]
            )
        language = options.language
        write_cards(stream, self._cards(source, options), version=version, language=language)

    def _cards(self, source: ExportSource, options: ExportOptions) -> Iterator[Card]:
        """The cards, one by one: the selected centres', then every partner's."""
        language = options.language
        if options.extra.get("centre_cards", True):
            for record in selected_centres(source, options):
                yield centre_card(record.value, language=language, revision=record.modified)
        for partner in source.records(Partner):
            yield from partner_cards(partner.value, language=language, revision=partner.modified)
