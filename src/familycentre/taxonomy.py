"""The vocabularies of the domain: kinds of centre, offer categories, audiences, partner kinds.

Every term has a stable identifier (the enum's value, used in data files, stores and
exports, and never renamed) and a label in every language of the catalogues
(:mod:`familycentre.i18n`)::

    >>> from familycentre.taxonomy import Category
    >>> Category.HOMEWORK_SUPERVISION.value
    'homework_supervision'
    >>> Category.HOMEWORK_SUPERVISION.label("de")
    'Hausaufgabenbetreuung'
    >>> Category.HOMEWORK_SUPERVISION.label("en")
    'Homework supervision'
    >>> Category.HOMEWORK_SUPERVISION.label("uk")
    'Допомога з домашніми завданнями'

Labels in languages without a catalogue fall back to German.
"""

from __future__ import annotations

import enum

from familycentre.i18n import NP_, translator

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
    """A term of a vocabulary: a stable identifier with labels in every language."""

    @property
    def message(self) -> str:
        """The label's message id in the catalogues (English), context: the class name."""
        return _LABELS[type(self).__name__][self.value]

    def label(self, language: str = "de") -> str:
        """The term's label in ``language`` (a language without a catalogue gets German)."""
        return translator(language).pgettext(type(self).__name__, self.message)


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


_LABELS: dict[str, dict[str, str]] = {
    "Period": {
        "day": NP_("Period", "Day"),
        "week": NP_("Period", "Week"),
        "month": NP_("Period", "Month"),
    },
    "HelpKind": {
        "emergency_childcare": NP_("HelpKind", "Emergency childcare"),
        "household_help": NP_("HelpKind", "Household help in emergencies"),
        "transport_ride": NP_("HelpKind", "Transport ride"),
        "laundry": NP_("HelpKind", "Laundry service"),
        "meal": NP_("HelpKind", "Meal delivered"),
        "babysitter_brokerage": NP_("HelpKind", "Babysitter brokerage"),
        "childminder_brokerage": NP_("HelpKind", "Childminder brokerage"),
        "school_assistance_brokerage": NP_("HelpKind", "School assistant brokerage"),
        "other": NP_("HelpKind", "Other help"),
    },
    "ContactKind": {
        "peer_talk": NP_("ContactKind", "Parent-to-parent talk"),
        "information": NP_("ContactKind", "Information given"),
        "encouraged_self_help": NP_("ContactKind", "Encouraged to go to the office themselves"),
        "topic_group": NP_("ContactKind", "Topic group"),
    },
    "AgeGroup": {
        "under_27": NP_("AgeGroup", "under 27"),
        "27_to_49": NP_("AgeGroup", "27 to 49"),
        "50_to_64": NP_("AgeGroup", "50 to 64"),
        "65_plus": NP_("AgeGroup", "65 and over"),
    },
    "Body": {
        "district_conference": NP_("Body", "District conference"),
        "youth_welfare_committee": NP_("Body", "Youth welfare committee"),
        "hearing": NP_("Body", "Hearing"),
        "council_consultation": NP_("Body", "Council consultation"),
        "other": NP_("Body", "Other body"),
    },
    "MeetingRole": {
        "hosted": NP_("MeetingRole", "hosted"),
        "attended": NP_("MeetingRole", "attended"),
    },
    "DemandKind": {
        "wish": NP_("DemandKind", "Wish"),
        "need": NP_("DemandKind", "Need"),
        "waiting_list": NP_("DemandKind", "Waiting list"),
    },
    "ResponseKind": {
        "started": NP_("ResponseKind", "offer started"),
        "changed": NP_("ResponseKind", "offer changed"),
        "extended": NP_("ResponseKind", "offer extended"),
        "referred": NP_("ResponseKind", "referred elsewhere"),
    },
    "CentreKind": {
        "mothers_centre": NP_("CentreKind", "Mothers' centre"),
        "ohja": NP_("CentreKind", "Open house for young and old (OHJA)"),
        "family_centre": NP_("CentreKind", "Family centre"),
        "multi_generation_house": NP_("CentreKind", "Multi-generation house"),
    },
    "Category": {
        "open_meeting_point": NP_("Category", "Open meeting point / drop-in café"),
        "breakfast": NP_("Category", "Breakfast"),
        "lunch_table": NP_("Category", "Lunch table"),
        "laundry_service": NP_("Category", "Laundry service"),
        "transport_service": NP_("Category", "Transport service"),
        "homework_supervision": NP_("Category", "Homework supervision"),
        "holiday_programme": NP_("Category", "Holiday programme"),
        "emergency_childcare": NP_("Category", "Emergency childcare"),
        "household_help": NP_("Category", "Household help in emergencies"),
        "babysitter_brokerage": NP_("Category", "Babysitter and childminder brokerage"),
        "school_assistance_brokerage": NP_("Category", "School assistant brokerage"),
        "second_hand_shop": NP_("Category", "Second-hand shop"),
        "peer_counselling": NP_("Category", "Peer counselling"),
        "education": NP_("Category", "Education and further training"),
        "career_reentry": NP_("Category", "Career re-entry"),
        "integration": NP_("Category", "Integration"),
        "inclusion": NP_("Category", "Inclusion"),
        "intergenerational": NP_("Category", "Intergenerational offer"),
        "participation": NP_("Category", "Participation and civic engagement"),
        "other": NP_("Category", "Other"),
    },
    "Audience": {
        "families": NP_("Audience", "Families"),
        "parents": NP_("Audience", "Parents"),
        "mothers": NP_("Audience", "Mothers"),
        "fathers": NP_("Audience", "Fathers"),
        "pregnant_women": NP_("Audience", "Pregnant women"),
        "babies_and_toddlers": NP_("Audience", "Babies and toddlers"),
        "children": NP_("Audience", "Children"),
        "school_children": NP_("Audience", "School children"),
        "young_people": NP_("Audience", "Young people"),
        "seniors": NP_("Audience", "Seniors"),
        "people_with_disabilities": NP_("Audience", "People with disabilities"),
        "newcomer_families": NP_("Audience", "Families new to the area"),
        "migrant_families": NP_("Audience", "Families with a migration background"),
        "single_parents": NP_("Audience", "Single parents"),
        "volunteers": NP_("Audience", "Volunteers"),
        "all_generations": NP_("Audience", "All generations"),
    },
    "PartnerKind": {
        "youth_welfare_office": NP_("PartnerKind", "Youth welfare office"),
        "social_welfare_office": NP_("PartnerKind", "Social welfare office"),
        "job_centre": NP_("PartnerKind", "Job centre / employment agency"),
        "family_counselling": NP_("PartnerKind", "Family counselling"),
        "debt_counselling": NP_("PartnerKind", "Debt counselling"),
        "child_protection": NP_("PartnerKind", "Child protection association"),
        "doctor": NP_("PartnerKind", "Doctor"),
        "therapist": NP_("PartnerKind", "Therapist"),
        "school": NP_("PartnerKind", "School"),
        "day_care_centre": NP_("PartnerKind", "Day-care centre"),
        "other": NP_("PartnerKind", "Other"),
    },
    "Need": {
        "parenting": NP_("Need", "Parenting"),
        "childcare": NP_("Need", "Childcare"),
        "health": NP_("Need", "Health"),
        "mental_health": NP_("Need", "Mental health"),
        "debt": NP_("Need", "Debt"),
        "benefits": NP_("Need", "Benefits"),
        "employment": NP_("Need", "Employment"),
        "housing": NP_("Need", "Housing"),
        "education": NP_("Need", "Education"),
        "language": NP_("Need", "Language"),
        "disability": NP_("Need", "Disability"),
        "child_protection": NP_("Need", "Child protection"),
        "separation": NP_("Need", "Separation and divorce"),
        "legal": NP_("Need", "Legal questions"),
        "other": NP_("Need", "Other"),
    },
    "Accessibility": {
        "step_free_access": NP_("Accessibility", "Step-free access"),
        "accessible_toilet": NP_("Accessibility", "Accessible toilet"),
        "lift": NP_("Accessibility", "Lift"),
        "hearing_loop": NP_("Accessibility", "Hearing loop"),
        "pram_parking": NP_("Accessibility", "Pram parking"),
        "baby_changing": NP_("Accessibility", "Baby changing room"),
        "easy_language": NP_("Accessibility", "Easy language"),
        "sign_language": NP_("Accessibility", "Sign language"),
    },
}
