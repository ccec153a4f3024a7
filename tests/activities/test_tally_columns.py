"""A clean tally sheet is read column by column; that reading changes nothing.

``parse_tally`` first tries to read a sheet column by column (each distinct text of a
column read once, the checks made on the distinct values) and falls back to the
line by line reading as soon as anything is wrong. Here generated sheets, good and
bad, are read both ways: the records, or the error message with every line and
column, are the same.
"""

from __future__ import annotations

import datetime as dt
import enum
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import familycentre as fc
from familycentre import tally
from familycentre.tally import SHEETS, parse_tally, read_tally

ROOT = Path(__file__).resolve().parents[2]
TALLY = ROOT / "examples" / "tally"
OFFERS = {offer.id for offer in fc.load(ROOT / "examples" / "sonnenblume.toml").offers}
YEAR = 2026


def _terms(cls: type[enum.Enum]) -> list[str]:
    members = list(cls)
    texts = [str(member.value) for member in members[:4]]
    label = getattr(members[0], "label", None)
    if callable(label):
        texts.append(str(label("de")))  # a German label stands for the term
    return texts


def cell_texts(column: tally.Column) -> tuple[list[str], list[str]]:
    """Texts a cell of ``column`` may hold: (good ones, bad ones)."""
    parse = column.parse
    if parse is tally._date:
        days = [dt.date(YEAR, 3, 2) + dt.timedelta(days=7 * n) for n in range(6)]
        good = [d.isoformat() for d in days] + [d.strftime("%d.%m.%Y") for d in days[:3]]
        return good, ["2025-12-31", "2026-02-30", "morgen", "2027-01-01"]
    if parse is tally._month:
        return ["2026-03", "04.2026", "2026-05-01", "2026-06"], ["2026-03-02", "2025-12", "x"]
    if parse is tally._whole:
        return ["0", "1", "2", "5", "12", "30"], ["-1", "x", "1,5"]
    if parse is tally._hours:
        return ["1,5", "2", "0.25", "10"], ["-1", "zwei"]
    if parse is tally._year:
        return ["2026"], ["2025", "26"]
    if parse is tally._slug:
        if column.key == "partner":
            return ["p-1", "p-2"], ["p-9", "P 1"]
        return sorted(OFFERS)[:3], ["gibt-es-nicht", "Not An Id"]
    if parse is tally._text:
        return ["Notiz", "Kaffee; Kuchen, Tee", "Stadtteilkonferenz"], []
    # a vocabulary
    cls = next(
        kind
        for kind in (
            fc.Period,
            fc.HelpKind,
            fc.Need,
            fc.ContactKind,
            fc.Category,
            fc.Body,
            fc.MeetingRole,
            fc.DemandKind,
            fc.ResponseKind,
        )
        if _accepts(parse, kind)
    )
    good = _terms(cls)
    if cls is fc.Period:
        good = ["day", "Tag", "day", "week", "month"]  # mostly days, so dates fit
    return good, ["unbekannt"]


def _accepts(parse: Any, cls: type[enum.Enum]) -> bool:
    try:
        return all(parse(str(member.value)) is member for member in cls)
    except ValueError:
        return False


@st.composite
def sheets(draw: st.DrawFn, kind: str) -> str:
    """The text of a tally sheet of ``kind``: mostly good lines, some bad ones."""
    sheet = SHEETS[kind]
    optional = [column for column in sheet.columns if not column.required]
    chosen = [column for column in sheet.columns if column.required]
    if optional:
        chosen += draw(st.lists(st.sampled_from(optional), unique=True, max_size=len(optional)))
    order = draw(st.permutations(chosen))
    headers = [draw(st.sampled_from([column.key, column.german])) for column in order]
    groups: list[str] = []
    if sheet.groups is not None:
        terms = [str(t.value) for t in sheet.groups]
        groups = draw(st.lists(st.sampled_from(terms), unique=True, max_size=2))
    delimiter = draw(st.sampled_from([",", ";"]))
    bad_lines = draw(st.booleans())
    lines = []
    for _ in range(draw(st.integers(1, 8))):
        cells = []
        for column in order:
            good, bad = cell_texts(column)
            pool = good + (bad if bad_lines else [])
            if not column.required or bad_lines:
                pool = [*pool, ""]
            cells.append(draw(st.sampled_from(pool)))
        for _ in groups:
            counts = ["", "0", "1", "3"] + (["-2"] if bad_lines else [])
            cells.append(draw(st.sampled_from(counts)))
        if bad_lines and draw(st.integers(0, 9)) == 0:
            cells = cells[: draw(st.integers(0, len(cells)))]  # a short or blank line
        lines.append(delimiter.join(cells))
    return "\n".join([delimiter.join(headers + groups), *lines]) + "\n"


def read_both(text: str, kind: str) -> tuple[object, object]:
    """The sheet read as parse_tally reads it, and read line by line only."""

    def outcome() -> object:
        try:
            return parse_tally(
                text, kind=kind, centre="sonnenblume", year=YEAR, offers=OFFERS,
                partners={"p-1", "p-2"},
            )  # fmt: skip
        except fc.TallyError as exc:
            return str(exc)

    first = outcome()
    with mock.patch.object(tally, "_by_column", return_value=None):
        second = outcome()
    return first, second


@pytest.mark.parametrize("kind", sorted(SHEETS))
def test_column_reading_is_line_reading(kind: str) -> None:
    @settings(max_examples=150)
    @given(sheets(kind))
    def check(text: str) -> None:
        by_column, by_line = read_both(text, kind)
        assert by_column == by_line

    check()


@pytest.mark.parametrize("path", sorted(TALLY.glob("*.csv")), ids=lambda path: path.name)
def test_the_example_sheets_are_read_column_by_column(path: Path) -> None:
    year = 2025 if "2025" in path.name else 2026
    results: list[object] = []
    by_column = tally._by_column

    def spy(*args: Any, **kwargs: Any) -> object:
        results.append(by_column(*args, **kwargs))
        return results[-1]

    with mock.patch.object(tally, "_by_column", spy):
        data = read_tally(path, centre="sonnenblume", year=year, offers=OFFERS, partners=None)
    assert len(results) == 1
    assert results[0] is not None  # clean sheets take the column by column way
    with mock.patch.object(tally, "_by_column", return_value=None):
        assert read_tally(path, centre="sonnenblume", year=year, offers=OFFERS) == data


def test_a_bad_sheet_is_read_line_by_line() -> None:
    text = "Datum;Angebot;Teilnehmende\n02.03.2026;x;3\n03.03.2026;fruehstueck;-1\n"
    calls: list[object] = []
    by_column = tally._by_column

    def spy(*args: Any, **kwargs: Any) -> object:
        calls.append(by_column(*args, **kwargs))
        return calls[-1]

    with mock.patch.object(tally, "_by_column", spy), pytest.raises(fc.TallyError) as info:
        parse_tally(text, kind="attendance", centre="c", year=YEAR, offers={"fruehstueck"})
    assert calls == [None]
    assert str(info.value).splitlines() == [
        "<tally>, line 2, column 2 (Angebot): the centre 'c' has no offer 'x' "
        "(its offers: fruehstueck)",
        "<tally>, line 3, column 3 (Teilnehmende): must not be negative, not -1",
    ]
