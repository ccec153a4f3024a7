"""Writing a yearly report: JSON, Markdown, HTML with charts, PDF.

The same report gives the same text (no time stamp). JSON has stable keys and a
documented schema (:func:`json_schema`). HTML is one self-contained page: charts
drawn by pygal as inline SVG (install the ``report`` extra), print CSS for A4. PDF is
that page printed by headless Chromium (``--print-to-pdf``).

HTML names its language (``<html lang="tr">``), runs right to left for Arabic
(``dir="rtl"``; the tables mirror, the charts keep their axes), and tags data text
that is in another language (a German title in a Turkish report:
``<span lang="de">``; see :class:`~familycentre.report.model.TaggedText`).
"""

from __future__ import annotations

import html
import json
from typing import Any

from familycentre.chromium import print_to_pdf, require_chromium
from familycentre.errors import FamilyCentreError
from familycentre.i18n import translator
from familycentre.report.model import Cell, Chart, Section, Table, TaggedText, YearlyReport
from familycentre.report.words import number, percent, word

__all__ = ["FORMATS", "cell_text", "json_schema", "render", "render_pdf"]

FORMATS = ("json", "markdown", "html", "pdf")
"""The formats :func:`render` writes (``pdf`` as bytes)."""

# --- numbers ---------------------------------------------------------------------------------


def cell_text(cell: Cell, language: str, unit: str = "") -> str:
    """A cell as people read it: ``1.234``, ``20,9``, ``43 %``, ``<5``, ``×`` or ``–``."""
    if cell.reason == "small":
        return f"<{number(cell.threshold, language)}"
    if cell.reason == "secondary":
        return "×"
    if cell.value is None:
        return "–"
    if unit == "share":
        return percent(cell.value, language)
    if isinstance(cell.value, float):
        return number(cell.value, language, decimals=1)
    return number(cell.value, language)


def _unit(unit: str, language: str) -> str:
    return word(f"unit_{unit}", language)


# --- JSON ------------------------------------------------------------------------------------


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the report's JSON form."""
    cell = {
        "description": "a number; '<N' when below the threshold N; 'hidden' when withheld "
        "by secondary suppression; null when there is no data",
        "anyOf": [
            {"type": "number"},
            {"type": "string", "pattern": "^<[0-9]+$"},
            {"const": "hidden"},
            {"type": "null"},
        ],
    }
    units = [
        "centres", "offers", "occurrences", "visits", "families", "referrals", "cases", "contacts",
        "hours", "hours_per_week", "volunteers", "groups", "events", "partners",
        "agreements", "meetings", "share",
    ]  # fmt: skip
    labelled = {
        "type": "object",
        "required": ["key", "label"],
        "properties": {"key": {"type": "string"}, "label": {"type": "string"}},
        "additionalProperties": False,
    }
    cells = {"type": "array", "items": {"$ref": "#/$defs/cell"}}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://familycentre.invalid/schema/yearly-report/1",
        "title": "familycentre yearly report",
        "type": "object",
        "required": ["schema", "year", "title", "language", "threshold", "centres", "sections"],
        "additionalProperties": False,
        "properties": {
            "schema": {"const": "https://familycentre.invalid/schema/yearly-report/1"},
            "year": {"type": "integer"},
            "title": {"type": "string"},
            "language": {"type": "string"},
            "threshold": {"type": "integer", "minimum": 1},
            "centres": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "name"],
                    "properties": {"id": {"type": "string"}, "name": {"type": "string"}},
                    "additionalProperties": False,
                },
            },
            "sections": {"type": "object", "additionalProperties": {"$ref": "#/$defs/section"}},
        },
        "$defs": {
            "cell": cell,
            "unit": {"enum": units},
            "figure": {
                "type": "object",
                "required": ["label", "unit", "value", "previous"],
                "additionalProperties": False,
                "properties": {
                    "label": {"type": "string"},
                    "unit": {"$ref": "#/$defs/unit"},
                    "value": {"$ref": "#/$defs/cell"},
                    "previous": {"$ref": "#/$defs/cell"},
                },
            },
            "table": {
                "type": "object",
                "required": [
                    "title",
                    "unit",
                    "sensitive",
                    "columns",
                    "rows",
                    "row_totals",
                    "column_totals",
                    "total",
                ],
                "additionalProperties": False,
                "properties": {
                    "title": {"type": "string"},
                    "unit": {"$ref": "#/$defs/unit"},
                    "sensitive": {"type": "boolean"},
                    "columns": {"type": "array", "items": labelled},
                    "rows": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["key", "label", "cells"],
                            "additionalProperties": False,
                            "properties": {
                                "key": {"type": "string"},
                                "label": {"type": "string"},
                                "cells": cells,
                            },
                        },
                    },
                    "row_totals": {"anyOf": [cells, {"type": "null"}]},
                    "column_totals": {"anyOf": [cells, {"type": "null"}]},
                    "total": {"$ref": "#/$defs/cell"},
                },
            },
            "chart": {
                "type": "object",
                "required": ["title", "unit", "labels", "series"],
                "additionalProperties": False,
                "properties": {
                    "title": {"type": "string"},
                    "unit": {"$ref": "#/$defs/unit"},
                    "labels": {"type": "array", "items": {"type": "string"}},
                    "series": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["name", "values"],
                            "additionalProperties": False,
                            "properties": {
                                "name": {"type": "string"},
                                "values": {
                                    "type": "array",
                                    "items": {"type": ["number", "null"]},
                                },
                            },
                        },
                    },
                },
            },
            "section": {
                "type": "object",
                "required": [
                    "title",
                    "argument",
                    "empty",
                    "figures",
                    "tables",
                    "charts",
                    "offers",
                    "notes",
                ],
                "additionalProperties": False,
                "properties": {
                    "title": {"type": "string"},
                    "argument": {"type": "string"},
                    "empty": {"type": ["string", "null"]},
                    "figures": {
                        "type": "object",
                        "additionalProperties": {"$ref": "#/$defs/figure"},
                    },
                    "tables": {
                        "type": "object",
                        "additionalProperties": {"$ref": "#/$defs/table"},
                    },
                    "charts": {
                        "type": "object",
                        "additionalProperties": {"$ref": "#/$defs/chart"},
                    },
                    "offers": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["id", "title"],
                            "additionalProperties": False,
                            "properties": {"id": {"type": "string"}, "title": {"type": "string"}},
                        },
                    },
                    "notes": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    }


# --- Markdown --------------------------------------------------------------------------------


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _centre_names(report: YearlyReport) -> str:
    return TaggedText.join((name for _, name in report.centres), ", ") or "–"


def _figure_rows(section: Section, report: YearlyReport) -> list[list[str]]:
    language = report.language
    rows = []
    for figure in section.figures:
        unit = "" if figure.unit in ("share",) else _unit(figure.unit, language)
        previous = cell_text(figure.previous, language, figure.unit) if figure.previous else "–"
        rows.append([figure.label, cell_text(figure.value, language, figure.unit), previous, unit])
    return rows


def _table_grid(table: Table, language: str) -> tuple[list[str], list[list[str]]]:
    header = ["", *(label for _, label in table.columns)]
    if table.row_totals is not None:
        header.append(word("total", language))
    body: list[list[str]] = []
    for index, ((_, label), cells) in enumerate(zip(table.rows, table.cells, strict=True)):
        line = [label, *(cell_text(c, language) for c in cells)]
        if table.row_totals is not None:
            line.append(cell_text(table.row_totals[index], language))
        body.append(line)
    if table.column_totals is not None and table.rows:
        line = [word("total", language), *(cell_text(c, language) for c in table.column_totals)]
        if table.row_totals is not None:
            line.append(cell_text(table.total, language) if table.total is not None else "")
        body.append(line)
    return header, body


def _markdown(report: YearlyReport) -> str:
    language = report.language
    out = [
        f"# {report.title} {report.year}",
        "",
        f"{word('centres', language)}: {_centre_names(report)}",
        "",
        word("suppressed", language, t=report.threshold),
    ]
    previous = word("previous_year", language, year=report.year - 1)
    for section in report.sections:
        out += ["", f"## {section.title}", ""]
        if section.argument:
            out += [f"*{section.argument}*", ""]
        if section.empty:
            out.append(section.empty)
            continue
        if section.figures:
            out.append(f"| {word('figure', language)} | {report.year} | {previous} | |")
            out.append("|---|--:|--:|---|")
            out += [
                "| " + " | ".join(_escape(c) for c in row) + " |"
                for row in _figure_rows(section, report)
            ]
        for table in section.tables:
            out += ["", f"### {table.title}", ""]
            header, body = _table_grid(table, language)
            if not table.rows:
                out.append("–")
                continue
            out.append("| " + " | ".join(_escape(h) for h in header) + " |")
            out.append("|" + "|".join(["---"] + ["--:"] * (len(header) - 1)) + "|")
            out += ["| " + " | ".join(_escape(c) for c in line) + " |" for line in body]
        if section.offers:
            titles = ", ".join(title for _, title in section.offers)
            out += ["", f"{word('offers_behind', language)}: {titles}"]
        sentences = [note for note in section.notes if note.endswith(".")]
        items = [note for note in section.notes if not note.endswith(".")]
        for note in sentences:
            out += ["", note]
        if items:
            out.append("")
            out += [f"- {_escape(note)}" for note in items]
    return "\n".join(out) + "\n"


# --- HTML ------------------------------------------------------------------------------------

_CSS = """
:root { --ink: #1d2b36; --muted: #4d5b66; --line: #c9d3db; --accent: #0b5d8c; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: var(--ink);
  margin: 0 auto; max-width: 180mm; padding: 12mm 0; line-height: 1.4; font-size: 10.5pt; }
h1 { font-size: 19pt; color: var(--accent); margin: 0 0 2mm; }
h2 { font-size: 14pt; color: var(--accent); border-bottom: 2px solid var(--accent);
  margin: 8mm 0 2mm; padding-bottom: 1mm; }
h3 { font-size: 11pt; margin: 4mm 0 1mm; }
p.argument { font-style: italic; color: var(--muted); margin: 0 0 2mm; }
p.empty { color: var(--muted); border-inline-start: 3px solid var(--line);
  padding-inline-start: 3mm; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 3mm; table-layout: fixed; }
th, td { border-bottom: 1px solid var(--line); padding: 1mm 1.5mm; vertical-align: top;
  overflow-wrap: anywhere; }
thead th { text-align: end; font-weight: 600; font-size: 9pt; color: var(--muted); }
thead th:first-child, tbody th { text-align: start; font-weight: normal; }
td { text-align: end; font-variant-numeric: tabular-nums; }
tr.total th, tr.total td { font-weight: 600; border-top: 1.5px solid var(--ink); }
table.figures td.unit { text-align: start; color: var(--muted); overflow-wrap: normal; }
table.figures thead th:nth-child(1) { width: 44%; }
table.figures thead th:nth-child(2) { width: 14%; }
table.figures thead th:nth-child(3) { width: 16%; }
table.figures thead th:nth-child(4) { width: 26%; }
figure.chart { margin: 2mm 0 4mm; break-inside: avoid; }
figure.chart svg { width: 100%; height: auto; max-height: 80mm; display: block;
  direction: ltr; }
figure.chart figcaption { font-size: 9pt; color: var(--muted); }
ul.notes { font-size: 9.5pt; color: var(--muted); padding-inline-start: 5mm; }
p.legend { font-size: 9pt; color: var(--muted); }
section { break-inside: auto; }
h2, h3 { break-after: avoid; }
table { break-inside: auto; }
tr { break-inside: avoid; }
@page { size: A4; margin: 15mm 15mm 18mm; }
@media print { body { padding: 0; max-width: none; } }
"""


def _chart_svg(chart: Chart, language: str) -> str:
    try:
        import pygal
        from pygal.style import Style
    except ImportError:
        raise FamilyCentreError(
            "HTML reports draw their charts with pygal: install familycentre[report]"
        ) from None
    style = Style(
        background="white",
        plot_background="white",
        foreground="#1d2b36",
        foreground_strong="#1d2b36",
        foreground_subtle="#c9d3db",
        colors=("#0b5d8c", "#9ab8cc", "#c46a1b", "#5a8f29"),
        font_family="DejaVu Sans, Arial, sans-serif",
        label_font_size=11,
        major_label_font_size=11,
        legend_font_size=11,
        title_font_size=13,
        value_font_size=10,
    )
    horizontal = len(chart.labels) > 12 or max((len(x) for x in chart.labels), default=0) > 14
    kind = pygal.HorizontalBar if horizontal else pygal.Bar
    drawing = kind(
        style=style,
        width=720,
        height=320 if not horizontal else 40 + 28 * max(len(chart.labels), 4),
        show_legend=len(chart.series) > 1,
        legend_at_bottom=True,
        js=[],  # self-contained: no script from the network
        disable_xml_declaration=True,
        explicit_size=False,
        print_values=False,
        show_y_guides=True,
        margin=8,
        value_formatter=lambda v: number(v, language, decimals=1 if v % 1 else 0),
        truncate_label=-1,
    )
    drawing.x_labels = list(chart.labels)
    for name, values in chart.series:
        drawing.add(name, list(values))
    svg = drawing.render(is_unicode=True)
    assert isinstance(svg, str)
    label = html.escape(f"{chart.title} ({_unit(chart.unit, language)})")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)


def _tagged(text: str, language: str) -> str:
    """``text`` escaped for HTML, its parts in another language than ``language`` tagged.

    A :class:`~familycentre.report.model.TaggedText` knows the language of each part;
    a part in another language gets ``<span lang="..." dir="auto">`` (``dir="auto"``
    keeps German text left to right in an Arabic page).
    """
    parts = getattr(text, "parts", None)
    if parts is None:
        return html.escape(text)
    out = []
    for piece, tag in parts:
        if tag is None or tag == language:
            out.append(html.escape(piece))
        else:
            out.append(f'<span lang="{html.escape(tag)}" dir="auto">{html.escape(piece)}</span>')
    return "".join(out)


def _html_table(
    header: list[str],
    body: list[list[str]],
    language: str,
    css: str = "",
    total: bool = False,
) -> str:
    def e(text: str) -> str:
        return _tagged(text, language)

    out = [f'<table class="{css}">' if css else "<table>", "<thead><tr>"]
    out += [f'<th scope="col">{e(h)}</th>' for h in header]
    out.append("</tr></thead><tbody>")
    for index, line in enumerate(body):
        is_total = total and index == len(body) - 1
        out.append('<tr class="total">' if is_total else "<tr>")
        out.append(f'<th scope="row">{e(line[0])}</th>')
        out += [f"<td>{e(c)}</td>" for c in line[1:-1]]
        if len(line) > 1:
            cls = ' class="unit"' if css == "figures" else ""
            out.append(f"<td{cls}>{e(line[-1])}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _html(report: YearlyReport) -> str:
    language = report.language

    def e(text: str) -> str:
        return _tagged(text, language)

    title = f"{report.title} {report.year}"
    previous = word("previous_year", language, year=report.year - 1)
    direction = translator(language).direction
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{e(language)}" dir="{direction}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{e(title)}</h1>",
        f"<p>{e(word('centres', language))}: {e(_centre_names(report))}</p>",
        f'<p class="legend">{e(word("suppressed", language, t=report.threshold))}</p>',
    ]
    for section in report.sections:
        out.append(f'<section id="{e(section.key)}" aria-labelledby="h-{e(section.key)}">')
        out.append(f'<h2 id="h-{e(section.key)}">{e(section.title)}</h2>')
        if section.argument:
            out.append(f'<p class="argument">{e(section.argument)}</p>')
        if section.empty:
            out.append(f'<p class="empty">{e(section.empty)}</p></section>')
            continue
        if section.figures:
            header = [word("figure", language), str(report.year), previous, ""]
            out.append(_html_table(header, _figure_rows(section, report), language, "figures"))
        for chart in section.charts:
            out.append(
                f'<figure class="chart" id="chart-{e(chart.key)}">'
                f"{_chart_svg(chart, language)}"
                f"<figcaption>{e(chart.title)} ({e(_unit(chart.unit, language))})</figcaption>"
                "</figure>"
            )
        for table in section.tables:
            out.append(f'<h3 id="{e(table.key)}">{e(table.title)}</h3>')
            if not table.rows:
                out.append("<p>–</p>")
                continue
            header, body = _table_grid(table, language)
            out.append(_html_table(header, body, language, total=table.column_totals is not None))
        if section.offers:
            titles = TaggedText.join((title for _, title in section.offers), ", ")
            out.append(f"<p>{e(word('offers_behind', language))}: {e(titles)}</p>")
        if section.notes:
            out.append('<ul class="notes">')
            out += [f"<li>{e(note)}</li>" for note in section.notes]
            out.append("</ul>")
        out.append("</section>")
    out += ["</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


# --- PDF -------------------------------------------------------------------------------------


def render_pdf(report: YearlyReport, *, timeout: float = 120.0) -> bytes:
    """The report as PDF: its HTML printed on A4 by headless Chromium.

    :raises FamilyCentreError: when no Chromium is found
        (:class:`~familycentre.errors.ChromiumMissing`) or printing fails.
    """
    require_chromium("a PDF report")  # before the work of the page
    return print_to_pdf(_html(report), purpose="the report", timeout=timeout)


def render(report: YearlyReport, format: str = "markdown") -> str:
    """Write the report as ``json``, ``markdown`` or ``html`` text (ending in a newline).

    For ``pdf`` use :func:`render_pdf` (bytes). The same report gives the same text.
    """
    if format == "json":
        return json.dumps(report.plain(), ensure_ascii=False, indent=2) + "\n"
    if format == "markdown":
        return _markdown(report)
    if format == "html":
        return _html(report)
    if format == "pdf":
        raise ValueError("a PDF is bytes: use familycentre.report.render_pdf(report)")
    raise ValueError(f"unknown report format {format!r}; known: {', '.join(FORMATS)}")
