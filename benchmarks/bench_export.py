"""Benchmark: export a state network's programme (iCal) and partner list (vCard).

Run: ``python benchmarks/bench_export.py [--centres 400] [--offers 40] [--repeat 3]``

Prints, from runs in the same process:

- our iCal export of the network (16,000 offers, one calendar year) against bare
  icalendar building and serialising the same events from precomputed values
  (goal: at most 1.1x);
- our vCard export of 2,000 partners (with contact persons) against bare vobject
  building and serialising the same cards (goal: at most 1.1x);
- the peak memory (tracemalloc) of the streaming iCal export against the size of the
  output.

Times are CPU time of this process (``time.process_time``), the best of ``--repeat``
runs, because these machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import attrs

sys.path.insert(0, str(Path(__file__).resolve().parent))

from network import generate_network

import familycentre as fc
from familycentre.export import DataSource, ExportOptions
from familycentre.export.ical import ICalExporter, event_uid
from familycentre.export.text import offer_description
from familycentre.export.vcard import VCardExporter, centre_card, partner_cards
from familycentre.schedule import ClosureCalendar, event_patterns

START, END = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
MODIFIED = dt.datetime(2026, 11, 1, 8, 30, tzinfo=dt.UTC)


class Sink:
    """A binary stream that counts what is written and keeps nothing."""

    def __init__(self) -> None:
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
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


def best_of(repeat: int, run: Callable[[], Any]) -> float:
    times = []
    for _ in range(repeat):
        started = time.process_time()
        run()
        times.append(time.process_time() - started)
    return min(times)


# --- bare icalendar ---------------------------------------------------------------------------


def ical_inputs(network: list[fc.CentreData]) -> list[dict[str, Any]]:
    """Precomputed values of every event: what a hand-written exporter would start from."""
    events = []
    for item in network:
        centre = item.centre
        calendar = ClosureCalendar.for_centre(centre, START, END)
        for offer in item.offers:
            if not offer.schedule:
                continue
            description = offer_description(offer, centre)
            location = centre.name.de
            for index, schedule in enumerate(offer.schedule):
                for number, pattern in enumerate(
                    event_patterns(schedule, calendar, START, END, index=index)
                ):
                    events.append(
                        {
                            "uid": event_uid(centre.id, offer.id, index, number),
                            "summary": offer.title.de,
                            "description": description,
                            "location": location,
                            "category": offer.category.label("de"),
                            "dtstart": pattern.dtstart,
                            "dtend": pattern.dtend,
                            "rrule": dict(pattern.rrule) if pattern.rrule else None,
                            "rdates": pattern.rdates,
                            "exdates": pattern.exdates,
                        }
                    )
    return events


def bare_icalendar(events: list[dict[str, Any]], stream: IO[bytes] | Sink) -> None:
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//bare//EN")
    calendar.add("version", "2.0")
    stream.write(calendar.to_ical()[: -len(b"END:VCALENDAR\r\n")])
    for values in events:
        event = icalendar.Event()
        event.add("uid", values["uid"])
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
        event.add("status", "CONFIRMED")
        event.add("transp", "OPAQUE")
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--centres", type=int, default=400)
    parser.add_argument("--offers", type=int, default=40)
    parser.add_argument("--partners", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    network = with_contacts(generate_network(args.centres, args.offers, args.partners))
    offers = sum(len(item.offers) for item in network)
    partners = sum(len(item.partners) for item in network)
    print(f"network: {len(network)} centres, {offers} offers, {partners} partners")
    source = DataSource(network, MODIFIED)

    ical = ICalExporter()
    options = ExportOptions(start=START, end=END)
    sink = Sink()
    ical.write(source, options, sink)  # type: ignore[arg-type]
    ours = best_of(args.repeat, lambda: ical.write(source, options, Sink()))  # type: ignore[arg-type]
    events = ical_inputs(network)
    bare = best_of(args.repeat, lambda: bare_icalendar(events, Sink()))
    mapping = best_of(args.repeat, lambda: ical_inputs(network))
    print(
        f"iCal:  ours {ours:6.2f} s, bare icalendar {bare:6.2f} s for {len(events)} events "
        f"({sink.size / 1e6:.1f} MB): ratio {ours / bare:.2f}x (goal <= 1.1x)"
    )
    print(
        f"       of which the schedule mapping, closures and texts that the baseline gets "
        f"precomputed: {mapping:.2f} s; ours against baseline plus that work: "
        f"{ours / (bare + mapping):.2f}x"
    )

    vcard = VCardExporter()
    vsink = Sink()
    vcard.write(source, ExportOptions(), vsink)  # type: ignore[arg-type]
    ours_v = best_of(args.repeat, lambda: vcard.write(source, ExportOptions(), Sink()))  # type: ignore[arg-type]
    cards = vcard_inputs(network)
    bare_v = best_of(args.repeat, lambda: bare_vobject(cards, Sink()))
    print(
        f"vCard: ours {ours_v:6.2f} s, bare vobject {bare_v:6.2f} s for {len(cards)} cards "
        f"({vsink.size / 1e6:.1f} MB): ratio {ours_v / bare_v:.2f}x (goal <= 1.1x)"
    )

    tracemalloc.start()
    measured = Sink()
    ical.write(source, options, measured)  # type: ignore[arg-type]
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"memory: streaming iCal export peaked at {peak / 1e6:.1f} MB of allocations "
        f"for {measured.size / 1e6:.1f} MB of output: {peak / measured.size:.2f}x the output"
    )


if __name__ == "__main__":
    main()
