"""Incremental iCal export from a PostgreSQL store equals a full export after every change."""

from __future__ import annotations

import random
from pathlib import Path

from tests.export.test_incremental import change, ical

import familycentre as fc
from familycentre.export.parts import PartCache
from familycentre.storage import Store

EXAMPLE = Path(__file__).parents[3] / "examples" / "sonnenblume.toml"


def test_incremental_export_equals_a_full_export(pg_store: Store) -> None:
    data = fc.load(EXAMPLE)
    pg_store.load(data)
    parts = PartCache()
    rng = random.Random(20261201)
    for mode in ("rrule", "list", "expand"):
        assert ical(pg_store, parts, recurrence=mode) == ical(pg_store, None, recurrence=mode)
    for _ in range(12):
        what = rng.choice(["retitle", "reschedule", "pause", "delete", "add", "centre"])
        change(pg_store, what, rng.randrange(1000), data)
        for mode in ("rrule", "expand"):
            full = ical(pg_store, None, recurrence=mode)
            assert ical(pg_store, parts, recurrence=mode) == full
    assert parts.hits > parts.misses  # most parts came from the cache
