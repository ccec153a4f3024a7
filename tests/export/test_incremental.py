"""Incremental export: parts of earlier exports are reused, and the output never differs.

A property test changes random records between exports and checks, every time, that
the export made with the cache of parts is byte for byte the export made without one.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import familycentre as fc
from familycentre.cli import main
from familycentre.export import ExportOptions, export
from familycentre.export.parts import PartCache, cache_path
from familycentre.plugins import PluginManager
from familycentre.testing import strategies as s

EXAMPLE = Path(__file__).parents[2] / "examples" / "sonnenblume.toml"
WINDOW = {"start": dt.date(2026, 9, 1), "end": dt.date(2027, 8, 31)}


def ical(store: fc.Store, parts: PartCache | None, **extra: Any) -> bytes:
    stream = io.BytesIO()
    export(store, "ical", stream, ExportOptions(**WINDOW, extra=extra, parts=parts))
    return stream.getvalue()


# one random change to a store: the kinds of change a centre's staff make
changes = st.sampled_from(["retitle", "reschedule", "pause", "delete", "add", "centre"])


def change(store: fc.Store, what: str, pick: int, data: fc.CentreData) -> None:
    offers = store.records(fc.Offer)
    if what == "centre" or not offers:
        record = store.record(fc.Centre, data.centre.id)
        store.update(
            attrs.evolve(record.value, municipality=f"Ort {pick}"), revision=record.revision
        )
        return
    record = offers[pick % len(offers)]
    offer = record.value
    if what == "retitle":
        store.update(attrs.evolve(offer, title=fc.Text(f"Neu {pick}")), revision=record.revision)
    elif what == "reschedule" and offer.schedule:
        first = offer.schedule[0]
        moved = attrs.evolve(first, cancelled=(*first.cancelled, dt.date(2026, 10, 6)))
        store.update(
            attrs.evolve(offer, schedule=(moved, *offer.schedule[1:])), revision=record.revision
        )
    elif what == "pause":
        status = (
            fc.OfferStatus.PAUSED
            if offer.status is fc.OfferStatus.ACTIVE
            else fc.OfferStatus.ACTIVE
        )
        store.update(attrs.evolve(offer, status=status), revision=record.revision)
    elif what == "delete":
        store.delete(fc.Offer, offer.id)
    else:
        store.add(attrs.evolve(offer, id=f"{offer.id[:50]}-neu-{pick}"[:64].strip("-")))


@pytest.fixture
def sqlite_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[fc.Store]:
    folder = tmp_path_factory.mktemp("incremental")
    with fc.open_store(f"sqlite://{folder / 'fc.db'}") as store:
        yield store


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=s.centre_data(),
    steps=st.lists(st.tuples(changes, st.integers(0, 1000)), min_size=1, max_size=5),
    mode=st.sampled_from(["rrule", "list", "expand"]),
)
def test_incremental_export_equals_a_full_export(
    sqlite_store: fc.Store, data: fc.CentreData, steps: list[tuple[str, int]], mode: str
) -> None:
    store = sqlite_store
    for kind in (fc.Offer, fc.Partner, fc.Centre):
        for record in store.records(kind):
            store.delete(kind, record.id, cascade=True)
    store.load(data)
    parts = PartCache()
    try:
        assert ical(store, parts, recurrence=mode) == ical(store, None, recurrence=mode)
    except fc.FamilyCentreError:
        event("refused by the export")
        return  # data the export refuses (too much work, missing holiday data)
    event("exported and changed")
    for what, pick in steps:
        change(store, what, pick, data)
        assert ical(store, parts, recurrence=mode) == ical(store, None, recurrence=mode)


def test_only_the_changed_offer_is_rendered_again() -> None:
    with fc.open_store("memory:") as store:
        store.load(fc.load(EXAMPLE))
        parts = PartCache()
        first = ical(store, parts)
        rendered = parts.misses
        assert rendered > 10
        assert parts.hits == 0
        assert ical(store, parts) == first
        assert (parts.hits, parts.misses) == (rendered, rendered)
        record = store.record(fc.Offer, "fruehstueck")
        store.update(attrs.evolve(record.value, location="Küche"), revision=record.revision)
        changed = ical(store, parts)
        assert changed != first
        assert parts.misses == rendered + 1  # the one changed offer
        assert changed == ical(store, None)


def test_change_events_evict_the_parts_of_a_changed_record() -> None:
    parts = PartCache()
    manager = PluginManager(entry_points=False)
    manager.register(parts.observer(), name="export-parts")
    with fc.open_store("memory:", plugin_manager=manager) as store:
        store.load(fc.load(EXAMPLE))
        ical(store, parts)
        held = len(parts)
        record = store.record(fc.Offer, "fruehstueck")
        store.update(attrs.evolve(record.value, location="Küche"), revision=record.revision)
        assert len(parts) == held - 1


def test_the_cache_is_bounded() -> None:
    parts = PartCache(limit=5_000)
    with fc.open_store("memory:") as store:
        store.load(fc.load(EXAMPLE))
        ical(store, parts)
    assert 0 < parts.size <= 5_000


def test_the_command_line_keeps_parts_beside_the_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, plain = tmp_path / "programme.ics", tmp_path / "plain.ics"
    argv = ["export", "ical", str(EXAMPLE), "--from", "2026-09-01", "--to", "2027-08-31"]
    assert main([*argv, "-o", str(out), "-q"]) == 0
    assert cache_path(out).exists()
    kept = PartCache.load(cache_path(out))
    assert len(kept) > 10
    assert main([*argv, "-o", str(out), "-q"]) == 0
    assert main([*argv, "-o", str(plain), "-q", "--no-cache"]) == 0
    assert not cache_path(plain).exists()
    assert out.read_bytes() == plain.read_bytes()
    cache_path(out).write_text("{not json", encoding="utf-8")  # in doubt: a full export
    assert main([*argv, "-o", str(out), "-q"]) == 0
    assert out.read_bytes() == plain.read_bytes()
    other = PartCache.load(cache_path(out))
    other.versions = "another familycentre"
    other.save(cache_path(out))
    assert len(PartCache.load(cache_path(out))) == 0  # another version's parts: unused
