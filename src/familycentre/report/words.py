"""The report's words, from the gettext catalogues, and its numbers, dates and months.

Sections ask for a word by a stable key (``"visits"``, ``"relief_argument"``,
``"unit_cases"``): :data:`WORDS` maps each key to its English message, which the
catalogues of :mod:`familycentre.i18n` translate (message context ``Report``), like
every other word the library publishes::

    >>> word("previous_year", "de", year=2025)
    'Vorjahr (2025)'
    >>> word("previous_year", "tr", year=2025)
    'Önceki yıl (2025)'

Numbers, shares and dates are formatted with Babel's locale data (``20,9`` and
``1.234`` in German, ``20.9`` and ``1,234`` in English); month names come from
Babel's CLDR data too (:func:`months`). Data text (titles, names) is not translated
here: :func:`data_text` picks the data's own translation and tags the language it
is really in.
"""

from __future__ import annotations

import datetime as dt
import enum

from familycentre.i18n import NP_, translator
from familycentre.model.text import Text
from familycentre.report.model import TaggedText

__all__ = [
    "CONTEXT",
    "WORDS",
    "data_text",
    "date",
    "label",
    "month_year",
    "months",
    "number",
    "percent",
    "word",
]

CONTEXT = "Report"
"""The message context of the report's words in the catalogues."""

WORDS: dict[str, str] = {
    # the report
    "title": NP_("Report", "What the centre does for the municipality"),
    "title_many": NP_("Report", "What the centres do for the municipality"),
    "title_network": NP_("Report", "Report for the network"),
    "year": NP_("Report", "Year"),
    "centres": NP_("Report", "Centres"),
    "previous_year": NP_("Report", "Previous year ({year})"),
    # Translators: the column of the key figures' names
    "figure": NP_("Report", "Figure"),
    "total": NP_("Report", "Total"),
    # Translators: a row for records that name no audience or no need
    "none": NP_("Report", "not given"),
    "no_data": NP_("Report", "no data"),
    "offers_behind": NP_("Report", "Offers behind it"),
    # Translators: {t} is the threshold (5); keep “<{t}” and “×” as they are printed
    "suppressed": NP_(
        "Report",
        "Counts about families and referrals below {t} are shown as “<{t}”; counts shown "
        "as “×” are larger but withheld, so that no small count can be worked out from "
        "the totals.",
    ),
    "counts_note": NP_(
        "Report",
        "Visits count every attendance: a family that comes every week counts every "
        "week. Families are only counted where the centre can tell them apart.",
    ),
    # units, shown after a number
    "unit_centres": NP_("Report", "centres"),
    "unit_offers": NP_("Report", "offers"),
    "unit_occurrences": NP_("Report", "occurrences"),
    "unit_visits": NP_("Report", "visits"),
    "unit_families": NP_("Report", "families"),
    "unit_referrals": NP_("Report", "referrals"),
    "unit_cases": NP_("Report", "cases"),
    "unit_contacts": NP_("Report", "contacts"),
    "unit_hours": NP_("Report", "hours"),
    "unit_hours_per_week": NP_("Report", "hours per week"),
    "unit_volunteers": NP_("Report", "volunteers"),
    "unit_groups": NP_("Report", "groups"),
    "unit_events": NP_("Report", "events"),
    "unit_partners": NP_("Report", "partners"),
    "unit_agreements": NP_("Report", "agreements"),
    "unit_meetings": NP_("Report", "meetings"),
    "unit_share": NP_("Report", "share"),
    # sections: a heading and the argument the figures evidence
    "overview": NP_("Report", "At a glance"),
    "overview_argument": NP_(
        "Report",
        "A first point of contact for the district's families: open, low-threshold, "
        "everything under one roof.",
    ),
    "relief": NP_("Report", "Relief for families"),
    "relief_argument": NP_(
        "Report",
        "Breakfast and lunch, laundry and transport services, homework help and holiday "
        "programmes relieve families in everyday life.",
    ),
    "emergencies": NP_("Report", "Help in emergencies"),
    "emergencies_argument": NP_(
        "Report",
        "Unbureaucratic help when it matters: childcare and household help during "
        "illness or a hospital stay.",
    ),
    "everyday_life": NP_("Report", "Organising everyday life"),
    "everyday_life_argument": NP_(
        "Report",
        "Brokering babysitters, childminders and school assistants helps families "
        "organise everyday life.",
    ),
    "family_budget": NP_("Report", "Family budget"),
    "family_budget_argument": NP_("Report", "Second-hand shops ease the family budget."),
    "integration": NP_("Report", "Integration and inclusion"),
    "integration_argument": NP_(
        "Report",
        "The centres integrate families new to the area, families with a migration "
        "background and people with disabilities.",
    ),
    "generations": NP_("Report", "Generations"),
    "generations_argument": NP_(
        "Report", "Intergenerational offers bring older people into a social network."
    ),
    "counselling": NP_("Report", "Counselling and referral"),
    "counselling_argument": NP_(
        "Report",
        "Counselling from parents for parents, close to everyday life and without "
        "appointments, and an uncomplicated referral to the local network's "
        "professionals, accompanied to the first appointment where needed.",
    ),
    "education": NP_("Report", "Education and return to work"),
    "education_argument": NP_(
        "Report", "Further training close to local needs that eases the return to work."
    ),
    "engagement": NP_("Report", "Engagement and participation"),
    "engagement_argument": NP_(
        "Report",
        "Family self-help, civic engagement and families' participation in local politics.",
    ),
    # Translators: the centre as the hub of the local network (German: "Spinne im
    # Netz"); use the image your language has for it, or a plain heading
    "network": NP_("Report", "The spider in the web"),
    "network_argument": NP_(
        "Report",
        "A node of the local network: cooperation with professionals and institutions, "
        "network meetings.",
    ),
    "demand": NP_("Report", "Demand and response"),
    "demand_argument": NP_(
        "Report", "Demand, not supply, shapes the programme: families' wishes become offers."
    ),
    # figures
    "centre_count": NP_("Report", "Centres"),
    "offer_count": NP_("Report", "Offers"),
    "hours_open": NP_("Report", "Hours open per week (drop-in)"),
    "peer_offers": NP_("Report", "Offers run by peers and volunteers"),
    "peer_share": NP_("Report", "Share of offers run by peers"),
    "families_reached": NP_("Report", "Families reached (distinct)"),
    "visits": NP_("Report", "Visits"),
    "first_time": NP_("Report", "of them first-time visits"),
    "occurrences": NP_("Report", "Occurrences in the year"),
    "hours_per_week": NP_("Report", "Hours offered per week"),
    "meals": NP_("Report", "Meals (breakfast, lunch)"),
    "help_cases": NP_("Report", "Help given on request"),
    "help_hours": NP_("Report", "Hours of help on request"),
    "brokerages": NP_("Report", "Brokerages (babysitters, childminders, school assistants)"),
    "shop_hours": NP_("Report", "Opening hours per week"),
    # Translators: {group} is an audience (seniors, families new to the area)
    "group_visits": NP_("Report", "Visits by {group}"),
    "other_languages": NP_("Report", "Offers in other languages"),
    "counselling_contacts": NP_("Report", "Talks and information contacts"),
    "referrals_made": NP_("Report", "Referrals to professionals"),
    "families_referred": NP_("Report", "Families referred (distinct)"),
    "referrals_accompanied_figure": NP_(
        "Report", "Referrals accompanied to the first appointment"
    ),
    "referrals_closed": NP_("Report", "Referrals closed"),
    "referrals_need_met": NP_("Report", "of them need met (closed loop)"),
    "volunteers": NP_("Report", "Volunteers (busiest month)"),
    "volunteer_hours": NP_("Report", "Volunteer hours"),
    "self_help_groups": NP_("Report", "Self-help groups (busiest month)"),
    "participation_events": NP_("Report", "Events of local bodies with families"),
    "participation_families": NP_("Report", "Family attendances"),
    "partners": NP_("Report", "Network partners"),
    "cooperations": NP_("Report", "Cooperation agreements"),
    "meetings_hosted": NP_("Report", "Network meetings hosted"),
    "meetings_attended": NP_("Report", "Network meetings attended"),
    "demands": NP_("Report", "Wishes and needs voiced"),
    "demand_families": NP_("Report", "Families who voiced them"),
    "waiting": NP_("Report", "Families on waiting lists"),
    "answered": NP_("Report", "Answered by an offer (new, changed, extended)"),
    # tables
    "attendance_by_offer": NP_("Report", "Attendance by offer"),
    "help_by_kind": NP_("Report", "Help by kind (cases)"),
    "help_by_need": NP_("Report", "Help by need (cases)"),
    "visits_by_group": NP_(
        "Report", "Visits by audience group (people may belong to several groups)"
    ),
    "contacts_by_topic": NP_("Report", "Talks and information by topic"),
    "referrals_by_need_and_partner_kind": NP_("Report", "Referrals by need and kind of partner"),
    "referrals_accompanied": NP_("Report", "Referrals accompanied to the first appointment"),
    "referrals_closed_by_reason": NP_("Report", "Referrals closed, by outcome"),
    "offers_by_category_and_audience": NP_("Report", "Offers by category and audience"),
    "offers_by_category": NP_("Report", "Offers, occurrences and hours by category"),
    "volunteer_hours_by_field": NP_("Report", "Volunteer hours by field"),
    "participation_by_body": NP_("Report", "Participation by body"),
    "partners_by_kind": NP_("Report", "Network partners by kind"),
    "cooperation_list": NP_("Report", "Cooperations in the year"),
    "demand_by_kind": NP_("Report", "Wishes and needs by kind"),
    "responses": NP_("Report", "Responses to wishes"),
    "network_key_figures": NP_("Report", "Key figures per centre"),
    "network_median": NP_("Report", "Network median"),
    # columns
    "count": NP_("Report", "Count"),
    "accompanied": NP_("Report", "accompanied"),
    "not_accompanied": NP_("Report", "not accompanied"),
    "hours": NP_("Report", "Hours"),
    "events": NP_("Report", "Events"),
    "families": NP_("Report", "Families"),
    # Translators: an agreement with a partner in force since {date} (a month: 09/2026)
    "since_date": NP_("Report", "since {date}"),
    "answer": NP_("Report", "Response"),
    "topic": NP_("Report", "Topic"),
    "offer": NP_("Report", "Offer"),
    "hosted": NP_("Report", "hosted"),
    "attended": NP_("Report", "attended"),
    # charts
    "visits_per_month": NP_("Report", "Visits per month"),
    "help_cases_by_kind": NP_("Report", "Help on request by kind"),
    "volunteer_hours_per_month": NP_("Report", "Volunteer hours per month"),
    # empty sections
    "empty_offers_and_tallies": NP_("Report", "No offers of this kind and no tallies for {year}."),
    "empty_tallies": NP_("Report", "Nothing was counted for this in {year}."),
    "empty_referrals": NP_(
        "Report", "No referrals sent in {year} are recorded (drafts do not count)."
    ),
    "empty_partners": NP_(
        "Report", "No network partners, cooperations or network meetings recorded."
    ),
    "empty_demand": NP_("Report", "No wishes, needs or waiting lists recorded for {year}."),
}
"""The report's words: a stable key and the English message the catalogues translate."""


def word(key: str, language: str, **values: object) -> str:
    """The word or sentence ``key`` in ``language``, with ``{placeholders}`` filled in.

    :raises KeyError: when ``key`` is not one of :data:`WORDS`.
    """
    text = translator(language).pgettext(CONTEXT, WORDS[key])
    return text.format(**values) if values else text


def label(term: enum.Enum, language: str) -> str:
    """A vocabulary term's label (its value when it has none)."""
    labelled = getattr(term, "label", None)
    return str(labelled(language)) if callable(labelled) else str(term.value)


def data_text(value: Text | str, language: str) -> TaggedText:
    """Data text in ``language`` where the data has it, tagged with the language it is in.

    A plain ``str`` of the data (a room, the subject of an agreement) is written in
    German, and tagged so.
    """
    if isinstance(value, Text):
        tag, text = value.resolve(language)
        return TaggedText(text, tag)
    return TaggedText(value, "de")


def number(value: float, language: str, *, decimals: int = 0) -> str:
    """A number as people of ``language`` write it (``1.234``, ``20,9``; Babel's rules)."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return str(format_decimal(value, format=pattern, locale=translator(language).locale))


def percent(share: float, language: str) -> str:
    """A share (0 to 1) as a percentage (``43 %`` in German, ``43%`` in English)."""
    from babel.numbers import format_percent

    return str(format_percent(share, locale=translator(language).locale))


def date(day: dt.date, language: str) -> str:
    """A day as the language writes it (``07.09.2026``, ``7 Sept 2026``; Babel's medium)."""
    return translator(language).date(day)


def month_year(day: dt.date, language: str) -> str:
    """A month of a year in digits (``09/2026``, ``09.2026``; CLDR's ``yMM``)."""
    return translator(language).date_pattern(day, "yMM")


def months(language: str) -> tuple[str, ...]:
    """The twelve months' short names for a chart's axis (CLDR's stand-alone abbreviations)."""
    names = translator(language).locale.months["stand-alone"]["abbreviated"]
    return tuple(str(names[month]) for month in range(1, 13))
