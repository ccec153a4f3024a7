"""Bad schedules are refused with one problem per mistake, each with its path."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

import familycentre as fc
from familycentre.schedule import occurrences
from tests.schedule.helpers import centre, offer, schedule


def problems(plain_schedule: dict[str, object]) -> list[str]:
    data = {
        "id": "x",
        "centre": "c",
        "title": "T",
        "category": "other",
        "schedule": [plain_schedule],
    }
    with pytest.raises(fc.InvalidData) as info:
        fc.structure(data, fc.Offer)
    return [str(problem) for problem in info.value.problems]


TIMES = ["09:00-11:00"]


@pytest.mark.parametrize(
    ("plain", "expected"),
    [
        (
            {"weekly": ["tue"], "times": ["11:00-09:00"]},
            "schedule[0].times[0]: 11:00-09:00 ends before it starts "
            "(a window cannot cross midnight)",
        ),
        (
            {"weekly": ["tue"], "every": 0, "from": "2026-01-01", "times": TIMES},
            "schedule[0].every: must be at least 1, not 0",
        ),
        (
            {"weekly": ["tue"], "every": -2, "from": "2026-01-01", "times": TIMES},
            "schedule[0].every: must be at least 1, not -2",
        ),
        (
            {"monthly_days": [32], "times": TIMES},
            "schedule[0].monthly_days: days of the month run from 1 to 31 (or -1 to -31), not 32",
        ),
        (
            {"weekly": ["tue", "Mittwich"], "times": TIMES},
            "schedule[0].weekly[1]: unknown weekday 'Mittwich' (did you mean 'mittwoch'?); "
            "use mon, tue, wed, thu, fri, sat, sun (or Mo, Di, Mi, Do, Fr, Sa, So, montags, ...)",
        ),
        (
            {"monthly": ["first funday"], "times": TIMES},
            "schedule[0].monthly[0]: 'first funday': unknown weekday 'funday' "
            "(use mon, tue, wed, thu, fri, sat, sun "
            "(or Mo, Di, Mi, Do, Fr, Sa, So, montags, ...))",
        ),
        ({"weekly": [], "times": TIMES}, "schedule[0].weekly: must list at least one day"),
        (
            {"weekly": ["tue"], "from": "2026-05-01", "until": "2026-04-01", "times": TIMES},
            "schedule[0].until: 2026-04-01 lies before from (2026-05-01)",
        ),
        (
            {"weekly": ["tue"], "from": "2026-05-01", "sessions": 0, "times": TIMES},
            "schedule[0].sessions: must be at least 1, not 0",
        ),
        (
            {"weekly": ["tue"], "every": 2, "times": TIMES},
            "schedule[0].from: needs a first date when every is above 1 or sessions is given",
        ),
    ],
)
def test_bad_schedule(plain: dict[str, object], expected: str) -> None:
    assert problems(plain) == [expected]


def test_day_31_is_valid_and_skipped_in_short_months() -> None:
    # documented: a day a month lacks gives no date in that month, as RFC 5545 has it
    monthly = schedule(monthly_days=[31], times=TIMES, closures="regardless")
    found = occurrences(offer(monthly), centre(), dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert [o.date.month for o in found] == [1, 3, 5, 7, 8, 10, 12]


def test_bad_schedule_in_a_data_file_names_the_offer() -> None:
    text = textwrap.dedent(
        """
        [centre]
        id = "z"
        name = "Zentrum"
        kind = "ohja"
        municipality = "Essen"

        [[offers]]
        id = "kurs"
        title = "Kurs"
        category = "education"

        [[offers.schedule]]
        weekly = ["wed"]
        from = 2026-09-02
        sessions = 0
        times = ["18:00-19:30"]
        """
    )
    with pytest.raises(fc.InvalidData) as info:
        fc.loads(text)
    assert [str(p) for p in info.value.problems] == [
        "offers[0].schedule[0].sessions: must be at least 1, not 0"
    ]
