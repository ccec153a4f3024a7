"""Open Referral HSDS 3.0: a centre and its offers for service directories.

The ``hsds`` exporter writes one JSON document: a list of HSDS ``organization``
objects (one per centre) with nested ``services`` (offers), ``locations`` (the
house, its address and accessibility), ``service_at_locations``, ``schedules``,
``phones``, ``contacts``, ``languages``, ``cost_options`` and taxonomy terms (as
``attributes``). Identifiers are UUIDs derived from the ids (``uuid5``), so the same
data gives the same file.

HSDS schedules are iCalendar-like rules (``freq`` WEEKLY or MONTHLY, ``byday``,
``bymonthday``, ``interval``, ``dtstart``, ``until``, ``count``) with a numeric UTC
offset, and have no exceptions. The exporter writes each schedule of an offer for
the export window as one or more rules whose ``valid_from``/``valid_to`` leave out the
days on which the offer does not take place (public and school holidays, closures,
cancelled dates) and the nights on which the clocks change, so that every rule's UTC
offset is right for all its dates. What HSDS cannot say (every *n* days; the reasons
for a gap) goes into ``description``/``notes``. The mapping, with every loss, is in
the reference documentation ("HSDS mapping").

With the option ``layout=tabular`` the same objects are written as HSDS's tabular
form, CSV tables in a zip archive (:mod:`familycentre.export.hsds_tabular`).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
import zoneinfo
from collections.abc import Iterator
from typing import IO, Any

import attrs

from familycentre.errors import InvalidData, Problem
from familycentre.export.base import Exporter, ExportOptions, Option, Visibility
from familycentre.export.hsds_tabular import write_zip
from familycentre.export.ical import default_window
from familycentre.export.select import selected_centres, selected_offers
from familycentre.export.sources import ExportSource
from familycentre.export.text import cost_text, language_name
from familycentre.i18n import translator
from familycentre.model.centre import Centre
from familycentre.model.offer import CostKind, Offer, OfferStatus
from familycentre.model.schedule import ClosurePolicy, Daily, Schedule, TimeWindow
from familycentre.schedule import ClosureCalendar, describe, schedule_dates

__all__ = ["HSDS_VERSION", "HsdsExporter", "hsds_id", "organization", "schedule_rules"]

HSDS_VERSION = "3.0"
"""The HSDS version the export follows."""

_NAMESPACE = uuid.UUID("5b0c3f0e-8f1e-5d55-9d7a-6d2f2a1c7e10")
_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_STATUS = {
    OfferStatus.ACTIVE: "active",
    OfferStatus.PAUSED: "temporarily closed",
    OfferStatus.CANCELLED: "inactive",
}


def hsds_id(*parts: object) -> str:
    """A stable UUID for the record named by ``parts`` (``"service", "fruehstueck"``)."""
    return str(uuid.uuid5(_NAMESPACE, "/".join(str(part) for part in parts)))


def _rule(schedule: Schedule) -> dict[str, Any] | None:
    """The HSDS recurrence fields of a schedule's pattern; ``None`` if HSDS has none."""
    if schedule.weekly is not None:
        days = sorted(schedule.weekly, key=lambda d: d.number)
        return {
            "freq": "WEEKLY",
            "interval": schedule.every,
            "byday": ",".join(_DAYS[d.number] for d in days),
        }
    if schedule.daily is not None:
        if schedule.every != 1:
            return None  # every n days: HSDS knows only weeks and months
        names = _DAYS[:5] if schedule.daily is Daily.WEEKDAYS else _DAYS
        return {"freq": "WEEKLY", "interval": 1, "byday": ",".join(names)}
    if schedule.monthly is not None:
        return {
            "freq": "MONTHLY",
            "interval": schedule.every,
            "byday": ",".join(f"{r.ordinal}{_DAYS[r.weekday.number]}" for r in schedule.monthly),
        }
    if schedule.monthly_days is not None:
        return {
            "freq": "MONTHLY",
            "interval": schedule.every,
            "bymonthday": ",".join(str(d) for d in schedule.monthly_days),
        }
    return None


def _offset(day: dt.date, time: dt.time, zone: zoneinfo.ZoneInfo) -> dt.timedelta:
    value = dt.datetime.combine(day, time, zone).utcoffset()
    assert value is not None
    return value


def _hhmm(time: dt.time, offset: dt.timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"{time:%H:%M}{sign}{hours:02d}:{rest:02d}"


def _ranges(lo: dt.date, hi: dt.date, breaks: set[dt.date]) -> Iterator[tuple[dt.date, dt.date]]:
    """The runs of days from ``lo`` to ``hi`` between the days in ``breaks``."""
    start: dt.date | None = None
    day = lo
    while day <= hi:
        if day in breaks:
            if start is not None:
                yield start, day - dt.timedelta(days=1)
            start = None
        elif start is None:
            start = day
        day += dt.timedelta(days=1)
    if start is not None:
        yield start, hi


@attrs.frozen
class Rule:
    """One HSDS schedule rule: recurrence fields valid for a run of days.

    :param fields: The HSDS fields (``freq``, ``byday``, ``dtstart``, ...).
    :param window: The time window (``None`` for all day).
    :param valid_from: First day the rule applies to.
    :param valid_to: Last day the rule applies to.
    :param offset: The UTC offset on every day of the run.
    """

    fields: dict[str, Any]
    window: TimeWindow | None
    valid_from: dt.date
    valid_to: dt.date
    offset: dt.timedelta


def schedule_rules(
    schedule: Schedule, calendar: ClosureCalendar, start: dt.date, end: dt.date, zone: str
) -> tuple[list[Rule], bool]:
    """The HSDS rules of a schedule in a window, and whether HSDS could express it.

    Rules are split wherever the schedule's pattern would give a date that the
    library leaves out (holidays, closures, cancelled dates) and at daylight-saving
    changes; extra single dates become one-day rules. When the pattern cannot be
    written (every *n* days), the result is ``([], False)``.
    """
    tz = zoneinfo.ZoneInfo(zone)
    actual = set(schedule_dates(schedule, calendar, start, end))
    rule = _rule(schedule)
    if rule is None and (
        schedule.weekly is not None
        or schedule.daily is not None
        or schedule.monthly is not None
        or schedule.monthly_days is not None
    ):
        return [], False
    windows: tuple[TimeWindow | None, ...] = schedule.windows
    rules: list[Rule] = []
    covered: set[dt.date] = set()
    if rule is not None:
        pattern = attrs.evolve(schedule, dates=(), cancelled=(), closures=ClosurePolicy.REGARDLESS)
        candidates = set(schedule_dates(pattern, calendar, start, end))
        covered = candidates & actual
        breaks = candidates - actual
        lo = max(start, schedule.start) if schedule.start is not None else start
        hi = min(end, schedule.until) if schedule.until is not None else end
        anchor = schedule.start if schedule.start is not None else start
        fields = dict(rule)
        fields["dtstart"] = anchor.isoformat()
        if schedule.until is not None:
            fields["until"] = schedule.until.isoformat()
        if schedule.sessions is not None:
            fields["count"] = schedule.sessions
        for window in windows:
            time = window.start if window is not None else dt.time()
            # split at DST changes: one UTC offset per rule
            changes = {
                day
                for day in _days(lo, hi)
                if _offset(day, time, tz) != _offset(day - dt.timedelta(days=1), time, tz)
            }
            for first, last in _ranges(lo, hi, breaks):
                cuts = sorted(d for d in changes if first < d <= last)
                edges = [first, *cuts]
                for i, begin in enumerate(edges):
                    finish = cuts[i] - dt.timedelta(days=1) if i < len(cuts) else last
                    if not any(begin <= d <= finish for d in covered):
                        continue
                    rules.append(Rule(fields, window, begin, finish, _offset(begin, time, tz)))
    for day in sorted(actual - covered):  # extra single dates
        single = {"freq": "WEEKLY", "interval": 1, "byday": _DAYS[day.weekday()]}
        single["dtstart"] = day.isoformat()
        single["until"] = day.isoformat()
        for window in windows:
            time = window.start if window is not None else dt.time()
            rules.append(Rule(single, window, day, day, _offset(day, time, tz)))
    rules.sort(key=lambda r: (r.valid_from, r.window.start if r.window else dt.time()))
    return rules, True


def _days(lo: dt.date, hi: dt.date) -> Iterator[dt.date]:
    day = lo
    while day <= hi:
        yield day
        day += dt.timedelta(days=1)


def _schedules(
    owner: dict[str, str],
    key: str,
    schedules: tuple[Schedule, ...],
    calendar: ClosureCalendar,
    start: dt.date,
    end: dt.date,
    centre: Centre,
    language: str,
) -> list[dict[str, Any]]:
    t = translator(language)
    found: list[dict[str, Any]] = []
    for index, schedule in enumerate(schedules):
        words = describe(schedule, language)
        rules, expressible = schedule_rules(schedule, calendar, start, end, centre.timezone)
        if not expressible:
            found.append(
                {
                    "id": hsds_id(key, index, "description"),
                    **owner,
                    "valid_from": start.isoformat(),
                    "valid_to": end.isoformat(),
                    "description": words,
                    "notes": t.gettext(
                        "This schedule cannot be written as an HSDS rule; see the description."
                    ),
                }
            )
            continue
        for number, rule in enumerate(rules):
            item: dict[str, Any] = {
                "id": hsds_id(key, index, number),
                **owner,
                "valid_from": rule.valid_from.isoformat(),
                "valid_to": rule.valid_to.isoformat(),
                **rule.fields,
                "wkst": "MO",
                "timezone": rule.offset.total_seconds() / 3600,
                "description": words,
            }
            if rule.window is not None:
                item["opens_at"] = _hhmm(rule.window.start, rule.offset)
                item["closes_at"] = _hhmm(rule.window.end, rule.offset)
            found.append(item)
    return found


def _phones(centre: Centre, owner: dict[str, str], key: str) -> list[dict[str, Any]]:
    return [
        {
            "id": hsds_id(key, "phone", n),
            **owner,
            "number": phone.number,
            "type": {"mobile": "cell", "voice": "voice", "fax": "fax", "text": "text"}.get(
                str(phone.kind), str(phone.kind)
            ),
            **({"description": phone.label} if phone.label else {}),
        }
        for n, phone in enumerate(centre.contact.phones)
    ]


def _languages(
    tags: tuple[str, ...], owner: dict[str, str], key: str, language: str
) -> list[dict[str, Any]]:
    return [
        {
            "id": hsds_id(key, "language", tag),
            **owner,
            "name": language_name(tag, language),
            "code": tag,
        }
        for tag in tags
    ]


def _service(
    offer: Offer,
    centre: Centre,
    location_id: str,
    calendar: ClosureCalendar,
    start: dt.date,
    end: dt.date,
    language: str,
) -> dict[str, Any]:
    t = translator(language)
    calendar = calendar.for_offer(offer)
    service_id = hsds_id("service", offer.id)
    key = f"service/{offer.id}"
    owner = {"service_id": service_id}
    service: dict[str, Any] = {
        "id": service_id,
        "organization_id": hsds_id("organization", centre.id),
        "name": offer.title.get(language),
        "status": _STATUS[offer.status],
        "fees_description": cost_text(offer.cost, language).text,
        "eligibility_description": ", ".join(a.label(language) for a in offer.audiences),
    }
    if offer.description is not None:
        service["description"] = offer.description.get(language)
    if offer.url:
        service["url"] = offer.url
    if centre.contact.emails:
        service["email"] = centre.contact.emails[0]
    registration = offer.registration
    if registration.required:
        parts = [t.gettext("Registration"), t.gettext("required")]
        text = f"{parts[0]}: {parts[1]}"
        if registration.contact:
            text += f", {registration.contact}"
        if registration.note is not None:
            text += f", {registration.note.get(language)}"
        service["application_process"] = text
    else:
        service["application_process"] = t.gettext("not needed – just drop in")
    service["languages"] = _languages(offer.languages, owner, key, language)
    cost = offer.cost
    option: dict[str, Any] = {"id": hsds_id(key, "cost"), **owner, "option": str(cost.kind)}
    if cost.kind is CostKind.FREE:
        option["amount"] = 0
        option["currency"] = "EUR"
    elif cost.amount_cents is not None:
        option["amount"] = cost.amount_cents / 100
        option["currency"] = "EUR"
    option["amount_description"] = cost_text(cost, language).text
    service["cost_options"] = [option]
    service["schedules"] = _schedules(
        owner, key, offer.schedule, calendar, start, end, centre, language
    )
    service["service_at_locations"] = [
        {
            "id": hsds_id("service_at_location", offer.id),
            "service_id": service_id,
            "location_id": location_id,
            **({"description": offer.location} if offer.location else {}),
        }
    ]
    attributes = [
        _term(
            service_id, "category", str(offer.category), offer.category.label(language), language
        )
    ]
    attributes += [
        _term(service_id, "audience", str(a), a.label(language), language) for a in offer.audiences
    ]
    service["attributes"] = attributes
    return service


def _term(link_id: str, kind: str, code: str, name: str, language: str) -> dict[str, Any]:
    return {
        "id": hsds_id("attribute", link_id, kind, code),
        "link_id": link_id,
        "link_type": kind,
        "link_entity": "service",
        "taxonomy_term_id": hsds_id("taxonomy_term", kind, code),
        "taxonomy_term": {
            "id": hsds_id("taxonomy_term", kind, code),
            "code": code,
            "name": name,
            "description": name,
            "taxonomy": f"familycentre:{kind}",
            "language": language,
        },
    }


def organization(
    centre: Centre, offers: list[Offer], start: dt.date, end: dt.date, language: str
) -> dict[str, Any]:
    """The HSDS ``organization`` object of a centre with its services, nested."""
    organization_id = hsds_id("organization", centre.id)
    location_id = hsds_id("location", centre.id)
    calendar = ClosureCalendar.for_centre(centre, start, end)
    location: dict[str, Any] = {
        "id": location_id,
        "location_type": "physical",
        "organization_id": organization_id,
        "name": centre.name.get(language),
    }
    if centre.address is not None:
        address = centre.address
        location["addresses"] = [
            {
                "id": hsds_id("address", centre.id),
                "location_id": location_id,
                "address_1": address.street,
                "city": address.city,
                "state_province": centre.region.partition("-")[2] or centre.region,
                "postal_code": address.postal_code,
                "country": address.country,
                "address_type": "physical",
            }
        ]
        if address.geo is not None:
            location["latitude"] = address.geo.lat
            location["longitude"] = address.geo.lon
    features = [f.label(language) for f in centre.accessibility]
    if features or centre.accessibility_note is not None:
        location["accessibility"] = [
            {
                "id": hsds_id("accessibility", centre.id),
                "location_id": location_id,
                "description": ", ".join(features),
                **(
                    {"details": centre.accessibility_note.get(language)}
                    if centre.accessibility_note is not None
                    else {}
                ),
            }
        ]
    location["languages"] = _languages(
        centre.languages, {"location_id": location_id}, f"location/{centre.id}", language
    )
    location["phones"] = _phones(centre, {"location_id": location_id}, f"location/{centre.id}")
    location["schedules"] = _schedules(
        {"location_id": location_id},
        f"location/{centre.id}",
        centre.opening_hours,
        calendar,
        start,
        end,
        centre,
        language,
    )
    result: dict[str, Any] = {
        "id": organization_id,
        "name": centre.name.get(language),
        "description": (
            centre.description.get(language)
            if centre.description is not None
            else centre.kind.label(language)
        ),
    }
    if centre.contact.emails:
        result["email"] = centre.contact.emails[0]
    if centre.contact.website:
        result["website"] = centre.contact.website
    result["phones"] = _phones(
        centre, {"organization_id": organization_id}, f"organization/{centre.id}"
    )
    result["locations"] = [location]
    result["services"] = [
        _service(offer, centre, location_id, calendar, start, end, language) for offer in offers
    ]
    return result


def _tabular(options: ExportOptions) -> bool:
    return bool(options.extra.get("layout", "json") == "tabular")


class HsdsExporter(Exporter):
    """Centres and their offers as Open Referral HSDS 3.0 (organizations, nested).

    Options: ``layout``: ``json`` (a JSON list of organizations with their objects
    nested) or ``tabular`` (a zip archive of CSV tables with ``datapackage.json``, see
    :mod:`familycentre.export.hsds_tabular`).
    """

    name = "hsds"
    title = "Open Referral HSDS 3.0 (JSON, or CSV tables in a zip)"
    media_type = "application/json"
    suffix = ".json"
    visibility = Visibility.PUBLIC
    options = (
        Option(
            "layout",
            "json (organizations, nested) or tabular (zip of CSV tables with datapackage.json)",
            "json",
            ("json", "tabular"),
        ),
    )

    def media_type_for(self, options: ExportOptions) -> str:
        """``application/zip`` for the tabular layout, else ``application/json``."""
        return "application/zip" if _tabular(options) else self.media_type

    def suffix_for(self, options: ExportOptions) -> str:
        """``.zip`` for the tabular layout, else ``.json``."""
        return ".zip" if _tabular(options) else self.suffix

    def write(self, source: ExportSource, options: ExportOptions, stream: IO[bytes]) -> None:
        """Write the HSDS organizations of the selected centres, one per centre."""
        start, end = options.start, options.end
        if start is None or end is None:
            default_start, default_end = default_window(dt.date.today())
            start, end = start or default_start, end or default_end
        if end < start:
            raise InvalidData(
                [Problem(("to",), f"{end.isoformat()} lies before from ({start.isoformat()})")]
            )
        if _tabular(options):
            write_zip(self._organizations(source, options, start, end), stream)
            return
        stream.write(b"[")
        for number, record in enumerate(selected_centres(source, options)):
            offers = [o.value for o in selected_offers(source, options, record.id)]
            item = organization(record.value, offers, start, end, options.language)
            if number:
                stream.write(b",")
            stream.write(b"\n")
            stream.write(json.dumps(item, ensure_ascii=False, indent=1).encode("utf-8"))
        stream.write(b"\n]\n")

    @staticmethod
    def _organizations(
        source: ExportSource, options: ExportOptions, start: dt.date, end: dt.date
    ) -> Iterator[dict[str, Any]]:
        for record in selected_centres(source, options):
            offers = [o.value for o in selected_offers(source, options, record.id)]
            yield organization(record.value, offers, start, end, options.language)
