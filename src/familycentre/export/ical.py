r"""The programme as an iCalendar file (RFC 5545) that families subscribe to.

One ``VEVENT`` per schedule and time window of an offer, with ``DTSTART``/``DTEND``
and ``RRULE``/``RDATE``/``EXDATE`` from the schedule mapping
(:func:`familycentre.schedule.offer_event_patterns`): public holidays, school
holidays and the centre's closures inside the export window become ``EXDATE``\\ s,
so an independent expander finds exactly the library's occurrences. With the option
``recurrence = "expand"`` every occurrence is a ``VEVENT`` of its own instead, for
calendar clients that handle recurrence badly.

Determinism: UIDs are derived from the ids (``fruehstueck.0.0@sonnenblume.familycentre``),
``DTSTAMP`` and ``LAST-MODIFIED`` from the record's modification time and
``SEQUENCE`` from its revision: the same data gives byte-identical files, and an
offer that changes gets a higher ``SEQUENCE``.

Status: a cancelled offer's events are ``STATUS:CANCELLED``; a cancelled date of a
running offer is an overriding instance (``RECURRENCE-ID``) with
``STATUS:CANCELLED``, so families see that it is off. Paused offers are left out.
Opening hours are ``TRANSP:TRANSPARENT`` (they do not block a calendar), sessions
``OPAQUE``.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Iterator
from typing import IO, Any

import attrs

from familycentre.errors import InvalidData, Problem
from familycentre.export.base import Exporter, ExportOptions, Option, Visibility
from familycentre.export.select import selected_centres, selected_offers
from familycentre.export.sources import ExportSource
from familycentre.export.text import offer_description
from familycentre.export.vtimezone import vtimezone_bytes
from familycentre.model.centre import Centre
from familycentre.model.offer import Offer, OfferStatus
from familycentre.model.schedule import ScheduleKind
from familycentre.storage.base import Stored

__all__ = ["ICalExporter", "default_window", "event_uid"]

PRODID = "-//familycentre//Programme//DE"
_MODES = ("rrule", "list", "expand")


def default_window(today: dt.date) -> tuple[dt.date, dt.date]:
    """The window exported when none is given: from the first of this month, one year."""
    start = today.replace(day=1)
    try:
        end = start.replace(year=start.year + 1)
    except ValueError:  # pragma: no cover - the first of a month always exists
        end = start + dt.timedelta(days=365)
    return start, end - dt.timedelta(days=1)


def event_uid(centre: str, offer: str, schedule: int, window: int) -> str:
    """The stable UID of the event of a schedule's time window."""
    return f"{offer}.{schedule}.{window}@{centre}.familycentre"


@functools.cache
def _text_type() -> Any:
    import icalendar

    class Text(icalendar.vText):
        r"""A TEXT value escaped exactly as RFC 5545 section 3.3.11 says.

        icalendar's own escaping first turns a literal backslash-N into a line break,
        so text that contains ``\N`` would not come back as it was written.
        """

        def to_ical(self) -> bytes:
            text = (
                str(self)
                .replace("\\", "\\\\")
                .replace(";", "\\;")
                .replace(",", "\\,")
                .replace("\r\n", "\n")
                .replace("\r", "\n")
                .replace("\n", "\\n")
            )
            return text.encode("utf-8")

    return Text


def _text(value: str, language: str | None = None) -> Any:
    text = _text_type()(value)
    if language is not None:
        text.params["LANGUAGE"] = language
    return text


class _Context:
    """What every event of one offer shares, computed once per offer."""

    def __init__(
        self, centre: Centre, record: Stored[Offer], language: str, category_language: str
    ) -> None:
        offer = record.value
        self.centre = centre
        self.offer = offer
        self.stamp = record.modified.astimezone(dt.UTC).replace(microsecond=0)
        self.sequence = max(record.revision - 1, 0)
        title_language, title = offer.title.resolve(language)
        self.summary = _text(title, title_language)
        description_language = (
            offer.description.resolve(language)[0] if offer.description is not None else language
        )
        self.description = _text(offer_description(offer, centre, language), description_language)
        self.location = _text(_location(offer, centre, language), language)
        geo = centre.address.geo if centre.address is not None else None
        self.geo = (geo.lat, geo.lon) if geo is not None else None
        self.url = offer.url or centre.contact.website
        self.categories = [offer.category.label(category_language)]


def _location(offer: Offer, centre: Centre, language: str) -> str:
    parts = [offer.location] if offer.location else []
    parts.append(centre.name.get(language))
    if centre.address is not None:
        parts.append(str(centre.address))
    return ", ".join(parts)


def _common(event: Any, ctx: _Context) -> None:
    """The properties every event of an offer carries, in a fixed order."""
    event.add("dtstamp", ctx.stamp)
    event.add("last-modified", ctx.stamp)
    event.add("sequence", ctx.sequence)
    event.add("summary", ctx.summary)
    event.add("description", ctx.description)
    event.add("location", ctx.location)
    if ctx.geo is not None:
        event.add("geo", ctx.geo)
    if ctx.url:
        event.add("url", ctx.url)
    event.add("categories", ctx.categories)
    event.add("class", "PUBLIC")


def _events_rrule(
    ctx: _Context, calendar: Any, start: dt.date, end: dt.date, mode: str
) -> Iterator[Any]:
    import icalendar

    from familycentre.schedule import PatternMode, event_patterns, schedule_dates

    offer = ctx.offer
    cancelled_offer = offer.status is OfferStatus.CANCELLED
    window_numbers: dict[int, int] = {}
    for index, schedule in enumerate(offer.schedule):
        patterns = event_patterns(
            schedule,
            calendar,
            start,
            end,
            index=index,
            mode=PatternMode.LIST if mode == "list" else PatternMode.AUTO,
        )
        if not patterns and not schedule.cancelled:
            continue
        # Cancelled dates that would otherwise take place: shown as cancelled instances.
        called_off: set[dt.date] = set()
        if schedule.cancelled and not cancelled_offer:
            uncancelled = attrs.evolve(schedule, cancelled=())
            possible = set(schedule_dates(uncancelled, calendar, start, end))
            called_off = possible.intersection(schedule.cancelled)
        if not patterns and called_off:
            patterns = event_patterns(
                attrs.evolve(schedule, cancelled=()),
                calendar,
                start,
                end,
                index=index,
                mode=PatternMode.LIST,
            )
        for pattern in patterns:
            number = window_numbers.get(index, 0)
            window_numbers[index] = number + 1
            uid = event_uid(ctx.centre.id, offer.id, index, number)
            exdates = list(pattern.exdates)
            rdates = list(pattern.rdates)
            overrides: list[dt.date] = []
            if called_off:  # a called-off date is an instance: not excluded, listed if need be
                exdates = [d for d in exdates if _local_date(d) not in called_off]
                generated = {_local_date(d) for d in pattern.exdates} & called_off
                instances = {_local_date(pattern.dtstart), *(_local_date(d) for d in rdates)}
                for day in sorted(called_off):
                    value = _instance(pattern, day)
                    if day not in generated and day not in instances:
                        rdates.append(value)
                    overrides.append(value)
                rdates.sort()
            event = icalendar.Event()
            event.add("uid", uid)
            _common(event, ctx)
            event.add("dtstart", pattern.dtstart)
            event.add("dtend", pattern.dtend)
            if pattern.rrule:
                event.add("rrule", dict(pattern.rrule))
            # one property with every value: shorter files, and fewer objects to build
            if rdates:
                event.add("rdate", rdates)
            if exdates:
                event.add("exdate", exdates)
            event.add("status", "CANCELLED" if cancelled_offer else "CONFIRMED")
            _transparency(event, schedule.kind)
            yield event
            for value in overrides:
                instance = icalendar.Event()
                instance.add("uid", uid)
                _common(instance, ctx)
                instance.add("recurrence-id", value)
                instance.add("dtstart", value)
                instance.add("dtend", value + (pattern.dtend - pattern.dtstart))
                instance.add("status", "CANCELLED")
                _transparency(instance, schedule.kind)
                yield instance


def _local_date(value: dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _instance(pattern: Any, day: dt.date) -> dt.date:
    """The start of the pattern's occurrence on ``day``."""
    from familycentre.schedule import local_datetime

    first = pattern.dtstart
    if pattern.window is not None and isinstance(first, dt.datetime):
        assert first.tzinfo is not None
        return local_datetime(day, pattern.window.start, first.tzinfo)
    return day


def _transparency(event: Any, kind: ScheduleKind) -> None:
    event.add("transp", "TRANSPARENT" if kind is ScheduleKind.OPENING_HOURS else "OPAQUE")


def _events_expanded(ctx: _Context, calendar: Any, start: dt.date, end: dt.date) -> Iterator[Any]:
    import icalendar

    from familycentre.schedule import occurrences

    offer = ctx.offer
    status = "CANCELLED" if offer.status is OfferStatus.CANCELLED else "CONFIRMED"
    for occurrence in occurrences(offer, calendar, start, end, include_inactive=True):
        schedule = offer.schedule[occurrence.schedule]
        event = icalendar.Event()
        stamp = f"{occurrence.start:%Y%m%dT%H%M}"
        event.add("uid", f"{offer.id}.{occurrence.schedule}.{stamp}@{ctx.centre.id}.familycentre")
        _common(event, ctx)
        if occurrence.all_day:
            event.add("dtstart", occurrence.start.date())
            event.add("dtend", occurrence.end.date())
        else:
            event.add("dtstart", occurrence.start)
            event.add("dtend", occurrence.end)
        event.add("status", status)
        _transparency(event, schedule.kind)
        yield event


class ICalExporter(Exporter):
    """The programme of one centre or a whole network as an iCalendar file.

    Options: ``recurrence`` (``rrule``: rules with exceptions, the default;
    ``list``: dates listed as ``RDATE``; ``expand``: one event per occurrence),
    ``category_language`` (``de`` or ``en`` labels in ``CATEGORIES``), ``refresh``
    (how often clients should refresh, an RFC 5545 duration, ``P1D`` by default).
    """

    name = "ical"
    title = "iCalendar programme"
    media_type = "text/calendar"
    suffix = ".ics"
    visibility = Visibility.PUBLIC
    options = (
        Option("recurrence", "rrule (default), list (RDATEs) or expand (one event each)", "rrule"),
        Option("category_language", "language of CATEGORIES labels: de or en", "de"),
        Option("refresh", "REFRESH-INTERVAL as an RFC 5545 duration", "P1D"),
    )

    def write(self, source: ExportSource, options: ExportOptions, stream: IO[bytes]) -> None:
        """Write the calendar of the selected centres' offers to ``stream``, event by event."""
        mode = str(options.extra.get("recurrence", "rrule"))
        category_language = str(options.extra.get("category_language", "de"))
        problems = []
        if mode not in _MODES:
            problems.append(
                Problem(("recurrence",), f"unknown mode {mode!r}: use {', '.join(_MODES)}")
            )
        if category_language not in ("de", "en"):
            problems.append(Problem(("category_language",), "use de or en"))
        start, end = options.start, options.end
        if start is None or end is None:
            default_start, default_end = default_window(dt.date.today())
            start, end = start or default_start, end or default_end
        if end < start:
            problems.append(
                Problem(("to",), f"{end.isoformat()} lies before from ({start.isoformat()})")
            )
        if problems:
            raise InvalidData(problems)
        centres = selected_centres(source, options)
        if mode == "expand":  # one event per occurrence: bound the whole file up front
            from familycentre.schedule.limits import check_request

            check_request(
                (
                    offer.value
                    for centre in centres
                    for offer in selected_offers(source, options, centre.value.id)
                    if offer.value.status is not OfferStatus.PAUSED
                ),
                start,
                end,
            )
        stream.write(self._header(centres, options, start, end))
        for centre in centres:
            for event in self._centre_events(
                source, centre, options, start, end, mode, category_language
            ):
                stream.write(event.to_ical())
        stream.write(b"END:VCALENDAR\r\n")

    def _centre_events(
        self,
        source: ExportSource,
        record: Stored[Centre],
        options: ExportOptions,
        start: dt.date,
        end: dt.date,
        mode: str,
        category_language: str,
    ) -> Iterable[Any]:
        from familycentre.schedule import ClosureCalendar

        centre = record.value
        offers = [
            offer
            for offer in selected_offers(source, options, centre.id)
            if offer.value.status is not OfferStatus.PAUSED and offer.value.schedule
        ]
        if not offers:
            return
        calendar = ClosureCalendar.for_centre(centre, start, end)
        for offer in offers:
            ctx = _Context(centre, offer, options.language, category_language)
            if mode == "expand":
                yield from _events_expanded(ctx, calendar, start, end)
            else:
                yield from _events_rrule(ctx, calendar, start, end, mode)

    def _header(
        self, centres: list[Stored[Centre]], options: ExportOptions, start: dt.date, end: dt.date
    ) -> bytes:
        import icalendar

        language = options.language
        calendar = icalendar.Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        english = language.split("-")[0] == "en"
        if len(centres) == 1:
            centre = centres[0].value
            name = f"{'Programme' if english else 'Programm'}: {centre.name.get(language)}"
            description = (
                centre.description.get(language)
                if centre.description is not None
                else centre.name.get(language)
            )
        else:
            name = (
                f"Programme of {len(centres)} centres"
                if english
                else f"Programm von {len(centres)} Zentren"
            )
            description = ", ".join(c.value.name.get(language) for c in centres)
        calendar.add("name", _text(name))
        calendar.add("x-wr-calname", _text(name))
        calendar.add("description", _text(description))
        calendar.add("x-wr-caldesc", _text(description))
        refresh = str(options.extra.get("refresh", "P1D"))
        try:
            interval = icalendar.vDuration.from_ical(refresh)  # type: ignore[no-untyped-call]
        except ValueError:
            raise InvalidData(
                [Problem(("refresh",), f"{refresh!r} is not a duration like P1D or PT12H")]
            ) from None
        calendar.add("refresh-interval", interval, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", icalendar.vDuration(interval))
        zones = sorted({c.value.timezone for c in centres})
        if len(zones) == 1:
            calendar.add("x-wr-timezone", zones[0])
        head = calendar.to_ical()
        assert head.endswith(b"END:VCALENDAR\r\n")
        head = head[: -len(b"END:VCALENDAR\r\n")]
        timezones = b"".join(vtimezone_bytes(zone, start.year, end.year) for zone in zones)
        return bytes(head) + timezones
