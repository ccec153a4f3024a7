"""Benchmark of schedule expansion against dateutil.rrule and recurring-ical-events.

Run: ``python benchmarks/bench_schedule.py`` (``--quick`` for a smaller network).

The network of ``network.py`` (400 centres x 40 offers = 16,000 offers, fixed seed)
is expanded over one calendar year (2026):

1. familycentre: per centre one closure calendar (public holidays of its state,
   school holidays, its closure periods), then every offer's occurrences as
   timezone-aware start and end in Europe/Berlin, closures applied.
2. dateutil: the same rules as bare ``dateutil.rrule`` objects (an ``rruleset``
   where a schedule has extra or cancelled dates), one per schedule and time window,
   expanded with ``between()`` to naive start datetimes, no closures at all.
   Goal: familycentre at most 1.5x this time.
3. recurring-ical-events on the same calendar: the iCal mapping of the offers
   (DTSTART, RRULE, RDATE, EXDATE) as a VCALENDAR, expanded with ``between()``.
   It is slow, so it runs on a subset of centres and its time is scaled to the
   whole network by the number of offers. Goal: familycentre at least 20x faster.

Each figure is the best of several runs in this process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import icalendar
import recurring_ical_events
from dateutil import rrule
from network import generate_network

import familycentre as fc
from familycentre.schedule import ClosureCalendar, occurrences, offer_event_patterns

START = dt.date(2026, 1, 1)
END = dt.date(2026, 12, 31)
_DAYS = [rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU]


def best_of(runs: int, work: Callable[[], int]) -> tuple[float, int]:
    """The best wall-clock time of ``runs`` runs, and what the work counted."""
    best = float("inf")
    count = 0
    for _ in range(runs):
        began = time.perf_counter()
        count = work()
        best = min(best, time.perf_counter() - began)
    return best, count


def expand_familycentre(network: list[fc.CentreData]) -> int:
    total = 0
    for data in network:
        calendar = ClosureCalendar.for_centre(data.centre, START, END)
        for offer in data.offers:
            total += len(occurrences(offer, calendar, START, END))
    return total


def dateutil_rules(network: list[fc.CentreData]) -> list[Any]:
    """The same rules as dateutil objects, one per schedule and time window."""
    rules: list[Any] = []
    for data in network:
        for offer in data.offers:
            for s in offer.schedule:
                for window in s.windows:
                    at = window.start if window is not None else dt.time()
                    rules.append(_rule(s, at))
    return rules


def _rule(s: fc.Schedule, at: dt.time) -> Any:
    kwargs: dict[str, Any] = {"interval": s.every, "wkst": rrule.MO}
    freq = None
    if s.weekly is not None:
        freq = rrule.WEEKLY
        kwargs["byweekday"] = [_DAYS[d.number] for d in s.weekly]
    elif s.daily is not None:
        freq = rrule.DAILY
        if s.daily is fc.Daily.WEEKDAYS:
            kwargs["byweekday"] = _DAYS[:5]
    elif s.monthly is not None:
        freq = rrule.MONTHLY
        kwargs["byweekday"] = [_DAYS[m.weekday.number](m.ordinal) for m in s.monthly]
    elif s.monthly_days is not None:
        freq = rrule.MONTHLY
        kwargs["bymonthday"] = list(s.monthly_days)
    rule = None
    if freq is not None:
        kwargs["dtstart"] = dt.datetime.combine(s.start or START, at)
        if s.sessions is not None:
            kwargs["count"] = s.sessions
        if s.until is not None:
            kwargs["until"] = dt.datetime.combine(s.until, at)
        rule = rrule.rrule(freq, **kwargs)
        if not s.dates and not s.cancelled:
            return rule
    rules = rrule.rruleset()
    if rule is not None:
        rules.rrule(rule)
    for day in s.dates:
        rules.rdate(dt.datetime.combine(day, at))
    for day in s.cancelled:
        rules.exdate(dt.datetime.combine(day, at))
    return rules


def expand_dateutil(rules: list[Any]) -> int:
    start = dt.datetime.combine(START, dt.time())
    end = dt.datetime.combine(END, dt.time(23, 59))
    return sum(len(rule.between(start, end, inc=True)) for rule in rules)


def ical_calendar(network: list[fc.CentreData]) -> icalendar.Calendar:
    """The network's programme as one VCALENDAR, from the iCal mapping."""
    calendar = icalendar.Calendar()
    calendar.add("PRODID", "-//familycentre benchmark//EN")
    calendar.add("VERSION", "2.0")
    for data in network:
        closures = ClosureCalendar.for_centre(data.centre, START, END)
        for offer in data.offers:
            for number, pattern in enumerate(offer_event_patterns(offer, closures, START, END)):
                event = icalendar.Event()
                event.add("UID", f"{offer.id}-{number}@bench")
                event.add("DTSTAMP", dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
                event.add("SUMMARY", offer.title.de)
                event.add("DTSTART", pattern.dtstart)
                event.add("DTEND", pattern.dtend)
                if pattern.rrule:
                    event.add("RRULE", dict(pattern.rrule))
                if pattern.rdates:
                    event.add("RDATE", list(pattern.rdates))
                if pattern.exdates:
                    event.add("EXDATE", list(pattern.exdates))
                calendar.add_component(event)
    return calendar


def expand_rie(calendar: icalendar.Calendar) -> int:
    return len(recurring_ical_events.of(calendar).between(START, END + dt.timedelta(days=1)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="40 centres instead of 400")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (best is shown)")
    parser.add_argument(
        "--rie-centres", type=int, default=10, help="centres expanded by recurring-ical-events"
    )
    args = parser.parse_args(argv)
    centres = 40 if args.quick else 400
    began = time.perf_counter()
    network = generate_network(centres, 40, 5)
    offers = sum(len(d.offers) for d in network)
    print(
        f"network: {centres} centres, {offers:,} offers, "
        f"{sum(len(d.partners) for d in network):,} partners "
        f"(generated in {time.perf_counter() - began:.1f} s); window {START} to {END}"
    )

    cold, _ = best_of(1, lambda: expand_familycentre(network))  # loads holiday data
    ours, ours_count = best_of(args.runs, lambda: expand_familycentre(network))
    rules = dateutil_rules(network)
    base, base_count = best_of(args.runs, lambda: expand_dateutil(rules))
    print(
        f"familycentre: {ours:7.2f} s  {ours_count:>10,} occurrences "
        f"({ours / ours_count * 1e6:.2f} us each; closures, aware datetimes, Occurrence objects)"
    )
    print(
        f"dateutil:     {base:7.2f} s  {base_count:>10,} starts      "
        f"({base / base_count * 1e6:.2f} us each; bare rrule.between, naive, no closures)"
    )
    print(f"ratio familycentre / dateutil: {ours / base:.2f}x (goal: at most 1.5x)")
    print(f"first run, holiday data not yet loaded: {cold:.2f} s, ratio {cold / base:.2f}x")

    subset = network[: args.rie_centres]
    subset_offers = sum(len(d.offers) for d in subset)
    calendar = ical_calendar(subset)
    rie, rie_count = best_of(1, lambda: expand_rie(calendar))
    ours_subset, ours_subset_count = best_of(args.runs, lambda: expand_familycentre(subset))
    scaled = rie * offers / subset_offers
    print(
        f"recurring-ical-events: {rie:7.2f} s for {args.rie_centres} centres "
        f"({subset_offers:,} offers, {rie_count:,} occurrences; familycentre finds "
        f"{ours_subset_count:,} in {ours_subset:.3f} s)"
    )
    print(
        f"recurring-ical-events scaled to {offers:,} offers: {scaled:7.1f} s; "
        f"familycentre is {scaled / ours:.0f}x faster on the whole network, "
        f"{rie / ours_subset:.0f}x on the subset (goal: at least 20x)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
