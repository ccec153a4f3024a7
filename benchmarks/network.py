"""A generated state network of centres, offers and partners, for benchmarks.

``generate_network(400, 40, 5)`` gives what the issues call "a state network": 400
centres in the 16 German states, 40 offers each (16,000 offers) and 5 partners each
(2,000 partners), the same for the same seed. The offers' schedules mix every notation
in proportions a real programme has: mostly weekly groups, then opening hours with
two windows, monthly meetings, courses, single dates, homework supervision on school
days only, holiday programmes, and a few offers on request.
"""

from __future__ import annotations

import datetime as dt
import random
import subprocess
from pathlib import Path
from typing import Any

import familycentre as fc
from familycentre.model.centre import GERMAN_STATES

__all__ = ["SEED", "generate_network"]

SEED = 20261125

_WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]
_ORDINALS = ["first", "second", "third", "fourth", "last"]
_TOWNS = ["Dortmund", "Bochum", "Essen", "Köln", "Münster", "Bielefeld", "Leipzig", "Kassel"]
_WORDS = ["Frühstück", "Café", "Eltern", "Kinder", "Treff", "Beratung", "Kurs", "Sprache"]


def _window(rng: random.Random, earliest: int = 8, latest: int = 19) -> str:
    hour = rng.randrange(earliest, latest)
    minute = rng.choice([0, 0, 15, 30])
    length = rng.choice([60, 90, 120, 120, 180])
    end = min(hour * 60 + minute + length, 23 * 60 + 45)
    return f"{hour:02d}:{minute:02d}-{end // 60:02d}:{end % 60:02d}"


def _schedule(rng: random.Random, year: int) -> dict[str, Any]:
    """One schedule in data-file notation."""
    roll = rng.random()
    start = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(0, 300))
    if roll < 0.40:  # a weekly group
        days = sorted(rng.sample(_WEEKDAYS, rng.choice([1, 1, 2, 2, 3])), key=_WEEKDAYS.index)
        plain: dict[str, Any] = {"weekly": days, "times": [_window(rng)]}
        if rng.random() < 0.2:
            plain["cancelled"] = [str(start + dt.timedelta(days=7 * k)) for k in range(2)]
    elif roll < 0.50:  # every second week
        plain = {
            "weekly": [rng.choice(_WEEKDAYS)],
            "every": 2,
            "from": str(start),
            "times": [_window(rng)],
        }
    elif roll < 0.60:  # opening hours with two windows
        days = sorted(rng.sample([*_WEEKDAYS, "sat"], 3), key=([*_WEEKDAYS, "sat"]).index)
        plain = {
            "kind": "opening_hours",
            "weekly": days,
            "times": ["09:00-12:30", "14:00-17:00"],
        }
    elif roll < 0.68:  # a monthly meeting
        plain = {
            "monthly": [f"{rng.choice(_ORDINALS)} {rng.choice(_WEEKDAYS)}"],
            "times": [_window(rng, 17, 20)],
        }
    elif roll < 0.72:  # days of the month
        plain = {"monthly_days": rng.sample([1, 10, 15, -1], 2), "times": [_window(rng)]}
    elif roll < 0.80:  # lunch table: every weekday
        plain = {"daily": "weekdays", "times": ["12:00-13:30"]}
    elif roll < 0.86:  # a course
        plain = {
            "weekly": [rng.choice(_WEEKDAYS)],
            "from": str(start),
            "sessions": rng.choice([6, 8, 10, 12]),
            "times": [_window(rng, 17, 20)],
        }
    elif roll < 0.90:  # single dates
        days = sorted({start + dt.timedelta(days=rng.randrange(0, 60)) for _ in range(3)})
        plain = {"dates": [str(d) for d in days], "times": [_window(rng)]}
    elif roll < 0.95:  # homework supervision
        plain = {
            "weekly": ["mon", "tue", "wed", "thu"],
            "times": ["13:30-15:30"],
            "closures": "school_days_only",
        }
    elif roll < 0.98:  # holiday programme
        plain = {"daily": "weekdays", "times": ["09:00-15:00"], "closures": "school_holidays_only"}
    else:  # a bazaar, all day, whatever the holidays
        plain = {"dates": [str(start)], "all_day": True, "closures": "regardless"}
    return plain


def _overlap(plain: list[dict[str, Any]]) -> bool:
    """Whether schedule tables of one offer (in data-file notation) overlap."""
    from familycentre.schedule.overlap import schedules_overlaps

    return bool(schedules_overlaps([fc.structure(item, fc.Schedule) for item in plain]))


def generate_network(
    centres: int = 400,
    offers: int = 40,
    partners: int = 5,
    *,
    seed: int = SEED,
    year: int = 2026,
) -> list[fc.CentreData]:
    """A network of ``centres`` centres with ``offers`` offers and ``partners`` partners each.

    The same seed gives the same network. Schedules start within ``year``.
    """
    rng = random.Random(seed)
    states = sorted(GERMAN_STATES)
    categories = list(fc.Category)
    audiences = list(fc.Audience)
    kinds = list(fc.PartnerKind)
    network: list[fc.CentreData] = []
    for c in range(centres):
        centre_id = f"zentrum-{c:04d}"
        closures = []
        if rng.random() < 0.6:
            summer = dt.date(year, 7, 1) + dt.timedelta(days=rng.randrange(0, 40))
            closures.append({"from": str(summer), "until": str(summer + dt.timedelta(days=13))})
        if rng.random() < 0.5:
            closures.append({"from": f"{year}-12-23", "until": f"{year + 1}-01-02"})
        plain_centre = {
            "id": centre_id,
            "name": f"Familienzentrum {c}",
            "kind": rng.choice([k.value for k in fc.CentreKind]),
            "municipality": rng.choice(_TOWNS),
            "region": f"DE-{states[c % len(states)]}",
            "closures": closures,
        }
        plain_offers = []
        for o in range(offers):
            schedules = [] if rng.random() < 0.05 else [_schedule(rng, year)]
            if schedules and rng.random() < 0.1:
                second = _schedule(rng, year)
                if not _overlap([*schedules, second]):  # data files refuse overlapping tables
                    schedules.append(second)
            plain_offers.append(
                {
                    "id": f"{centre_id}-angebot-{o:03d}",
                    "centre": centre_id,
                    "title": f"{rng.choice(_WORDS)} {o}",
                    "category": rng.choice(categories).value,
                    "audiences": [a.value for a in rng.sample(audiences, 2)],
                    "schedule": schedules,
                }
            )
        plain_partners = [
            {
                "id": f"{centre_id}-partner-{p}",
                "name": f"Beratungsstelle {c}-{p}",
                "kind": rng.choice(kinds).value,
            }
            for p in range(partners)
        ]
        network.append(
            fc.structure(
                {"centre": plain_centre, "offers": plain_offers, "partners": plain_partners},
                fc.CentreData,
            )
        )
    return network


def load_through_cli(command: Path | str, network: list[fc.CentreData], root: Path) -> str:
    """Write ``network`` as data files under ``root`` and load them with ``familycentre
    load`` (the command at ``command``) into a new SQLite store there: its URL."""
    files = root / "data"
    files.mkdir()
    for data in network:
        fc.dump(data, files / f"{data.centre.id}.json")
    store = f"sqlite://{root / 'store.db'}"
    subprocess.run(
        [str(command), "load", "--quiet", "--store", store,
         *map(str, sorted(files.glob("*.json")))],
        check=True,
    )  # fmt: skip
    return store
