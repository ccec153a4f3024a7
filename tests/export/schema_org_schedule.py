"""An expander of schema.org JSON-LD events, written from schema.org's definitions alone.

It reads what a page publishes and lists the occurrences a consumer would take from
it, without using familycentre's schedule code:

- an ``Event`` with ``startDate`` and ``endDate`` is one occurrence (dates without a
  time: all day);
- an ``Event`` with ``eventSchedule`` has no dates of its own (schema.org: it "should
  not have startDate or endDate properties"); each ``Schedule`` gives the dates from
  its ``startDate`` to its ``endDate`` whose weekday is one of ``byDay``, with
  ``repeatFrequency`` ``PnW`` every *n*-th week counted from the week of
  ``startDate``, and ``PnM`` with ``byMonthWeek`` the dates in the given weeks of the
  month (days 1-7 are the first week, "the first Monday of the month") of every *n*-th
  month from ``startDate``'s, less the ``exceptDate``\\ s; on each, from ``startTime``
  to ``endTime`` in ``scheduleTimezone`` (an IANA zone).

A wall-clock time that does not exist on a date, or exists twice, has no single
meaning: the expander refuses such a date (:class:`Unclear`) rather than guess, so a
page must except it and publish that occurrence as an event with its UTC offset.
"""

from __future__ import annotations

import collections
import datetime as dt
import re
import zoneinfo
from typing import Any

DAYS = {
    f"https://schema.org/{name}": number
    for number, name in enumerate(
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    )
}
EVENT_FIELDS = {
    "name",
    "location",
    "organizer",
    "offers",
    "inLanguage",
    "isAccessibleForFree",
    "eventStatus",
    "eventAttendanceMode",
}
SCHEDULE_FIELDS = {
    "repeatFrequency",
    "byDay",
    "startDate",
    "endDate",
    "startTime",
    "endTime",
    "scheduleTimezone",
}

# (offer id, start, end): ISO 8601 with the offset, or ("all day", date) for all-day ones
Occurrence = tuple[str, str, str]


class Unclear(AssertionError):
    """A schedule gives a date on which its time of day has no single meaning."""


def _exists_once(day: dt.date, time: dt.time, zone: zoneinfo.ZoneInfo) -> bool:
    naive = dt.datetime.combine(day, time)
    first = naive.replace(tzinfo=zone)
    second = naive.replace(tzinfo=zone, fold=1)
    back = first.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None)
    return first.utcoffset() == second.utcoffset() and back == naive


def schedule_dates(schedule: dict[str, Any]) -> list[dt.date]:
    """The dates a ``Schedule`` gives, its exceptions left out."""
    match = re.fullmatch(r"P(\d+)([WM])", schedule["repeatFrequency"])
    assert match, schedule["repeatFrequency"]
    every, unit = int(match[1]), match[2]
    weekdays = {DAYS[day] for day in schedule["byDay"]}
    month_weeks = set(schedule.get("byMonthWeek", []))
    assert (unit == "M") == bool(month_weeks), schedule
    assert all(1 <= week <= 5 for week in month_weeks)
    first = dt.date.fromisoformat(schedule["startDate"])
    last = dt.date.fromisoformat(schedule["endDate"])
    excepted = {dt.date.fromisoformat(day) for day in schedule.get("exceptDate", [])}
    first_monday = first - dt.timedelta(days=first.weekday())
    found = []
    day = first
    while day <= last:
        if day.weekday() in weekdays and day not in excepted:
            if unit == "W":
                weeks = (day - dt.timedelta(days=day.weekday()) - first_monday).days // 7
                wanted = weeks % every == 0
            else:
                months = (day.year - first.year) * 12 + day.month - first.month
                wanted = months % every == 0 and (day.day - 1) // 7 + 1 in month_weeks
            if wanted:
                found.append(day)
        day += dt.timedelta(days=1)
    return found


def expand_schedule(schedule: dict[str, Any]) -> list[tuple[str, str]]:
    """(start, end) in ISO 8601 of each occurrence a ``Schedule`` gives."""
    zone = zoneinfo.ZoneInfo(schedule["scheduleTimezone"])
    begin = dt.time.fromisoformat(schedule["startTime"])
    finish = dt.time.fromisoformat(schedule["endTime"])
    out = []
    for day in schedule_dates(schedule):
        for time in (begin, finish):
            if not _exists_once(day, time, zone):
                raise Unclear(f"{time} on {day} in {zone.key}")
        out.append(
            (
                dt.datetime.combine(day, begin, zone).isoformat(),
                dt.datetime.combine(day, finish, zone).isoformat(),
            )
        )
    return out


def offer_of(event: dict[str, Any]) -> str:
    """The offer an event belongs to.

    ``#ID`` for a series, ``#ID-YYYYMMDDTHHMM`` for a single event (its local start),
    ``#ID-YYYYMMDDTHHMM-N`` for the N-th single event of the offer with that start.
    """
    name = event["@id"].removeprefix("#")
    if "eventSchedule" in event:
        return str(name)
    match = re.fullmatch(r"(.+)-(\d{8}T\d{4})(-[2-9]|-[1-9]\d+)?", name)
    assert match, name
    if "T" in event["startDate"]:
        assert match[2] == event["startDate"][:16].replace("-", "").replace(":", ""), name
    return match[1]


def expand(document: dict[str, Any]) -> collections.Counter[Occurrence]:
    """Every occurrence the events of a JSON-LD document give, counted."""
    found: collections.Counter[Occurrence] = collections.Counter()
    for node in document["@graph"]:
        if node.get("@type") != "Event":
            continue
        offer = offer_of(node)
        if "eventSchedule" in node:
            schedules = node["eventSchedule"]
            for schedule in schedules if isinstance(schedules, list) else [schedules]:
                for begin, finish in expand_schedule(schedule):
                    found[(offer, begin, finish)] += 1
        elif "T" in node["startDate"]:
            found[(offer, node["startDate"], node["endDate"])] += 1
        else:
            assert node["startDate"] == node["endDate"], node
            found[(offer, "all day", node["startDate"])] += 1
    return found


def occurrence_key(occurrence: Any) -> Occurrence:
    """A library occurrence as :func:`expand` writes it."""
    if occurrence.all_day:
        return (occurrence.offer.id, "all day", occurrence.start.date().isoformat())
    return (occurrence.offer.id, occurrence.start.isoformat(), occurrence.end.isoformat())


def required_problems(document: dict[str, Any]) -> list[str]:
    """What the events and schedules of a document lack of what a consumer needs."""
    problems = []
    graph = document["@graph"]
    centre = graph[0]
    if set(centre.get("@type", ())) != {"Organization", "Place"} or "name" not in centre:
        problems.append("the first node is not the centre")
    ids = {node["@id"] for node in graph}
    if len(ids) != len(graph):
        problems.append("an @id is used twice")
    series = {node["@id"] for node in graph if "eventSchedule" in node}
    for node in graph[1:]:
        where = node.get("@id", "?")
        if node.get("@type") != "Event":
            problems.append(f"{where}: not an Event")
            continue
        missing = EVENT_FIELDS - set(node)
        if missing:
            problems.append(f"{where}: lacks {sorted(missing)}")
        if node.get("location") != {"@id": centre["@id"]}:
            problems.append(f"{where}: location is not the centre")
        offer = node.get("offers", {})
        if offer.get("@type") != "Offer" or "price" not in offer or "priceCurrency" not in offer:
            problems.append(f"{where}: offers without price")
        if "eventSchedule" in node:
            if "startDate" in node or "endDate" in node:
                problems.append(f"{where}: a series with dates of its own")
            schedules = node["eventSchedule"]
            for schedule in schedules if isinstance(schedules, list) else [schedules]:
                lacking = SCHEDULE_FIELDS - set(schedule)
                if schedule.get("@type") != "Schedule" or lacking:
                    problems.append(f"{where}: a Schedule lacking {sorted(lacking)}")
                elif not schedule["byDay"] or not set(schedule["byDay"]) <= set(DAYS):
                    problems.append(f"{where}: byDay is not schema.org's days")
                elif schedule["startDate"] > schedule["endDate"]:
                    problems.append(f"{where}: a Schedule ending before it starts")
        else:
            if "startDate" not in node or "endDate" not in node:
                problems.append(f"{where}: neither dates nor a schedule")
            parent = node.get("superEvent")
            if parent is not None and parent.get("@id") not in series:
                problems.append(f"{where}: superEvent is not a series on the page")
    return problems
