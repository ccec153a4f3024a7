"""The vocabularies of the domain: kinds of centre, offer categories, audiences, partner kinds.

Every term has a stable identifier (the enum's value, used in data files, stores and
exports, and never renamed) and a German and an English label::

    >>> from familycentre.taxonomy import Category
    >>> Category.HOMEWORK_SUPERVISION.value
    'homework_supervision'
    >>> Category.HOMEWORK_SUPERVISION.label("de")
    'Hausaufgabenbetreuung'
    >>> Category.HOMEWORK_SUPERVISION.label("en")
    'Homework supervision'

Labels in languages other than German and English fall back to German.
"""

from __future__ import annotations

import enum

__all__ = [
    "Accessibility",
    "AgeGroup",
    "Audience",
    "Body",
    "Category",
    "CentreKind",
    "ContactKind",
    "DemandKind",
    "HelpKind",
    "MeetingRole",
    "Need",
    "PartnerKind",
    "Period",
    "ResponseKind",
    "Term",
]


class Term(enum.StrEnum):
    """A term of a vocabulary: a stable identifier with German and English labels."""

    @property
    def _labels(self) -> tuple[str, str]:
        return _LABELS[type(self).__name__][self.value]

    def label(self, language: str = "de") -> str:
        """The term's label in ``language`` (``"de"`` or ``"en"``; others fall back to German)."""
        german, english = self._labels
        return english if language.split("-")[0].lower() == "en" else german


class CentreKind(Term):
    """What kind of place a centre is."""

    MOTHERS_CENTRE = "mothers_centre"
    OHJA = "ohja"
    FAMILY_CENTRE = "family_centre"
    MULTI_GENERATION_HOUSE = "multi_generation_house"


class Category(Term):
    """The kind of an offer; every offer named in the domain brief has one."""

    OPEN_MEETING_POINT = "open_meeting_point"
    BREAKFAST = "breakfast"
    LUNCH_TABLE = "lunch_table"
    LAUNDRY_SERVICE = "laundry_service"
    TRANSPORT_SERVICE = "transport_service"
    HOMEWORK_SUPERVISION = "homework_supervision"
    HOLIDAY_PROGRAMME = "holiday_programme"
    EMERGENCY_CHILDCARE = "emergency_childcare"
    HOUSEHOLD_HELP = "household_help"
    BABYSITTER_BROKERAGE = "babysitter_brokerage"
    SCHOOL_ASSISTANCE_BROKERAGE = "school_assistance_brokerage"
    SECOND_HAND_SHOP = "second_hand_shop"
    PEER_COUNSELLING = "peer_counselling"
    EDUCATION = "education"
    CAREER_REENTRY = "career_reentry"
    INTEGRATION = "integration"
    INCLUSION = "inclusion"
    INTERGENERATIONAL = "intergenerational"
    PARTICIPATION = "participation"
    OTHER = "other"


class Audience(Term):
    """Who an offer is for."""

    FAMILIES = "families"
    PARENTS = "parents"
    MOTHERS = "mothers"
    FATHERS = "fathers"
    PREGNANT_WOMEN = "pregnant_women"
    BABIES_AND_TODDLERS = "babies_and_toddlers"
    CHILDREN = "children"
    SCHOOL_CHILDREN = "school_children"
    YOUNG_PEOPLE = "young_people"
    SENIORS = "seniors"
    PEOPLE_WITH_DISABILITIES = "people_with_disabilities"
    NEWCOMER_FAMILIES = "newcomer_families"
    MIGRANT_FAMILIES = "migrant_families"
    SINGLE_PARENTS = "single_parents"
    VOLUNTEERS = "volunteers"
    ALL_GENERATIONS = "all_generations"


class PartnerKind(Term):
    """What kind of organisation a network partner is."""

    YOUTH_WELFARE_OFFICE = "youth_welfare_office"
    SOCIAL_WELFARE_OFFICE = "social_welfare_office"
    JOB_CENTRE = "job_centre"
    FAMILY_COUNSELLING = "family_counselling"
    DEBT_COUNSELLING = "debt_counselling"
    CHILD_PROTECTION = "child_protection"
    DOCTOR = "doctor"
    THERAPIST = "therapist"
    SCHOOL = "school"
    DAY_CARE_CENTRE = "day_care_centre"
    OTHER = "other"


class Need(Term):
    """What a family needs help with when it is referred to a partner."""

    PARENTING = "parenting"
    CHILDCARE = "childcare"
    HEALTH = "health"
    MENTAL_HEALTH = "mental_health"
    DEBT = "debt"
    BENEFITS = "benefits"
    EMPLOYMENT = "employment"
    HOUSING = "housing"
    EDUCATION = "education"
    LANGUAGE = "language"
    DISABILITY = "disability"
    CHILD_PROTECTION = "child_protection"
    SEPARATION = "separation"
    LEGAL = "legal"
    OTHER = "other"


class Accessibility(Term):
    """Accessibility features of a centre or the room of an offer."""

    STEP_FREE_ACCESS = "step_free_access"
    ACCESSIBLE_TOILET = "accessible_toilet"
    LIFT = "lift"
    HEARING_LOOP = "hearing_loop"
    PRAM_PARKING = "pram_parking"
    BABY_CHANGING = "baby_changing"
    EASY_LANGUAGE = "easy_language"
    SIGN_LANGUAGE = "sign_language"


class Period(Term):
    """The stretch of time a tally counts: a day, a week (from Monday) or a month."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"


class HelpKind(Term):
    """A kind of help given on request (*unbürokratische Hilfe*, *Alltagsorganisation*)."""

    EMERGENCY_CHILDCARE = "emergency_childcare"
    HOUSEHOLD_HELP = "household_help"
    TRANSPORT_RIDE = "transport_ride"
    LAUNDRY = "laundry"
    MEAL = "meal"
    BABYSITTER_BROKERAGE = "babysitter_brokerage"
    CHILDMINDER_BROKERAGE = "childminder_brokerage"
    SCHOOL_ASSISTANCE_BROKERAGE = "school_assistance_brokerage"
    OTHER = "other"


class ContactKind(Term):
    """A kind of informal counselling or information contact (counted, never named)."""

    PEER_TALK = "peer_talk"
    INFORMATION = "information"
    ENCOURAGED_SELF_HELP = "encouraged_self_help"
    TOPIC_GROUP = "topic_group"


class AgeGroup(Term):
    """Age groups of volunteers (as the multi-generation house monitoring counts them)."""

    UNDER_27 = "under_27"
    FROM_27_TO_49 = "27_to_49"
    FROM_50_TO_64 = "50_to_64"
    FROM_65 = "65_plus"


class Body(Term):
    """A local body or process in which families take part (*Beteiligung*)."""

    DISTRICT_CONFERENCE = "district_conference"
    YOUTH_WELFARE_COMMITTEE = "youth_welfare_committee"
    HEARING = "hearing"
    COUNCIL_CONSULTATION = "council_consultation"
    OTHER = "other"


class MeetingRole(Term):
    """Whether the centre hosted a network meeting or attended one."""

    HOSTED = "hosted"
    ATTENDED = "attended"


class DemandKind(Term):
    """What families voiced: a wish, a need, or places wanted in a full offer."""

    WISH = "wish"
    NEED = "need"
    WAITING_LIST = "waiting_list"


class ResponseKind(Term):
    """How the centre answered a demand."""

    STARTED = "started"
    CHANGED = "changed"
    EXTENDED = "extended"
    REFERRED = "referred"


_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "Period": {
        "day": ("Tag", "Day"),
        "week": ("Woche", "Week"),
        "month": ("Monat", "Month"),
    },
    "HelpKind": {
        "emergency_childcare": ("Kinderbetreuung im Notfall", "Emergency childcare"),
        "household_help": ("Haushaltshilfe im Notfall", "Household help in emergencies"),
        "transport_ride": ("Fahrdienst", "Transport ride"),
        "laundry": ("Wäschedienst", "Laundry service"),
        "meal": ("Essen außer Haus", "Meal delivered"),
        "babysitter_brokerage": ("Babysittervermittlung", "Babysitter brokerage"),
        "childminder_brokerage": ("Tagesmüttervermittlung", "Childminder brokerage"),
        "school_assistance_brokerage": (
            "Vermittlung von Schulassistenz",
            "School assistant brokerage",
        ),
        "other": ("Sonstige Hilfe", "Other help"),
    },
    "ContactKind": {
        "peer_talk": ("Gespräch von Eltern für Eltern", "Parent-to-parent talk"),
        "information": ("Information gegeben", "Information given"),
        "encouraged_self_help": (
            "Ermutigt, selbst zur Stelle zu gehen",
            "Encouraged to go to the office themselves",
        ),
        "topic_group": ("Themengruppe", "Topic group"),
    },
    "AgeGroup": {
        "under_27": ("unter 27", "under 27"),
        "27_to_49": ("27 bis 49", "27 to 49"),
        "50_to_64": ("50 bis 64", "50 to 64"),
        "65_plus": ("65 und älter", "65 and over"),
    },
    "Body": {
        "district_conference": ("Stadtteilkonferenz", "District conference"),
        "youth_welfare_committee": ("Jugendhilfeausschuss", "Youth welfare committee"),
        "hearing": ("Anhörung", "Hearing"),
        "council_consultation": ("Ratsberatung", "Council consultation"),
        "other": ("Sonstiges Gremium", "Other body"),
    },
    "MeetingRole": {
        "hosted": ("ausgerichtet", "hosted"),
        "attended": ("teilgenommen", "attended"),
    },
    "DemandKind": {
        "wish": ("Wunsch", "Wish"),
        "need": ("Bedarf", "Need"),
        "waiting_list": ("Warteliste", "Waiting list"),
    },
    "ResponseKind": {
        "started": ("neues Angebot", "offer started"),
        "changed": ("Angebot geändert", "offer changed"),
        "extended": ("Angebot erweitert", "offer extended"),
        "referred": ("weitervermittelt", "referred elsewhere"),
    },
    "CentreKind": {
        "mothers_centre": ("Mütterzentrum", "Mothers' centre"),
        "ohja": ("OHJA – Offenes Haus für Jung & Alt", "Open house for young and old (OHJA)"),
        "family_centre": ("Familienzentrum", "Family centre"),
        "multi_generation_house": ("Mehrgenerationenhaus", "Multi-generation house"),
    },
    "Category": {
        "open_meeting_point": ("Offener Treff / Café", "Open meeting point / drop-in café"),
        "breakfast": ("Frühstück", "Breakfast"),
        "lunch_table": ("Mittagstisch", "Lunch table"),
        "laundry_service": ("Wäschedienst", "Laundry service"),
        "transport_service": ("Fahrdienst", "Transport service"),
        "homework_supervision": ("Hausaufgabenbetreuung", "Homework supervision"),
        "holiday_programme": ("Ferienangebot für Schulkinder", "Holiday programme"),
        "emergency_childcare": ("Kinderbetreuung im Notfall", "Emergency childcare"),
        "household_help": ("Haushaltshilfe im Notfall", "Household help in emergencies"),
        "babysitter_brokerage": (
            "Babysitter- und Tagesmüttervermittlung",
            "Babysitter and childminder brokerage",
        ),
        "school_assistance_brokerage": (
            "Vermittlung von Schulassistenz",
            "School assistant brokerage",
        ),
        "second_hand_shop": ("Secondhand-Laden", "Second-hand shop"),
        "peer_counselling": ("Beratung von Eltern für Eltern", "Peer counselling"),
        "education": ("Bildung und Weiterbildung", "Education and further training"),
        "career_reentry": ("Beruflicher Wiedereinstieg", "Career re-entry"),
        "integration": ("Integration", "Integration"),
        "inclusion": ("Inklusion", "Inclusion"),
        "intergenerational": ("Generationenübergreifendes Angebot", "Intergenerational offer"),
        "participation": (
            "Beteiligung und bürgerschaftliches Engagement",
            "Participation and civic engagement",
        ),
        "other": ("Sonstiges", "Other"),
    },
    "Audience": {
        "families": ("Familien", "Families"),
        "parents": ("Eltern", "Parents"),
        "mothers": ("Mütter", "Mothers"),
        "fathers": ("Väter", "Fathers"),
        "pregnant_women": ("Schwangere", "Pregnant women"),
        "babies_and_toddlers": ("Babys und Kleinkinder", "Babies and toddlers"),
        "children": ("Kinder", "Children"),
        "school_children": ("Schulkinder", "School children"),
        "young_people": ("Jugendliche", "Young people"),
        "seniors": ("Seniorinnen und Senioren", "Seniors"),
        "people_with_disabilities": ("Menschen mit Behinderung", "People with disabilities"),
        "newcomer_families": ("Neu zugezogene Familien", "Families new to the area"),
        "migrant_families": (
            "Familien mit Migrationsgeschichte",
            "Families with a migration background",
        ),
        "single_parents": ("Alleinerziehende", "Single parents"),
        "volunteers": ("Ehrenamtliche", "Volunteers"),
        "all_generations": ("Jung und Alt", "All generations"),
    },
    "PartnerKind": {
        "youth_welfare_office": ("Jugendamt", "Youth welfare office"),
        "social_welfare_office": ("Sozialamt", "Social welfare office"),
        "job_centre": ("Jobcenter / Agentur für Arbeit", "Job centre / employment agency"),
        "family_counselling": ("Familienberatungsstelle", "Family counselling"),
        "debt_counselling": ("Schuldnerberatung", "Debt counselling"),
        "child_protection": ("Kinderschutzbund", "Child protection association"),
        "doctor": ("Ärztin / Arzt", "Doctor"),
        "therapist": ("Therapie", "Therapist"),
        "school": ("Schule", "School"),
        "day_care_centre": ("Kindertagesstätte", "Day-care centre"),
        "other": ("Sonstige", "Other"),
    },
    "Need": {
        "parenting": ("Erziehungsfragen", "Parenting"),
        "childcare": ("Kinderbetreuung", "Childcare"),
        "health": ("Gesundheit", "Health"),
        "mental_health": ("Psychische Gesundheit", "Mental health"),
        "debt": ("Schulden", "Debt"),
        "benefits": ("Sozialleistungen", "Benefits"),
        "employment": ("Arbeit und Beruf", "Employment"),
        "housing": ("Wohnen", "Housing"),
        "education": ("Schule und Bildung", "Education"),
        "language": ("Sprache", "Language"),
        "disability": ("Behinderung", "Disability"),
        "child_protection": ("Kinderschutz", "Child protection"),
        "separation": ("Trennung und Scheidung", "Separation and divorce"),
        "legal": ("Rechtsfragen", "Legal questions"),
        "other": ("Sonstiges", "Other"),
    },
    "Accessibility": {
        "step_free_access": ("Stufenloser Zugang", "Step-free access"),
        "accessible_toilet": ("Barrierefreies WC", "Accessible toilet"),
        "lift": ("Aufzug", "Lift"),
        "hearing_loop": ("Induktionsschleife", "Hearing loop"),
        "pram_parking": ("Kinderwagenstellplatz", "Pram parking"),
        "baby_changing": ("Wickelraum", "Baby changing room"),
        "easy_language": ("Leichte Sprache", "Easy language"),
        "sign_language": ("Gebärdensprache", "Sign language"),
    },
}
