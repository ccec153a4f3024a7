"""The report from monthly totals equals the report from the records themselves.

The built-in sections read attendance and help only as monthly totals. A record is
a total of itself; so a report built from one total per record (what reading every
record gives) must equal the report built from the totals a store adds up (SQLite's
``GROUP BY``) and the one built from the records in Python. Any figure that needs
more than sums by centre, offer (or kind and need) and month, or "were there any
records", would make them differ on some drawn data.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import familycentre as fc
from familycentre.report import (
    ReportContext,
    build_sections,
    network_report,
    network_store_report,
    render,
    report_context,
    report_sections,
    store_report,
    yearly_report,
)
from familycentre.report.build import store_activities
from familycentre.taxonomy import Category
from familycentre.testing import make_centre, make_offer
from familycentre.testing import strategies as s

YEAR = 2026
OFFERS = ("fruehstueck", "sprachcafe", "treff", "beratung", "weg")
"""Offer ids of the tallies: four per centre (``<centre>-<offer>``), ``weg`` is gone."""

_CATEGORIES = {
    "fruehstueck": Category.BREAKFAST,
    "sprachcafe": Category.INTEGRATION,
    "treff": Category.INTERGENERATIONAL,
    "beratung": Category.PEER_COUNSELLING,
}


def _data(centres: tuple[str, ...]) -> list[fc.CentreData]:
    items = []
    for centre in centres:
        offers = [
            make_offer(f"{centre}-{name}", centre, category=category, schedule=())
            if name == "sprachcafe"  # on request: counted only when attended
            else make_offer(f"{centre}-{name}", centre, category=category)
            for name, category in _CATEGORIES.items()
        ]
        items.append(fc.CentreData(make_centre(centre, name=fc.Text(f"Zentrum {centre}")), offers))
    return items


def _tallies(centres: tuple[str, ...]) -> st.SearchStrategy[list[Any]]:
    ids = tuple(f"{c}-{o}" for c in centres for o in OFFERS)
    return s.tallies(centres, ids, years=(YEAR - 1, YEAR), max_size=40)


@pytest.fixture
def new_store() -> Iterator[Callable[[], fc.Store]]:
    """Opens a new SQLite store in a folder that is removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="totals-") as folder:
        opened: list[fc.Store] = []

        def make() -> fc.Store:
            store = fc.open_store(f"sqlite:///{Path(folder) / f'{len(opened)}.db'}")
            opened.append(store)
            return store

        yield make
        for store in opened:
            store.close()


def _fill(store: fc.Store, centres: tuple[str, ...], records: list[Any]) -> None:
    store.load(_data(centres))
    for centre in centres:
        mine = [r for r in records if r.centre == centre]
        store.load_activities(
            fc.ActivityData(
                centre,
                attendance=[r for r in mine if isinstance(r, fc.Attendance)],
                help=[r for r in mine if isinstance(r, fc.HelpCase)],
            )
        )


def _one_total_per_record(records: list[Any]) -> list[Any]:
    return [total for record in records for total in fc.monthly_totals(type(record), [record])]


def _loader(records: list[Any]) -> Callable[[type[Any]], list[Any]]:
    def load(kind: type[Any]) -> list[Any]:
        return [r for r in records if type(r) is kind]

    return load


@settings(
    max_examples=30,
    deadline=None,
    # the fixture opens a new store for each example
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    data=st.data(),
    several=st.booleans(),
    language=st.sampled_from(["de", "en"]),
    threshold=st.sampled_from([1, 5]),  # 1: every figure shown, none withheld
)
def test_report_from_totals_equals_report_from_records(
    new_store: Callable[[], fc.Store],
    data: st.DataObject,
    several: bool,
    language: str,
    threshold: int,
) -> None:
    centres = ("eins", "zwei", "drei") if several else ("eins",)
    records = data.draw(_tallies(centres))
    store = new_store()
    _fill(store, centres, records)
    kept = [r for r in records if r.day.year in (YEAR, YEAR - 1)]
    common: dict[str, Any] = {
        "year": YEAR,
        "centres": store.centres(),
        "offers": store.offers(),
        "language": language,
        "threshold": threshold,
    }
    build = network_report if several else yearly_report
    from_records = build(activities=kept, **common)
    each = build(totals=_one_total_per_record(kept), load_records=_loader(kept), **common)
    if several:
        from_store = network_store_report(store, year=YEAR, language=language, threshold=threshold)
    else:
        from_store = store_report(
            store, year=YEAR, centre="eins", language=language, threshold=threshold
        )
    assert render(from_store, "json") == render(from_records, "json")
    assert render(each, "json") == render(from_records, "json")


def test_the_drawn_tallies_make_totals_of_several_records() -> None:
    # the property above is only as good as its data: totals must add up several records
    @settings(max_examples=40, deadline=None)
    @given(records=_tallies(("eins",)))
    def check(records: list[Any]) -> None:
        totals = [*fc.monthly_totals(fc.Attendance, records)]
        totals += fc.monthly_totals(fc.HelpCase, records)
        assert sum(t.records for t in totals) == len(records)
        found.append(max((t.records for t in totals), default=0))

    found: list[int] = []
    check()
    assert max(found) >= 3


def test_sections_read_records_only_when_they_ask(new_store: Callable[[], fc.Store]) -> None:
    store = new_store()
    day = dt.date(YEAR, 3, 2)
    records = [
        fc.Attendance(id="a-1", centre="eins", offer="eins-fruehstueck", date=day, participants=9),
        fc.Attendance(id="a-2", centre="eins", offer="eins-fruehstueck", date=day, participants=4),
        fc.HelpCase(id="h-1", centre="eins", date=day, kind="laundry", cases=2, hours=1.5),
    ]
    _fill(store, ("eins",), records)
    asked: list[type[Any]] = []
    seen: dict[str, Any] = {}

    def mine(ctx: ReportContext) -> None:
        seen["visits"] = [(t.offer, t.participants) for t in ctx.monthly(fc.Attendance)]
        seen["records"] = ctx.records(fc.Attendance)
        seen["again"] = ctx.all_records(fc.Attendance)
        return None

    with store.reading():
        activities, totals, load = store_activities(store, year=YEAR, centre="eins")

        def counting(kind: type[Any]) -> Any:
            asked.append(kind)
            return load(kind)

        context = report_context(
            year=YEAR,
            centres=store.centres(),
            offers=store.offers(),
            activities=activities,
            totals=totals,
            load_records=counting,
        )
        built = build_sections(context)  # the built-in sections: sums only
        assert asked == []
        assert build_sections(context, {"mine": mine}).sections == ()
    assert asked == [fc.Attendance]  # once, although asked twice
    assert seen["visits"] == [("eins-fruehstueck", 13)]
    assert seen["records"] == seen["again"] == records[:2]
    assert context.has_records(fc.HelpCase, YEAR)
    assert not context.has_records(fc.HelpCase, 2025)
    figures = {f.key: f.value.value for f in built.sections[0].figures}
    assert figures["visits"] == 13
    assert figures["help_cases"] is None  # 2 cases: fewer than 5 are withheld


def test_totals_and_records_together_are_refused() -> None:
    record = fc.Attendance(
        id="a", centre="eins", offer="x", date=dt.date(YEAR, 1, 5), participants=3
    )
    with pytest.raises(ValueError, match="load_records"):
        report_context(
            year=YEAR,
            centres=[make_centre("eins")],
            activities=[record],
            totals=fc.monthly_totals(fc.Attendance, [record]),
        )
    context = report_context(
        year=YEAR,
        centres=[make_centre("eins")],
        totals=fc.monthly_totals(fc.Attendance, [record]),
    )
    assert context.monthly(fc.Attendance)[0].participants == 3
    with pytest.raises(LookupError, match="monthly totals"):
        context.records(fc.Attendance)
    with pytest.raises(TypeError, match="attendance and help"):
        context.monthly(fc.Engagement)  # type: ignore[call-overload]


def test_report_sections_are_unchanged_by_totals() -> None:
    # the registry still lists the built-in sections first, the same as before
    assert list(report_sections())[:3] == ["overview", "relief", "emergencies"]
