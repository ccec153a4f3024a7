"""The domain model: frozen, validated attrs classes, one module per noun."""

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
from familycentre.model.data import CentreData
from familycentre.model.offer import Cost, CostKind, Facilitation, Offer, OfferStatus, Registration
from familycentre.model.partner import Partner
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

__all__ = [
    "GERMAN_STATES",
    "Address",
    "Centre",
    "CentreData",
    "CloseReason",
    "Closure",
    "ClosurePolicy",
    "Consent",
    "ConsentForm",
    "Contact",
    "ContactPerson",
    "Cost",
    "CostKind",
    "Daily",
    "DataCategory",
    "Facilitation",
    "FamilyContact",
    "Geo",
    "MonthlyWeekday",
    "Offer",
    "OfferStatus",
    "OpenOn",
    "Partner",
    "Phone",
    "PhoneKind",
    "Priority",
    "Referral",
    "ReferralStatus",
    "Registration",
    "RequestedWindow",
    "Role",
    "Schedule",
    "ScheduleKind",
    "Text",
    "TimeWindow",
    "Transition",
    "Weekday",
    "default_phone_region",
]
