"""A partner of the local network: an office, a counselling service, a doctor, a school."""

from __future__ import annotations

import attrs

from familycentre.model import _checks
from familycentre.model.contact import Address, Contact, ContactPerson
from familycentre.model.text import Text, as_optional_text, as_text
from familycentre.taxonomy import PartnerKind

__all__ = ["Partner"]


@attrs.frozen
class Partner:
    """A professional partner that centres refer families to.

    :param id: The partner's identifier (a slug), unique in a store.
    :param name: The organisation's name.
    :param kind: What kind of partner it is (:class:`~familycentre.taxonomy.PartnerKind`).
    :param contact: The organisation's phones, emails and website.
    :param contacts: Contact persons with their roles.
    :param address: Where it is.
    :param languages: Languages in which families are served.
    :param notes: Notes for staff (``"offene Sprechstunde dienstags"``).
    """

    id: str = attrs.field(validator=_checks.slug)
    name: Text = attrs.field(converter=as_text)
    kind: PartnerKind = attrs.field(converter=PartnerKind)
    contact: Contact = Contact()
    contacts: tuple[ContactPerson, ...] = attrs.field(default=(), converter=_checks.to_tuple)
    address: Address | None = None
    languages: tuple[str, ...] = attrs.field(
        default=("de",), converter=_checks.to_tuple, validator=_checks.languages
    )
    notes: Text | None = attrs.field(default=None, converter=as_optional_text)
