"""Benchmark: export a network's programme (iCal) and partner list (vCard), 1 to 1,000 centres.

Run: ``python benchmarks/bench_export.py`` (N = 1, 10, 100 centres; ``--full`` adds
1,000; ``--sizes 1,10`` picks sizes; ``--no-cli`` skips the end-to-end runs).

Prints, for each N, from runs in the same process, interleaved (ours, baseline, ours,
...), best of ``--repeat``:

- our iCal export of the network's programme for one calendar year against a bare
  icalendar script that does the same work inside the timing: per centre its
  closure calendar, per offer its texts (description, location, category label) and
  the schedule's mapping to DTSTART/RRULE/RDATE/EXDATE (the pure functions of
  ``familycentre.schedule`` and ``familycentre.export.text``: writing a second RFC
  5545 mapping would not be a baseline), then icalendar building and serialising
  every event. Both sides write to a sink that counts the events; the counts are
  printed and asserted equal. Goal: at most 1.1x.
- µs per event and the peak memory (tracemalloc) of each side.
- our vCard export of the partners (with contact persons) against bare vobject
  building and serialising the same cards, cards computed inside the timing (at the
  largest N).

End to end (each run a new process, start-up included): ``familycentre export ical
--store ...`` against ``python benchmarks/bare_export.py`` reading the centres' data
files and writing the same events; events counted in both files and asserted equal;
peak memory is each process's maximum resident set size.

Times are wall-clock (``time.perf_counter``), best of ``--repeat``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gc
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import attrs

sys.path.insert(0, str(Path(__file__).resolve().parent))

from network import generate_network, load_through_cli

import familycentre as fc
from familycentre.export import DataSource, ExportOptions
from familycentre.export.ical import ICalExporter, event_uid
from familycentre.export.text import offer_description
from familycentre.export.vcard import VCardExporter, centre_card, partner_cards
from familycentre.schedule import ClosureCalendar, event_patterns, schedule_dates

START, END = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
MODIFIED = dt.datetime(2026, 11, 1, 8, 30, tzinfo=dt.UTC)


class Sink:
    """A binary stream that counts bytes and events written and keeps nothing."""

    def __init__(self) -> None:
        self.size = 0
        self.events = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        self.events += data.count(b"BEGIN:VEVENT\r\n")
        return len(data)


def with_contacts(network: list[fc.CentreData]) -> list[fc.CentreData]:
    """Give every partner phones, an email, an address and a contact person."""
    result = []
    for index, item in enumerate(network):
        partners = tuple(
            attrs.evolve(
                partner,
                contact=fc.Contact(
                    phones=(f"+49 231 {4000000 + index * 10 + p}",),
                    emails=(f"info{p}@{partner.id}.example.org",),
                    website=f"https://{partner.id}.example.org/",
                ),
                address=fc.Address(f"Hauptstraße {p + 1}", "44135", "Dortmund"),
                contacts=(
                    fc.ContactPerson(
                        name=f"Dr. Maria Muster-{p}",
                        role="Beraterin, Familienhilfe",
                        phones=(f"+49 151 {20000000 + index * 10 + p}",),
                    ),
                ),
                notes="Offene Sprechstunde dienstags, Termine innerhalb von zwei Wochen.",
            )
            for p, partner in enumerate(item.partners)
        )
        result.append(attrs.evolve(item, partners=partners))
    return result


def interleaved(repeat: int, works: list[Callable[[], int]]) -> list[tuple[float, int]]:
    """Best wall time and result of each work, the works run in turn ``repeat`` times."""
    for work in works:  # warm up: first imports, caches of parsed data
        work()
    best = [float("inf")] * len(works)
    results = [0] * len(works)
    for _ in range(repeat):
        for index, work in enumerate(works):
            started = time.perf_counter()
            results[index] = work()
            best[index] = min(best[index], time.perf_counter() - started)
    return list(zip(best, results, strict=True))


def traced_peak(work: Callable[[], Any]) -> int:
    """Peak bytes allocated (tracemalloc) while the work runs."""
    gc.collect()
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# --- bare icalendar ---------------------------------------------------------------------------


def ical_inputs(
    network: list[fc.CentreData], start: dt.date = START, end: dt.date = END
) -> Iterator[dict[str, Any]]:
    """The values of every event, one after the other, as a hand-written exporter finds them.

    Per centre its closure calendar, per offer its texts, per schedule the mapping to
    DTSTART/RRULE/RDATE/EXDATE, and the dates called off (cancelled dates that would
    otherwise take place) as instances with STATUS:CANCELLED, as the exporter shows them.
    """
    for item in network:
        centre = item.centre
        calendar = ClosureCalendar.for_centre(centre, start, end)
        location = centre.name.de
        for offer in item.offers:
            if not offer.schedule or offer.status is not fc.OfferStatus.ACTIVE:
                continue
            common = {
                "summary": offer.title.de,
                "description": offer_description(offer, centre),
                "location": location,
                "category": offer.category.label("de"),
            }
            for index, schedule in enumerate(offer.schedule):
                transp = (
                    "TRANSPARENT" if schedule.kind is fc.ScheduleKind.OPENING_HOURS else "OPAQUE"
                )
                called_off: set[dt.date] = set()
                if schedule.cancelled:
                    possible = schedule_dates(
                        attrs.evolve(schedule, cancelled=()), calendar, start, end
                    )
                    called_off = set(possible).intersection(schedule.cancelled)
                patterns = event_patterns(
                    attrs.evolve(schedule, cancelled=()) if called_off else schedule,
                    calendar,
                    start,
                    end,
                    index=index,
                )
                for number, pattern in enumerate(patterns):
                    uid = event_uid(centre.id, offer.id, index, number)
                    overrides = [_on_day(pattern.dtstart, day) for day in sorted(called_off)]
                    yield {
                        **common,
                        "uid": uid,
                        "dtstart": pattern.dtstart,
                        "dtend": pattern.dtend,
                        "rrule": dict(pattern.rrule) if pattern.rrule else None,
                        "rdates": pattern.rdates,
                        "exdates": pattern.exdates,
                        "status": "CONFIRMED",
                        "transp": transp,
                    }
                    length = pattern.dtend - pattern.dtstart
                    for value in overrides:
                        yield {
                            **common,
                            "uid": uid,
                            "recurrence_id": value,
                            "dtstart": value,
                            "dtend": value + length,
                            "rrule": None,
                            "rdates": (),
                            "exdates": (),
                            "status": "CANCELLED",
                            "transp": transp,
                        }


def _on_day(first: dt.date, day: dt.date) -> dt.date:
    """The occurrence of a pattern starting at ``first`` on ``day`` (same wall-clock time)."""
    if isinstance(first, dt.datetime):
        assert first.tzinfo is not None
        return dt.datetime.combine(day, first.time(), first.tzinfo)
    return day


def bare_icalendar(events: Iterable[dict[str, Any]], stream: IO[bytes] | Sink) -> None:
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//bare//EN")
    calendar.add("version", "2.0")
    stream.write(calendar.to_ical()[: -len(b"END:VCALENDAR\r\n")])
    for values in events:
        event = icalendar.Event()
        event.add("uid", values["uid"])
        if "recurrence_id" in values:
            event.add("recurrence-id", values["recurrence_id"])
        event.add("dtstamp", MODIFIED)
        event.add("last-modified", MODIFIED)
        event.add("sequence", 0)
        event.add("summary", values["summary"], parameters={"LANGUAGE": "de"})
        event.add("description", values["description"], parameters={"LANGUAGE": "de"})
        event.add("location", values["location"], parameters={"LANGUAGE": "de"})
        event.add("categories", [values["category"]])
        event.add("class", "PUBLIC")
        event.add("dtstart", values["dtstart"])
        event.add("dtend", values["dtend"])
        if values["rrule"]:
            event.add("rrule", values["rrule"])
        if values["rdates"]:
            event.add("rdate", list(values["rdates"]))
        if values["exdates"]:
            event.add("exdate", list(values["exdates"]))
        event.add("status", values["status"])
        event.add("transp", values["transp"])
        stream.write(event.to_ical())
    stream.write(b"END:VCALENDAR\r\n")


# --- bare vobject -------------------------------------------------------------------------


def vcard_inputs(network: list[fc.CentreData]) -> list[Any]:
    cards = []
    for item in network:
        cards.append(centre_card(item.centre, revision=MODIFIED))
        for partner in item.partners:
            cards.extend(partner_cards(partner, revision=MODIFIED))
    return cards


def bare_vobject(cards: list[Any], stream: IO[bytes] | Sink) -> None:
    import vobject

    for card in cards:
        vcard = vobject.vCard()
        vcard.add("version").value = "4.0"
        vcard.add("uid").value = card.uid
        vcard.add("fn").value = card.name
        if card.organisation:
            vcard.add("kind").value = "org"
        vcard.add("n").value = vobject.vcard.Name(
            family=card.family, given=card.given, prefix=card.prefix
        )
        if card.org:
            vcard.add("org").value = [card.org]
        if card.title:
            vcard.add("title").value = card.title
        for phone in card.phones:
            tel = vcard.add("tel")
            tel.value = f"tel:{phone.number}"
            tel.params["VALUE"] = ["uri"]
            tel.params["TYPE"] = ["work", "voice"]
        for email in card.emails:
            vcard.add("email").value = email
        if card.address is not None:
            vcard.add("adr").value = vobject.vcard.Address(
                street=card.address.street,
                city=card.address.city,
                code=card.address.postal_code,
                country="Deutschland",
            )
        if card.url:
            vcard.add("url").value = card.url
        vcard.add("categories").value = list(card.categories)
        if card.note:
            vcard.add("note").value = card.note
        for tag in card.languages:
            vcard.add("lang").value = tag
        if card.related:
            vcard.add("related").value = card.related
        vcard.add("rev").value = MODIFIED.strftime("%Y%m%dT%H%M%SZ")
        stream.write(vcard.serialize().encode("utf-8"))


def ours_ical(source: DataSource, options: ExportOptions) -> int:
    sink = Sink()
    ICalExporter().write(source, options, sink)  # type: ignore[arg-type]
    return sink.events


def bare_ical(network: list[fc.CentreData]) -> int:
    sink = Sink()
    bare_icalendar(ical_inputs(network), sink)
    return sink.events


def ours_vcard(source: DataSource) -> int:
    sink = Sink()
    VCardExporter().write(source, ExportOptions(), sink)  # type: ignore[arg-type]
    return sink.size


def bare_vcard(network: list[fc.CentreData]) -> int:
    sink = Sink()
    cards = vcard_inputs(network)
    bare_vobject(cards, sink)
    return len(cards)


def scaling(sizes: list[int], offers: int, partners: int, repeat: int) -> None:
    options = ExportOptions(start=START, end=END)
    print(
        f"\niCal export of one year ({START} to {END}) against bare icalendar doing the "
        f"same work, best of {repeat} interleaved runs"
    )
    print(
        f"{'centres':>7} {'events':>8} {'MB':>6} | {'ours':>8} {'us/ev':>6} {'peak MB':>7} | "
        f"{'bare':>8} {'us/ev':>6} {'peak MB':>7} | {'ratio':>6}"
    )
    network: list[fc.CentreData] = []
    for centres in sizes:
        network = with_contacts(generate_network(centres, offers, partners))
        source = DataSource(network, MODIFIED)
        (ours, n_ours), (bare, n_bare) = interleaved(
            repeat,
            [functools.partial(ours_ical, source, options), functools.partial(bare_ical, network)],
        )
        assert n_ours == n_bare, f"events: ours {n_ours}, bare {n_bare}"
        size = Sink()
        ICalExporter().write(source, options, size)  # type: ignore[arg-type]
        peak_ours = traced_peak(functools.partial(ours_ical, source, options))
        peak_bare = traced_peak(functools.partial(bare_ical, network))
        print(
            f"{centres:>7} {n_ours:>8,} {size.size / 1e6:6.1f} | {ours:7.3f}s "
            f"{ours / n_ours * 1e6:6.1f} {peak_ours / 1e6:7.1f} | {bare:7.3f}s "
            f"{bare / n_bare * 1e6:6.1f} {peak_bare / 1e6:7.1f} | {ours / bare:5.2f}x"
        )
    print("goal: at most 1.1x; peak memory of ours independent of N (streaming)")

    source = DataSource(network, MODIFIED)
    (ours_v, size_v), (bare_v, n_cards) = interleaved(
        repeat, [lambda: ours_vcard(source), lambda: bare_vcard(network)]
    )
    n_partners = sum(len(item.partners) for item in network)
    print(
        f"\nvCard: {len(network)} centres and {n_partners} partners, {n_cards} cards "
        f"({size_v / 1e6:.1f} MB): ours {ours_v:.3f} s, bare vobject {bare_v:.3f} s: "
        f"ratio {ours_v / bare_v:.2f}x (goal <= 1.1x)"
    )


def end_to_end(sizes: list[int], offers: int, partners: int, repeat: int) -> None:
    from bench_schedule import run_measured

    command = Path(sys.executable).with_name("familycentre")
    here = Path(__file__).resolve().parent
    print(
        "\nend to end: `familycentre export ical --store ...` against "
        f"`python benchmarks/bare_export.py` on the data files, best of {repeat} interleaved runs"
    )
    print(
        f"{'centres':>7} {'events':>8} | {'familycentre':>12} {'peak MB':>7} | "
        f"{'bare script':>11} {'peak MB':>7} | {'ratio':>6}"
    )
    for centres in sizes:
        network = generate_network(centres, offers, partners)
        with tempfile.TemporaryDirectory() as directory:
            root = Path(directory)
            store = load_through_cli(command, network, root)
            files = root / "data"  # the data files the store was loaded from
            window = ["--from", START.isoformat(), "--to", END.isoformat()]
            ours_out, bare_out = root / "ours.ics", root / "bare.ics"
            ours_argv = [
                str(command),
                "export",
                "ical",
                "--store",
                store,
                *window,
                "-q",
                "--no-cache",  # a full export each run, as the baseline makes
                "-o",
                str(ours_out),
            ]
            bare_argv = [
                sys.executable,
                str(here / "bare_export.py"),
                str(files),
                *window[1::2],
                str(bare_out),
            ]
            best_ours = best_bare = float("inf")
            peak_ours = peak_bare = 0
            for _ in range(repeat):
                elapsed, peak = run_measured(ours_argv, root / "ours.log")
                best_ours, peak_ours = min(best_ours, elapsed), max(peak_ours, peak)
                elapsed, peak = run_measured(bare_argv, root / "bare.log")
                best_bare, peak_bare = min(best_bare, elapsed), max(peak_bare, peak)
            n_ours = ours_out.read_bytes().count(b"BEGIN:VEVENT\r\n")
            n_bare = bare_out.read_bytes().count(b"BEGIN:VEVENT\r\n")
            assert n_ours == n_bare, f"events: ours {n_ours}, bare {n_bare}"
        print(
            f"{centres:>7} {n_ours:>8,} | {best_ours:11.3f}s {peak_ours / 1e6:7.1f} | "
            f"{best_bare:10.3f}s {peak_bare / 1e6:7.1f} | {best_ours / best_bare:5.2f}x"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="1,10,100", help="numbers of centres (default 1,10,100)"
    )
    parser.add_argument("--full", action="store_true", help="add 1,000 centres (several minutes)")
    parser.add_argument("--offers", type=int, default=40, help="offers per centre")
    parser.add_argument("--partners", type=int, default=5, help="partners per centre")
    parser.add_argument("--repeat", type=int, default=3, help="interleaved runs (best is shown)")
    parser.add_argument("--cli", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--cli-sizes", default="1,100", help="sizes end to end (default 1,100)")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]  # progress
    sizes = [int(n) for n in args.sizes.split(",") if n]
    cli_sizes = [int(n) for n in args.cli_sizes.split(",") if n]
    if args.full:
        sizes.append(1000)
        cli_sizes.append(1000)
    scaling(sizes, args.offers, args.partners, args.repeat)
    if args.cli:
        end_to_end(cli_sizes, args.offers, args.partners, args.repeat)


if __name__ == "__main__":
    main()
