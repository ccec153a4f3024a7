"""The baseline of the schedule benchmarks: the same programme with dateutil, no familycentre.

What a developer without familycentre would write to get a network's programme from
its data files (the plain JSON form of ``familycentre`` data files): per centre the
closed days (public holidays from the ``holidays`` package, the school holidays that
familycentre ships as a TOML file, the centre's own closure periods), then per
schedule and time window a ``dateutil.rrule.rruleset`` (the pattern, extra dates as
RDATEs, cancelled and closed days as EXDATEs), expanded with ``between()`` to aware
start datetimes, each with its end, and everything sorted by start (stable, so
occurrences that start together stay in the order of centres, offers and schedules).

It covers the notation the benchmark network uses (``benchmarks/network.py``) and
nothing more: it is a benchmark baseline, not a second implementation. Its results
are checked against the library's in every run (counts, and the bytes of the JSON
output end to end).

This module does not import familycentre (it reads the school holiday data file by
path), so a process running it pays only for what it uses.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import tomllib
from collections.abc import Iterable, Iterator
from operator import itemgetter
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from dateutil import rrule

__all__ = ["Closures", "expand", "json_output", "read_directory"]

_DAYS = {
    "mon": rrule.MO,
    "tue": rrule.TU,
    "wed": rrule.WE,
    "thu": rrule.TH,
    "fri": rrule.FR,
    "sat": rrule.SA,
    "sun": rrule.SU,
}
_NTH = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": -1}
_ONE_DAY = dt.timedelta(days=1)

Row = tuple[dt.datetime, dt.datetime, bool, str, str, str]
"""One occurrence: start, end, all day, offer id, centre id, German title."""


def _school_file() -> Path:
    spec = importlib.util.find_spec("familycentre")
    assert spec is not None
    assert spec.submodule_search_locations
    folder = Path(next(iter(spec.submodule_search_locations)))
    return folder / "schedule" / "data" / "school_holidays_de.toml"


def _days(periods: Iterable[dict[str, Any]]) -> Iterator[dt.date]:
    for period in periods:
        first = dt.date.fromisoformat(str(period["from"]))
        last = dt.date.fromisoformat(str(period.get("until", period["from"])))
        while first <= last:
            yield first
            first += _ONE_DAY


class Closures:
    """Closed days by region, computed once per run (as a script would)."""

    def __init__(self, start: dt.date, end: dt.date) -> None:
        self.start, self.end = start, end
        self._public: dict[str, set[dt.date]] = {}
        self._school: dict[str, set[dt.date]] | None = None

    def public(self, region: str) -> set[dt.date]:
        found = self._public.get(region)
        if found is None:
            import holidays

            country, _, subdivision = region.partition("-")
            calendar = holidays.country_holidays(
                country,
                subdiv=subdivision or None,
                years=range(self.start.year, self.end.year + 1),
            )
            found = {day for day in calendar if self.start <= day <= self.end}
            self._public[region] = found
        return found

    def school(self, region: str) -> set[dt.date]:
        if self._school is None:
            raw = tomllib.loads(_school_file().read_text(encoding="utf-8"))
            self._school = {
                name: {
                    day
                    for period in table["periods"]
                    for day in _days([{"from": period["from"], "until": period["until"]}])
                    if self.start <= day <= self.end
                }
                for name, table in raw.items()
            }
        return self._school.get(region, set())


def _window(text: str) -> tuple[dt.time, dt.time]:
    begin, _, finish = text.partition("-")
    return dt.time.fromisoformat(begin), dt.time.fromisoformat(finish)


def _rule(
    schedule: dict[str, Any],
    at: dt.time,
    zone: ZoneInfo,
    start: dt.date,
    exdates: Iterable[dt.date],
) -> rrule.rruleset:
    kwargs: dict[str, Any] = {"interval": schedule.get("every", 1), "wkst": rrule.MO}
    freq = None
    if "weekly" in schedule:
        freq = rrule.WEEKLY
        kwargs["byweekday"] = [_DAYS[day] for day in schedule["weekly"]]
    elif "daily" in schedule:
        freq = rrule.DAILY
        if schedule["daily"] == "weekdays":
            kwargs["byweekday"] = [_DAYS[day] for day in ("mon", "tue", "wed", "thu", "fri")]
    elif "monthly" in schedule:
        freq = rrule.MONTHLY
        kwargs["byweekday"] = [
            _DAYS[day](_NTH[nth]) for nth, day in (rule.split() for rule in schedule["monthly"])
        ]
    elif "monthly_days" in schedule:
        freq = rrule.MONTHLY
        kwargs["bymonthday"] = list(schedule["monthly_days"])
    rules = rrule.rruleset()
    if freq is not None:
        first = dt.date.fromisoformat(schedule["from"]) if "from" in schedule else start
        kwargs["dtstart"] = dt.datetime.combine(first, at, zone)
        if "sessions" in schedule:
            kwargs["count"] = schedule["sessions"]
        if "until" in schedule:
            kwargs["until"] = dt.datetime.combine(
                dt.date.fromisoformat(schedule["until"]), at, zone
            )
        rules.rrule(rrule.rrule(freq, **kwargs))
    for day in schedule.get("dates", ()):
        rules.rdate(dt.datetime.combine(dt.date.fromisoformat(day), at, zone))
    for day in schedule.get("cancelled", ()):
        rules.exdate(dt.datetime.combine(dt.date.fromisoformat(day), at, zone))
    for day in exdates:
        rules.exdate(dt.datetime.combine(day, at, zone))
    return rules


def expand(network: Iterable[dict[str, Any]], start: dt.date, end: dt.date) -> list[Row]:
    """Every occurrence of the network's active offers from ``start`` to ``end``, by start."""
    closures = Closures(start, end)
    window = [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
    rows: list[Row] = []
    for data in network:
        centre = data["centre"]
        zone = ZoneInfo(centre.get("timezone", "Europe/Berlin"))
        region = centre.get("region", "DE-NW")
        closed = closures.public(region) | {
            day for day in _days(centre.get("closures", ())) if start <= day <= end
        }
        school = closures.school(region)
        excluded = {
            "regardless": set(),
            "public_holidays": closed,
            "school_days_only": closed | school,
            "school_holidays_only": closed | {day for day in window if day not in school},
        }
        after = dt.datetime.combine(start, dt.time(), zone)
        before = dt.datetime.combine(end, dt.time(23, 59, 59), zone)
        for offer in data["offers"]:
            if offer.get("status", "active") != "active":
                continue
            title = offer["title"] if isinstance(offer["title"], str) else offer["title"]["de"]
            ids = (offer["id"], centre["id"], title)
            for schedule in offer.get("schedule", ()):
                days = excluded[schedule.get("closures", "public_holidays")]
                if schedule.get("all_day"):
                    rules = _rule(schedule, dt.time(), zone, start, days)
                    for begin in rules.between(after, before, inc=True):
                        finish = dt.datetime.combine(begin.date() + _ONE_DAY, dt.time(), zone)
                        rows.append((begin, finish, True, *ids))
                    continue
                for text in schedule["times"]:
                    at, until = _window(text)
                    rules = _rule(schedule, at, zone, start, days)
                    for begin in rules.between(after, before, inc=True):
                        finish = dt.datetime.combine(begin.date(), until, zone)
                        rows.append((begin, finish, False, *ids))
    rows.sort(key=itemgetter(0))
    return rows


def read_directory(folder: Path) -> list[dict[str, Any]]:
    """The centres' data files (``*.json``) in a folder, by file name."""
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.json"))]


def json_output(rows: Iterable[Row]) -> Iterator[str]:
    """``familycentre occurrences --format json``'s output for the rows, in pieces."""
    first = True
    for begin, finish, all_day, offer, centre, title in rows:
        item = {
            "offer": offer,
            "centre": centre,
            "title": title,
            "start": begin.isoformat(),
            "end": finish.isoformat(),
            "all_day": all_day,
        }
        text = json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        yield ("[\n  " if first else ",\n  ") + text
        first = False
    yield "[]\n" if first else "\n]\n"


if __name__ == "__main__":  # python benchmarks/bare.py FOLDER FROM TO
    import sys

    folder, first_day, last_day = sys.argv[1:4]
    found = expand(
        read_directory(Path(folder)),
        dt.date.fromisoformat(first_day),
        dt.date.fromisoformat(last_day),
    )
    write = sys.stdout.write
    for piece in json_output(found):
        write(piece)
