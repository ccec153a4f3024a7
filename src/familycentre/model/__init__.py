"""The domain model: frozen, validated attrs classes, one module per noun."""

from familycentre.model.activities import ACTIVITY_CLASSES, Activity, ActivityData, activity_id
from familycentre.model.attendance import Attendance, AudienceCount
from familycentre.model.centre import GERMAN_STATES, Centre, Closure
from familycentre.model.contact import (
    Address,
    Contact,
    ContactPerson,
    Geo,
    Phone,
    PhoneKind,
    default_phone_region,
)
from familycentre.model.counselling import CounsellingContact
from familycentre.model.data import CentreData
from familycentre.model.demand import Demand, Response
from familycentre.model.engagement import AgeCount, Engagement
from familycentre.model.help import HelpCase
from familycentre.model.network import Cooperation, NetworkMeeting
from familycentre.model.offer import Cost, CostKind, Facilitation, Offer, OfferStatus, Registration
from familycentre.model.participation import Participation
from familycentre.model.partner import Partner
from familycentre.model.reach import FamiliesReached
from familycentre.model.referral import (
    CloseReason,
    Consent,
    ConsentForm,
    DataCategory,
    FamilyContact,
    Priority,
    Referral,
    ReferralStatus,
    RequestedWindow,
    Role,
    Transition,
)
from familycentre.model.schedule import (
    ClosurePolicy,
    Daily,
    MonthlyWeekday,
    OpenOn,
    Schedule,
    ScheduleKind,
    TimeWindow,
    Weekday,
)
from familycentre.model.text import Text
from familycentre.model.totals import MonthlyAttendance, MonthlyHelp, monthly_totals

__all__ = [
    "ACTIVITY_CLASSES",
    "GERMAN_STATES",
    "Activity",
    "ActivityData",
    "Address",
    "AgeCount",
    "Attendance",
    "AudienceCount",
    "Centre",
    "CentreData",
    "CloseReason",
    "Closure",
    "ClosurePolicy",
    "Consent",
    "ConsentForm",
    "Contact",
    "ContactPerson",
    "Cooperation",
    "Cost",
    "CostKind",
    "CounsellingContact",
    "Daily",
    "DataCategory",
    "Demand",
    "Engagement",
    "Facilitation",
    "FamiliesReached",
    "FamilyContact",
    "Geo",
    "HelpCase",
    "MonthlyAttendance",
    "MonthlyHelp",
    "MonthlyWeekday",
    "NetworkMeeting",
    "Offer",
    "OfferStatus",
    "OpenOn",
    "Participation",
    "Partner",
    "Phone",
    "PhoneKind",
    "Priority",
    "Referral",
    "ReferralStatus",
    "Registration",
    "RequestedWindow",
    "Response",
    "Role",
    "Schedule",
    "ScheduleKind",
    "Text",
    "TimeWindow",
    "Transition",
    "Weekday",
    "activity_id",
    "default_phone_region",
    "monthly_totals",
]
