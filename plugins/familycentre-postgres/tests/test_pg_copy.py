"""``familycentre copy``: SQLite -> PostgreSQL -> SQLite keeps every record exactly.

Values, revisions and modification times survive the round trip, for the example
centre and for random data.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import familycentre as fc
from familycentre.cli import main
from familycentre.model.data import CentreData
from familycentre.plugins import PluginManager
from familycentre.storage import Store, open_store
from familycentre.testing import make_referral, strategies
from familycentre_postgres import plugin

EXAMPLE = Path(__file__).parents[3] / "examples" / "sonnenblume.toml"
KINDS: tuple[type[Any], ...] = (fc.Centre, fc.Partner, fc.Offer, fc.Referral)


def contents(url: str) -> dict[str, list[tuple[Any, int, Any]]]:
    """Every record of the store at ``url``: value, revision and modification time."""
    with open_store(url) as store:
        found = {
            kind.__name__: [(r.value, r.revision, r.modified) for r in store.records(kind)]
            for kind in KINDS
        }
        found["FamilyContact"] = [
            (r.value, r.revision, r.modified) for r in store.records(fc.FamilyContact)
        ]
        return found


def copy(source: str, destination: str) -> None:
    assert main(["copy", "--quiet", source, destination]) == 0


def round_trip(first: str, pg_url: str, last: str) -> None:
    """Copy ``first`` to PostgreSQL and on to ``last``; all three hold the same."""
    copy(first, pg_url)
    copy(pg_url, last)
    original = contents(first)
    assert contents(pg_url) == original
    assert contents(last) == original


def test_example_round_trip(tmp_path: Path, pg_store: Store, pg_url: str) -> None:
    first = f"sqlite://{tmp_path / 'first.db'}"
    with open_store(first) as store:
        data = fc.load(EXAMPLE)
        store.load(data)
        partner = data.partners[0].id
        store.add(make_referral("r-1", data.centre.id, partner, family="fam-1"))
        store.add(make_referral("r-2", data.centre.id, partner, family="fam-2"))
        fc.put_family_contact(
            store, fc.FamilyContact(family="fam-1", centre=data.centre.id, name="Familie Yılmaz")
        )
        offer = store.record(fc.Offer, data.offers[0].id)
        store.update(offer.value, revision=offer.revision)  # revision 2 is kept too
    round_trip(first, pg_url, f"sqlite://{tmp_path / 'last.db'}")
    back = contents(pg_url)
    assert len(back["Offer"]) == len(data.offers)
    assert len(back["Referral"]) == 2
    assert [value.name for value, _, _ in back["FamilyContact"]] == ["Familie Yılmaz"]
    assert {revision for _, revision, _ in back["Offer"]} == {1, 2}


def test_random_round_trips(pg_url: str, pg_empty: Callable[[], None]) -> None:
    @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
    @given(
        st.lists(strategies.centre_data(), min_size=1, max_size=3, unique_by=centre_id),
    )
    def check(items: list[CentreData]) -> None:
        pg_empty()
        with tempfile.TemporaryDirectory() as directory:
            first = f"sqlite://{Path(directory) / 'first.db'}"
            with open_store(first) as store:
                store.load(items)
            round_trip(first, pg_url, f"sqlite://{Path(directory) / 'last.db'}")

    check()


def centre_id(data: CentreData) -> str:
    return data.centre.id


def test_destination_must_be_empty(
    tmp_path: Path, pg_store: Store, pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    first = f"sqlite://{tmp_path / 'first.db'}"
    with open_store(first) as store:
        store.load(fc.load(EXAMPLE))
    pg_store.add(fc.testing.make_centre("schon-da"))
    assert main(["copy", first, pg_url]) == 1
    message = capsys.readouterr().err
    assert "is not empty" in message
    assert "familycentre:***@" in message or "***" not in pg_url
    assert [centre.id for centre in pg_store.centres()] == ["schon-da"]
    assert pg_store.offers() == []


def test_copy_without_a_server(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, last = f"sqlite://{tmp_path / 'first.db'}", f"sqlite://{tmp_path / 'last.db'}"
    with open_store(first) as store:
        store.load(fc.load(EXAMPLE))
    assert main(["copy", first, last]) == 0
    assert "copied 1 centres" in capsys.readouterr().out
    assert contents(last) == contents(first)
    assert main(["copy", "--quiet", first, "memory:"]) == 0


class Recorder:
    """A plugin that records ``record_changed`` events."""

    def __init__(self) -> None:
        self.events: list[tuple[str, str, str, str, int]] = []

    @fc.hookimpl
    def record_changed(
        self, store_url: str, kind: str, record_id: str, action: str, revision: int
    ) -> None:
        self.events.append((store_url, kind, record_id, action, revision))


def test_copied_records_are_announced_as_added(
    tmp_path: Path, pg_store: Store, pg_url: str, fc_plugin_manager: PluginManager
) -> None:
    first = f"sqlite://{tmp_path / 'first.db'}"
    with open_store(first) as store:
        store.load(fc.load(EXAMPLE))
        offer = store.records(fc.Offer)[0]
        store.update(offer.value, revision=1)
    recorder = Recorder()
    fc_plugin_manager.register(plugin, name="postgres")
    fc_plugin_manager.register(recorder, name="recorder")
    copy(first, pg_url)
    copied = {(e[1], e[2]): e[4] for e in recorder.events if e[0] == pg_store.url}
    assert {e[3] for e in recorder.events if e[0] == pg_store.url} == {"added"}
    assert len(copied) == sum(len(records) for records in contents(pg_url).values())
    assert copied[("offer", offer.id)] == 2
