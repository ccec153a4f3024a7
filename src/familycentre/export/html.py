"""Programme pages for families: a week grid for the door and a programme list.

Two layouts, chosen with the option ``layout``:

- ``week`` (default): the *Wochenprogramm*, days × times for the week that contains
  ``--from`` (Monday to Sunday), closures and holidays marked, for A4 landscape;
- ``list``: the programme by category for the period ``--from``–``--to`` (the
  half-year programme), for A4 portrait.

Labels come from the catalogues (:mod:`familycentre.i18n`), data text falls back to
German and carries a ``lang`` attribute when it is not in the page's language; Arabic
pages are ``dir="rtl"`` (the grid mirrors: Monday on the right). Cost, registration,
accessibility and childcare are shown as symbols with text alternatives. Each page
embeds schema.org JSON-LD: the centre (``Organization`` and ``Place``) and its
events. The week grid has one ``Event`` per occurrence; the programme list has one
``Event`` per offer with an ``eventSchedule`` (schema.org's ``Schedule``: weekdays,
times, the dates it runs and the dates it does not), and an ``Event`` of its own for
each occurrence that no schedule rule gives (see :mod:`familycentre.export.schema_org`).
Pages use no JavaScript; print CSS sets the paper size.

The page is built in two steps: :func:`page_context` computes plain rows from the
data, then :func:`render` fills the Jinja2 template with them.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
import operator
from collections.abc import Iterable
from typing import IO, Any

from familycentre.errors import InvalidData, Problem
from familycentre.export.base import Exporter, ExportOptions, Option, Visibility
from familycentre.export.schema_org import DAY_URLS, ScheduleRule, centre_series
from familycentre.export.select import selected_centres, selected_offers
from familycentre.export.sources import ExportSource
from familycentre.export.text import cost_text, facilitation_text, language_name
from familycentre.i18n import Translator, translator
from familycentre.model.centre import Centre
from familycentre.model.offer import Cost, CostKind, Facilitation, Offer, OfferStatus
from familycentre.model.schedule import Weekday
from familycentre.model.text import Text
from familycentre.schedule import ClosureCalendar, centre_occurrences, describe
from familycentre.schedule.limits import check_request
from familycentre.schedule.missed import public_holiday_name
from familycentre.taxonomy import Term

__all__ = ["LAYOUTS", "HtmlExporter", "page_context", "render", "week_window"]

LAYOUTS = ("week", "list")
"""The layouts of the ``html`` exporter."""


def week_window(day: dt.date) -> tuple[dt.date, dt.date]:
    """The Monday and Sunday of the week that contains ``day``."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def _default_list_window(today: dt.date) -> tuple[dt.date, dt.date]:
    start = today.replace(day=1)
    month = start.month + 6
    end = start.replace(year=start.year + (month - 1) // 12, month=(month - 1) % 12 + 1)
    return start, end - dt.timedelta(days=1)


class _Words:
    """Data text in the page's language where translated, with its ``lang`` otherwise."""

    def __init__(self, t: Translator) -> None:
        self.t = t

    def text(self, value: Text | None) -> dict[str, str] | None:
        if value is None:
            return None
        tag, text = value.resolve(self.t.language)
        return {"text": text, "lang": tag if tag != self.t.language else ""}

    def german(self, value: str | None) -> dict[str, str] | None:
        if value is None:
            return None
        return {"text": value, "lang": "" if self.t.language == "de" else "de"}


# Words looked up once per translator (a new translator, with other catalogues, gets
# its own): the cost symbol's text, the labels of terms, the compiled templates.


@functools.lru_cache(maxsize=4096)
def _cost_words(kind: CostKind, amount_cents: int | None, t: Translator) -> str:
    """What taking part costs, in words, without the cost's note."""
    return cost_text(Cost(kind, amount_cents), t.language, note=False).text


@functools.lru_cache(maxsize=4096)
def _cost_label(kind: CostKind, amount_cents: int | None, t: Translator) -> str:
    """The text alternative of the cost symbol (the cost's note is not part of it)."""
    return f"{t.gettext('Cost')}: {_cost_words(kind, amount_cents, t)}"


def _label(term: Term, t: Translator) -> str:
    """A term's label in the translator's language."""
    return _term_label(type(term), term.value, t)


@functools.lru_cache(maxsize=4096)
def _term_label(vocabulary: type[Term], value: str, t: Translator) -> str:
    return vocabulary(value).label(t.language)


def _symbols(offer: Offer, centre: Centre, t: Translator) -> list[dict[str, Any]]:
    """The symbols of an offer: what it costs, registration, childcare, accessibility."""
    cost = offer.cost
    symbols: list[dict[str, Any]] = [
        {
            "kind": "free" if cost.kind is CostKind.FREE else "cost",
            "glyph": "€",
            "label": _cost_label(cost.kind, cost.amount_cents, t),
            "lang": "",
        }
    ]
    if offer.registration.required:
        symbols.append(
            {
                "kind": "registration",
                "glyph": "✎",
                "label": _registration_label(offer.registration.capacity, t),
                "lang": "",
            }
        )
    if offer.childcare:
        symbols.append(
            {"kind": "childcare", "glyph": "☺", "label": _childcare_label(t), "lang": ""}
        )
    if centre.accessibility or offer.accessibility:
        symbols.append(
            {
                "kind": "accessibility",
                "glyph": "♿",
                "label": _accessibility_label((*centre.accessibility, *offer.accessibility), t),
                "lang": "",
            }
        )
    return symbols


@functools.lru_cache(maxsize=1024)
def _registration_label(capacity: int | None, t: Translator) -> str:
    """The text alternative of the registration symbol."""
    label = f"{t.gettext('Registration')}: {t.gettext('required')}"
    if capacity:
        places = t.ngettext("{count} place", "{count} places", capacity)
        label += ", " + places.format(count=t.number(capacity))
    return label


@functools.lru_cache(maxsize=16)
def _childcare_label(t: Translator) -> str:
    """The text alternative of the childcare symbol."""
    return f"{t.gettext('Childcare')}: {t.gettext('during the offer')}"


@functools.lru_cache(maxsize=1024)
def _accessibility_label(features: tuple[Term, ...], t: Translator) -> str:
    """The text alternative of the accessibility symbol: each feature once, in order."""
    labels = ", ".join(_label(feature, t) for feature in dict.fromkeys(features))
    return f"{t.gettext('Accessibility')}: {labels}"


@functools.lru_cache(maxsize=1024)
def _language_names(tags: tuple[str, ...], t: Translator) -> str:
    """The names of languages, in the translator's language, as a list in words."""
    return ", ".join(language_name(tag, t.language) for tag in tags)


@functools.lru_cache(maxsize=64)
def _by(facilitation: Facilitation, t: Translator) -> str:
    """Who runs an offer, in the translator's language."""
    return facilitation_text(facilitation, t.language)


def _closure_label(
    day: dt.date, calendar: ClosureCalendar, centre: Centre, t: Translator, words: _Words
) -> dict[str, Any] | None:
    reason = calendar.reason(day)
    if reason is None:
        return None
    if reason == "public holiday":
        name = _holiday_name(centre.region, day, t.language)
        return {"kind": "holiday", "label": t.gettext("Public holiday"), "name": name}
    if reason == "closure":
        closure = next((c for c in centre.closures if day in c), None)
        name = words.text(closure.reason) if closure is not None else None
        return {"kind": "closed", "label": t.gettext("Closed"), "name": name}
    return {"kind": "school", "label": t.gettext("School holidays"), "name": None}


_HOLIDAY_LANGUAGES = ("de", "en", "uk")


def _holiday_name(region: str, day: dt.date, language: str) -> dict[str, str] | None:
    shown = language if language in _HOLIDAY_LANGUAGES else "de"
    name = public_holiday_name(region, day, shown)
    if name is None:
        return None
    return {"text": name, "lang": "" if shown == language else shown}


def _place(centre: Centre, words: _Words) -> dict[str, Any]:
    address = centre.address
    return {
        "name": words.text(centre.name),
        "address": address.lines() if address is not None else (),
        "phones": [phone.international() for phone in centre.contact.phones[:2]],
        "emails": list(centre.contact.emails[:1]),
        "website": centre.contact.website,
    }


def _place_json(centre: Centre, t: Translator) -> tuple[str, str]:
    """The centre's ``@id`` and the JSON-LD document's head: its context and the centre."""
    place_id = f"#centre-{centre.id}"
    place: dict[str, Any] = {
        "@type": ["Organization", "Place"],
        "@id": place_id,
        "name": centre.name.get(t.language),
    }
    if centre.description is not None:
        place["description"] = centre.description.get(t.language)
    if centre.address is not None:
        address = centre.address
        place["address"] = {
            "@type": "PostalAddress",
            "streetAddress": address.street,
            "postalCode": address.postal_code,
            "addressLocality": address.city,
            "addressCountry": address.country,
        }
        if address.geo is not None:
            place["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": address.geo.lat,
                "longitude": address.geo.lon,
            }
    if centre.contact.phones:
        place["telephone"] = centre.contact.phones[0].number
    if centre.contact.emails:
        place["email"] = centre.contact.emails[0]
    if centre.contact.website:
        place["url"] = centre.contact.website
    if centre.accessibility:
        place["amenityFeature"] = [
            {
                "@type": "LocationFeatureSpecification",
                "name": _label(feature, t),
                "value": True,
            }
            for feature in centre.accessibility
        ]
    head = '{"@context":"https://schema.org","@graph":[\n' + _escape(_dumps(place))
    return place_id, head


def _json_ld(centre: Centre, offers: list[Offer], found: list[Any], t: Translator) -> str:
    """schema.org JSON-LD: the centre and one event per occurrence (the week grid).

    :param offers: The offers shown (at least those of ``found``).
    :param found: The occurrences, in the order of the events.
    """
    place_id, head = _place_json(centre, t)
    # Each event is its offer's fixed part, encoded once per offer, and its dates.
    if not found:
        return head + "\n]}"
    place_ref = _dumps(place_id)
    heads: dict[str, str] = {}
    tails: dict[str, str] = {}
    meeting = set(map(_offer_id, found))  # offers that do not meet this week need none
    for offer in offers:
        if offer.id in meeting and offer.id not in heads:
            heads[offer.id] = _escape(f'{{"@type":"Event","@id":"#{offer.id}-')
            tails[offer.id] = _escape(f'",{_event_json(offer, centre, place_ref, t)}}}')
    # Dates in ISO 8601 need no escaping. An offer's end is often another's start, and
    # offers meet at the same times: each distinct time is written once. The @id's
    # stamp is the start's digits (YYYYMMDDTHHMM), cut from its ISO form. Each step
    # runs over the whole list at once.
    begins = list(map(_start, found))
    ends = list(map(_end, found))
    # Equal times of the two folds would share an entry, and strftime pads no year
    # before 1000: such events are written each on its own (occurrences have neither).
    odd = any(map(_fold, begins)) or any(map(_fold, ends)) or begins[0].year < 1000
    if odd:  # pragma: no cover
        begin_isos = [moment.isoformat() for moment in begins]
        end_isos = [moment.isoformat() for moment in ends]
        stamps = [f"{moment:%Y%m%dT%H%M}" for moment in begins]
    else:
        times = set(begins)
        times.update(ends)
        isos = dict(zip(times, map(dt.datetime.isoformat, times), strict=True))
        begin_isos = list(map(isos.__getitem__, begins))
        end_isos = list(map(isos.__getitem__, ends))
        starts = set(begins)
        cut = map(_minutes, map(isos.__getitem__, starts))
        dash, colon, nothing = itertools.repeat("-"), itertools.repeat(":"), itertools.repeat("")
        digits = map(str.replace, map(str.replace, cut, dash, nothing), colon, nothing)
        stamp_of = dict(zip(starts, digits, strict=False))
        stamps = list(map(stamp_of.__getitem__, begins))
    if any(map(_all_day, found)):
        for n, occurrence in enumerate(found):
            if occurrence.all_day:
                begin_isos[n] = end_isos[n] = occurrence.start.date().isoformat()
    offer_ids = list(map(_offer_id, found))
    if len(set(zip(offer_ids, stamps, strict=True))) < len(stamps):
        _number_twins(offer_ids, stamps)
    # Each event in pieces: its offer's head, stamp, start, end and fixed fields,
    # joined without parsing a format for each.
    pieces = zip(
        map(heads.__getitem__, offer_ids),
        stamps,
        itertools.repeat('","startDate":"'),
        begin_isos,
        itertools.repeat('","endDate":"'),
        end_isos,
        map(tails.__getitem__, offer_ids),
        strict=False,
    )
    return head + ",\n" + ",\n".join(map("".join, pieces)) + "\n]}"


def _number_twins(offer_ids: list[str], stamps: list[str]) -> None:
    """Number the second and later events of an offer that start at the same minute.

    On a night the clocks go forward, two windows of one offer can both be moved past
    the gap to the same minute: their ``@id`` would be the same, so the second gets
    ``-2``, the third ``-3`` (as on the programme list).
    """
    used: set[tuple[str, str]] = set()
    for n, (offer_id, stamp) in enumerate(zip(offer_ids, stamps, strict=True)):
        name, number = stamp, 1
        while (offer_id, name) in used:
            number += 1
            name = f"{stamp}-{number}"
        used.add((offer_id, name))
        stamps[n] = name


def _series_json_ld(
    centre: Centre,
    offers: list[Offer],
    calendar: ClosureCalendar,
    start: dt.date,
    end: dt.date,
    t: Translator,
) -> str:
    """schema.org JSON-LD of a period: the centre, and each offer as a series (the list).

    An offer whose schedules schema.org's ``Schedule`` can say is one ``Event`` with an
    ``eventSchedule`` (:func:`~familycentre.export.schema_org.offer_series`); what no
    schedule rule gives is an ``Event`` of its own (its ``superEvent`` the offer's),
    with its start and end. Offers that do not take place in the period have none.

    :param offers: The offers shown, active ones with a schedule get events.
    :param calendar: The centre's closure calendar for the period.
    """
    place_id, head = _place_json(centre, t)
    place_ref = _dumps(place_id)
    zone = _dumps(calendar.timezone)
    events: list[str] = []
    published = [o for o in sorted(offers, key=_by_id) if o.status is OfferStatus.ACTIVE]
    for series in centre_series(published, calendar, start, end):
        offer = series.offer
        if not series.rules and not series.singles:
            continue
        fixed = _event_json(offer, centre, place_ref, t)
        parent = ""
        if series.rules:
            series_id = _dumps(f"#{offer.id}")
            schedules = ",".join(_schedule_json(rule, zone) for rule in series.rules)
            events.append(
                f'{{"@type":"Event","@id":{series_id},{fixed},"eventSchedule":[{schedules}]}}'
            )
            parent = f',"superEvent":{{"@id":{series_id}}}'
        used: set[str] = set()
        opening = _dumps(f"#{offer.id}-")[:-1]  # the @id up to its stamp, in JSON
        for occurrence in series.singles:
            moment = occurrence.start.isoformat()
            if occurrence.all_day:
                begin = finish = occurrence.start.date().isoformat()
            else:
                begin, finish = moment, occurrence.end.isoformat()
            # The stamp is the start's digits (YYYYMMDDTHHMM), cut from its ISO form
            # (digits, no escaping). Two windows may start at the same minute on a night
            # the clocks go forward (both moved past the gap): the second gets a number.
            stamp = (
                f"{moment[:4]}{moment[5:7]}{moment[8:10]}T{moment[11:13]}{moment[14:16]}"
                if occurrence.start.year >= 1000
                else f"{occurrence.start:%Y%m%dT%H%M}"
            )
            name, number = stamp, 1
            while name in used:
                number += 1
                name = f"{stamp}-{number}"
            used.add(name)
            events.append(
                f'{{"@type":"Event","@id":{opening}{name}","startDate":"{begin}",'
                f'"endDate":"{finish}"{parent},{fixed}}}'
            )
    if not events:
        return head + "\n]}"
    return head + ",\n" + _escape(",\n".join(events)) + "\n]}"


def _schedule_json(rule: ScheduleRule, zone: str) -> str:
    """A schema.org ``Schedule`` as compact JSON (dates, times and URLs need no escaping).

    :param zone: The centre's time zone in JSON (a quoted string).
    """
    days = ",".join(f'"{DAY_URLS[day]}"' for day in rule.weekdays)
    parts = [f'{{"@type":"Schedule","repeatFrequency":"{rule.frequency}","byDay":[{days}]']
    if rule.month_weeks:
        parts.append(f',"byMonthWeek":[{",".join(map(str, rule.month_weeks))}]')
    parts.append(
        f',"startDate":"{rule.start.isoformat()}","endDate":"{rule.end.isoformat()}",'
        f'"startTime":"{rule.window.start.isoformat()}",'
        f'"endTime":"{rule.window.end.isoformat()}","scheduleTimezone":{zone}'
    )
    if rule.except_dates:
        dates = ",".join(f'"{day.isoformat()}"' for day in rule.except_dates)
        parts.append(f',"exceptDate":[{dates}]')
    parts.append("}")
    return "".join(parts)


_offer_id = operator.attrgetter("offer.id")
_start = operator.attrgetter("start")
_end = operator.attrgetter("end")
_fold = operator.attrgetter("fold")
_all_day = operator.attrgetter("all_day")
_minutes = operator.itemgetter(slice(0, 16))


def _escape(text: str) -> str:
    """JSON that is safe inside a ``<script>`` element."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_dumps = _JSON.encode


_EVENT_FIXED = (
    ',"eventStatus":"https://schema.org/EventScheduled",'
    '"eventAttendanceMode":"https://schema.org/OfflineEventAttendanceMode","location":{"@id":'
)


def _event_json(offer: Offer, centre: Centre, place_ref: str, t: Translator) -> str:
    """What every event of an offer says, apart from its dates, as JSON without braces.

    Compact, the fixed parts written out (tests check it against the standard encoder).

    :param place_ref: The centre's ``@id`` in JSON (a quoted string).
    """
    language = t.language
    cost = offer.cost
    free = cost.kind is CostKind.FREE
    url = offer.url or centre.contact.website
    parts = [
        '"name":',
        _dumps(offer.title.get(language)),
        _EVENT_FIXED,
        place_ref,
        '},"organizer":{"@id":',
        place_ref,
        '},"inLanguage":',
        _list_json(offer.languages),
        # the price is digits and a point: nothing to escape
        f',"isAccessibleForFree":{"true" if free else "false"},'
        f'"offers":{{"@type":"Offer","price":"{(cost.amount_cents or 0) / 100:.2f}"',
        ',"priceCurrency":"EUR"}' if not url else f',"priceCurrency":"EUR","url":{_dumps(url)}}}',
    ]
    if offer.description is not None:
        parts += (',"description":', _dumps(offer.description.get(language)))
    if offer.audiences:
        parts += (',"audience":', _audience_json(offer.audiences, t))
    return "".join(parts)


@functools.lru_cache(maxsize=1024)
def _list_json(values: tuple[str, ...]) -> str:
    """A tuple of strings as a JSON array (language tags: a handful of distinct lists)."""
    return _dumps(list(values))


@functools.lru_cache(maxsize=4096)
def _audiences(audiences: tuple[Term, ...], t: Translator) -> str:
    """The labels of audiences, in the translator's language, as a list in words."""
    return ", ".join(_label(a, t) for a in audiences)


@functools.lru_cache(maxsize=4096)
def _audience_json(audiences: tuple[Term, ...], t: Translator) -> str:
    """The ``audience`` of an event: its audiences' labels, in the translator's language."""
    return f'{{"@type":"Audience","audienceType":{_dumps(_audiences(audiences, t))}}}'


def _offer_row(offer: Offer, centre: Centre, t: Translator, words: _Words) -> dict[str, Any]:
    return {
        "id": offer.id,
        "title": words.text(offer.title),
        "room": words.german(offer.location),
        "symbols": _symbols(offer, centre, t),
        "cancelled": offer.status is OfferStatus.CANCELLED,
    }


_by_id = operator.attrgetter("id")
_WEEKDAY_NUMBERS = {weekday: number for number, weekday in enumerate(Weekday)}
_by_start_end = operator.attrgetter("start", "end")


def page_context(
    centre: Centre,
    offers: Iterable[Offer],
    start: dt.date,
    end: dt.date,
    language: str,
    layout: str,
) -> dict[str, Any]:
    """The plain data a programme page shows: headings, rows, cells and JSON-LD.

    :param centre: The centre.
    :param offers: Its offers to show (paused offers are left out).
    :param start: First day (for ``week``, a Monday).
    :param end: Last day (inclusive).
    :param language: The page's language (checked by the caller).
    :param layout: ``week`` or ``list``.
    """
    t = translator(language)
    words = _Words(t)
    shown = [o for o in offers if o.status is not OfferStatus.PAUSED]
    calendar = ClosureCalendar.for_centre(centre, start, end)
    found: list[Any] = []
    if layout == "week":
        # In time order, then by end, then by offer: each offer's occurrences are in
        # time order, so the offers go in by id and a stable sort by (start, end)
        # merges them.
        found = [
            occurrence
            for part in centre_occurrences(sorted(shown, key=_by_id), calendar, start, end)
            for occurrence in part
        ]
        found.sort(key=_by_start_end)
        json_ld = _json_ld(centre, shown, found, t)
    else:  # the period as series: one event per offer, with its schedule
        check_request([o for o in shown if o.status is OfferStatus.ACTIVE], start, end)
        json_ld = _series_json_ld(centre, shown, calendar, start, end, t)
    rows_by_offer = {offer.id: _offer_row(offer, centre, t, words) for offer in shown}
    context: dict[str, Any] = {
        "key": centre.id,
        "language": t.language,
        "direction": t.direction,
        "layout": layout,
        "centre": _place(centre, words),
        "start": t.date(start, "long"),
        "end": t.date(end, "long"),
        "json_ld": json_ld,
    }
    if layout == "week":
        days = [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
        used = {o.date for o in found}
        # A weekend day is shown when something takes place on it, or when it is closed
        # on a weekday some offer usually meets (the holiday is then marked, not hidden).
        regular = {
            _WEEKDAY_NUMBERS[weekday]
            for offer in shown
            if offer.status is OfferStatus.ACTIVE
            for schedule in offer.schedule
            for weekday in schedule.weekly or ()
        }
        closures = {d: _closure_label(d, calendar, centre, t, words) for d in days}
        days = [
            d
            for d in days
            if d.weekday() < 5 or d in used or (d.weekday() in regular and closures[d] is not None)
        ]
        slots: dict[tuple[dt.time, dt.time], dict[dt.date, list[dict[str, Any]]]] = {}
        for occurrence in found:
            key = (
                (dt.time(0), dt.time(23, 59))
                if occurrence.all_day
                else (occurrence.start.time(), occurrence.end.time())
            )
            slots.setdefault(key, {}).setdefault(occurrence.date, []).append(
                rows_by_offer[occurrence.offer.id]
            )
        context["days"] = [
            {
                "name": t.date_pattern(day, "EEEE"),
                "date": t.date_pattern(day, "MMMd"),
                "iso": day.isoformat(),
                "closure": closures[day],
            }
            for day in days
        ]
        context["slots"] = [
            {
                "time": t.gettext("all day")
                if key == (dt.time(0), dt.time(23, 59))
                else f"{t.time(key[0])}–{t.time(key[1])}",
                "cells": [cells.get(day, []) for day in days],
            }
            for key, cells in sorted(slots.items())
        ]
    else:
        groups: dict[str, list[dict[str, Any]]] = {}
        for offer in sorted(shown, key=lambda o: (_label(o.category, t), o.id)):
            row = dict(rows_by_offer[offer.id])
            row["when"] = [describe(s, t.language) for s in offer.schedule] or [
                t.gettext("on request")
            ]
            row["description"] = words.text(offer.description)
            row["cost"] = _cost_words(offer.cost.kind, offer.cost.amount_cents, t)
            row["cost_note"] = words.text(offer.cost.note)
            row["audiences"] = _audiences(offer.audiences, t)
            row["languages"] = _language_names(offer.languages, t)
            row["by"] = _by(offer.facilitation, t)
            groups.setdefault(_label(offer.category, t), []).append(row)
        context["groups"] = [{"name": name, "offers": rows} for name, rows in groups.items()]
        context["closures"] = [
            {
                "from": t.date(c.start),
                "until": t.date(c.end),
                "reason": words.text(c.reason),
            }
            for c in centre.closures
            if c.end >= start and c.start <= end
        ]
    return context


@functools.lru_cache(maxsize=32)
def _template(t: Translator, name: str) -> Any:
    """A template, compiled once per translator (the templates are part of the package)."""
    return _environment(t).get_template(name)


@functools.lru_cache(maxsize=16)
def _environment(t: Translator) -> Any:
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("familycentre.export", "templates"),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    environment.install_gettext_callables(  # type: ignore[attr-defined]
        t.gettext, t.ngettext, newstyle=True, pgettext=t.pgettext, npgettext=t.npgettext
    )
    return environment


def render(context: dict[str, Any]) -> str:
    """Fill the programme template with a :func:`page_context`."""
    template = _template(translator(context["language"]), "page.html")
    return str(template.render(page=context))


class HtmlExporter(Exporter):
    """Programme pages: the week grid or the programme list, one page per centre.

    Options: ``layout`` (``week`` or ``list``).
    """

    name = "html"
    title = "Programme page (HTML)"
    media_type = "text/html"
    suffix = ".html"
    visibility = Visibility.PUBLIC
    options = (
        Option(
            "layout",
            "week (week grid, A4 landscape) or list (programme, A4 portrait)",
            "week",
            ("week", "list"),
        ),
    )

    def write(self, source: ExportSource, options: ExportOptions, stream: IO[bytes]) -> None:
        """Write one HTML document with a page per selected centre, page by page."""
        layout, start, end = self.window(options)
        centres = selected_centres(source, options)
        t = translator(options.language)
        pages = (
            page_context(
                record.value,
                [offer.value for offer in selected_offers(source, options, record.id)],
                start,
                end,
                options.language,
                layout,
            )
            for record in centres
        )
        template = _template(t, "document.html")
        fields = {
            "pages": pages,
            "title": centres[0].value.name.get(t.language) if centres else "",
            "language": t.language,
            "direction": t.direction,
            "layout": layout,
        }
        if len(centres) <= 1:  # one page: rendered at once, as cheap as Jinja2 gets
            stream.write(template.render(fields).encode("utf-8"))
            return
        chunks = template.generate(fields)
        buffered: list[str] = []
        size = 0
        for chunk in chunks:
            buffered.append(chunk)
            size += len(chunk)
            if chunk.startswith("<main") or size >= 65536:  # a page begins: out with the last
                stream.write("".join(buffered).encode("utf-8"))
                buffered, size = [], 0
        stream.write("".join(buffered).encode("utf-8"))

    @staticmethod
    def window(options: ExportOptions) -> tuple[str, dt.date, dt.date]:
        """The layout and the window of dates an export shows.

        :raises InvalidData: for an unknown layout or a window that ends before it starts.
        """
        layout = str(options.extra.get("layout", "week"))
        problems = []
        if layout not in LAYOUTS:
            problems.append(Problem(("layout",), f"unknown layout {layout!r}: use week or list"))
        start, end = options.start, options.end
        if layout == "week":
            start, end = week_window(start or dt.date.today())
        else:
            default_start, default_end = _default_list_window(dt.date.today())
            start, end = start or default_start, end or default_end
            if end < start:
                problems.append(
                    Problem(("to",), f"{end.isoformat()} lies before from ({start.isoformat()})")
                )
        if problems:
            raise InvalidData(problems)
        return layout, start, end
