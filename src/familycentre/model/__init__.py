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
from familycentre.model.referral import Referral, ReferralStatus
from familycentre.model.schedule import (
    ClosurePolicy,
    Daily,
    MonthlyWeekday,
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
    "Closure",
    "ClosurePolicy",
    "Contact",
    "ContactPerson",
    "Cost",
    "CostKind",
    "Daily",
    "Facilitation",
    "Geo",
    "MonthlyWeekday",
    "Offer",
    "OfferStatus",
    "Partner",
    "Phone",
    "PhoneKind",
    "Referral",
    "ReferralStatus",
    "Registration",
    "Schedule",
    "ScheduleKind",
    "Text",
    "TimeWindow",
    "Weekday",
    "default_phone_region",
]
