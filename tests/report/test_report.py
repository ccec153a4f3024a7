"""The yearly report: offers, referrals, rendering; the suppression of small counts."""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import familycentre as fc
from familycentre.referrals.suppression import exposed, suppress, with_totals
from familycentre.report import render
from familycentre.testing import strategies as s

ROOT = Path(__file__).resolve().parents[2]
UTC = dt.UTC

# --- an independent audit of a suppressed table -----------------------------------------


def _equations(grid: list[list[int]], row_totals: bool) -> list[list[tuple[int, int]]]:
    """Each line of the table as the cells that sum to its total (the total last)."""
    m = len(grid) - 1
    n = len(grid[0]) - (1 if row_totals else 0)
    lines = [[(i, j) for i in range(m)] + [(m, j)] for j in range(n)]
    if row_totals:
        lines += [[(i, j) for j in range(n)] + [(i, n)] for i in range(m + 1)]
        lines.append([(i, n) for i in range(m)] + [(m, n)])
    return lines


def _rank(rows: list[list[Fraction]]) -> int:
    rows = [r[:] for r in rows]
    rank, columns = 0, len(rows[0]) if rows else 0
    for c in range(columns):
        pivot = next((r for r in range(rank, len(rows)) if rows[r][c] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for r in range(len(rows)):
            if r != rank and rows[r][c] != 0:
                factor = rows[r][c] / rows[rank][c]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[rank], strict=True)]
        rank += 1
    return rank


def derivable(grid: list[list[int]], hidden: set[tuple[int, int]], row_totals: bool) -> set:
    """Hidden cells that a linear combination of the published lines gives away."""
    unknowns = sorted(hidden)
    index = {cell: k for k, cell in enumerate(unknowns)}
    matrix: list[list[Fraction]] = []
    for line in _equations(grid, row_totals):
        row = [Fraction(0)] * len(unknowns)
        *parts, total = line
        for cell in parts:
            if cell in index:
                row[index[cell]] += 1
        if total in index:
            row[index[total]] -= 1
        if any(row):
            matrix.append(row)
    base = _rank(matrix) if matrix else 0
    found = set()
    for cell, k in index.items():
        unit = [Fraction(int(i == k)) for i in range(len(unknowns))]
        if _rank([*matrix, unit]) == base:
            found.add(cell)
    return found


def single_hidden_lines(grid: list[list[int]], hidden: set, row_totals: bool) -> list:
    """Lines (with their total) in which exactly one cell is hidden."""
    return [
        line for line in _equations(grid, row_totals) if sum(cell in hidden for cell in line) == 1
    ]


tables = st.integers(1, 5).flatmap(
    lambda rows: st.integers(1, 5).flatmap(
        lambda columns: st.lists(
            st.lists(
                st.one_of(st.integers(0, 6), st.integers(0, 40)),
                min_size=columns,
                max_size=columns,
            ),
            min_size=rows,
            max_size=rows,
        )
    )
)


@given(tables, st.integers(1, 8), st.booleans())
def test_suppression_hides_small_counts_and_gives_none_away(
    values: list[list[int]], threshold: int, two_way: bool
) -> None:
    row_totals = two_way or len(values[0]) > 1
    if not row_totals:
        values = [row[:1] for row in values]
    grid = with_totals(values, row_totals=row_totals)
    hidden = suppress(grid, threshold=threshold, row_totals=row_totals)
    for i, row in enumerate(grid):
        for j, value in enumerate(row):
            if (i, j) not in hidden:
                assert value >= threshold, (i, j, grid)
    assert single_hidden_lines(grid, hidden, row_totals) == []
    assert derivable(grid, hidden, row_totals) == set()
    assert exposed(grid, hidden, row_totals=row_totals) == []


def test_one_small_cell_takes_its_cheapest_rectangle() -> None:
    grid = with_totals([[3, 20, 30], [12, 25, 40], [50, 9, 60]])
    hidden = suppress(grid)
    # the 3 needs partners in its row and column and one opposite: the smallest
    # inner cells that keep counts non-negative
    assert hidden == {(0, 0), (0, 1), (1, 0), (1, 1)}


def test_zero_cells_are_not_protected_by_cycles_that_would_go_negative() -> None:
    # two zeros in a one-column table sum to a published zero-free total: hiding just
    # the two of them would give both away (they cannot go below zero)
    grid = with_totals([[0], [0], [30]], row_totals=False)
    hidden = suppress(grid, row_totals=False)
    assert (2, 0) in hidden or (3, 0) in hidden
    assert exposed(grid, {(0, 0), (1, 0)}, row_totals=False) == [(0, 0), (1, 0)]


# --- the report -------------------------------------------------------------------------


def _referral(
    number: int,
    need: str,
    partner: str,
    *,
    created: dt.date,
    accompanied: bool = False,
    sent: bool = True,
) -> fc.Referral:
    referral = fc.Referral(
        id=f"r-{number}",
        centre="sonnenblume",
        family=f"FAM-{number}",
        need=need,
        partner=partner,
        created=created,
        accompanied=accompanied,
        shares=[],
    )
    if not sent:
        return referral
    at = dt.datetime.combine(created, dt.time(10), tzinfo=UTC)
    return referral.transition("requested", at=at)


@pytest.fixture
def data() -> fc.CentreData:
    return fc.load(ROOT / "examples" / "sonnenblume.toml")


def test_report_counts_offers_occurrences_and_hours(data: fc.CentreData) -> None:
    from familycentre.schedule import occurrences

    report = fc.municipal_report(
        year=2026, centres=[data.centre], offers=data.offers, partners=data.partners
    )
    table = report.table("offers_by_category")
    active = [o for o in data.offers if o.status is not fc.OfferStatus.CANCELLED]
    assert table.column_totals is not None
    assert table.column_totals[0].value == len(active)
    start, end = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    found = [o for offer in active for o in occurrences(offer, data.centre, start, end)]
    assert table.column_totals[1].value == len(found)
    hours = sum((o.end - o.start).total_seconds() / 3600 for o in found if not o.all_day)
    assert table.column_totals[2].value == round(hours / (365 / 7), 1)
    by_audience = report.table("offers_by_category_and_audience")
    assert by_audience.total is not None
    assert by_audience.total.value == len(active)
    assert not by_audience.sensitive


def test_report_counts_closures(data: fc.CentreData) -> None:
    from familycentre.schedule import occurrences

    summer = fc.Closure(dt.date(2026, 7, 1), dt.date(2026, 8, 31))
    closed = attrs.evolve(data.centre, closures=[*data.centre.closures, summer])
    open_report = fc.municipal_report(year=2026, centres=[data.centre], offers=data.offers)
    closed_report = fc.municipal_report(year=2026, centres=[closed], offers=data.offers)
    before = open_report.table("offers_by_category").column_totals
    after = closed_report.table("offers_by_category").column_totals
    assert before is not None
    assert after is not None
    start, end = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    expected = sum(len(occurrences(o, closed, start, end)) for o in data.offers)
    assert after[1].value == expected
    assert after[1].value < before[1].value  # type: ignore[operator]


def test_report_suppresses_small_referral_counts(data: fc.CentreData) -> None:
    partner = data.partners[0]
    day = dt.date(2026, 5, 4)
    referrals = [
        _referral(i, "debt", partner.id, created=day, accompanied=i < 2) for i in range(12)
    ]
    referrals.append(_referral(99, "housing", partner.id, created=day))
    at = dt.datetime(2026, 6, 1, tzinfo=UTC)
    referrals = [
        r.transition("in_progress", at=at).close("need_met", at=at) if i < 7 else r
        for i, r in enumerate(referrals)
    ]
    voided = _referral(100, "health", partner.id, created=day).transition(
        "entered_in_error", at=at, reason="Irrtum"
    )
    report = fc.municipal_report(
        year=2026,
        centres=[data.centre],
        offers=data.offers,
        partners=data.partners,
        referrals=[*referrals, voided],
    )
    needs = report.table("referrals_by_need_and_partner_kind")
    assert [key for key, _ in needs.rows] == ["debt", "housing"]  # health was in error
    assert needs.cell("housing", partner.kind.value).suppressed
    assert needs.cell("debt", partner.kind.value).suppressed  # else housing = total - debt
    assert str(needs.cell("housing", partner.kind.value)) == "<5"
    accompanied = report.table("referrals_accompanied")
    # 2 accompanied (below 5), 11 not: hidden too, else 13 - 11 gives the 2 away; the
    # hidden 11 shows differently from a small count
    assert [str(c) for row in accompanied.cells for c in row] == ["<5", "×"]
    assert [c.reason for row in accompanied.cells for c in row] == ["small", "secondary"]
    counselling = report.section("counselling")
    assert counselling.figure("referrals_made").value.value == 13
    assert counselling.figure("referrals_made").unit == "referrals"
    assert counselling.figure("families_referred").unit == "families"
    closed = report.table("referrals_closed_by_reason")
    assert closed.cell("need_met", "count").value == 7
    assert closed.total is not None
    assert closed.total.value == 7
    for table in report.tables:
        if table.sensitive:
            for cell in table.published():
                assert cell.suppressed or cell.value >= 5  # type: ignore[operator]


def test_report_renders_json_markdown_and_html(data: fc.CentreData) -> None:
    partner = data.partners[0]
    referrals = [
        _referral(i, "debt", partner.id, created=dt.date(2026, 2, 1), accompanied=i % 2 == 0)
        for i in range(20)
    ]
    report = fc.municipal_report(
        year=2026,
        centres=[data.centre],
        offers=data.offers,
        partners=data.partners,
        referrals=referrals,
        language="en",
    )
    plain = json.loads(render(report, "json"))
    tables = plain["sections"]["counselling"]["tables"]
    assert tables["referrals_accompanied"]["rows"] == [
        {"key": "accompanied", "label": "accompanied", "cells": [10]},
        {"key": "not_accompanied", "label": "not accompanied", "cells": [10]},
    ]
    markdown = render(report, "markdown")
    assert "### Referrals by need and kind of partner" in markdown
    assert "| Referrals accompanied to the first appointment | 10 | – | referrals |" in markdown
    page = render(report, "html")
    assert page.startswith("<!DOCTYPE html>")
    assert '<h3 id="referrals_by_need_and_partner_kind">' in page
    assert render(report, "html") == page  # deterministic
    with pytest.raises(ValueError, match="unknown report format 'docx'"):
        render(report, "docx")
    for text in (markdown, page, json.dumps(plain)):
        assert "FAM-" not in text


@pytest.mark.slow
@given(st.lists(s.referrals(max_steps=4), max_size=40), st.integers(2, 6))
def test_random_reports_publish_no_small_or_derivable_count(
    referrals: list[fc.Referral], threshold: int
) -> None:
    centre = fc.Centre(id="c", name="C", kind="ohja", municipality="Dortmund")
    referrals = [
        attrs.evolve(r, centre="c", created=dt.date(2026, 1, 1), follow_up=None) for r in referrals
    ]
    partners = [fc.Partner(id=r.partner, name="P", kind="doctor") for r in referrals[:3]]
    report = fc.municipal_report(
        year=2026,
        centres=[centre],
        offers=[],
        partners=partners,
        referrals=referrals,
        threshold=threshold,
    )
    for table in report.tables:
        if not table.sensitive:
            continue
        for cell in table.published():
            assert cell.suppressed or cell.value >= threshold  # type: ignore[operator]
        two_way = table.row_totals is not None
        grid: list[list[int]] = []
        hidden: set[tuple[int, int]] = set()
        rows = [
            [*cells, *([table.row_totals[i]] if table.row_totals else [])]
            for i, cells in enumerate(table.cells)
        ]
        totals = [
            *(table.column_totals or ()),
            *([table.total] if two_way and table.total else []),
        ]
        for i, row in enumerate([*rows, totals]):
            grid.append([])
            for j, cell in enumerate(row):
                grid[-1].append(0 if cell.value is None else int(cell.value))
                if cell.suppressed:
                    hidden.add((i, j))
        if rows:
            assert single_hidden_lines(grid, hidden, two_way) == []
            assert derivable(grid, hidden, two_way) == set()
