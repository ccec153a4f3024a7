"""Schedules at work: dates, closures, occurrences, descriptions and the iCal mapping.

Pure: no storage, no plugins, no I/O beyond reading the school holidays shipped with
the package and, on request, an iCal feed (:func:`closures_from_ical`)::

    import datetime as dt
    import familycentre as fc
    from familycentre.schedule import programme

    data = fc.load("examples/sonnenblume.toml")
    for occurrence in programme(data, dt.date(2026, 9, 7), dt.date(2026, 9, 13)):
        print(occurrence.start, occurrence.offer.title)

Windows of dates are inclusive at both ends and at most ten years long.
"""

from __future__ import annotations

from familycentre.schedule.closures import (
    MAX_WINDOW_DAYS,
    ClosureCalendar,
    InvalidWindow,
    MissingHolidayData,
    SchoolHolidays,
    WindowTooLarge,
    closures_from_ical,
    school_holidays,
)
from familycentre.schedule.ical import (
    EventPattern,
    PatternMode,
    event_patterns,
    offer_event_patterns,
)
from familycentre.schedule.occurrences import (
    Occurrence,
    centre_occurrences,
    local_datetime,
    occurrence_record,
    occurrences,
    occurrences_json,
    offset_change_days,
    programme,
    schedule_dates,
)
from familycentre.schedule.words import describe

__all__ = [
    "MAX_WINDOW_DAYS",
    "ClosureCalendar",
    "EventPattern",
    "InvalidWindow",
    "MissingHolidayData",
    "Occurrence",
    "PatternMode",
    "SchoolHolidays",
    "WindowTooLarge",
    "centre_occurrences",
    "closures_from_ical",
    "describe",
    "event_patterns",
    "local_datetime",
    "occurrence_record",
    "occurrences",
    "occurrences_json",
    "offer_event_patterns",
    "offset_change_days",
    "programme",
    "schedule_dates",
    "school_holidays",
]
