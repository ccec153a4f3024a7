"""The activity record classes hold their invariants; bad data is named field by field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from hypothesis import given

import familycentre as fc
from familycentre.errors import FieldError
from familycentre.testing import strategies

DAY = dt.date(2026, 3, 2)  # a Monday


@pytest.mark.parametrize(
    ("build", "field", "message"),
    [
        (
            lambda: fc.Attendance(
                id="a",
                centre="c",
                offer="o",
                date=dt.date(2026, 3, 3),
                participants=3,
                period="week",
            ),
            "date",
            "starts on a Monday",
        ),
        (
            lambda: fc.Attendance(
                id="a", centre="c", offer="o", date=DAY, participants=3, period="month"
            ),
            "date",
            "first of the month",
        ),
        (
            lambda: fc.Attendance(
                id="a", centre="c", offer="o", date=DAY, participants=3, first_time=4
            ),
            "first_time",
            "more than the 3 participants",
        ),
        (
            lambda: fc.Attendance(
                id="a",
                centre="c",
                offer="o",
                date=DAY,
                participants=3,
                audiences=[fc.AudienceCount("children", 5)],
            ),
            "audiences",
            "more than the 3 participants",
        ),
        (
            lambda: fc.Attendance(id="a", centre="c", offer="o", date=DAY, participants=True),
            "participants",
            "whole number",
        ),
        (
            lambda: fc.HelpCase(id="h", centre="c", date=DAY, kind="laundry", cases=0),
            "cases",
            "at least 1",
        ),
        (
            lambda: fc.HelpCase(id="h", centre="c", date=DAY, kind="laundry", hours=float("nan")),
            "hours",
            "between 0 and 10000",
        ),
        (
            lambda: fc.HelpCase(
                id="h", centre="c", date=dt.datetime(2026, 3, 2, 9), kind="laundry"
            ),
            "date",
            "must be a date",
        ),
        (
            lambda: fc.Engagement(id="e", centre="c", month=DAY, field="other", volunteers=2),
            "month",
            "first of the month",
        ),
        (
            lambda: fc.Engagement(
                id="e",
                centre="c",
                month=DAY.replace(day=1),
                field="other",
                volunteers=2,
                age_groups=[fc.AgeCount("under_27", 3)],
            ),
            "age_groups",
            "more than the 2 volunteers",
        ),
        (
            lambda: fc.Cooperation(
                id="k", centre="c", partner="p", subject="s", since=DAY, until=dt.date(2026, 1, 1)
            ),
            "until",
            "lies before since",
        ),
        (
            lambda: fc.Demand(id="d", centre="c", date=DAY, kind="waiting_list", topic="t"),
            "offer",
            "names the offer that is full",
        ),
        (
            lambda: fc.Demand(
                id="d",
                centre="c",
                date=DAY,
                kind="wish",
                topic="t",
                response=fc.Response("started", dt.date(2026, 1, 1), "o"),
            ),
            "response",
            "lies before the demand",
        ),
        (
            lambda: fc.Response("changed", DAY),
            "offer",
            "names the offer",
        ),
        (
            lambda: fc.FamiliesReached(id="r", centre="c", year=26, families=3),
            "year",
            "a year like 2026",
        ),
    ],
)
def test_invalid_records_cannot_be_built(
    build: Callable[[], object], field: str, message: str
) -> None:
    with pytest.raises(FieldError) as info:
        build()
    assert message in info.value.message
    assert info.value.field == field


def test_structure_reports_every_problem_with_its_path() -> None:
    data = {
        "centre": "sonnenblume",
        "attendance": [
            {
                "id": "a",
                "centre": "sonnenblume",
                "offer": "o",
                "date": "2026-13-01",
                "participants": -1,
            },
        ],
        "help": [{"id": "h", "centre": "sonnenblume", "date": "2026-03-02", "kind": "laundri"}],
    }
    with pytest.raises(fc.InvalidData) as info:
        fc.structure(data, fc.ActivityData)
    lines = str(info.value).splitlines()
    assert "attendance[0].date: expected a date like 2026-09-01, not text" in lines
    assert "attendance[0].participants: must not be negative, not -1" in lines
    assert any(line.startswith("help[0].kind: unknown help kind 'laundri'") for line in lines)


def test_records_of_another_centre_are_refused() -> None:
    case = fc.HelpCase(id="h", centre="other", date=DAY, kind="laundry")
    with pytest.raises(ValueError, match="belongs to centre 'other'"):
        fc.ActivityData("sonnenblume", help=[case])


def test_ids_made_from_parts_are_stable_slugs() -> None:
    assert fc.activity_id("att", "sonnenblume", "Frühstück", DAY) == (
        "att-sonnenblume-fruehstueck-2026-03-02"
    )
    long = fc.activity_id("dem", "c", "x" * 200)
    assert len(long) <= 64
    assert long == fc.activity_id("dem", "c", "x" * 200)
    assert long != fc.activity_id("dem", "c", "x" * 199)


@given(strategies.activity_data(partners=("p",)))
def test_activity_files_round_trip(data: fc.ActivityData) -> None:
    for fmt in ("toml", "json"):
        assert fc.loads_activities(fc.dumps_activities(data, fmt), fmt) == data
    assert fc.structure(fc.unstructure(data), fc.ActivityData) == data
