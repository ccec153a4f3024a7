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
        ChromiumMissing as ChromiumMissing,
    )
    from familycentre.errors import (
        ConflictError as ConflictError,
    )
    from familycentre.errors import (
        ConsentError as ConsentError,
    )
    from familycentre.errors import (
        EmptySelection as EmptySelection,
    )
    from familycentre.errors import (
        ErasureIncomplete as ErasureIncomplete,
    )
    from familycentre.errors import (
        FamilyCentreError as FamilyCentreError,
    )
    from familycentre.errors import (
        InvalidData as InvalidData,
    )
    from familycentre.errors import (
        InvalidWindow as InvalidWindow,
    )
    from familycentre.errors import (
        MissingHolidayData as MissingHolidayData,
    )
    from familycentre.errors import (
        NotFound as NotFound,
    )
    from familycentre.errors import (
        PluginError as PluginError,
    )
    from familycentre.errors import (
        PluginWarning as PluginWarning,
    )
    from familycentre.errors import (
        PrivateDataError as PrivateDataError,
    )
    from familycentre.errors import (
        Problem as Problem,
    )
    from familycentre.errors import (
        StoreError as StoreError,
    )
    from familycentre.errors import (
        StoreWarning as StoreWarning,
    )
    from familycentre.errors import (
        TallyError as TallyError,
    )
    from familycentre.errors import (
        TransitionError as TransitionError,
    )
    from familycentre.errors import (
        WindowTooLarge as WindowTooLarge,
    )
    from familycentre.export import (
        Exporter as Exporter,
    )
    from familycentre.export import (
        ExportOptions as ExportOptions,
    )
    from familycentre.export import (
        export as export,
    )
    from familycentre.export import (
        export_file as export_file,
    )
    from familycentre.export import (
        exporters as exporters,
    )
    from familycentre.files import (
        dump as dump,
    )
    from familycentre.files import (
        dump_activities as dump_activities,
    )
    from familycentre.files import (
        dumps as dumps,
    )
    from familycentre.files import (
        dumps_activities as dumps_activities,
    )
    from familycentre.files import (
        load as load,
    )
    from familycentre.files import (
        load_activities as load_activities,
    )
    from familycentre.files import (
        loads as loads,
    )
    from familycentre.files import (
        loads_activities as loads_activities,
    )
    from familycentre.hookspecs import (
        hookimpl as hookimpl,
    )
    from familycentre.model import (
        ActivityData as ActivityData,
    )
    from familycentre.model import (
        Address as Address,
    )
    from familycentre.model import (
        AgeCount as AgeCount,
    )
    from familycentre.model import (
        Attendance as Attendance,
    )
    from familycentre.model import (
        AudienceCount as AudienceCount,
    )
    from familycentre.model import (
        Centre as Centre,
    )
    from familycentre.model import (
        CentreData as CentreData,
    )
    from familycentre.model import (
        CloseReason as CloseReason,
    )
    from familycentre.model import (
        Closure as Closure,
    )
    from familycentre.model import (
        ClosurePolicy as ClosurePolicy,
    )
    from familycentre.model import (
        Consent as Consent,
    )
    from familycentre.model import (
        ConsentForm as ConsentForm,
    )
    from familycentre.model import (
        Contact as Contact,
    )
    from familycentre.model import (
        ContactPerson as ContactPerson,
    )
    from familycentre.model import (
        Cooperation as Cooperation,
    )
    from familycentre.model import (
        Cost as Cost,
    )
    from familycentre.model import (
        CostKind as CostKind,
    )
    from familycentre.model import (
        CounsellingContact as CounsellingContact,
    )
    from familycentre.model import (
        Daily as Daily,
    )
    from familycentre.model import (
        DataCategory as DataCategory,
    )
    from familycentre.model import (
        Demand as Demand,
    )
    from familycentre.model import (
        Engagement as Engagement,
    )
    from familycentre.model import (
        Facilitation as Facilitation,
    )
    from familycentre.model import (
        FamiliesReached as FamiliesReached,
    )
    from familycentre.model import (
        FamilyContact as FamilyContact,
    )
    from familycentre.model import (
        Geo as Geo,
    )
    from familycentre.model import (
        HelpCase as HelpCase,
    )
    from familycentre.model import (
        MonthlyAttendance as MonthlyAttendance,
    )
    from familycentre.model import (
        MonthlyHelp as MonthlyHelp,
    )
    from familycentre.model import (
        MonthlyWeekday as MonthlyWeekday,
    )
    from familycentre.model import (
        NetworkMeeting as NetworkMeeting,
    )
    from familycentre.model import (
        Offer as Offer,
    )
    from familycentre.model import (
        OfferStatus as OfferStatus,
    )
    from familycentre.model import (
        OpenOn as OpenOn,
    )
    from familycentre.model import (
        Participation as Participation,
    )
    from familycentre.model import (
        Partner as Partner,
    )
    from familycentre.model import (
        Phone as Phone,
    )
    from familycentre.model import (
        PhoneKind as PhoneKind,
    )
    from familycentre.model import (
        Priority as Priority,
    )
    from familycentre.model import (
        Referral as Referral,
    )
    from familycentre.model import (
        ReferralStatus as ReferralStatus,
    )
    from familycentre.model import (
        Registration as Registration,
    )
    from familycentre.model import (
        RequestedWindow as RequestedWindow,
    )
    from familycentre.model import (
        Response as Response,
    )
    from familycentre.model import (
        Role as Role,
    )
    from familycentre.model import (
        Schedule as Schedule,
    )
    from familycentre.model import (
        ScheduleKind as ScheduleKind,
    )
    from familycentre.model import (
        Text as Text,
    )
    from familycentre.model import (
        TimeWindow as TimeWindow,
    )
    from familycentre.model import (
        Transition as Transition,
    )
    from familycentre.model import (
        Weekday as Weekday,
    )
    from familycentre.model import (
        activity_id as activity_id,
    )
    from familycentre.model import (
        default_phone_region as default_phone_region,
    )
    from familycentre.model import (
        monthly_totals as monthly_totals,
    )
    from familycentre.referrals import (
        erase_family as erase_family,
    )
    from familycentre.referrals import (
        family_contact as family_contact,
    )
    from familycentre.referrals import (
        finish_erasure as finish_erasure,
    )
    from familycentre.referrals import (
        followups as followups,
    )
    from familycentre.referrals import (
        purge_referrals as purge_referrals,
    )
    from familycentre.referrals import (
        put_family_contact as put_family_contact,
    )
    from familycentre.referrals import (
        transition_referral as transition_referral,
    )
    from familycentre.report import (
        MunicipalReport as MunicipalReport,
    )
    from familycentre.report import (
        YearlyReport as YearlyReport,
    )
    from familycentre.report import (
        municipal_report as municipal_report,
    )
    from familycentre.report import (
        store_report as store_report,
    )
    from familycentre.report import (
        yearly_report as yearly_report,
    )
    from familycentre.schedule import (
        ClosureCalendar as ClosureCalendar,
    )
    from familycentre.schedule import (
        EventPattern as EventPattern,
    )
    from familycentre.schedule import (
        Occurrence as Occurrence,
    )
    from familycentre.schedule import (
        closures_from_ical as closures_from_ical,
    )
    from familycentre.schedule import (
        describe as describe,
    )
    from familycentre.schedule import (
        occurrences as occurrences,
    )
    from familycentre.schedule import (
        programme as programme,
    )
    from familycentre.serialization import (
        from_json as from_json,
    )
    from familycentre.serialization import (
        structure as structure,
    )
    from familycentre.serialization import (
        to_json as to_json,
    )
    from familycentre.serialization import (
        to_plain as to_plain,
    )
    from familycentre.serialization import (
        unstructure as unstructure,
    )
    from familycentre.storage import (
        LoadResult as LoadResult,
    )
    from familycentre.storage import (
        Query as Query,
    )
    from familycentre.storage import (
        RecordChanged as RecordChanged,
    )
    from familycentre.storage import (
        ReferralMoved as ReferralMoved,
    )
    from familycentre.storage import (
        StorageBackend as StorageBackend,
    )
    from familycentre.storage import (
        Store as Store,
    )
    from familycentre.storage import (
        Stored as Stored,
    )
    from familycentre.storage import (
        copy_store as copy_store,
    )
    from familycentre.storage import (
        open_store as open_store,
    )
    from familycentre.taxonomy import (
        Accessibility as Accessibility,
    )
    from familycentre.taxonomy import (
        AgeGroup as AgeGroup,
    )
    from familycentre.taxonomy import (
        Audience as Audience,
    )
    from familycentre.taxonomy import (
        Body as Body,
    )
    from familycentre.taxonomy import (
        Category as Category,
    )
    from familycentre.taxonomy import (
        CentreKind as CentreKind,
    )
    from familycentre.taxonomy import (
        ContactKind as ContactKind,
    )
    from familycentre.taxonomy import (
        DemandKind as DemandKind,
    )
    from familycentre.taxonomy import (
        HelpKind as HelpKind,
    )
    from familycentre.taxonomy import (
        MeetingRole as MeetingRole,
    )
    from familycentre.taxonomy import (
        Need as Need,
    )
    from familycentre.taxonomy import (
        PartnerKind as PartnerKind,
    )
    from familycentre.taxonomy import (
        Period as Period,
    )
    from familycentre.taxonomy import (
        ResponseKind as ResponseKind,
    )

# The one table of public names, by the module that defines them. ``__all__`` and
# the lazy loading are derived from it; the TYPE_CHECKING imports above mirror it for
# type checkers, and tests/test_public_api.py fails when the two differ.
_PUBLIC: dict[str, tuple[str, ...]] = {
    "familycentre.errors": (
        "ChromiumMissing",
        "ConflictError",
        "ConsentError",
        "EmptySelection",
        "ErasureIncomplete",
        "FamilyCentreError",
        "InvalidData",
        "InvalidWindow",
        "MissingHolidayData",
        "NotFound",
        "PluginError",
        "PluginWarning",
        "PrivateDataError",
        "Problem",
        "StoreError",
        "StoreWarning",
        "TallyError",
        "TransitionError",
        "WindowTooLarge",
    ),
    "familycentre.taxonomy": (
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
    ),
    "familycentre.model": (
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
        "OpenOn",
        "Offer",
        "OfferStatus",
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
    ),
    "familycentre.schedule": (
        "ClosureCalendar",
        "EventPattern",
        "Occurrence",
        "closures_from_ical",
        "describe",
        "occurrences",
        "programme",
    ),
    "familycentre.serialization": (
        "from_json",
        "structure",
        "to_json",
        "to_plain",
        "unstructure",
    ),
    "familycentre.files": (
        "dump",
        "dump_activities",
        "dumps",
        "dumps_activities",
        "load",
        "load_activities",
        "loads",
        "loads_activities",
    ),
    "familycentre.hookspecs": ("hookimpl",),
    "familycentre.storage": (
        "LoadResult",
        "Query",
        "RecordChanged",
        "ReferralMoved",
        "StorageBackend",
        "Store",
        "Stored",
        "copy_store",
        "open_store",
    ),
    "familycentre.export": (
        "ExportOptions",
        "Exporter",
        "export",
        "export_file",
        "exporters",
    ),
    "familycentre.referrals": (
        "erase_family",
        "family_contact",
        "finish_erasure",
        "followups",
        "purge_referrals",
        "put_family_contact",
        "transition_referral",
    ),
    "familycentre.report": (
        "MunicipalReport",
        "YearlyReport",
        "municipal_report",
        "store_report",
        "yearly_report",
    ),
}

_LAZY = {name: module for module, names in _PUBLIC.items() for name in names}
"""Every public name is loaded on first use, so that ``import familycentre`` loads
nothing heavy (attrs, cattrs, the model) before it is needed: name -> module."""


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from familycentre._version import __version__

        globals()[name] = __version__
        return __version__
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'familycentre' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = sorted([*_LAZY, "__version__"])  # derived from _PUBLIC
