"""The shipped school holidays: complete, well-formed and as the states published them."""

from __future__ import annotations

import datetime as dt
import itertools

import holidays
import pytest

from familycentre.model.centre import GERMAN_STATES
from familycentre.schedule import school_holidays


@pytest.mark.parametrize("state", sorted(GERMAN_STATES))
def test_every_state_is_covered_2024_to_summer_2029(state: str) -> None:
    data = school_holidays(f"DE-{state}")
    assert data is not None
    assert data.covered_from == dt.date(2024, 1, 1)
    assert dt.date(2029, 7, 28) <= data.covered_until <= dt.date(2029, 9, 30)
    for period in data.periods:
        assert period.start <= period.end
        assert period.reason is not None
        assert period.end - period.start < dt.timedelta(days=50)
    for before, after in itertools.pairwise(data.periods):
        assert before.end < after.start, (before, after)


@pytest.mark.parametrize("state", sorted(GERMAN_STATES))
def test_agrees_with_the_holidays_package(state: str) -> None:
    # An independent copy of the KMK data: the holidays package's "school" category.
    data = school_holidays(f"DE-{state}")
    assert data is not None
    theirs = holidays.country_holidays(
        "DE", subdiv=state, years=range(2024, 2030), categories=("school",)
    )
    expected = {d for d in theirs if data.covered_from <= d <= data.covered_until}
    ours = {d for d in data.days() if data.covered_from <= d <= data.covered_until}
    assert ours == expected


def test_nrw_dates_from_the_ferienordnung() -> None:
    data = school_holidays("DE-NW")
    assert data is not None
    periods = {
        (p.reason.de if p.reason else "", p.start.isoformat(), p.end.isoformat())
        for p in data.periods
    }
    # Ferienordnung NRW (schulministerium.nrw), Schuljahre 2025/26 and 2026/27
    assert {
        ("Sommerferien", "2025-07-14", "2025-08-26"),
        ("Herbstferien", "2025-10-13", "2025-10-25"),
        ("Weihnachtsferien", "2025-12-22", "2026-01-06"),
        ("Osterferien", "2026-03-30", "2026-04-11"),
        ("Pfingstferien", "2026-05-26", "2026-05-26"),
        ("Sommerferien", "2026-07-20", "2026-09-01"),
        ("Herbstferien", "2026-10-17", "2026-10-31"),
        ("Weihnachtsferien", "2026-12-23", "2027-01-06"),
        ("Osterferien", "2027-03-22", "2027-04-03"),
        ("Pfingstferien", "2027-05-18", "2027-05-18"),
        ("Sommerferien", "2027-07-19", "2027-08-31"),
    } <= periods


def test_unknown_region() -> None:
    assert school_holidays("AT-9") is None
    assert school_holidays("DE") is None
