"""The words of exports: an offer's description for calendars, in German or English."""

from __future__ import annotations

from familycentre.model.centre import Centre
from familycentre.model.offer import CostKind, Facilitation, Offer

__all__ = ["offer_description", "phrase"]

_PHRASES: dict[str, tuple[str, str]] = {
    "cost": ("Kosten", "Cost"),
    "free": ("kostenlos", "free"),
    "donation": ("gegen Spende", "by donation"),
    "sliding_scale": ("nach Selbsteinschätzung", "sliding scale"),
    "suggested": ("Richtwert", "suggested"),
    "registration": ("Anmeldung", "Registration"),
    "not_needed": ("nicht nötig – einfach vorbeikommen", "not needed – just drop in"),
    "required": ("erforderlich", "required"),
    "places": ("Plätze", "places"),
    "childcare": ("Kinderbetreuung", "Childcare"),
    "childcare_yes": ("während des Angebots", "during the offer"),
    "languages": ("Sprachen", "Languages"),
    "accessibility": ("Barrierefreiheit", "Accessibility"),
    "location": ("Ort", "Place"),
    "by_peers": ("Von Eltern für Eltern", "Run by parents for parents"),
    "by_professionals": ("Mit Fachkräften", "Run by professionals"),
    "by_mixed": ("Von Ehrenamtlichen und Fachkräften", "Run by volunteers and professionals"),
    "on_request": ("nach Absprache", "on request"),
}

_LANGUAGE_NAMES: dict[str, tuple[str, str]] = {
    "de": ("Deutsch", "German"),
    "en": ("Englisch", "English"),
    "tr": ("Türkisch", "Turkish"),
    "ar": ("Arabisch", "Arabic"),
    "uk": ("Ukrainisch", "Ukrainian"),
    "ru": ("Russisch", "Russian"),
    "pl": ("Polnisch", "Polish"),
    "fa": ("Persisch", "Persian"),
    "ku": ("Kurdisch", "Kurdish"),
    "ro": ("Rumänisch", "Romanian"),
    "bg": ("Bulgarisch", "Bulgarian"),
    "it": ("Italienisch", "Italian"),
    "es": ("Spanisch", "Spanish"),
    "fr": ("Französisch", "French"),
}


def _english(language: str) -> bool:
    return language.split("-")[0].lower() == "en"


def phrase(key: str, language: str = "de") -> str:
    """A fixed phrase of exports in German, or English for ``en``."""
    german, english = _PHRASES[key]
    return english if _english(language) else german


def _language_name(tag: str, language: str) -> str:
    names = _LANGUAGE_NAMES.get(tag.split("-")[0])
    if names is None:
        return tag
    return names[1] if _english(language) else names[0]


def offer_description(offer: Offer, centre: Centre, language: str = "de") -> str:
    """What a calendar shows about an offer: what it is, cost, registration, and more.

    Text comes in ``language`` where the data has a translation, German otherwise;
    the fixed phrases are English for ``en`` and German for every other language.
    """
    lines: list[str] = []
    if offer.description is not None:
        lines.append(offer.description.get(language))
        lines.append("")
    cost = offer.cost
    if cost.kind is CostKind.FREE:
        cost_text = phrase("free", language)
    elif cost.kind is CostKind.FEE:
        cost_text = cost.euros() or ""
    else:
        cost_text = phrase(cost.kind.value, language)
        if cost.amount_cents is not None:
            cost_text += f" ({phrase('suggested', language)} {cost.euros()})"
    if cost.note is not None:
        cost_text += f", {cost.note.get(language)}"
    lines.append(f"{phrase('cost', language)}: {cost_text}")
    registration = offer.registration
    if registration.required:
        details = [phrase("required", language)]
        if registration.contact:
            details.append(registration.contact)
        if registration.capacity:
            details.append(f"{registration.capacity} {phrase('places', language)}")
        if registration.note is not None:
            details.append(registration.note.get(language))
        lines.append(f"{phrase('registration', language)}: {', '.join(details)}")
    else:
        lines.append(f"{phrase('registration', language)}: {phrase('not_needed', language)}")
    if offer.childcare:
        lines.append(f"{phrase('childcare', language)}: {phrase('childcare_yes', language)}")
    languages = ", ".join(_language_name(tag, language) for tag in offer.languages)
    lines.append(f"{phrase('languages', language)}: {languages}")
    features = [*centre.accessibility, *offer.accessibility]
    if features or centre.accessibility_note is not None:
        text = ", ".join(dict.fromkeys(feature.label(language) for feature in features))
        if centre.accessibility_note is not None:
            note = centre.accessibility_note.get(language)
            text = f"{text}. {note}" if text else note
        lines.append(f"{phrase('accessibility', language)}: {text}")
    if offer.location:
        lines.append(f"{phrase('location', language)}: {offer.location}")
    key = {
        Facilitation.PEERS: "by_peers",
        Facilitation.PROFESSIONALS: "by_professionals",
        Facilitation.MIXED: "by_mixed",
    }[offer.facilitation]
    lines.append(phrase(key, language))
    return "\n".join(lines)
