"""Tally sheets (*Strichlisten*): activity records from CSV files, as staff keep them.

One CSV file per kind of record and year, one line per tally, a header line naming
the columns. Headers may be written in English (``participants``) or German
(``Teilnehmende``), in any case, with spaces or underscores; the columns may come in
any order. Values of a vocabulary (a kind of help, a topic, an audience) may be its
identifier (``household_help``) or its German or English label
(``Haushaltshilfe im Notfall``). Dates are ``2026-03-02`` or ``02.03.2026``; hours
may use a decimal comma (``1,5``). Excel's "CSV (semicolon separated)" with a byte
order mark is read as well as a plain comma-separated UTF-8 file.

A sheet is read whole or not at all: every problem (a header or value that does not
fit, a date outside the year, an offer the centre does not have, a line that repeats
another) is reported with the file, line and column, in one
:class:`~familycentre.errors.TallyError`, and nothing is returned.

The layouts (:data:`SHEETS`) are documented in the tally sheet reference; each
record's id is made from the centre and the line's key columns, so importing the
same sheet again changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
import itertools
import os
import re
import typing
from collections.abc import Callable, Collection, Iterable
from pathlib import Path
from typing import Any

import attrs

from familycentre.errors import FieldError, Problem, TallyError
from familycentre.model.activities import ActivityData, id_part, join_id_parts
from familycentre.model.attendance import Attendance, AudienceCount
from familycentre.model.counselling import CounsellingContact
from familycentre.model.demand import Demand, Response
from familycentre.model.engagement import AgeCount, Engagement
from familycentre.model.help import HelpCase
from familycentre.model.network import Cooperation, NetworkMeeting
from familycentre.model.participation import Participation
from familycentre.model.reach import FamiliesReached
from familycentre.serialization import bulk
from familycentre.taxonomy import (
    AgeGroup,
    Audience,
    Body,
    Category,
    ContactKind,
    DemandKind,
    HelpKind,
    MeetingRole,
    Need,
    Period,
    ResponseKind,
)

__all__ = ["SHEETS", "Column", "Sheet", "kind_from_name", "parse_tally", "read_tally"]

Parser = Callable[[str], Any]


def _normal(text: str) -> str:
    """Header or label text compared loosely: case, umlauts, ``_``/``-`` and spaces."""
    text = text.strip().casefold()
    for umlaut, spelt in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, spelt)
    return re.sub(r"[\s_\-/]+", " ", text).strip()


# --- value parsers: each raises ValueError with a message for people ------------------------


_WHOLE = re.compile(r"-?[0-9]+")
_HOURS = re.compile(r"-?[0-9]+(?:[.,][0-9]+)?")
_GERMAN_DATE = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_SLUG = re.compile(r"[a-z0-9]++(?:-[a-z0-9]++)*+")


def _whole(text: str) -> int:
    if not _WHOLE.fullmatch(text):
        raise ValueError(f"{text!r} is not a whole number")
    value = int(text)
    if value < 0:
        raise ValueError(f"must not be negative, not {value}")
    return value


def _hours(text: str) -> float:
    if not _HOURS.fullmatch(text):
        raise ValueError(f"{text!r} is not a number of hours (like 1,5 or 2)")
    value = float(text.replace(",", "."))
    if value < 0:
        raise ValueError(f"must not be negative, not {text}")
    return value


def _date(text: str) -> dt.date:
    german = _GERMAN_DATE.fullmatch(text)
    try:
        if german:
            day, month, year = german.groups()
            return dt.date(int(year), int(month), int(day))
        if _ISO_DATE.fullmatch(text):
            return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date of the calendar") from None
    raise ValueError(f"{text!r} is not a date like 2026-03-02 or 02.03.2026")


def _month(text: str) -> dt.date:
    iso = re.fullmatch(r"([0-9]{4})-([0-9]{1,2})", text)
    german = re.fullmatch(r"([0-9]{1,2})[./]([0-9]{4})", text)
    try:
        if iso:
            return dt.date(int(iso.group(1)), int(iso.group(2)), 1)
        if german:
            return dt.date(int(german.group(2)), int(german.group(1)), 1)
    except ValueError:
        raise ValueError(f"{text!r} is not a month of the calendar") from None
    day = _date(text)
    if day.day != 1:
        raise ValueError(f"{text!r}: give the month (2026-03 or 03.2026), not a day in it")
    return day


def _year(text: str) -> int:
    if not re.fullmatch(r"[0-9]{4}", text):
        raise ValueError(f"{text!r} is not a year like 2026")
    return int(text)


def _text(text: str) -> str:
    return text


def _slug(text: str) -> str:
    if not _SLUG.fullmatch(text):
        raise ValueError(f"{text!r} is not an id (lowercase letters, digits and hyphens)")
    return text


def _term(cls: type[enum.Enum]) -> Parser:
    names: dict[str, enum.Enum] = {}
    for member in cls:
        names[_normal(str(member.value))] = member
        label = getattr(member, "label", None)
        if callable(label):
            for language in ("de", "en"):
                names.setdefault(_normal(str(label(language))), member)

    def parse(text: str) -> enum.Enum:
        try:
            return names[_normal(text)]
        except KeyError:
            known = ", ".join(str(member.value) for member in cls)
            raise ValueError(f"{text!r} is not known here; use one of: {known}") from None

    return parse


# --- sheets -------------------------------------------------------------------------------


@attrs.frozen
class Column:
    """A column of a tally sheet.

    :param key: The English header, also the name the sheet's builder uses.
    :param german: The German header.
    :param parse: Turns the cell's text into a value (raises :class:`ValueError`).
    :param required: Whether the column must be present and every cell filled.
    :param help: What the column holds, for the reference.
    :param field: The model field the column fills (for errors), if it differs.
    """

    key: str
    german: str
    parse: Parser
    required: bool = False
    help: str = ""
    field: str | None = None


@attrs.frozen
class Sheet:
    """The layout of one kind of tally sheet.

    :param kind: The sheet's name (``attendance``), also the activity file section.
    :param german: Its German name (``Teilnahme``), accepted in file names.
    :param columns: Its columns.
    :param key: The columns whose values identify a line (no two lines may share them).
    :param build: Makes the record from the centre, the id and the parsed cells.
    :param groups: Columns named after a vocabulary's terms (audience or age group
        counts), with the vocabulary.
    :param dated: The column holding the day that must lie in the sheet's year.
    """

    kind: str
    german: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    build: Callable[[str, str, dict[str, Any]], Any]
    groups: type[enum.Enum] | None = None
    dated: str | None = "date"

    def column(self, header: str) -> Column | None:
        """The column a header names (English or German, loosely compared)."""
        wanted = _normal(header)
        for column in self.columns:
            if wanted in (_normal(column.key), _normal(column.german)):
                return column
        return None


def _group_counts(values: dict[str, Any], make: Callable[[Any, int], Any]) -> tuple[Any, ...]:
    """The group counts of a line, as ``make(term, count)`` objects.

    Lines with the same counts share them (``values["_made"]``, kept by the sheet's
    reader): they are frozen, and a year of daily lines then holds a few dozen of them
    instead of one per line.
    """
    counted = values.get("_groups", {})
    made: dict[tuple[Any, ...], tuple[Any, ...]] | None = values.get("_made")
    if made is None:
        return tuple([make(term, count) for term, count in counted.items()])
    key = (make, *counted.items())
    found = made.get(key)
    if found is None:
        found = made[key] = tuple([make(term, count) for term, count in counted.items()])
    return found


def _attendance(centre: str, record_id: str, v: dict[str, Any]) -> Attendance:
    return Attendance(
        id=record_id,
        centre=centre,
        offer=v["offer"],
        date=v["date"],
        period=v.get("period") or Period.DAY,
        participants=v["participants"],
        first_time=v.get("first_time"),
        families=v.get("families"),
        audiences=_group_counts(v, AudienceCount),
        note=v.get("note"),
    )


def _help(centre: str, record_id: str, v: dict[str, Any]) -> HelpCase:
    return HelpCase(
        id=record_id,
        centre=centre,
        date=v["date"],
        kind=v["kind"],
        cases=v["cases"] if v.get("cases") is not None else 1,
        hours=v.get("hours"),
        need=v.get("need"),
        offer=v.get("offer"),
        note=v.get("note"),
    )


def _counselling(centre: str, record_id: str, v: dict[str, Any]) -> CounsellingContact:
    return CounsellingContact(
        id=record_id,
        centre=centre,
        date=v["date"],
        kind=v["kind"],
        topic=v["topic"],
        count=v["count"],
        period=v.get("period") or Period.DAY,
    )


def _engagement(centre: str, record_id: str, v: dict[str, Any]) -> Engagement:
    return Engagement(
        id=record_id,
        centre=centre,
        month=v["month"],
        field=v["field"],
        volunteers=v["volunteers"],
        hours=v.get("hours") or 0.0,
        age_groups=_group_counts(v, AgeCount),
        self_help_groups=v.get("self_help_groups") or 0,
    )


def _participation(centre: str, record_id: str, v: dict[str, Any]) -> Participation:
    return Participation(
        id=record_id,
        centre=centre,
        date=v["date"],
        body=v["body"],
        event=v["event"],
        families=v["families"],
    )


def _cooperation(centre: str, record_id: str, v: dict[str, Any]) -> Cooperation:
    return Cooperation(
        id=record_id,
        centre=centre,
        partner=v["partner"],
        subject=v["subject"],
        since=v["since"],
        until=v.get("until"),
    )


def _meeting(centre: str, record_id: str, v: dict[str, Any]) -> NetworkMeeting:
    return NetworkMeeting(
        id=record_id,
        centre=centre,
        date=v["date"],
        role=v["role"],
        title=v["title"],
        organisations=v.get("organisations"),
    )


def _demand(centre: str, record_id: str, v: dict[str, Any]) -> Demand:
    response = None
    if v.get("response") is not None:
        if v.get("response_date") is None:
            raise FieldError("response_date", "a response needs its date")
        response = Response(
            kind=v["response"], date=v["response_date"], offer=v.get("response_offer")
        )
    elif v.get("response_date") is not None or v.get("response_offer") is not None:
        raise FieldError("response", "say what the response was")
    return Demand(
        id=record_id,
        centre=centre,
        date=v["date"],
        kind=v["kind"],
        topic=v["topic"],
        families=v["families"] if v.get("families") is not None else 1,
        offer=v.get("offer"),
        response=response,
    )


def _reach(centre: str, record_id: str, v: dict[str, Any]) -> FamiliesReached:
    return FamiliesReached(
        id=record_id, centre=centre, year=v["year"], families=v["families"], how=v.get("how")
    )


_DATE = Column("date", "Datum", _date, True, "the day (2026-03-02 or 02.03.2026)")
_PERIOD = Column(
    "period",
    "Zeitraum",
    _term(Period),
    help="day (default), week (the date is a Monday) or month (the date is the 1st)",
)

SHEETS: dict[str, Sheet] = {
    sheet.kind: sheet
    for sheet in (
        Sheet(
            "attendance",
            "Teilnahme",
            (
                _DATE,
                Column("offer", "Angebot", _slug, True, "the offer's id"),
                Column("participants", "Teilnehmende", _whole, True, "how many took part"),
                _PERIOD,
                Column("first_time", "Erstbesuche", _whole, help="of them, first-time visitors"),
                Column("families", "Familien", _whole, help="of them, distinct families"),
                Column("note", "Notiz", _text, help="a remark (never a name)"),
            ),
            key=("date", "offer", "period"),
            build=_attendance,
            groups=Audience,
        ),
        Sheet(
            "help",
            "Hilfe",
            (
                _DATE,
                Column("kind", "Art", _term(HelpKind), True, "the kind of help"),
                Column("cases", "Fälle", _whole, help="how many cases (default 1)"),
                Column("hours", "Stunden", _hours, help="hours in all"),
                Column("need", "Anlass", _term(Need), help="the need behind it"),
                Column("offer", "Angebot", _slug, help="the offer it belongs to"),
                Column("note", "Notiz", _text, help="a remark (never a name)"),
            ),
            key=("date", "kind", "need", "offer"),
            build=_help,
        ),
        Sheet(
            "counselling",
            "Beratung",
            (
                _DATE,
                Column("kind", "Art", _term(ContactKind), True, "the kind of contact"),
                Column("topic", "Thema", _term(Need), True, "what it was about"),
                Column("count", "Anzahl", _whole, True, "how many contacts"),
                _PERIOD,
            ),
            key=("date", "period", "kind", "topic"),
            build=_counselling,
        ),
        Sheet(
            "engagement",
            "Engagement",
            (
                Column("month", "Monat", _month, True, "the month (2026-03 or 03.2026)"),
                Column("field", "Bereich", _term(Category), True, "the field (offer category)"),
                Column("volunteers", "Ehrenamtliche", _whole, True, "volunteers active"),
                Column("hours", "Stunden", _hours, help="their hours in all"),
                Column("self_help_groups", "Selbsthilfegruppen", _whole, help="self-help groups"),
            ),
            key=("month", "field"),
            build=_engagement,
            groups=AgeGroup,
            dated="month",
        ),
        Sheet(
            "participation",
            "Beteiligung",
            (
                _DATE,
                Column("body", "Gremium", _term(Body), True, "the local body"),
                Column("event", "Veranstaltung", _text, True, "the event"),
                Column("families", "Familien", _whole, True, "families who took part"),
            ),
            key=("date", "body", "event"),
            build=_participation,
        ),
        Sheet(
            "cooperations",
            "Kooperationen",
            (
                Column("partner", "Partner", _slug, True, "the partner's id"),
                Column("subject", "Gegenstand", _text, True, "what the agreement is about"),
                Column("since", "seit", _date, True, "the day it began"),
                Column("until", "bis", _date, help="the day it ended"),
            ),
            key=("partner", "subject", "since"),
            build=_cooperation,
            dated=None,
        ),
        Sheet(
            "network_meetings",
            "Netzwerktreffen",
            (
                _DATE,
                Column("role", "Rolle", _term(MeetingRole), True, "hosted or attended"),
                Column("title", "Titel", _text, True, "the meeting"),
                Column("organisations", "Organisationen", _whole, help="organisations there"),
            ),
            key=("date", "title"),
            build=_meeting,
        ),
        Sheet(
            "demand",
            "Bedarf",
            (
                _DATE,
                Column("kind", "Art", _term(DemandKind), True, "wish, need or waiting list"),
                Column("topic", "Thema", _text, True, "what was asked for"),
                Column("families", "Familien", _whole, help="how many families (default 1)"),
                Column("offer", "Angebot", _slug, help="the full offer (waiting list)"),
                Column("response", "Reaktion", _term(ResponseKind), help="what was done"),
                Column("response_date", "Reaktionsdatum", _date, help="when"),
                Column("response_offer", "Reaktionsangebot", _slug, help="the offer"),
            ),
            key=("date", "kind", "topic", "offer"),
            build=_demand,
        ),
        Sheet(
            "families_reached",
            "Familien erreicht",
            (
                Column("year", "Jahr", _year, True, "the year"),
                Column("families", "Familien", _whole, True, "distinct families"),
                Column("how", "Erhebung", _text, help="how they were counted"),
            ),
            key=("year",),
            build=_reach,
            dated=None,
        ),
    )
}
"""The tally sheet layouts, by kind (the section names of an activity file)."""

_ID_PREFIX = {
    "attendance": "att",
    "help": "help",
    "counselling": "talk",
    "engagement": "vol",
    "participation": "part",
    "cooperations": "coop",
    "network_meetings": "meet",
    "demand": "dem",
    "families_reached": "reach",
}


def kind_from_name(path: str | os.PathLike[str]) -> str | None:
    """The sheet kind a file name starts with (``teilnahme-2026.csv``: ``attendance``)."""
    stem = _normal(Path(path).stem)
    best: tuple[int, str] | None = None
    for sheet in SHEETS.values():
        for name in (sheet.kind, sheet.german):
            spelt = _normal(name)
            matches = stem == spelt or stem.startswith(spelt + " ")
            if matches and (best is None or len(spelt) > best[0]):
                best = (len(spelt), sheet.kind)
    return None if best is None else best[1]


def _decode(raw: bytes, source: str) -> str:
    if not raw.strip():
        raise TallyError([Problem((), "the file is empty")], source=source)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise TallyError(
            [
                Problem(
                    (line,),
                    f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the sheet as "
                    "'CSV UTF-8' (Excel: CSV UTF-8 (durch Trennzeichen getrennt))",
                )
            ],
            source=source,
        ) from None
    return text.removeprefix("\ufeff")


def _delimiter(header: str) -> str:
    counts = {mark: header.count(mark) for mark in (";", ",", "\t")}
    best = max(counts, key=lambda mark: counts[mark])
    return best if counts[best] else ","


def _did_you_mean(header: str, sheet: Sheet) -> str:
    import difflib

    names = [c.key for c in sheet.columns] + [c.german for c in sheet.columns]
    close = difflib.get_close_matches(header, names, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


class _Ids:
    """The record ids of a sheet's lines: ``activity_id(prefix, centre, *key)``.

    Made part by part (:func:`~familycentre.model.activities.join_id_parts`), each
    distinct text of a key spelt once.
    """

    def __init__(self, kind: str, centre: str) -> None:
        self._head = [id_part(_ID_PREFIX[kind]), id_part(centre)]
        self._parts: dict[str, str] = {}

    def __call__(self, key: tuple[str, ...]) -> str:
        parts = self._head.copy()
        for text in key:
            if text:
                part = self._parts.get(text)
                if part is None:
                    part = self._parts[text] = id_part(text)
                parts.append(part)
        return join_id_parts(parts)


_ABSENT: Any = object()
"""An empty cell, in :func:`_by_column`."""


def _by_column(
    sheet: Sheet,
    columns: list[tuple[int, str, Column | None, enum.Enum | None]],
    lines: list[tuple[int, list[str]]],
    *,
    centre: str,
    year: int | None,
    offers: frozenset[str] | None,
    partners: frozenset[str] | None,
    made: dict[tuple[Any, ...], tuple[Any, ...]],
) -> list[Any] | None:
    """The records of a sheet in which nothing is wrong, checked column by column.

    Each distinct text of a column is read once, and the checks of a column (required
    cells filled, offers and partners known, days in the year) are made on its
    distinct values. ``None`` as soon as anything is wrong or unusual (a blank or
    short line, an empty required cell, a bad value, a repeated line, a record its
    class refuses): then :func:`parse_tally` reads the sheet line by line, which finds
    and names every problem. For a sheet without problems, both give the same records
    (tests/activities/test_tally_columns.py).
    """
    width = len(columns)
    body = [cells for _, cells in lines]
    if not body or any(len(cells) != width for cells in body):
        return None
    first, last = (dt.date(year, 1, 1), dt.date(year, 12, 31)) if year else (None, None)
    has_period = any(column.key == "period" for column in sheet.columns)
    day = str(Period.DAY)
    names: list[str] = []
    series: list[list[Any]] = []  # each named column's values, line by line
    shown: dict[str, list[str]] = {}  # each named column's values as key text, line by line
    spelt: dict[str, list[str]] = {}  # the same as parts of the record id
    empty_cells = False  # whether a named column has an empty cell
    terms: list[enum.Enum] = []
    counts: list[list[Any]] = []  # each group column's counts, line by line
    for (_, _, column, term), cells in zip(columns, zip(*body, strict=True), strict=True):
        if column is None and term is None:
            if "".join(cells).strip():
                return None  # a value under no column
            continue
        parse = _whole if column is None else column.parse
        read: dict[str, Any] = {}
        for text in set(cells):
            cell = text.strip()
            if not cell:
                read[text] = _ABSENT
                continue
            try:
                read[text] = parse(cell)
            except ValueError:
                return None
        distinct = [value for value in read.values() if value is not _ABSENT]
        in_order = list(map(read.__getitem__, cells))
        if column is None:
            terms.append(typing.cast(enum.Enum, term))
            counts.append(in_order)
            continue
        field_key = column.key
        if (
            (column.required and len(distinct) != len(read))  # an empty cell (a blank line)
            or (
                field_key in ("offer", "response_offer")
                and offers is not None
                and not offers.issuperset(distinct)
            )
            or (
                field_key == "partner"
                and partners is not None
                and not partners.issuperset(distinct)
            )
            or (
                field_key == sheet.dated
                and first is not None
                and last is not None
                and not all(first <= value <= last for value in distinct)
            )
            or (
                sheet.kind == "families_reached"
                and field_key == "year"
                and year is not None
                and any(value != year for value in distinct)
            )
        ):
            return None
        names.append(field_key)
        series.append(in_order)
        empty_cells = empty_cells or len(distinct) != len(read)
        if field_key in sheet.key:  # str(values.get(key, "")), each distinct value once
            absent = day if field_key == "period" and has_period else ""
            text_of = {text: absent if v is _ABSENT else str(v) for text, v in read.items()}
            part_of = {text: id_part(key_text) for text, key_text in text_of.items()}
            shown[field_key] = list(map(text_of.__getitem__, cells))
            spelt[field_key] = list(map(part_of.__getitem__, cells))
    lines_count = len(body)
    missing = {name: day if name == "period" and has_period else "" for name in sheet.key}
    keys = list(
        zip(*[shown.get(name) or [missing[name]] * lines_count for name in sheet.key], strict=True)
    )
    if len(set(keys)) != lines_count:
        return None  # a repeated line
    # the ids: activity_id(prefix, centre, *key), the parts of each distinct text spelt once
    # (an empty part is left out, as _Ids leaves out an empty key text)
    head = (id_part(_ID_PREFIX[sheet.kind]), id_part(centre))
    id_rows = zip(
        *[spelt.get(name) or [id_part(missing[name])] * lines_count for name in sheet.key],
        strict=True,
    )
    record_ids = [join_id_parts(head + id_row) for id_row in id_rows]
    if len(set(record_ids)) != lines_count:  # pragma: no cover - distinct keys, distinct ids
        return None
    if empty_cells:
        lines_values = [
            {n: v for n, v in zip(names, named, strict=True) if v is not _ABSENT}
            for named in zip(*series, strict=True)
        ]
    else:
        lines_values = [dict(zip(names, line, strict=True)) for line in zip(*series, strict=True)]
    group_rows = zip(*counts, strict=True) if counts else itertools.repeat(())
    build = sheet.build
    records: list[Any] = []
    for values, grouped, record_id in zip(lines_values, group_rows, record_ids, strict=False):
        values["_groups"] = {t: n for t, n in zip(terms, grouped, strict=True) if n is not _ABSENT}
        values["_made"] = made
        if has_period:
            values.setdefault("period", Period.DAY)
        try:
            records.append(build(centre, record_id, values))
        except ValueError:  # FieldError too: the line by line reading says what
            return None
    return records


def parse_tally(
    text: str | bytes,
    *,
    kind: str,
    centre: str,
    year: int | None,
    offers: Collection[str] | None = None,
    partners: Collection[str] | None = None,
    source: str = "<tally>",
) -> ActivityData:
    """Read a tally sheet's text into a centre's activity records (see the module).

    :param text: The CSV text (or its bytes: UTF-8, a byte order mark allowed).
    :param kind: The sheet's kind (a key of :data:`SHEETS`).
    :param centre: The id of the centre the tallies belong to.
    :param year: The year of the sheet: every date must lie in it (``None``: any year).
    :param offers: The ids of the centre's offers; a line naming another is an error.
        ``None`` skips the check.
    :param partners: The ids of the known partners (for cooperations); ``None`` skips it.
    :param source: The file name, for messages.
    :raises TallyError: listing every problem with its line and column; nothing is read.
    """
    if kind not in SHEETS:
        raise ValueError(f"unknown tally sheet kind {kind!r}; known: {', '.join(SHEETS)}")
    with bulk():  # many records, rows and cells: no cycle search meanwhile
        return _parse(
            text,
            sheet=SHEETS[kind],
            centre=centre,
            year=year,
            offers=offers,
            partners=partners,
            source=source,
        )


def _parse(
    text: str | bytes,
    *,
    sheet: Sheet,
    centre: str,
    year: int | None,
    offers: Collection[str] | None,
    partners: Collection[str] | None,
    source: str,
) -> ActivityData:
    """:func:`parse_tally` of a known kind of sheet."""
    text = _decode(text, source) if isinstance(text, bytes) else text.removeprefix("\ufeff")
    if not text.strip():
        raise TallyError([Problem((), "the file is empty")], source=source)
    first_line = text.splitlines()[0] if text.splitlines() else ""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    problems: list[Problem] = []
    rows: list[tuple[int, list[str]]] = []  # (the line a row starts on, its cells)
    previous = 0
    try:
        for row in reader:
            rows.append((previous + 1, row))
            previous = reader.line_num
    except csv.Error as exc:
        raise TallyError(
            [Problem((reader.line_num,), f"not readable as CSV: {exc}")], source=source
        ) from None
    header = rows[0][1]
    columns: list[tuple[int, str, Column | None, enum.Enum | None]] = []
    seen: dict[str, int] = {}
    group_terms = _term(sheet.groups) if sheet.groups is not None else None
    for number, name in enumerate(header, start=1):
        name = name.strip()
        if not name:
            columns.append((number, name, None, None))
            continue
        column = sheet.column(name)
        term = None
        if column is None and group_terms is not None:
            try:
                term = group_terms(name)
            except ValueError:
                term = None
        if column is None and term is None:
            groups = ""
            if sheet.groups is not None:
                terms = ", ".join(str(t.value) for t in sheet.groups)
                groups = f"; a column may also count a group: {terms}"
            problems.append(
                Problem(
                    (1, number, name),
                    f"unknown column for a {sheet.kind} sheet{_did_you_mean(name, sheet)}; "
                    f"columns: {', '.join(c.key for c in sheet.columns)}{groups}",
                )
            )
        identity = column.key if column is not None else f"group:{term}"
        if identity in seen:
            problems.append(
                Problem((1, number, name), f"the same column as column {seen[identity]}")
            )
        seen.setdefault(identity, number)
        columns.append((number, name, column, term))
    present = {column.key for _, _, column, _ in columns if column is not None}
    for column in sheet.columns:
        if column.required and column.key not in present:
            problems.append(
                Problem((1,), f"the column {column.key!r} ({column.german}) is missing")
            )
    if problems:
        raise TallyError(problems, source=source)

    has_period = any(column.key == "period" for column in sheet.columns)
    records: list[Any] = []
    keys: dict[tuple[Any, ...], int] = {}
    ids: dict[str, int] = {}
    first, last = (dt.date(year, 1, 1), dt.date(year, 12, 31)) if year else (None, None)
    known_offers = None if offers is None else frozenset(offers)
    known_partners = None if partners is None else frozenset(partners)
    # Where each field's column is (for messages); a line shorter than the header has
    # its missing cells empty.
    where: dict[str, tuple[int, str]] = {
        column.field or column.key: (number, name)
        for number, name, column, _ in columns
        if column is not None
    }
    required = [column.key for column in sheet.columns if column.required]
    offer_fields = [field for field in ("offer", "response_offer") if field in where]
    # Each cell is read by its column's parser; a text read once is not read again
    # (the parsers are pure: the same text gives the same value or the same error).
    cells: list[tuple[int, int, str, str | None, enum.Enum | None, Parser | None, dict[str, Any]]]
    cells = [
        (
            index,
            number,
            name,
            None if column is None else column.key,
            term,
            None
            if column is None and term is None
            else _whole
            if column is None
            else column.parse,
            {},
        )
        for index, (number, name, column, term) in enumerate(columns)
    ]
    width = len(header)
    make_id = _Ids(sheet.kind, centre)
    made: dict[tuple[Any, ...], tuple[Any, ...]] = {}  # group counts met (_group_counts)
    # A sheet without any problem is read column by column; any problem, and it is
    # read line by line below, which names each problem with its line and column.
    found = _by_column(
        sheet,
        columns,
        rows[1:],
        centre=centre,
        year=year,
        offers=known_offers,
        partners=known_partners,
        made=made,
    )
    if found is not None:
        return ActivityData(centre, **{sheet.kind: found})  # a sheet's kind names its section
    missing = object()
    for line, row in rows[1:]:
        if not "".join(row).strip():
            continue
        if len(row) > width and "".join(row[width:]).strip():
            problems.append(
                Problem((line,), f"has {len(row)} cells, but the header names {width}")
            )
            continue
        counted: dict[enum.Enum, Any] = {}  # the group columns' counts
        values: dict[str, Any] = {"_groups": counted, "_made": made}
        failed: set[int] = set()  # columns whose cell has a problem
        size = len(row)
        for index, number, name, field_key, term, parse, memo in cells:
            if index >= size:
                break
            cell = row[index].strip()
            if not cell:
                continue
            if parse is None:
                problems.append(Problem((line, number, name), "a value under no column"))
                failed.add(number)
                continue
            value = memo.get(cell, missing)
            if value is missing:
                try:
                    value = memo[cell] = parse(cell)
                except ValueError as exc:
                    problems.append(Problem((line, number, name), str(exc)))
                    failed.add(number)
                    continue
            if field_key is not None:
                values[field_key] = value
            elif term is not None:
                counted[term] = value
        bad = bool(failed)
        for required_key in required:
            if required_key not in values and required_key in where:
                number, name = where[required_key]
                if number not in failed:
                    problems.append(Problem((line, number, name), "is empty"))
                    bad = True
        if known_offers is not None:
            for offer_field in offer_fields:
                named = values.get(offer_field)
                if named is not None and named not in known_offers:
                    number, name = where[offer_field]
                    listing = ", ".join(sorted(known_offers)) or "none"
                    problems.append(
                        Problem(
                            (line, number, name),
                            f"the centre {centre!r} has no offer {named!r} "
                            f"(its offers: {listing})",
                        )
                    )
                    bad = True
        if known_partners is not None:
            partner = values.get("partner")
            if partner is not None and partner not in known_partners:
                number, name = where["partner"]
                problems.append(Problem((line, number, name), f"there is no partner {partner!r}"))
                bad = True
        if bad:
            continue
        if (
            sheet.dated is not None
            and first is not None
            and last is not None
            and not first <= values[sheet.dated] <= last
        ):
            number, name = where[sheet.dated]
            problems.append(
                Problem(
                    (line, number, name),
                    f"{values[sheet.dated].isoformat()} lies outside the year {year}",
                )
            )
            continue
        if sheet.kind == "families_reached" and year is not None and values["year"] != year:
            number, name = where["year"]
            problems.append(Problem((line, number, name), f"is not the year {year}"))
            continue
        if has_period:
            values.setdefault("period", Period.DAY)
        key = tuple([str(values.get(name, "")) for name in sheet.key])
        if key in keys:
            names = ", ".join(sheet.key)
            problems.append(
                Problem(
                    (line,),
                    f"repeats line {keys[key]} (the same {names}); put the counts in one line",
                )
            )
            continue
        keys[key] = line
        record_id = make_id(key)
        if record_id in ids:  # pragma: no cover - distinct keys give distinct ids
            problems.append(Problem((line,), f"gives the same id as line {ids[record_id]}"))
            continue
        ids[record_id] = line
        try:
            records.append(sheet.build(centre, record_id, values))
        except FieldError as exc:
            field = exc.field
            if field in where:
                number, name = where[field]
                problems.append(Problem((line, number, name), exc.message))
            else:
                problems.append(Problem((line,), f"{field}: {exc.message}"))
        except ValueError as exc:
            problems.append(Problem((line,), str(exc)))
    if problems:
        raise TallyError(problems, source=source)
    return ActivityData.of(centre, records)


def read_tally(
    path: str | os.PathLike[str],
    *,
    centre: str,
    year: int,
    kind: str | None = None,
    offers: Collection[str] | None = None,
    partners: Collection[str] | None = None,
) -> ActivityData:
    """Read a tally sheet file (see :func:`parse_tally`).

    :param kind: The sheet's kind; by default taken from the file name
        (``teilnahme-2026.csv``, ``attendance.csv``, ``hilfe_2026.csv`` ...).
    :raises TallyError: when the file is missing or not UTF-8, its kind unknown, or any
        line does not fit; nothing is read.
    """
    path = Path(path)
    source = str(path)
    if kind is None:
        kind = kind_from_name(path)
        if kind is None:
            names = ", ".join(f"{s.kind}/{s.german}" for s in SHEETS.values())
            raise TallyError(
                [
                    Problem(
                        (),
                        "the file name does not say which tally sheet this is: start it "
                        f"with one of {names} (like teilnahme-2026.csv), or name the kind",
                    )
                ],
                source=source,
            )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise TallyError([Problem((), f"cannot read: {exc.strerror}")], source=source) from None
    return parse_tally(
        raw,
        kind=kind,
        centre=centre,
        year=year,
        offers=offers,
        partners=partners,
        source=source,
    )


def header_names(kinds: Iterable[str] = SHEETS) -> dict[str, list[tuple[str, str]]]:
    """The columns of each sheet as ``(english, german)`` pairs (for help texts)."""
    return {kind: [(c.key, c.german) for c in SHEETS[kind].columns] for kind in kinds}
