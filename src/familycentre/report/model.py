"""What a yearly report is made of: cells, figures, tables, charts and sections.

Everything here is plain, frozen data: a report built once can be rendered as JSON,
Markdown, HTML or PDF, and compared in tests. :meth:`YearlyReport.plain` is the JSON
form (its schema: ``familycentre.report.json_schema()``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

import attrs

from familycentre.referrals.suppression import DEFAULT_THRESHOLD

__all__ = [
    "HIDDEN",
    "Cell",
    "Chart",
    "Figure",
    "Section",
    "Table",
    "TaggedText",
    "Unit",
    "YearlyReport",
]

HIDDEN = "hidden"
"""How JSON shows a cell withheld by secondary suppression."""

Unit = Literal[
    "centres",
    "offers",
    "occurrences",
    "visits",
    "families",
    "referrals",
    "cases",
    "contacts",
    "hours",
    "hours_per_week",
    "volunteers",
    "groups",
    "events",
    "partners",
    "agreements",
    "meetings",
    "share",
]
"""What a number counts; the renderers label it (``families`` is never ``referrals``)."""


class TaggedText(str):
    """Text of the report that knows the language of each of its parts.

    The report's words are in its language; data text (an offer's title, a centre's
    or partner's name, the subject of an agreement) is in the language it is really
    in, German when the data has no translation. A ``TaggedText`` is a ``str`` (JSON
    and Markdown write it as it is) whose :attr:`parts` say which language each piece
    is in, so that HTML can tag the pieces (``<span lang="de">``)::

        >>> title = TaggedText("Mittagstisch", "de")
        >>> note = TaggedText.join([title, " (3)"])
        >>> note, note.parts
        ('Mittagstisch (3)', (('Mittagstisch', 'de'), (' (3)', None)))

    A part's language is ``None`` where it is in the report's language. Anything that
    makes a new string (an f-string, ``+``) gives a plain ``str`` without the tags:
    compose with :meth:`join`.
    """

    parts: tuple[tuple[str, str | None], ...]
    """The pieces and their languages (``None``: the report's language)."""

    def __new__(cls, text: str = "", language: str | None = None) -> TaggedText:
        """``text`` in ``language`` (``None``: in the report's language)."""
        made = super().__new__(cls, text)
        made.parts = ((str(text), language),) if text else ()
        return made

    @classmethod
    def join(cls, pieces: Iterable[str], separator: str = "") -> TaggedText:
        """The pieces one after the other (with ``separator`` between them).

        A piece that is a ``TaggedText`` keeps the languages of its parts; a plain
        ``str`` is in the report's language.
        """
        parts: list[tuple[str, str | None]] = []
        for index, piece in enumerate(pieces):
            if index and separator:
                parts.append((separator, None))
            found = getattr(piece, "parts", None)
            parts += found if found is not None else [(str(piece), None)]
        merged: list[tuple[str, str | None]] = []
        for text, language in parts:
            if not text:
                continue
            if merged and merged[-1][1] == language:
                merged[-1] = (merged[-1][0] + text, language)
            else:
                merged.append((text, language))
        made = super().__new__(cls, "".join(text for text, _ in merged))
        made.parts = tuple(merged)
        return made


@attrs.frozen
class Cell:
    """One published number, or a withheld one.

    :param value: The number; ``None`` when it is withheld.
    :param threshold: The threshold of the suppression, for display.
    :param reason: Why there is no number: ``"small"`` (a count below the threshold,
        shown as ``<5``), ``"secondary"`` (hidden so that no small count can be worked
        out from the totals; shown as ``×``) or ``"missing"`` (no data; shown as
        ``–``); ``None`` when the number is published.
    """

    value: int | float | None
    threshold: int = DEFAULT_THRESHOLD
    reason: Literal["small", "secondary", "missing"] | None = None

    def __attrs_post_init__(self) -> None:
        if (self.value is None) != (self.reason is not None):
            raise ValueError("a cell has a value or a reason why it has none, not both")

    @property
    def suppressed(self) -> bool:
        """Whether the number is withheld (small, or hidden by secondary suppression)."""
        return self.reason in ("small", "secondary")

    def __str__(self) -> str:
        if self.reason == "small":
            return f"<{self.threshold}"
        if self.reason == "secondary":
            return "×"
        if self.value is None:
            return "–"
        if isinstance(self.value, float):
            return f"{self.value:.1f}"
        return str(self.value)

    def plain(self) -> int | float | str | None:
        """For JSON: the number, ``"<5"`` (small), ``"hidden"`` (secondary), ``None`` (no data)."""
        if self.reason == "small":
            return f"<{self.threshold}"
        if self.reason == "secondary":
            return HIDDEN
        return self.value


@attrs.frozen
class Figure:
    """A key figure: this year's number beside last year's.

    :param key: A stable name (``"visits"``).
    :param label: What it is, in the report's language.
    :param unit: What it counts.
    :param value: This year.
    :param previous: Last year, or ``None`` when there is no data for it.
    """

    key: str
    label: str
    unit: Unit
    value: Cell
    previous: Cell | None = None

    def plain(self) -> dict[str, Any]:
        """The figure as plain data for JSON."""
        return {
            "label": self.label,
            "unit": self.unit,
            "value": self.value.plain(),
            "previous": None if self.previous is None else self.previous.plain(),
        }


@attrs.frozen
class Table:
    """A table of the report.

    :param key: A stable name (``"referrals_by_need_and_partner_kind"``).
    :param title: The heading, in the report's language.
    :param unit: What the inner cells count.
    :param rows: Row keys (identifiers) with their labels.
    :param columns: Column keys with their labels.
    :param cells: One tuple of cells per row.
    :param row_totals: The total of each row, when the table has them.
    :param column_totals: The total of each column, when the table has them.
    :param total: The grand total, when the table has one.
    :param sensitive: Whether the counts are about families (and so suppressed).
    """

    key: str
    title: str
    unit: Unit
    rows: tuple[tuple[str, str], ...]
    columns: tuple[tuple[str, str], ...]
    cells: tuple[tuple[Cell, ...], ...]
    row_totals: tuple[Cell, ...] | None = None
    column_totals: tuple[Cell, ...] | None = None
    total: Cell | None = None
    sensitive: bool = False

    def cell(self, row: str, column: str) -> Cell:
        """The cell at row key ``row`` and column key ``column``."""
        i = [key for key, _ in self.rows].index(row)
        j = [key for key, _ in self.columns].index(column)
        return self.cells[i][j]

    def published(self) -> list[Cell]:
        """Every cell of the table, totals included."""
        found = [cell for row in self.cells for cell in row]
        found += list(self.row_totals or ()) + list(self.column_totals or ())
        return found + ([self.total] if self.total is not None else [])

    def plain(self) -> dict[str, Any]:
        """The table as plain data for JSON."""
        return {
            "title": self.title,
            "unit": self.unit,
            "sensitive": self.sensitive,
            "columns": [{"key": key, "label": label} for key, label in self.columns],
            "rows": [
                {"key": key, "label": label, "cells": [cell.plain() for cell in cells]}
                for (key, label), cells in zip(self.rows, self.cells, strict=True)
            ],
            "row_totals": None
            if self.row_totals is None
            else [cell.plain() for cell in self.row_totals],
            "column_totals": None
            if self.column_totals is None
            else [cell.plain() for cell in self.column_totals],
            "total": None if self.total is None else self.total.plain(),
        }


@attrs.frozen
class Chart:
    """Numbers drawn as a bar chart in HTML (aggregate numbers only, never suppressed ones).

    :param key: A stable name (``"attendance_per_month"``).
    :param title: The chart's title.
    :param unit: What the bars count.
    :param labels: The labels along the axis (months, kinds).
    :param series: Named series of values, one per label (``None`` where unknown).
    """

    key: str
    title: str
    unit: Unit
    labels: tuple[str, ...]
    series: tuple[tuple[str, tuple[float | None, ...]], ...]

    def plain(self) -> dict[str, Any]:
        """The chart's data for JSON."""
        return {
            "title": self.title,
            "unit": self.unit,
            "labels": list(self.labels),
            "series": [{"name": name, "values": list(values)} for name, values in self.series],
        }


@attrs.frozen
class Section:
    """A section of the report: one argument of the centres, and its evidence.

    :param key: A stable name (``"relief"``).
    :param title: The heading.
    :param argument: The argument in one sentence (what the figures evidence).
    :param figures: Key figures, this year beside last year.
    :param tables: Tables.
    :param charts: Charts (HTML only; their data is in the JSON).
    :param offers: The offers behind the section, as ``(id, title)``.
    :param empty: Why the section has nothing to show (``None`` when it has).
    :param notes: Remarks shown under the section.
    """

    key: str
    title: str
    argument: str = ""
    figures: tuple[Figure, ...] = ()
    tables: tuple[Table, ...] = ()
    charts: tuple[Chart, ...] = ()
    offers: tuple[tuple[str, str], ...] = ()
    empty: str | None = None
    notes: tuple[str, ...] = ()

    def figure(self, key: str) -> Figure:
        """The figure with ``key`` (:class:`KeyError` when there is none)."""
        for figure in self.figures:
            if figure.key == key:
                return figure
        raise KeyError(key)

    def table(self, key: str) -> Table:
        """The table with ``key`` (:class:`KeyError` when there is none)."""
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(key)

    def plain(self) -> dict[str, Any]:
        """The section as plain data for JSON."""
        return {
            "title": self.title,
            "argument": self.argument,
            "empty": self.empty,
            "figures": {figure.key: figure.plain() for figure in self.figures},
            "tables": {table.key: table.plain() for table in self.tables},
            "charts": {chart.key: chart.plain() for chart in self.charts},
            "offers": [{"id": key, "title": title} for key, title in self.offers],
            "notes": list(self.notes),
        }


@attrs.frozen
class YearlyReport:
    """The yearly report: what the centres offer, do and achieve, section by section.

    :param year: The year reported on.
    :param centres: The centres covered, as ``(id, name)``, in order.
    :param threshold: Counts about families below this are suppressed.
    :param language: The language of titles and labels (``de``, ``en``, ``tr``,
        ``ar``, ``uk``); data text in another language is a :class:`TaggedText`.
    :param sections: The sections, in the order they are shown.
    :param title: The report's title.
    """

    year: int
    centres: tuple[tuple[str, str], ...]
    threshold: int
    language: str
    sections: tuple[Section, ...]
    title: str = ""

    def section(self, key: str) -> Section:
        """The section with ``key`` (:class:`KeyError` when there is none)."""
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)

    @property
    def tables(self) -> tuple[Table, ...]:
        """Every table of every section, in order."""
        return tuple(table for section in self.sections for table in section.tables)

    def table(self, key: str) -> Table:
        """The table with ``key`` in any section (:class:`KeyError` when there is none)."""
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(key)

    def figure(self, key: str) -> Figure:
        """The figure ``"section.figure"`` (``"relief.meals"``)."""
        section, _, name = key.partition(".")
        return self.section(section).figure(name)

    def plain(self) -> dict[str, Any]:
        """The report as plain data: what the JSON format writes."""
        return {
            "schema": "https://familycentre.invalid/schema/yearly-report/1",
            "year": self.year,
            "title": self.title,
            "language": self.language,
            "threshold": self.threshold,
            "centres": [{"id": key, "name": name} for key, name in self.centres],
            "sections": {section.key: section.plain() for section in self.sections},
        }
