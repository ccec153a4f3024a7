"""Expand iCalendar files with evolution-data-server's recurrence engine (GNOME Evolution).

Run with the system Python that has PyGObject and the ECal 2.0 typelib (Debian:
``python3-gi``, ``gir1.2-ecal-2.0``), not with the project's virtual environment::

    /usr/bin/python3 tests/export/engines/eds_expand.py < files.json

Input on stdin: a JSON list of ``{"ics": text, "start": unix seconds, "end": unix
seconds}``. Output on stdout: a JSON list, one entry per file, each ``{"instances":
[[uid, start, end], ...]}`` or ``{"error": message}``. Timed instances give start and
end as unix seconds (UTC); all-day instances as ``"YYYY-MM-DD"`` strings. Cancelled
events and cancelled overriding instances are left out.

As Evolution does: TZIDs are resolved against the file's own VTIMEZONEs, every series
is expanded with ``ECal.recur_generate_instances_sync``, and detached instances
(``RECURRENCE-ID``) replace the instance of their series (same UID) that they name.
"""

from __future__ import annotations

import json
import sys
import traceback

import gi

gi.require_version("ECal", "2.0")
gi.require_version("ICalGLib", "3.0")
from gi.repository import ECal, ICalGLib  # noqa: E402

UTC = ICalGLib.Timezone.get_utc_timezone()


def _zones(calendar):
    zones = {}
    component = calendar.get_first_component(ICalGLib.ComponentKind.VTIMEZONE_COMPONENT)
    while component is not None:
        zone = ICalGLib.Timezone.new()
        zone.set_component(component.clone())
        zones[zone.get_tzid()] = zone
        component = calendar.get_next_component(ICalGLib.ComponentKind.VTIMEZONE_COMPONENT)
    return zones


def _events(calendar):
    out = []
    component = calendar.get_first_component(ICalGLib.ComponentKind.VEVENT_COMPONENT)
    while component is not None:
        out.append(component.clone())
        component = calendar.get_next_component(ICalGLib.ComponentKind.VEVENT_COMPONENT)
    return out


def _cancelled(component):
    return component.get_status() == ICalGLib.PropertyStatus.CANCELLED


def _time(component, kind, zones):
    """The value of DTSTART or RECURRENCE-ID with its TZID resolved in the file's zones."""
    prop = component.get_first_property(kind)
    if kind == ICalGLib.PropertyKind.RECURRENCEID_PROPERTY:
        value = prop.get_recurrenceid()
    elif kind == ICalGLib.PropertyKind.DTEND_PROPERTY:
        value = prop.get_dtend()
    else:
        value = prop.get_dtstart()
    tzid = prop.get_parameter_as_string("TZID")
    if tzid:
        value.set_timezone(zones[tzid])
    return value


def _value(time):
    if time.is_date():
        return f"{time.get_year():04d}-{time.get_month():02d}-{time.get_day():02d}"
    zone = time.get_timezone()
    return int(time.as_timet_with_zone(zone if zone is not None else UTC))


def _collect(_component, instance_start, instance_end, found, _cancellable=None):
    found.append((instance_start.clone(), instance_end.clone()))
    return True


def expand(text, start, end):
    calendar = ICalGLib.Component.new_from_string(text)
    zones = _zones(calendar)

    def resolve(tzid, *_):
        if tzid in zones:
            return zones[tzid]
        if tzid == "UTC":
            return UTC
        raise ValueError(f"TZID {tzid!r} has no VTIMEZONE in the file")

    events = _events(calendar)
    detached = {}
    for event in events:
        if event.get_first_property(ICalGLib.PropertyKind.RECURRENCEID_PROPERTY) is not None:
            detached.setdefault(event.get_uid(), []).append(event)
    interval_start = ICalGLib.Time.new_from_timet_with_zone(start, 0, UTC)
    interval_end = ICalGLib.Time.new_from_timet_with_zone(end, 0, UTC)
    instances = []
    for event in events:
        if event.get_first_property(ICalGLib.PropertyKind.RECURRENCEID_PROPERTY) is not None:
            continue
        uid = event.get_uid()
        found = []
        ECal.recur_generate_instances_sync(
            event, interval_start, interval_end, _collect, found, resolve, None, UTC, None
        )
        overrides = {}
        for instance in detached.get(uid, []):
            recurrence_id = _time(instance, ICalGLib.PropertyKind.RECURRENCEID_PROPERTY, zones)
            overrides[_value(recurrence_id)] = instance
        for instance_start, instance_end in found:
            override = overrides.get(_value(instance_start))
            if override is not None:
                if _cancelled(override):
                    continue
                instance_start = _time(override, ICalGLib.PropertyKind.DTSTART_PROPERTY, zones)
                instance_end = _time(override, ICalGLib.PropertyKind.DTEND_PROPERTY, zones)
            elif _cancelled(event):
                continue
            instances.append([uid, _value(instance_start), _value(instance_end)])
    return instances


def main():
    results = []
    for item in json.load(sys.stdin):
        try:
            results.append({"instances": expand(item["ics"], item["start"], item["end"])})
        except Exception:  # reported per file, so one bad file does not hide the others
            results.append({"error": traceback.format_exc()})
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
