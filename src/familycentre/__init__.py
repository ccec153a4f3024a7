"""familycentre: model, store and publish the programmes of family centres.

The public API::

    import familycentre as fc

    data = fc.load("examples/sonnenblume.toml")   # a centre, its offers and partners
    data.centre.name.get("en")

Everything listed in ``__all__`` is public; modules whose names start with an
underscore are not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    __version__: str

    from familycentre.errors import (
        ConflictError,
        FamilyCentreError,
        InvalidData,
        NotFound,
        Problem,
    )
    from familycentre.files import (
        dump,
        dumps,
        load,
        loads,
    )
    from familycentre.hookspecs import (
        hookimpl,
    )
    from familycentre.model import (
        Address,
        Centre,
        CentreData,
        CloseReason,
        Closure,
        ClosurePolicy,
        Consent,
        ConsentForm,
        Contact,
        ContactPerson,
        Cost,
        CostKind,
        Daily,
        DataCategory,
        Facilitation,
        FamilyContact,
        Geo,
        MonthlyWeekday,
        Offer,
        OfferStatus,
        Partner,
        Phone,
        PhoneKind,
        Priority,
        Referral,
        ReferralStatus,
        Registration,
        RequestedWindow,
        Role,
        Schedule,
        ScheduleKind,
        Text,
        TimeWindow,
        Transition,
        Weekday,
        default_phone_region,
    )
    from familycentre.referrals.lifecycle import (
        ConsentError,
        TransitionError,
    )
    from familycentre.referrals.report import (
        MunicipalReport,
        municipal_report,
    )
    from familycentre.schedule import (
        ClosureCalendar,
        EventPattern,
        InvalidWindow,
        MissingHolidayData,
        Occurrence,
        WindowTooLarge,
        closures_from_ical,
        describe,
        occurrences,
        programme,
    )
    from familycentre.serialization import (
        from_json,
        structure,
        to_json,
        to_plain,
        unstructure,
    )
    from familycentre.storage import (
        Store,
        Stored,
        StoreError,
        open_store,
    )
    from familycentre.taxonomy import (
        Accessibility,
        Audience,
        Category,
        CentreKind,
        Need,
        PartnerKind,
    )

# Every public name is loaded on first use, so that ``import familycentre`` loads
# nothing heavy (attrs, cattrs, the model) before it is needed: name -> module.
_LAZY = {
    "Accessibility": "familycentre.taxonomy",
    "Address": "familycentre.model",
    "Audience": "familycentre.taxonomy",
    "Category": "familycentre.taxonomy",
    "Centre": "familycentre.model",
    "CentreData": "familycentre.model",
    "CentreKind": "familycentre.taxonomy",
    "CloseReason": "familycentre.model",
    "Closure": "familycentre.model",
    "ClosureCalendar": "familycentre.schedule",
    "ClosurePolicy": "familycentre.model",
    "ConflictError": "familycentre.errors",
    "Consent": "familycentre.model",
    "ConsentError": "familycentre.referrals.lifecycle",
    "ConsentForm": "familycentre.model",
    "Contact": "familycentre.model",
    "ContactPerson": "familycentre.model",
    "Cost": "familycentre.model",
    "CostKind": "familycentre.model",
    "Daily": "familycentre.model",
    "DataCategory": "familycentre.model",
    "EventPattern": "familycentre.schedule",
    "Facilitation": "familycentre.model",
    "FamilyCentreError": "familycentre.errors",
    "FamilyContact": "familycentre.model",
    "Geo": "familycentre.model",
    "InvalidData": "familycentre.errors",
    "InvalidWindow": "familycentre.schedule",
    "MissingHolidayData": "familycentre.schedule",
    "MonthlyWeekday": "familycentre.model",
    "MunicipalReport": "familycentre.referrals.report",
    "Need": "familycentre.taxonomy",
    "NotFound": "familycentre.errors",
    "Occurrence": "familycentre.schedule",
    "Offer": "familycentre.model",
    "OfferStatus": "familycentre.model",
    "Partner": "familycentre.model",
    "PartnerKind": "familycentre.taxonomy",
    "Phone": "familycentre.model",
    "PhoneKind": "familycentre.model",
    "Priority": "familycentre.model",
    "Problem": "familycentre.errors",
    "Referral": "familycentre.model",
    "ReferralStatus": "familycentre.model",
    "Registration": "familycentre.model",
    "RequestedWindow": "familycentre.model",
    "Role": "familycentre.model",
    "Schedule": "familycentre.model",
    "ScheduleKind": "familycentre.model",
    "Store": "familycentre.storage",
    "StoreError": "familycentre.storage",
    "Stored": "familycentre.storage",
    "Text": "familycentre.model",
    "TimeWindow": "familycentre.model",
    "Transition": "familycentre.model",
    "TransitionError": "familycentre.referrals.lifecycle",
    "Weekday": "familycentre.model",
    "WindowTooLarge": "familycentre.schedule",
    "closures_from_ical": "familycentre.schedule",
    "default_phone_region": "familycentre.model",
    "describe": "familycentre.schedule",
    "dump": "familycentre.files",
    "dumps": "familycentre.files",
    "from_json": "familycentre.serialization",
    "hookimpl": "familycentre.hookspecs",
    "load": "familycentre.files",
    "loads": "familycentre.files",
    "municipal_report": "familycentre.referrals.report",
    "occurrences": "familycentre.schedule",
    "open_store": "familycentre.storage",
    "programme": "familycentre.schedule",
    "structure": "familycentre.serialization",
    "to_json": "familycentre.serialization",
    "to_plain": "familycentre.serialization",
    "unstructure": "familycentre.serialization",
}


def __getattr__(name: str) -> Any:
    if name == "__version__":  # importlib.metadata is slow to import: only when asked
        from importlib.metadata import PackageNotFoundError, version

        try:
            globals()[name] = version("familycentre")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree
            globals()[name] = "0+unknown"
        return globals()[name]
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'familycentre' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "Accessibility",
    "Address",
    "Audience",
    "Category",
    "Centre",
    "CentreData",
    "CentreKind",
    "CloseReason",
    "Closure",
    "ClosureCalendar",
    "ClosurePolicy",
    "ConflictError",
    "Consent",
    "ConsentError",
    "ConsentForm",
    "Contact",
    "ContactPerson",
    "Cost",
    "CostKind",
    "Daily",
    "DataCategory",
    "EventPattern",
    "Facilitation",
    "FamilyCentreError",
    "FamilyContact",
    "Geo",
    "InvalidData",
    "InvalidWindow",
    "MissingHolidayData",
    "MonthlyWeekday",
    "MunicipalReport",
    "Need",
    "NotFound",
    "Occurrence",
    "Offer",
    "OfferStatus",
    "Partner",
    "PartnerKind",
    "Phone",
    "PhoneKind",
    "Priority",
    "Problem",
    "Referral",
    "ReferralStatus",
    "Registration",
    "RequestedWindow",
    "Role",
    "Schedule",
    "ScheduleKind",
    "Store",
    "StoreError",
    "Stored",
    "Text",
    "TimeWindow",
    "Transition",
    "TransitionError",
    "Weekday",
    "WindowTooLarge",
    "__version__",
    "closures_from_ical",
    "default_phone_region",
    "describe",
    "dump",
    "dumps",
    "from_json",
    "hookimpl",
    "load",
    "loads",
    "municipal_report",
    "occurrences",
    "open_store",
    "programme",
    "structure",
    "to_json",
    "to_plain",
    "unstructure",
]
