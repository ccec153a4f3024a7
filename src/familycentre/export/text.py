"""The words of exports: an offer's description for calendars and printed programmes.

Labels (``Cost``, ``Registration``, ...) come from the catalogues of
:mod:`familycentre.i18n`; amounts are formatted for the language with Babel. Data
text (descriptions, notes, rooms) is taken in the language where the data has a
translation and in German otherwise; :func:`describe_offer` says which languages the
result is in, so that exports can tag it honestly.
"""

from __future__ import annotations

import functools

import attrs

from familycentre.i18n import N_, translator
from familycentre.model.centre import Centre
from familycentre.model.offer import Cost, CostKind, Facilitation, Offer
from familycentre.model.text import GERMAN, Text

__all__ = [
    "OfferText",
    "cost_text",
    "describe_offer",
    "facilitation_text",
    "language_name",
    "offer_description",
    "phrase",
]


_PHRASES: dict[str, str] = {
    "cost": N_("Cost"),
    "free": N_("free"),
    "donation": N_("by donation"),
    "sliding_scale": N_("sliding scale"),
    "registration": N_("Registration"),
    "not_needed": N_("not needed – just drop in"),
    "required": N_("required"),
    "childcare": N_("Childcare"),
    "childcare_yes": N_("during the offer"),
    "languages": N_("Languages"),
    "accessibility": N_("Accessibility"),
    "location": N_("Place"),
    "by_peers": N_("Run by parents for parents"),
    "by_professionals": N_("Run by professionals"),
    "by_mixed": N_("Run by volunteers and professionals"),
    "on_request": N_("on request"),
}


def phrase(key: str, language: str = "de") -> str:
    """A fixed phrase of exports (``cost``, ``registration``, ...) in ``language``."""
    return translator(language).gettext(_PHRASES[key])


@functools.cache
def language_name(tag: str, language: str = "de") -> str:
    """The name of the language ``tag`` in ``language`` (Babel's CLDR data): ``Türkisch``."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(tag.replace("-", "_")).get_display_name(translator(language).locale)
    except (ValueError, UnknownLocaleError):
        return tag
    return name or tag


@attrs.frozen
class OfferText:
    """A text built from labels and data, with the languages it is written in.

    :param text: The text.
    :param languages: Every language a part of it is in (labels and data).
    """

    text: str
    languages: frozenset[str]

    @property
    def language(self) -> str | None:
        """The one language the whole text is in, or ``None`` for mixed text."""
        return next(iter(self.languages)) if len(self.languages) == 1 else None


class _Parts:
    def __init__(self, language: str) -> None:
        self.language = language
        self.languages: set[str] = set()

    def data(self, text: Text) -> str:
        tag, value = text.resolve(self.language)
        self.languages.add(tag)
        return value

    def german(self, value: str) -> str:
        self.languages.add(GERMAN)
        return value


def cost_text(cost: Cost, language: str = "de", *, note: bool = True) -> OfferText:
    """What taking part costs, in words: ``2,50 €, Kinder frei``.

    :param note: Whether to add the cost's note (data text, perhaps in German).
    """
    t = translator(language)
    parts = _Parts(language)
    parts.languages.add(t.language)
    if cost.kind is CostKind.FREE:
        text = t.gettext("free")
    elif cost.kind is CostKind.FEE:
        text = t.money(cost.amount_cents or 0)
    else:
        text = (
            t.gettext("by donation")
            if cost.kind is CostKind.DONATION
            else t.gettext("sliding scale")
        )
        if cost.amount_cents is not None:
            text = t.gettext("{kind} (suggested {amount})").format(
                kind=text, amount=t.money(cost.amount_cents)
            )
    if note and cost.note is not None:
        text = f"{text}, {parts.data(cost.note)}"
    return OfferText(text, frozenset(parts.languages))


def describe_offer(offer: Offer, centre: Centre, language: str = "de") -> OfferText:
    """What a calendar shows about an offer: what it is, cost, registration, and more.

    Labels are in ``language`` (German when it has no catalogue); data text is in
    ``language`` where the data has a translation, German otherwise. The result
    names every language it contains.
    """
    t = translator(language)
    parts = _Parts(language)
    parts.languages.add(t.language)
    lines: list[str] = []
    if offer.description is not None:
        lines.append(parts.data(offer.description))
        lines.append("")
    cost = cost_text(offer.cost, language)
    parts.languages.update(cost.languages)
    lines.append(f"{t.gettext('Cost')}: {cost.text}")
    registration = offer.registration
    if registration.required:
        details = [t.gettext("required")]
        if registration.contact:
            details.append(registration.contact)
        if registration.capacity:
            details.append(
                t.ngettext("{count} place", "{count} places", registration.capacity).format(
                    count=t.number(registration.capacity)
                )
            )
        if registration.note is not None:
            details.append(parts.data(registration.note))
        lines.append(f"{t.gettext('Registration')}: {', '.join(details)}")
    else:
        lines.append(f"{t.gettext('Registration')}: {t.gettext('not needed – just drop in')}")
    if offer.childcare:
        lines.append(f"{t.gettext('Childcare')}: {t.gettext('during the offer')}")
    languages = ", ".join(language_name(tag, t.language) for tag in offer.languages)
    lines.append(f"{t.gettext('Languages')}: {languages}")
    features = [*centre.accessibility, *offer.accessibility]
    if features or centre.accessibility_note is not None:
        text = ", ".join(dict.fromkeys(feature.label(t.language) for feature in features))
        if centre.accessibility_note is not None:
            note = parts.data(centre.accessibility_note)
            text = f"{text}. {note}" if text else note
        lines.append(f"{t.gettext('Accessibility')}: {text}")
    if offer.location:
        lines.append(f"{t.gettext('Place')}: {parts.german(offer.location)}")
    lines.append(facilitation_text(offer.facilitation, t.language))
    return OfferText("\n".join(lines), frozenset(parts.languages))


def facilitation_text(facilitation: Facilitation, language: str = "de") -> str:
    """Who runs an offer, in words."""
    t = translator(language)
    if facilitation is Facilitation.PEERS:
        return t.gettext("Run by parents for parents")
    if facilitation is Facilitation.PROFESSIONALS:
        return t.gettext("Run by professionals")
    return t.gettext("Run by volunteers and professionals")


def offer_description(offer: Offer, centre: Centre, language: str = "de") -> str:
    """The text of :func:`describe_offer` alone."""
    return describe_offer(offer, centre, language).text
