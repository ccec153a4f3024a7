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

Clock-change nights: an occurrence whose window starts or ends at a local time that
does not exist or exists twice is an event of its own with UTC times (calendar
applications resolve such times differently), excluded from its series; its UID is
the series' with the date added (``nachtcafe.0.0.20261025@zentrum.familycentre``).
A series that continues after a night on which its start time does not exist gets
the same kind of UID, with the date it continues from.

Status: a cancelled offer's events are ``STATUS:CANCELLED``. A cancelled date of a
running offer is shown as cancelled: in a recurring event as an overriding instance
(``RECURRENCE-ID``) with ``STATUS:CANCELLED``; an event that does not recur (a one-off
date, a detached occurrence, every event of ``recurrence = "expand"``) is itself
``STATUS:CANCELLED``, since a ``RECURRENCE-ID`` only names an instance of a recurring
event. Paused offers are left out.
Opening hours are ``TRANSP:TRANSPARENT`` (they do not block a calendar), sessions
``OPAQUE``.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from familycentre.errors import InvalidData, Problem
from familycentre.export.base import Exporter, ExportOptions, Option, Visibility
from familycentre.export.select import offer_query, selected_centres, selected_offers
from familycentre.export.sources import ExportSource
from familycentre.export.text import describe_offer
from familycentre.export.vtimezone import vtimezone_bytes
from familycentre.i18n import LANGUAGES, translator
from familycentre.model.centre import Centre
from familycentre.model.offer import Offer, OfferStatus
from familycentre.model.schedule import ScheduleKind
from familycentre.storage.base import Stored

if TYPE_CHECKING:
    from familycentre.schedule import EventPattern

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


def event_uid(
    centre: str, offer: str, schedule: int, window: int, *, part: dt.date | None = None
) -> str:
    """The stable UID of the event of a schedule's time window.

    ``part`` names a further event of the same window (:attr:`EventPattern.part
    <familycentre.schedule.EventPattern.part>`): an occurrence on a clock-change night
    published on its own, or the series continuing after such a night. Its UID is the
    window's with the date added: ``fruehstueck.0.0.20270328@sonnenblume.familycentre``.
    """
    suffix = f".{part:%Y%m%d}" if part is not None else ""
    return f"{offer}.{schedule}.{window}{suffix}@{centre}.familycentre"


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
        # LANGUAGE names the language the text is in; text mixing languages (labels in
        # one, data that falls back to German) gets no LANGUAGE parameter.
        described = describe_offer(offer, centre, language)
        self.description = _text(described.text, described.language)
        self.location = _text(*_location(offer, centre, language))
        geo = centre.address.geo if centre.address is not None else None
        self.geo = (geo.lat, geo.lon) if geo is not None else None
        self.url = offer.url or centre.contact.website
        self.categories = [offer.category.label(category_language)]
        self.category_language = category_language


def _location(offer: Offer, centre: Centre, language: str) -> tuple[str, str | None]:
    """The place as text, and its language if it is in one (rooms are written in German)."""
    name_language, name = centre.name.resolve(language)
    languages = {name_language}
    parts = [name]
    if offer.location:
        parts.insert(0, offer.location)
        languages.add("de")
    if centre.address is not None:
        parts.append(str(centre.address))
    return ", ".join(parts), languages.pop() if len(languages) == 1 else None


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
    event.add("categories", ctx.categories, parameters={"LANGUAGE": ctx.category_language})
    event.add("class", "PUBLIC")


def _events_rrule(
    ctx: _Context, calendar: Any, start: dt.date, end: dt.date, mode: str
) -> Iterator[Any]:
    import icalendar

    from familycentre.schedule import PatternMode, offer_event_patterns

    offer = ctx.offer
    cancelled_offer = offer.status is OfferStatus.CANCELLED
    patterns = offer_event_patterns(
        offer,
        calendar,
        start,
        end,
        mode=PatternMode.LIST if mode == "list" else PatternMode.AUTO,
        cancelled_instances=not cancelled_offer,
    )
    for pattern in patterns:
        schedule = offer.schedule[pattern.schedule]
        uid = event_uid(
            ctx.centre.id, offer.id, pattern.schedule, pattern.window_number, part=pattern.part
        )
        # a single event whose one date is called off is itself cancelled: a
        # RECURRENCE-ID may only name an instance of a recurring event (RFC 5545 3.8.4.4)
        called_off = not pattern.recurring and bool(pattern.cancelled)
        event = icalendar.Event()
        event.add("uid", uid)
        _common(event, ctx)
        _times(event, pattern.dtstart, pattern.dtend)
        if pattern.rrule:
            event.add("rrule", dict(pattern.rrule))
        # one property with every value: shorter files, and fewer objects to build
        if pattern.rdates:
            event.add("rdate", list(pattern.rdates))
        if pattern.exdates:
            event.add("exdate", list(pattern.exdates))
        event.add("status", "CANCELLED" if cancelled_offer or called_off else "CONFIRMED")
        _transparency(event, schedule.kind)
        yield event
        if not pattern.recurring:
            continue
        for value in pattern.cancelled:
            instance = icalendar.Event()
            instance.add("uid", uid)
            _common(instance, ctx)
            instance.add("recurrence-id", value)
            _times(instance, value, _end(pattern, value))
            instance.add("status", "CANCELLED")
            _transparency(instance, schedule.kind)
            yield instance


def _times(event: Any, begin: dt.date, finish: dt.date) -> None:
    """``DTSTART`` and ``DTEND``; no ``DTEND`` for an occurrence of no length.

    RFC 5545 wants ``DTEND`` later than ``DTSTART``; without it a timed event ends
    when it starts (section 3.6.1).
    """
    event.add("dtstart", begin)
    if finish != begin:
        event.add("dtend", finish)


def _end(pattern: EventPattern, begin: dt.date) -> dt.date:
    """The end of the pattern's occurrence that starts at ``begin``."""
    from familycentre.schedule import local_datetime

    if pattern.window is None or not isinstance(begin, dt.datetime):
        return begin + dt.timedelta(days=1)
    assert begin.tzinfo is not None
    finish = local_datetime(begin.date(), pattern.window.end, begin.tzinfo)
    return max(begin, finish)


def _transparency(event: Any, kind: ScheduleKind) -> None:
    event.add("transp", "TRANSPARENT" if kind is ScheduleKind.OPENING_HOURS else "OPAQUE")


def _events_expanded(ctx: _Context, calendar: Any, start: dt.date, end: dt.date) -> Iterator[Any]:
    import icalendar

    from familycentre.schedule import PatternMode, offer_event_patterns

    offer = ctx.offer
    cancelled_offer = offer.status is OfferStatus.CANCELLED
    zone = ZoneInfo(ctx.centre.timezone)
    patterns = offer_event_patterns(
        offer,
        calendar,
        start,
        end,
        mode=PatternMode.LIST,
        cancelled_instances=not cancelled_offer,
    )
    instances: list[tuple[dt.datetime, int, dt.date, dt.date, bool]] = []
    for pattern in patterns:
        for begin in (pattern.dtstart, *pattern.rdates):
            finish = pattern.dtend if begin is pattern.dtstart else _end(pattern, begin)
            local = (
                begin.astimezone(zone)
                if isinstance(begin, dt.datetime)
                else dt.datetime.combine(begin, dt.time(), zone)
            )
            if (
                isinstance(begin, dt.datetime)
                and isinstance(finish, dt.datetime)
                and begin.utcoffset() != finish.utcoffset()
            ):
                # a window that spans a change of the UTC offset: not every client gets
                # the length of an event right from local times there (half-hour shifts)
                begin, finish = begin.astimezone(dt.UTC), finish.astimezone(dt.UTC)
            called_off = begin in pattern.cancelled
            instances.append((local, pattern.schedule, begin, finish, called_off))
    instances.sort(key=lambda item: (item[0].astimezone(dt.UTC), item[1]))
    for local, index, begin, finish, called_off in instances:
        schedule = offer.schedule[index]
        event = icalendar.Event()
        stamp = f"{local:%Y%m%dT%H%M}"
        event.add("uid", f"{offer.id}.{index}.{stamp}@{ctx.centre.id}.familycentre")
        _common(event, ctx)
        _times(event, begin, finish)
        event.add("status", "CANCELLED" if cancelled_offer or called_off else "CONFIRMED")
        _transparency(event, schedule.kind)
        yield event


class ICalExporter(Exporter):
    """The programme of one centre or a whole network as an iCalendar file.

    Options: ``recurrence`` (``rrule``: rules with exceptions, the default;
    ``list``: dates listed as ``RDATE``; ``expand``: one event per occurrence),
    ``category_language`` (the language of the ``CATEGORIES`` labels; by default the
    export's language), ``refresh``
    (how often clients should refresh, an RFC 5545 duration, ``P1D`` by default).
    """

    name = "ical"
    title = "iCalendar programme"
    media_type = "text/calendar"
    suffix = ".ics"
    visibility = Visibility.PUBLIC
    incremental = True
    options = (
        Option(
            "recurrence",
            "rrule (default), list (RDATEs) or expand (one event each)",
            "rrule",
            ("rrule", "list", "expand"),
        ),
        Option(
            "category_language",
            "language of CATEGORIES labels (by default the export's language)",
            None,
            LANGUAGES,
        ),
        Option("refresh", "REFRESH-INTERVAL as an RFC 5545 duration", "P1D"),
    )

    def write(self, source: ExportSource, options: ExportOptions, stream: IO[bytes]) -> None:
        """Write the calendar of the selected centres' offers to ``stream``, event by event."""
        mode = str(options.extra.get("recurrence", "rrule"))
        category_language = str(
            options.extra.get("category_language") or translator(options.language).language
        )
        problems = []
        if mode not in _MODES:
            problems.append(
                Problem(("recurrence",), f"unknown mode {mode!r}: use {', '.join(_MODES)}")
            )
        if category_language not in LANGUAGES:
            problems.append(Problem(("category_language",), f"use one of {', '.join(LANGUAGES)}"))
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
            for part in self._centre_parts(
                source, centre, options, start, end, mode, category_language
            ):
                stream.write(part)
        stream.write(b"END:VCALENDAR\r\n")

    def _centre_parts(
        self,
        source: ExportSource,
        record: Stored[Centre],
        options: ExportOptions,
        start: dt.date,
        end: dt.date,
        mode: str,
        category_language: str,
    ) -> Iterable[bytes]:
        """The events of each of a centre's offers, as bytes, from the part cache when kept.

        An offer's events depend on the offer and the centre (their revisions and
        modification times), the options and the window, and nothing else: that is
        the key of its part (see :mod:`familycentre.export.parts`).
        """
        from familycentre.schedule import ClosureCalendar

        centre = record.value
        cache = options.parts
        calendar: ClosureCalendar | None = None

        def key(offer_id: str, revision: int, modified: dt.datetime) -> tuple[Any, ...]:
            return cache.key(  # type: ignore[no-any-return]
                "ical",
                mode,
                category_language,
                options.language,
                start.isoformat(),
                end.isoformat(),
                centre.id,
                record.revision,
                record.modified.isoformat(),
                offer_id,
                revision,
                modified.isoformat(),
            )

        def render(offer: Stored[Offer]) -> bytes:
            nonlocal calendar
            value = offer.value
            if value.status is OfferStatus.PAUSED or not value.schedule:
                return b""  # paused offers and offers on request are not published
            if calendar is None:
                calendar = ClosureCalendar.for_centre(centre, start, end)
            ctx = _Context(centre, offer, options.language, category_language)
            events = (
                _events_expanded(ctx, calendar, start, end)
                if mode == "expand"
                else _events_rrule(ctx, calendar, start, end, mode)
            )
            return b"".join(event.to_ical() for event in events)

        if cache is None:
            for offer in selected_offers(source, options, centre.id):
                yield render(offer)
            return
        query = offer_query(options, centre.id)
        if query is None:  # several categories or audiences: no one query lists them
            for offer in selected_offers(source, options, centre.id):
                part_key = key(offer.id, offer.revision, offer.modified)
                found = cache.get(part_key)
                if found is None:
                    found = render(offer)
                    cache.put(part_key, found)
                yield found
            return
        # Listed without decoding: only an offer whose part is not kept is read.
        for offer_id, revision, modified in source.stamps(Offer, query):
            part_key = key(offer_id, revision, modified)
            found = cache.get(part_key)
            if found is None:
                found = render(source.record(Offer, offer_id))
                cache.put(part_key, found)
            yield found

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
        t = translator(language)
        if len(centres) == 1:
            centre = centres[0].value
            name = t.gettext("Programme: {name}").format(name=centre.name.get(language))
            description = (
                centre.description.get(language)
                if centre.description is not None
                else centre.name.get(language)
            )
        else:
            name = t.ngettext(
                "Programme of {n} centre", "Programme of {n} centres", len(centres)
            ).format(n=t.number(len(centres)))
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
