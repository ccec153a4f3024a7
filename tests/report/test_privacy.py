"""Every table about families in every section is suppressed, audited independently."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import familycentre as fc
from familycentre.report import yearly_report
from familycentre.report.network import network_report
from familycentre.testing import strategies as s
from tests.report.test_report import derivable, single_hidden_lines

UTC = dt.UTC
CENTRE = fc.Centre(id="c", name="Zentrum C", kind="ohja", municipality="Dortmund")
OFFERS = [
    fc.Offer(id=f"o{n}", centre="c", title=f"Angebot {n}", category=category)
    for n, category in enumerate(["breakfast", "integration", "intergenerational", "other"])
]


def in_years(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return strategy.filter(lambda record: record.day.year in (2025, 2026))


def attendance() -> st.SearchStrategy[fc.Attendance]:
    return in_years(s.attendances("c")).map(
        lambda a: attrs.evolve(a, offer=f"o{int(a.participants) % 4}")
    )


activities = st.tuples(
    st.lists(attendance(), max_size=25, unique_by=lambda r: r.id),
    st.lists(in_years(s.help_cases("c")), max_size=25, unique_by=lambda r: r.id),
    st.lists(in_years(s.counselling_contacts("c")), max_size=25, unique_by=lambda r: r.id),
    st.lists(in_years(s.participations("c")), max_size=10, unique_by=lambda r: r.id),
    st.lists(in_years(s.demands("c")), max_size=10, unique_by=lambda r: r.id),
    st.lists(in_years(s.families_reached("c")), max_size=2, unique_by=lambda r: r.id),
).map(lambda parts: [record for part in parts for record in part])


def audit(table: fc.report.Table, threshold: int) -> None:
    """No published count about families below the threshold; none derivable."""
    for cell in table.published():
        assert cell.suppressed or cell.value is None or cell.value >= threshold, table.key
    two_way = table.row_totals is not None
    rows = [
        [*cells, *([table.row_totals[i]] if table.row_totals else [])]
        for i, cells in enumerate(table.cells)
    ]
    totals = [*(table.column_totals or ()), *([table.total] if two_way and table.total else [])]
    grid: list[list[int]] = []
    hidden: set[tuple[int, int]] = set()
    for i, row in enumerate([*rows, totals]):
        grid.append([])
        for j, cell in enumerate(row):
            grid[-1].append(0 if cell.value is None else int(cell.value))
            if cell.suppressed:
                hidden.add((i, j))
    if rows and table.column_totals is not None:
        assert single_hidden_lines(grid, hidden, two_way) == [], table.key
        assert derivable(grid, hidden, two_way) == set(), table.key


def sensitive_tables(report: fc.YearlyReport) -> list[fc.report.Table]:
    return [table for table in report.tables if table.sensitive]


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(activities, st.lists(s.referrals(max_steps=4), max_size=25), st.integers(2, 6))
def test_every_table_about_families_is_suppressed(
    records: list[Any], referrals: list[fc.Referral], threshold: int
) -> None:
    referrals = [
        attrs.evolve(r, centre="c", created=dt.date(2026, 1, 1), follow_up=None) for r in referrals
    ]
    partners = [fc.Partner(id=r.partner, name="P", kind="doctor") for r in referrals[:3]]
    report = yearly_report(
        year=2026,
        centres=[CENTRE],
        offers=OFFERS,
        partners=partners,
        referrals=referrals,
        activities=records,
        threshold=threshold,
        count_occurrences=lambda *_: (0, 0.0),
    )
    for table in sensitive_tables(report):
        audit(table, threshold)
    for section in report.sections:
        for figure in section.figures:
            for cell in (figure.value, figure.previous):
                if cell is not None and cell.suppressed:
                    assert cell.reason == "small"


def test_the_tables_about_families() -> None:
    # the audit above covers these tables (and any a later section adds)
    day = dt.date(2026, 3, 2)
    records: list[Any] = [
        fc.Attendance(
            id="a",
            centre="c",
            offer="o1",
            date=day,
            participants=9,
            audiences=[fc.AudienceCount("migrant_families", 3)],
        ),
        fc.HelpCase(id="h", centre="c", date=day, kind="household_help", need="health"),
        fc.CounsellingContact(id="t", centre="c", date=day, kind="peer_talk", topic="debt"),
        fc.Participation(id="p", centre="c", date=day, body="hearing", event="E", families=2),
        fc.Demand(id="d", centre="c", date=day, kind="wish", topic="T", families=2),
    ]
    referral = fc.Referral(
        id="r", centre="c", family="F", need="debt", partner="p", created=day, shares=[]
    ).transition("requested", at=dt.datetime(2026, 3, 2, tzinfo=UTC))
    report = yearly_report(
        year=2026,
        centres=[CENTRE],
        offers=OFFERS,
        referrals=[referral],
        activities=records,
        count_occurrences=lambda *_: (0, 0.0),
    )
    assert {t.key for t in sensitive_tables(report)} == {
        "help_by_kind",
        "emergencies_help_by_kind",
        "emergencies_help_by_need",
        "integration_visits_by_group",
        "contacts_by_topic",
        "referrals_by_need_and_partner_kind",
        "referrals_accompanied",
        "referrals_closed_by_reason",
        "participation_by_body",
        "demand_by_kind",
    }
    for table in sensitive_tables(report):
        assert all(cell.suppressed for cell in table.published()), table.key


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), min_size=1, max_size=12))
def test_network_comparison_is_suppressed_per_centre(counts: list[tuple[int, int]]) -> None:
    centres = [
        fc.Centre(id=f"c{n}", name=f"Zentrum {n:02d}", kind="ohja", municipality="Dortmund")
        for n in range(len(counts))
    ]
    day = dt.date(2026, 5, 5)
    records: list[Any] = []
    for n, (cases, families) in enumerate(counts):
        if cases:
            records.append(
                fc.HelpCase(id=f"h{n}", centre=f"c{n}", date=day, kind="laundry", cases=cases)
            )
        records.append(
            fc.FamiliesReached(id=f"f{n}", centre=f"c{n}", year=2026, families=families)
        )
    report = network_report(
        year=2026, centres=centres, activities=records, count_occurrences=lambda *_: (0, 0.0)
    )
    table = report.table("network_key_figures")
    assert [label for _, label in table.rows] == [c.name.de for c in centres]  # by name
    medians = table.column_totals
    assert medians is not None
    truth = {
        "help_cases": [cases for cases, _ in counts],
        "families_reached": [families for _, families in counts],
        "referrals_made": [0] * len(counts),
    }
    for j, (key, _, sensitive) in enumerate(fc.report.network.KEY_FIGURES):
        if not sensitive:
            continue
        column = [row[j] for row in table.cells]
        for cell, true in zip(column, truth[key], strict=True):
            assert cell.suppressed or cell.value == true >= 5, key
            assert not cell.suppressed or cell.reason == ("small" if true < 5 else "secondary")
        # the median of counts about families is one centre's count (never the mean of
        # two, which would give one away beside the other), and withheld below 5
        median = medians[j]
        assert median.suppressed or (median.value in truth[key] and median.value >= 5), key


def test_drafts_never_sent_are_no_referrals() -> None:
    partner = fc.Partner(id="p", name="P", kind="doctor")
    at = dt.datetime(2026, 4, 1, 9, tzinfo=UTC)

    def referral(number: int, created: dt.date = dt.date(2026, 2, 1)) -> fc.Referral:
        return fc.Referral(
            id=f"r{number}",
            centre="c",
            family=f"F{number}",
            need="debt",
            partner="p",
            created=created,
            shares=[],
        )

    sent = [referral(n).transition("requested", at=at) for n in range(6)]
    drafts = [
        referral(10),
        referral(11).close("no_longer_needed", at=at),
    ]
    late = referral(20, created=dt.date(2025, 12, 20)).transition("requested", at=at)
    early = referral(21, created=dt.date(2025, 6, 1)).transition(
        "requested", at=dt.datetime(2025, 6, 2, tzinfo=UTC)
    )
    report = yearly_report(
        year=2026,
        centres=[CENTRE],
        partners=[partner],
        referrals=[*sent, *drafts, late, early],
        count_occurrences=lambda *_: (0, 0.0),
    )
    made = report.section("counselling").figure("referrals_made")
    assert made.value.value == 7  # six sent in 2026, one created in 2025 and sent in 2026
    assert made.previous is not None
    assert str(made.previous) == "<5"  # one sent in 2025
    table = report.table("referrals_closed_by_reason")
    assert table.rows == ()  # the cancelled draft closed nothing


@pytest.mark.parametrize("language", ["de", "en"])
def test_small_and_hidden_counts_read_differently(language: str) -> None:
    from familycentre.report.formats import cell_text

    cell_small = fc.report.Cell(None, 5, "small")
    cell_hidden = fc.report.Cell(None, 5, "secondary")
    five = fc.report.Cell(5, 5)
    assert cell_text(cell_small, language) == "<5"
    assert cell_text(cell_hidden, language) == "×"
    assert cell_text(five, language) == "5"
    assert (cell_small.plain(), cell_hidden.plain(), five.plain()) == ("<5", "hidden", 5)
