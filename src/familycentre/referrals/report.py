"""The yearly report for the municipality: what the centres did, as anonymous counts.

:func:`municipal_report` builds it from centres, offers, partners and referrals
(a pure function: no store, no clock); :func:`render` writes it as JSON, Markdown or
HTML. The Python API and the ``familycentre report`` command return the same report.

What it holds (for one year, one or more centres):

- offers by category and audience;
- per category: offers, occurrences in the year (public holidays, school holidays
  and the centres' closures accounted for) and hours offered per week (the year's
  hours of timed occurrences divided by the year's weeks);
- referrals made in the year by need and kind of partner;
- how many of them were accompanied to the first appointment, and the share;
- referrals closed in the year, by close reason.

Tables about referrals are about families: counts below the threshold (5 by
default) are shown as ``"<5"``, and further cells are suppressed so that none can be
worked out from the totals (see :mod:`familycentre.referrals.suppression`). Rows and
columns without any referral are left out. Referrals entered in error are counted
nowhere. Tables about offers count offers, not people, and are published in full.
"""

from __future__ import annotations

import datetime as dt
import enum
import html
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from familycentre.model.centre import Centre
from familycentre.model.lifecycle import CloseReason, ReferralStatus
from familycentre.model.offer import Offer, OfferStatus
from familycentre.model.partner import Partner
from familycentre.model.referral import Referral
from familycentre.referrals.suppression import DEFAULT_THRESHOLD, suppress, with_totals
from familycentre.taxonomy import Audience, Category, Need, PartnerKind

if TYPE_CHECKING:
    from familycentre.storage import Store

__all__ = [
    "FORMATS",
    "Cell",
    "MunicipalReport",
    "Table",
    "municipal_report",
    "render",
    "store_report",
]

FORMATS = ("json", "markdown", "html")
"""The formats :func:`render` writes."""

OccurrenceCounter = Callable[[Centre, Offer, dt.date, dt.date], tuple[int, float]]
"""Counts an offer's occurrences in a window: ``(occurrences, hours of timed ones)``."""


@attrs.frozen
class Cell:
    """One published number, or a suppressed one.

    :param value: The number; ``None`` when it is suppressed.
    :param threshold: The threshold it was suppressed below, for display.
    """

    value: int | float | None
    threshold: int = DEFAULT_THRESHOLD

    @property
    def suppressed(self) -> bool:
        """Whether the number is withheld."""
        return self.value is None

    def __str__(self) -> str:
        if self.value is None:
            return f"<{self.threshold}"
        if isinstance(self.value, float):
            return f"{self.value:.1f}"
        return str(self.value)

    def plain(self) -> int | float | str:
        """The value for JSON: the number, or ``"<5"`` when suppressed."""
        return str(self) if self.value is None else self.value


@attrs.frozen
class Table:
    """A table of the report.

    :param key: A stable name (``"referrals_by_need_and_partner_kind"``).
    :param title: The heading, in the report's language.
    :param rows: Row keys (taxonomy identifiers) with their labels.
    :param columns: Column keys with their labels.
    :param cells: One tuple of cells per row.
    :param row_totals: The total of each row, when the table has them.
    :param column_totals: The total of each column, when the table has them.
    :param total: The grand total, when the table has one.
    :param sensitive: Whether the counts are about families (and so suppressed).
    """

    key: str
    title: str
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
        data: dict[str, Any] = {
            "title": self.title,
            "sensitive": self.sensitive,
            "columns": [key for key, _ in self.columns],
            "rows": {
                key: [cell.plain() for cell in cells]
                for (key, _), cells in zip(self.rows, self.cells, strict=True)
            },
        }
        if self.row_totals is not None:
            data["row_totals"] = [cell.plain() for cell in self.row_totals]
        if self.column_totals is not None:
            data["column_totals"] = [cell.plain() for cell in self.column_totals]
        if self.total is not None:
            data["total"] = self.total.plain()
        return data


@attrs.frozen
class MunicipalReport:
    """The report for one year: offers, hours, occurrences and referrals, as tables.

    :param year: The year reported on.
    :param centres: The centres covered (ids), in order.
    :param threshold: Counts about families below this are suppressed.
    :param language: The language of titles and labels.
    :param tables: The tables, in the order they are shown.
    :param share_accompanied: The share of referrals accompanied to the first
        appointment (0 to 1), or ``None`` when suppressed or there were none.
    """

    year: int
    centres: tuple[str, ...]
    threshold: int
    language: str
    tables: tuple[Table, ...]
    share_accompanied: float | None

    def table(self, key: str) -> Table:
        """The table with ``key`` (:class:`KeyError` when there is none)."""
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(key)

    def plain(self) -> dict[str, Any]:
        """The report as plain data (what :func:`render` writes as JSON)."""
        return {
            "year": self.year,
            "centres": list(self.centres),
            "threshold": self.threshold,
            "language": self.language,
            "share_accompanied": self.share_accompanied,
            "tables": {table.key: table.plain() for table in self.tables},
        }


# --- building the report ------------------------------------------------------------------

_WORDS = {
    "offers_by_category_and_audience": (
        "Angebote nach Kategorie und Zielgruppe",
        "Offers by category and audience",
    ),
    "offers_by_category": (
        "Angebote, Termine und Stunden nach Kategorie",
        "Offers, occurrences and hours by category",
    ),
    "referrals_by_need_and_partner_kind": (
        "Vermittlungen nach Bedarf und Art des Partners",
        "Referrals by need and kind of partner",
    ),
    "referrals_accompanied": (
        "Vermittlungen mit Begleitung zum Erstgespräch",
        "Referrals accompanied to the first appointment",
    ),
    "referrals_closed_by_reason": (
        "Abgeschlossene Vermittlungen nach Grund",
        "Referrals closed, by reason",
    ),
    "none": ("ohne Angabe", "not given"),
    "offers": ("Angebote", "Offers"),
    "occurrences": ("Termine im Jahr", "Occurrences in the year"),
    "hours_per_week": ("Stunden pro Woche", "Hours per week"),
    "count": ("Anzahl", "Count"),
    "accompanied": ("begleitet", "accompanied"),
    "not_accompanied": ("nicht begleitet", "not accompanied"),
    "total": ("Summe", "Total"),
    "share_accompanied": ("Anteil begleitet", "Share accompanied"),
    "report": ("Bericht für die Kommune", "Report for the municipality"),
    "centres": ("Zentren", "Centres"),
    "suppressed": (
        "Werte unter {t} sind als „<{t}“ ausgewiesen; weitere Werte sind verdeckt, "
        "damit sie sich nicht aus den Summen errechnen lassen.",
        "Counts below {t} are shown as “<{t}”; further counts are withheld so that "
        "none can be worked out from the totals.",
    ),
}


def _word(key: str, language: str) -> str:
    german, english = _WORDS[key]
    return english if language.split("-")[0].lower() == "en" else german


def _label(term: enum.Enum, language: str) -> str:
    label = getattr(term, "label", None)
    return str(label(language)) if callable(label) else str(term.value)


def _count_schedule(
    centre: Centre, offer: Offer, start: dt.date, end: dt.date
) -> tuple[int, float]:
    from familycentre.schedule import occurrences  # the expansion engine, loaded on use

    found = occurrences(offer, centre, start, end)
    hours = sum((o.end - o.start).total_seconds() / 3600 for o in found if not o.all_day)
    return len(found), hours


def _sensitive_table(
    key: str,
    language: str,
    rows: Sequence[tuple[str, str]],
    columns: Sequence[tuple[str, str]],
    counts: Sequence[Sequence[int]],
    threshold: int,
    *,
    row_totals: bool,
) -> Table:
    grid = with_totals(counts, row_totals=row_totals, columns=len(columns))
    hidden = suppress(grid, threshold=threshold, row_totals=row_totals)

    def cell(i: int, j: int) -> Cell:
        return Cell(None if (i, j) in hidden else grid[i][j], threshold)

    m, n = len(rows), len(columns)
    return Table(
        key=key,
        title=_word(key, language),
        rows=tuple(rows),
        columns=tuple(columns),
        cells=tuple(tuple(cell(i, j) for j in range(n)) for i in range(m)),
        row_totals=tuple(cell(i, n) for i in range(m)) if row_totals else None,
        column_totals=tuple(cell(m, j) for j in range(n)),
        total=cell(m, n) if row_totals else (cell(m, 0) if n == 1 else None),
        sensitive=True,
    )


def _in_year(day: dt.date, year: int) -> bool:
    return day.year == year


def municipal_report(
    *,
    year: int,
    centres: Iterable[Centre],
    offers: Iterable[Offer],
    partners: Iterable[Partner] = (),
    referrals: Iterable[Referral] = (),
    threshold: int = DEFAULT_THRESHOLD,
    language: str = "de",
    count_occurrences: OccurrenceCounter | None = None,
) -> MunicipalReport:
    """Build the report for ``year`` over ``centres``.

    Offers and referrals of other centres are ignored; so are cancelled offers and
    referrals entered in error. Referrals count in the year they were created;
    closed ones count in the year of their closing transition.

    :param year: The calendar year.
    :param centres: The centres to report on.
    :param offers: Their offers.
    :param partners: The partners referrals name (for their kind; unknown partners
        count as ``other``).
    :param referrals: Their referrals.
    :param threshold: Counts about families below this are suppressed (at least 1).
    :param language: ``"de"`` (default) or ``"en"`` for titles and labels.
    :param count_occurrences: Counts an offer's occurrences and hours in a window;
        by default the schedule engine of :mod:`familycentre.schedule`.
    """
    if threshold < 1:
        raise ValueError(f"the threshold must be at least 1, not {threshold}")
    counter = count_occurrences or _count_schedule
    centre_list = sorted(centres, key=lambda c: c.id)
    by_id = {centre.id: centre for centre in centre_list}
    offer_list = sorted(
        (o for o in offers if o.centre in by_id and o.status is not OfferStatus.CANCELLED),
        key=lambda o: (o.centre, o.id),
    )
    kinds: Mapping[str, PartnerKind] = {p.id: p.kind for p in partners}
    counted = [
        r
        for r in referrals
        if r.centre in by_id and r.status is not ReferralStatus.ENTERED_IN_ERROR
    ]
    tables = [
        _offers_by_audience(offer_list, language),
        _offers_by_category(offer_list, by_id, year, language, counter),
    ]
    made = [r for r in counted if _in_year(r.created, year)]
    tables.append(_by_need_and_kind(made, kinds, threshold, language))
    accompanied = _accompanied(made, threshold, language)
    tables.append(accompanied)
    tables.append(_closed_by_reason(counted, year, threshold, language))
    share: float | None = None
    yes, no = (row[0].value for row in accompanied.cells) if accompanied.cells else (None, None)
    if isinstance(yes, int) and isinstance(no, int) and yes + no:
        share = round(yes / (yes + no), 2)
    return MunicipalReport(
        year=year,
        centres=tuple(by_id),
        threshold=threshold,
        language=language,
        tables=tuple(tables),
        share_accompanied=share,
    )


def _offers_by_audience(offers: Sequence[Offer], language: str) -> Table:
    categories = [c for c in Category if any(o.category is c for o in offers)]
    audiences: list[Audience | None] = [
        a for a in Audience if any(a in o.audiences for o in offers)
    ]
    if any(not o.audiences for o in offers):
        audiences.append(None)

    def count(category: Category, audience: Audience | None) -> int:
        return sum(
            1
            for o in offers
            if o.category is category
            and (audience in o.audiences if audience is not None else not o.audiences)
        )

    per_category = [sum(1 for o in offers if o.category is c) for c in categories]
    per_audience = [
        sum(1 for o in offers if (a in o.audiences if a is not None else not o.audiences))
        for a in audiences
    ]
    return Table(
        key="offers_by_category_and_audience",
        title=_word("offers_by_category_and_audience", language),
        rows=tuple((c.value, _label(c, language)) for c in categories),
        columns=tuple(
            (a.value, _label(a, language)) if a is not None else ("none", _word("none", language))
            for a in audiences
        ),
        cells=tuple(tuple(Cell(count(c, a)) for a in audiences) for c in categories),
        row_totals=tuple(Cell(n) for n in per_category),
        column_totals=tuple(Cell(n) for n in per_audience),
        total=Cell(len(offers)),
    )


def _offers_by_category(
    offers: Sequence[Offer],
    centres: Mapping[str, Centre],
    year: int,
    language: str,
    counter: OccurrenceCounter,
) -> Table:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    weeks = ((end - start).days + 1) / 7
    categories = [c for c in Category if any(o.category is c for o in offers)]
    rows: list[tuple[Cell, ...]] = []
    totals = [0, 0, 0.0]
    for category in categories:
        number, occurrences, hours = 0, 0, 0.0
        for offer in offers:
            if offer.category is category:
                found, spent = counter(centres[offer.centre], offer, start, end)
                number, occurrences, hours = number + 1, occurrences + found, hours + spent
        rows.append((Cell(number), Cell(occurrences), Cell(round(hours / weeks, 1))))
        totals = [totals[0] + number, totals[1] + occurrences, totals[2] + hours]
    return Table(
        key="offers_by_category",
        title=_word("offers_by_category", language),
        rows=tuple((c.value, _label(c, language)) for c in categories),
        columns=tuple(
            (key, _word(key, language)) for key in ("offers", "occurrences", "hours_per_week")
        ),
        cells=tuple(rows),
        column_totals=(
            Cell(int(totals[0])),
            Cell(int(totals[1])),
            Cell(round(totals[2] / weeks, 1)),
        ),
    )


def _by_need_and_kind(
    referrals: Sequence[Referral],
    kinds: Mapping[str, PartnerKind],
    threshold: int,
    language: str,
) -> Table:
    def kind(referral: Referral) -> PartnerKind:
        return kinds.get(referral.partner, PartnerKind.OTHER)

    needs = [n for n in Need if any(r.need is n for r in referrals)]
    partner_kinds = [k for k in PartnerKind if any(kind(r) is k for r in referrals)]
    counts = [
        [sum(1 for r in referrals if r.need is n and kind(r) is k) for k in partner_kinds]
        for n in needs
    ]
    return _sensitive_table(
        "referrals_by_need_and_partner_kind",
        language,
        [(n.value, _label(n, language)) for n in needs],
        [(k.value, _label(k, language)) for k in partner_kinds],
        counts,
        threshold,
        row_totals=True,
    )


def _accompanied(referrals: Sequence[Referral], threshold: int, language: str) -> Table:
    yes = sum(1 for r in referrals if r.accompanied)
    rows = [("accompanied", yes), ("not_accompanied", len(referrals) - yes)] if referrals else []
    return _sensitive_table(
        "referrals_accompanied",
        language,
        [(key, _word(key, language)) for key, _ in rows],
        [("count", _word("count", language))],
        [[n] for _, n in rows],
        threshold,
        row_totals=False,
    )


def _closed_by_reason(
    referrals: Sequence[Referral], year: int, threshold: int, language: str
) -> Table:
    closed: dict[CloseReason, int] = {}
    for referral in referrals:
        reason, at = referral.close_reason, referral.closed_at
        if reason is not None and at is not None and at.year == year:
            closed[reason] = closed.get(reason, 0) + 1
    reasons = [r for r in CloseReason if r in closed]
    return _sensitive_table(
        "referrals_closed_by_reason",
        language,
        [(r.value, r.label(language)) for r in reasons],
        [("count", _word("count", language))],
        [[closed[r]] for r in reasons],
        threshold,
        row_totals=False,
    )


# --- rendering ------------------------------------------------------------------------------


def render(report: MunicipalReport, format: str = "markdown") -> str:
    """Write the report as ``json``, ``markdown`` or ``html`` text (ending in a newline).

    The same report gives the same text: no time stamp is written.
    """
    if format == "json":
        return json.dumps(report.plain(), ensure_ascii=False, indent=2) + "\n"
    if format == "markdown":
        return _markdown(report)
    if format == "html":
        return _html(report)
    raise ValueError(f"unknown report format {format!r}; known: {', '.join(FORMATS)}")


def _grid(table: Table, language: str) -> tuple[list[str], list[list[str]]]:
    header = ["", *(label for _, label in table.columns)]
    if table.row_totals is not None:
        header.append(_word("total", language))
    body: list[list[str]] = []
    for index, ((_, label), cells) in enumerate(zip(table.rows, table.cells, strict=True)):
        line = [label, *(str(c) for c in cells)]
        if table.row_totals is not None:
            line.append(str(table.row_totals[index]))
        body.append(line)
    if table.column_totals is not None:
        line = [_word("total", language), *(str(c) for c in table.column_totals)]
        if table.row_totals is not None and table.total is not None:
            line.append(str(table.total))
        body.append(line)
    return header, body


def _summary(report: MunicipalReport) -> tuple[str, str]:
    share = report.share_accompanied
    shown = f"{round(share * 100)} %" if share is not None else "–"
    return _word("share_accompanied", report.language), shown


def _markdown(report: MunicipalReport) -> str:
    language = report.language

    def escape(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    out = [
        f"# {_word('report', language)} {report.year}",
        "",
        f"{_word('centres', language)}: {', '.join(report.centres) or '–'}",
        "",
        _word("suppressed", language).format(t=report.threshold),
    ]
    for table in report.tables:
        out += ["", f"## {table.title}", ""]
        header, body = _grid(table, language)
        if not body or not table.rows:
            out.append("–")
            continue
        out.append("| " + " | ".join(escape(h) for h in header) + " |")
        out.append("|" + "|".join(["---"] + ["--:"] * (len(header) - 1)) + "|")
        out += ["| " + " | ".join(escape(c) for c in line) + " |" for line in body]
    label, shown = _summary(report)
    out += ["", f"{label}: {shown}"]
    return "\n".join(out) + "\n"


def _html(report: MunicipalReport) -> str:
    language = report.language
    e = html.escape
    title = f"{_word('report', language)} {report.year}"
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{e(language)}">',
        '<head><meta charset="utf-8">',
        f"<title>{e(title)}</title></head>",
        "<body>",
        f"<h1>{e(title)}</h1>",
        f"<p>{e(_word('centres', language))}: {e(', '.join(report.centres) or '–')}</p>",
        f"<p>{e(_word('suppressed', language).format(t=report.threshold))}</p>",
    ]
    for table in report.tables:
        out.append(f'<h2 id="{e(table.key)}">{e(table.title)}</h2>')
        header, body = _grid(table, language)
        if not body or not table.rows:
            out.append("<p>–</p>")
            continue
        out.append("<table>")
        out.append(
            "<thead><tr>"
            + "".join(f'<th scope="col">{e(h)}</th>' for h in header)
            + "</tr></thead>"
        )
        out.append("<tbody>")
        for line in body:
            cells = "".join(f"<td>{e(c)}</td>" for c in line[1:])
            out.append(f'<tr><th scope="row">{e(line[0])}</th>{cells}</tr>')
        out.append("</tbody></table>")
    label, shown = _summary(report)
    out += [f"<p>{e(label)}: {e(shown)}</p>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def store_report(
    store: Store,
    *,
    year: int,
    centre: str | None = None,
    threshold: int = DEFAULT_THRESHOLD,
    language: str = "de",
) -> MunicipalReport:
    """:func:`municipal_report` over what a store holds (one centre, or all of them).

    :raises NotFound: when ``centre`` is given and the store has no such centre.
    """
    with store.transaction():  # one consistent state
        centres = [store.get(Centre, centre)] if centre else store.centres()
        return municipal_report(
            year=year,
            centres=centres,
            offers=store.offers(centre=centre),
            partners=store.partners(),
            referrals=store.referrals(centre=centre),
            threshold=threshold,
            language=language,
        )
