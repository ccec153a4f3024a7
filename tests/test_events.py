"""One event path: events are delivered after the outermost commit, each observer on its own.

Regression tests for defects of the first build: a referral move announced although
its transaction was rolled back; one failing observer silencing the others; the
plugin manager given to ``open_store`` ignored; family contacts without revisions.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
from pathlib import Path
from typing import Any

import pytest

import familycentre as fc
from familycentre.errors import PluginError, PluginWarning
from familycentre.plugins import PluginManager
from familycentre.storage.memory import MemoryBackend
from familycentre.testing.builders import make_centre

AT = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)


class Recorder:
    def __init__(self) -> None:
        self.changes: list[tuple[str, str, str, int]] = []
        self.moves: list[tuple[str, str, str, int]] = []

    @fc.hookimpl
    def record_changed(self, kind: str, record_id: str, action: str, revision: int) -> None:
        self.changes.append((kind, record_id, action, revision))

    @fc.hookimpl
    def referral_transition(
        self, referral_id: str, source: str, target: str, revision: int
    ) -> None:
        self.moves.append((referral_id, source, target, revision))


def manager_with(*plugins: tuple[str, object]) -> PluginManager:
    manager = PluginManager(entry_points=False)
    for name, plugin in plugins:
        manager.register(plugin, name=name)
    return manager


def setup(store: fc.Store) -> None:
    from tests.referrals.test_store import stored_referral_setup

    stored_referral_setup(store)


class Undo(Exception):
    pass


def test_a_rolled_back_move_is_never_announced() -> None:
    recorder = Recorder()
    manager = manager_with(("recorder", recorder))
    with fc.open_store("memory:", plugin_manager=manager) as store:
        setup(store)
        recorder.changes.clear()

        def move_then_fail() -> None:
            with store.transaction():
                fc.transition_referral(store, "r-1", "requested", at=AT)
                assert recorder.moves == []  # not before the commit
                raise Undo

        with pytest.raises(Undo):
            move_then_fail()
        assert recorder.moves == []
        assert recorder.changes == []
        assert store.get(fc.Referral, "r-1").status == fc.ReferralStatus.DRAFT
        with store.transaction():
            fc.transition_referral(store, "r-1", "requested", at=AT)
            assert recorder.moves == []
        assert recorder.moves == [("r-1", "draft", "requested", 2)]
        assert recorder.changes == [("referral", "r-1", "updated", 2)]


def test_a_failing_observer_does_not_silence_the_others() -> None:
    class Broken:
        @fc.hookimpl
        def record_changed(self, record_id: str) -> None:
            raise RuntimeError("mail server down")

    before, after = Recorder(), Recorder()
    # pluggy calls the last registered first: "broken" sits between the two recorders
    manager = manager_with(("before", before), ("broken", Broken()), ("after", after))
    with fc.open_store("memory:", plugin_manager=manager) as store:
        with pytest.warns(PluginWarning, match="'broken' failed in record_changed"):
            store.add(make_centre())
        assert store.exists(fc.Centre, "sonnenblume")
    assert before.changes == after.changes == [("centre", "sonnenblume", "added", 1)]


def test_a_failing_observer_is_an_error_in_strict_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    class Broken:
        @fc.hookimpl
        def record_changed(self, record_id: str) -> None:
            raise RuntimeError("mail server down")

    monkeypatch.setenv("FAMILYCENTRE_STRICT_PLUGINS", "1")
    manager = manager_with(("broken", Broken()))
    with fc.open_store("memory:", plugin_manager=manager) as store:
        with pytest.raises(PluginError, match="'broken' failed in record_changed"):
            store.add(make_centre())
        assert store.exists(fc.Centre, "sonnenblume")  # committed before the delivery


def test_the_given_plugin_manager_hears_the_events(fc_plugin_manager: PluginManager) -> None:
    global_recorder, own_recorder = Recorder(), Recorder()
    fc_plugin_manager.register(global_recorder, name="global")
    own = manager_with(("own", own_recorder))
    with fc.open_store("memory:", plugin_manager=own) as store:
        setup(store)
        fc.transition_referral(store, "r-1", "requested", at=AT)
    assert global_recorder.changes == []
    assert global_recorder.moves == []
    assert [c[0] for c in own_recorder.changes] == ["centre", "partner", "referral", "referral"]
    assert own_recorder.moves == [("r-1", "draft", "requested", 2)]


def _update_contact(url: str, worker: int, rounds: int) -> int:
    """Read-modify-write a shared family contact ``rounds`` times, retrying conflicts."""
    conflicts = 0
    with fc.open_store(url) as store:
        for number in range(rounds):
            while True:
                record = store.record(fc.FamilyContact, "fam-1")
                note = f"{record.value.note or ''}|{worker}.{number}"
                changed = fc.FamilyContact(family="fam-1", centre="sonnenblume", note=note)
                try:
                    fc.put_family_contact(store, changed, revision=record.revision)
                    break
                except fc.ConflictError:
                    conflicts += 1
    return conflicts


@pytest.mark.slow
def test_concurrent_contact_updates_lose_nothing(tmp_path: Path) -> None:
    url = f"sqlite://{tmp_path / 'fc.db'}"
    with fc.open_store(url) as store:
        store.add(make_centre())
        fc.put_family_contact(store, fc.FamilyContact(family="fam-1", centre="sonnenblume"))
    workers, rounds = 4, 50
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers) as pool:
        conflicts = pool.starmap(_update_contact, [(url, w, rounds) for w in range(workers)])
    with fc.open_store(url) as store:
        record = store.record(fc.FamilyContact, "fam-1")
    entries = [entry for entry in (record.value.note or "").split("|") if entry]
    assert sorted(entries) == sorted(f"{w}.{n}" for w in range(workers) for n in range(rounds))
    assert record.revision == 1 + workers * rounds
    assert sum(conflicts) >= 0


def test_replacing_a_contact_without_its_revision_is_a_conflict() -> None:
    with fc.open_store("memory:") as store:
        store.add(make_centre())
        fc.put_family_contact(store, fc.FamilyContact(family="fam-1", centre="sonnenblume"))
        with pytest.raises(fc.ConflictError):
            fc.put_family_contact(store, fc.FamilyContact(family="fam-1", centre="sonnenblume"))


def test_events_carry_no_personal_data() -> None:
    recorder = Recorder()
    manager = manager_with(("recorder", recorder))
    seen: list[dict[str, Any]] = []

    class Everything:
        @fc.hookimpl
        def record_changed(
            self, store_url: str, kind: str, record_id: str, action: str, revision: int
        ) -> None:
            seen.append({"kind": kind, "id": record_id})

    manager.register(Everything(), name="everything")
    with fc.open_store("memory:", plugin_manager=manager) as store:
        setup(store)
        store.add(fc.FamilyContact(family="fam-secret", centre="sonnenblume", name="Yılmaz"))
        fc.erase_family(store, "fam-secret")
    assert all("fam-secret" not in str(item) for item in seen)


def test_events_nobody_observes_are_neither_built_nor_delivered() -> None:
    delivered: list[object] = []
    asked: list[str] = []

    def observes(hook: str) -> bool:
        asked.append(hook)
        return hook == "referral_transition"

    store = fc.Store(MemoryBackend(), events=delivered.append, observes=observes)
    setup(store)  # centres, partners, offers, referrals: record changes only
    day = dt.date(2026, 3, 2)
    cases = [
        fc.HelpCase(id=f"h-{n}", centre="sonnenblume", date=day, kind="laundry") for n in range(50)
    ]
    store.load_activities(fc.ActivityData("sonnenblume", help=cases))
    assert delivered == []
    assert set(asked) == {"record_changed"}
    asked.clear()
    fc.transition_referral(store, "r-1", "requested", at=AT)  # a change and a move
    assert [type(event).__name__ for event in delivered] == ["ReferralMoved"]
    assert sorted(asked) == ["record_changed", "referral_transition"]  # once each


def test_the_plugin_manager_says_which_hooks_are_observed() -> None:
    bare = manager_with()
    assert not bare.observes("record_changed")
    recorder = Recorder()
    manager = manager_with(("recorder", recorder))
    assert manager.observes("record_changed")
    assert manager.observes("referral_transition")
    with fc.open_store("memory:", plugin_manager=manager) as store:
        setup(store)
        store.load_activities(
            fc.ActivityData(
                "sonnenblume",
                help=[
                    fc.HelpCase(
                        id="h-1", centre="sonnenblume", date=dt.date(2026, 3, 2), kind="laundry"
                    )
                ],
            )
        )
    assert recorder.changes[-1] == ("help_case", "h-1", "added", 1)
