"""The report's words in German (the default) and English, and its number formatting.

Numbers are formatted with Babel (``babel.numbers.format_decimal``): ``20,9`` and
``1.234`` in German, ``20.9`` and ``1,234`` in English.
"""

from __future__ import annotations

import enum

__all__ = ["WORDS", "english", "label", "number", "word"]

WORDS: dict[str, tuple[str, str]] = {
    # the report
    "title": (
        "Was leistet das Zentrum für die Kommune?",
        "What the centre does for the municipality",
    ),
    "title_many": (
        "Was leisten die Zentren für die Kommune?",
        "What the centres do for the municipality",
    ),
    "title_network": ("Bericht für den Verbund", "Report for the network"),
    "year": ("Jahr", "Year"),
    "centres": ("Zentren", "Centres"),
    "this_year": ("{year}", "{year}"),
    "previous_year": ("Vorjahr ({year})", "Previous year ({year})"),
    "figure": ("Kennzahl", "Figure"),
    "total": ("Summe", "Total"),
    "none": ("ohne Angabe", "not given"),
    "no_data": ("keine Daten", "no data"),
    "offers_behind": ("Angebote dazu", "Offers behind it"),
    "suppressed": (
        "Zahlen über Familien und Vermittlungen unter {t} sind als „<{t}“ ausgewiesen; "
        "mit „×“ verdeckte Zahlen sind größer, aber verdeckt, damit sich keine kleine "
        "Zahl aus den Summen errechnen lässt.",
        "Counts about families and referrals below {t} are shown as “<{t}”; counts "
        "shown as “×” are larger but withheld, so that no small count can be worked out "
        "from the totals.",
    ),
    "counts_note": (
        "Besuche zählen jede Teilnahme; eine Familie, die jede Woche kommt, zählt jede "
        "Woche. Familien werden nur gezählt, wo das Zentrum sie unterscheiden kann.",
        "Visits count every attendance: a family that comes every week counts every "
        "week. Families are only counted where the centre can tell them apart.",
    ),
    # units
    "unit_centres": ("Zentren", "centres"),
    "unit_offers": ("Angebote", "offers"),
    "unit_occurrences": ("Termine", "occurrences"),
    "unit_visits": ("Besuche", "visits"),
    "unit_families": ("Familien", "families"),
    "unit_referrals": ("Vermittlungen", "referrals"),
    "unit_cases": ("Fälle", "cases"),
    "unit_contacts": ("Kontakte", "contacts"),
    "unit_hours": ("Stunden", "hours"),
    "unit_hours_per_week": ("Stunden pro Woche", "hours per week"),
    "unit_volunteers": ("Ehrenamtliche", "volunteers"),
    "unit_groups": ("Gruppen", "groups"),
    "unit_events": ("Termine", "events"),
    "unit_partners": ("Partner", "partners"),
    "unit_agreements": ("Vereinbarungen", "agreements"),
    "unit_meetings": ("Treffen", "meetings"),
    "unit_share": ("Anteil", "share"),
    # sections
    "overview": ("Auf einen Blick", "At a glance"),
    "overview_argument": (
        "Eine erste Anlaufstelle für Familien im Stadtteil: offen, niedrigschwellig, "
        "alles unter einem Dach.",
        "A first point of contact for the district's families: open, low-threshold, "
        "everything under one roof.",
    ),
    "relief": ("Entlastung für Familien", "Relief for families"),
    "relief_argument": (
        "Frühstück und Mittagstisch, Wäsche- und Fahrdienst, Hausaufgabenbetreuung und "
        "Ferienangebote entlasten Familien im Alltag.",
        "Breakfast and lunch, laundry and transport services, homework help and holiday "
        "programmes relieve families in everyday life.",
    ),
    "emergencies": ("Hilfe in Notfällen", "Help in emergencies"),
    "emergencies_argument": (
        "Unbürokratische Hilfe, wenn es darauf ankommt: Kinderbetreuung und "
        "Haushaltshilfe bei Krankheit oder Krankenhausaufenthalt.",
        "Unbureaucratic help when it matters: childcare and household help during "
        "illness or a hospital stay.",
    ),
    "everyday_life": ("Alltag organisieren", "Organising everyday life"),
    "everyday_life_argument": (
        "Babysitter- und Tagesmüttervermittlung und die Vermittlung von Schulassistenz "
        "helfen, den Alltag zu organisieren.",
        "Brokering babysitters, childminders and school assistants helps families "
        "organise everyday life.",
    ),
    "family_budget": ("Familienbudget", "Family budget"),
    "family_budget_argument": (
        "Secondhand-Läden entlasten das Familienbudget.",
        "Second-hand shops ease the family budget.",
    ),
    "integration": ("Integration und Inklusion", "Integration and inclusion"),
    "integration_argument": (
        "Die Zentren integrieren neu zugezogene Familien, Familien mit "
        "Migrationsgeschichte und Menschen mit Behinderung.",
        "The centres integrate families new to the area, families with a migration "
        "background and people with disabilities.",
    ),
    "generations": ("Generationen", "Generations"),
    "generations_argument": (
        "Generationsübergreifende Angebote beziehen ältere Menschen in ein soziales Netz ein.",
        "Intergenerational offers bring older people into a social network.",
    ),
    "counselling": ("Beratung und Vermittlung", "Counselling and referral"),
    "counselling_argument": (
        "Beratung von Eltern für Eltern, alltagsnah und ohne Termin, und eine "
        "unkomplizierte Vermittlung an Fachleute des örtlichen Netzwerks, bei Bedarf "
        "mit Begleitung zum Erstgespräch.",
        "Counselling from parents for parents, close to everyday life and without "
        "appointments, and an uncomplicated referral to the local network's "
        "professionals, accompanied to the first appointment where needed.",
    ),
    "education": ("Bildung und beruflicher Wiedereinstieg", "Education and return to work"),
    "education_argument": (
        "Weiterbildung, die an den Bedürfnissen vor Ort anknüpft und den beruflichen "
        "Wiedereinstieg erleichtert.",
        "Further training close to local needs that eases the return to work.",
    ),
    "engagement": ("Engagement und Beteiligung", "Engagement and participation"),
    "engagement_argument": (
        "Familienselbsthilfe, bürgerschaftliches Engagement und die Beteiligung von "
        "Familien an der Kommunalpolitik.",
        "Family self-help, civic engagement and families' participation in local politics.",
    ),
    "network": ("Spinne im Netz", "The spider in the web"),
    "network_argument": (
        "Ein Knotenpunkt im örtlichen Netzwerk: Kooperationen mit Fachleuten und "
        "Einrichtungen, Netzwerktreffen.",
        "A node of the local network: cooperation with professionals and institutions, "
        "network meetings.",
    ),
    "demand": ("Bedarf und Antwort", "Demand and response"),
    "demand_argument": (
        "Nicht das Angebot, sondern Bedarf und Nachfrage bestimmen das Konzept: Wünsche "
        "der Familien werden zu Angeboten.",
        "Demand, not supply, shapes the programme: families' wishes become offers.",
    ),
    # figures
    "centre_count": ("Zentren", "Centres"),
    "offer_count": ("Angebote", "Offers"),
    "hours_open": ("Öffnungsstunden pro Woche (offener Treff)", "Hours open per week (drop-in)"),
    "peer_offers": (
        "Angebote in Selbsthilfe (von Eltern für Eltern, Ehrenamtliche)",
        "Offers run by peers and volunteers",
    ),
    "peer_share": ("Anteil der Angebote in Selbsthilfe", "Share of offers run by peers"),
    "families_reached": ("Erreichte Familien (verschiedene)", "Families reached (distinct)"),
    "visits": ("Besuche", "Visits"),
    "first_time": ("davon Erstbesuche", "of them first-time visits"),
    "occurrences": ("Termine im Jahr", "Occurrences in the year"),
    "hours_per_week": ("Angebotsstunden pro Woche", "Hours offered per week"),
    "meals": ("Mahlzeiten (Frühstück, Mittagstisch)", "Meals (breakfast, lunch)"),
    "help_cases": ("Hilfen auf Anfrage", "Help given on request"),
    "help_hours": ("Stunden Hilfe auf Anfrage", "Hours of help on request"),
    "brokerages": ("Vermittlungen (Babysitter, Tagesmütter, Schulassistenz)", "Brokerages"),
    "shop_hours": ("Öffnungsstunden pro Woche", "Opening hours per week"),
    "group_visits": ("Besuche von {group}", "Visits by {group}"),
    "other_languages": ("Angebote in weiteren Sprachen", "Offers in other languages"),
    "counselling_contacts": ("Gespräche und Auskünfte", "Talks and information contacts"),
    "referrals_made": ("Vermittlungen an Fachleute", "Referrals to professionals"),
    "families_referred": ("Vermittelte Familien (verschiedene)", "Families referred (distinct)"),
    "referrals_accompanied_figure": (
        "Vermittlungen mit Begleitung zum Erstgespräch",
        "Referrals accompanied to the first appointment",
    ),
    "referrals_closed": ("Abgeschlossene Vermittlungen", "Referrals closed"),
    "referrals_need_met": (
        "davon Bedarf gedeckt (Rückmeldung)",
        "of them need met (closed loop)",
    ),
    "volunteers": ("Ehrenamtliche (stärkster Monat)", "Volunteers (busiest month)"),
    "volunteer_hours": ("Ehrenamtliche Stunden", "Volunteer hours"),
    "self_help_groups": (
        "Selbsthilfegruppen (stärkster Monat)",
        "Self-help groups (busiest month)",
    ),
    "participation_events": (
        "Termine in Gremien mit Familien",
        "Events of local bodies with families",
    ),
    "participation_families": ("Teilnahmen von Familien", "Family attendances"),
    "partners": ("Netzwerkpartner", "Network partners"),
    "cooperations": ("Kooperationsvereinbarungen", "Cooperation agreements"),
    "meetings_hosted": ("Netzwerktreffen ausgerichtet", "Network meetings hosted"),
    "meetings_attended": ("Netzwerktreffen besucht", "Network meetings attended"),
    "demands": ("Geäußerte Wünsche und Bedarfe", "Wishes and needs voiced"),
    "demand_families": ("Familien, die sie geäußert haben", "Families who voiced them"),
    "waiting": ("Familien auf Wartelisten", "Families on waiting lists"),
    "answered": ("Beantwortet (Angebot neu, geändert, erweitert)", "Answered by an offer"),
    # tables
    "attendance_by_offer": ("Teilnahme nach Angebot", "Attendance by offer"),
    "help_by_kind": ("Hilfen nach Art (Fälle)", "Help by kind (cases)"),
    "help_by_need": ("Hilfen nach Anlass (Fälle)", "Help by need (cases)"),
    "visits_by_group": (
        "Besuche nach Zielgruppe (Personen können mehreren Gruppen angehören)",
        "Visits by audience group (people may belong to several groups)",
    ),
    "contacts_by_topic": ("Gespräche und Auskünfte nach Thema", "Talks and information by topic"),
    "referrals_by_need_and_partner_kind": (
        "Vermittlungen nach Bedarf und Art des Partners",
        "Referrals by need and kind of partner",
    ),
    "referrals_accompanied": (
        "Vermittlungen mit Begleitung zum Erstgespräch",
        "Referrals accompanied to the first appointment",
    ),
    "referrals_closed_by_reason": (
        "Abgeschlossene Vermittlungen nach Ergebnis",
        "Referrals closed, by outcome",
    ),
    "offers_by_category_and_audience": (
        "Angebote nach Kategorie und Zielgruppe",
        "Offers by category and audience",
    ),
    "offers_by_category": (
        "Angebote, Termine und Stunden nach Kategorie",
        "Offers, occurrences and hours by category",
    ),
    "volunteer_hours_by_field": ("Ehrenamtliche Stunden nach Bereich", "Volunteer hours by field"),
    "participation_by_body": ("Beteiligung nach Gremium", "Participation by body"),
    "partners_by_kind": ("Netzwerkpartner nach Art", "Network partners by kind"),
    "cooperation_list": ("Kooperationen im Jahr", "Cooperations in the year"),
    "demand_by_kind": ("Wünsche und Bedarfe nach Art", "Wishes and needs by kind"),
    "responses": ("Antworten auf Wünsche", "Responses to wishes"),
    "network_key_figures": ("Kennzahlen je Zentrum", "Key figures per centre"),
    "network_median": ("Median des Verbunds", "Network median"),
    # columns
    "count": ("Anzahl", "Count"),
    "accompanied": ("begleitet", "accompanied"),
    "not_accompanied": ("nicht begleitet", "not accompanied"),
    "hours": ("Stunden", "Hours"),
    "events": ("Termine", "Events"),
    "families": ("Familien", "Families"),
    "since": ("seit", "since"),
    "answer": ("Antwort", "Response"),
    "topic": ("Thema", "Topic"),
    "offer": ("Angebot", "Offer"),
    "hosted": ("ausgerichtet", "hosted"),
    "attended": ("besucht", "attended"),
    # charts
    "visits_per_month": ("Besuche pro Monat", "Visits per month"),
    "help_cases_by_kind": ("Hilfen auf Anfrage nach Art", "Help on request by kind"),
    "volunteer_hours_per_month": ("Ehrenamtliche Stunden pro Monat", "Volunteer hours per month"),
    # empty sections
    "empty_offers_and_tallies": (
        "Keine Angebote dieser Art und keine Zählungen für {year}.",
        "No offers of this kind and no tallies for {year}.",
    ),
    "empty_tallies": (
        "Für {year} wurden hierzu keine Zählungen erfasst.",
        "Nothing was counted for this in {year}.",
    ),
    "empty_referrals": (
        "Für {year} sind keine gesendeten Vermittlungen erfasst (Entwürfe zählen nicht).",
        "No referrals sent in {year} are recorded (drafts do not count).",
    ),
    "empty_partners": (
        "Keine Netzwerkpartner, Kooperationen oder Netzwerktreffen erfasst.",
        "No network partners, cooperations or network meetings recorded.",
    ),
    "empty_demand": (
        "Für {year} sind keine Wünsche, Bedarfe oder Wartelisten erfasst.",
        "No wishes, needs or waiting lists recorded for {year}.",
    ),
    "months": (
        "Jan,Feb,Mär,Apr,Mai,Jun,Jul,Aug,Sep,Okt,Nov,Dez",
        "Jan,Feb,Mar,Apr,May,Jun,Jul,Aug,Sep,Oct,Nov,Dec",
    ),
}


def english(language: str) -> bool:
    """Whether ``language`` asks for English (``en``, ``en-GB``)."""
    return language.split("-")[0].lower() == "en"


def word(key: str, language: str, **values: object) -> str:
    """The word or sentence ``key`` in ``language``, with ``{placeholders}`` filled in."""
    german, english_text = WORDS[key]
    text = english_text if english(language) else german
    return text.format(**values) if values else text


def label(term: enum.Enum, language: str) -> str:
    """A vocabulary term's label (its value when it has none)."""
    labelled = getattr(term, "label", None)
    return str(labelled(language)) if callable(labelled) else str(term.value)


def number(value: float, language: str, *, decimals: int = 0) -> str:
    """A number as people of ``language`` write it (``1.234``, ``20,9``; Babel's rules)."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    locale = "en_GB" if english(language) else "de_DE"
    return str(format_decimal(value, format=pattern, locale=locale))


def percent(share: float, language: str) -> str:
    """A share (0 to 1) as a percentage (``43 %`` in German, ``43%`` in English)."""
    from babel.numbers import format_percent

    locale = "en_GB" if english(language) else "de_DE"
    return str(format_percent(share, locale=locale))
