"""The storage conformance suite: what every storage backend must do.

Subclass :class:`StoreConformance` in a test module and provide a ``store`` fixture
that yields a new, empty store of your backend (``familycentre.open_store(url)``, or
``Store(YourBackend(...))``); pytest then runs every test below against it. The
memory, SQLite, example and PostgreSQL backends run it in familycentre's own tests.
Every test uses only the public :class:`~familycentre.storage.Store` interface and
the documented :class:`~familycentre.storage.StorageBackend` contract.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
from collections.abc import Iterator
from typing import Any, cast

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

from familycentre.errors import ConflictError, InvalidData, NotFound, StoreError
from familycentre.files import dumps_activities, loads_activities
from familycentre.hookspecs import hookimpl
from familycentre.model.activities import ACTIVITY_SECTIONS, ActivityData
from familycentre.model.attendance import Attendance, AudienceCount
from familycentre.model.centre import Centre
from familycentre.model.data import CentreData
from familycentre.model.help import HelpCase
from familycentre.model.network import Cooperation
from familycentre.model.offer import Offer
from familycentre.model.partner import Partner
from familycentre.model.referral import FamilyContact, Referral
from familycentre.model.text import Text
from familycentre.model.totals import MonthlyAttendance, MonthlyHelp
from familycentre.plugins import PluginManager
from familycentre.serialization import structure
from familycentre.storage import (
    PARENTS_FIRST,
    LoadResult,
    Query,
    StorageBackend,
    Store,
    Stored,
    copy_store,
    open_store,
    version_time,
)
from familycentre.taxonomy import Audience, Category, PartnerKind
from familycentre.testing import strategies
from familycentre.testing.builders import (
    make_centre,
    make_centre_data,
    make_offer,
    make_partner,
    make_referral,
)

__all__ = ["SharedStoreConformance", "StoreConformance"]

HOSTILE_IDS = [
    "'; DROP TABLE offers; --",
    "a'b",
    'a"b',
    "a;b",
    "a\x00b",
    "%",
    "_",
    "*",
    "",
    "UPPER",
    "x" * 70,
]


class _Undo(Exception):
    """Raised to roll back a transaction on purpose."""


@contextlib.contextmanager
def rolled_back(store: Store) -> Iterator[None]:
    """Run the block in a transaction that is rolled back afterwards."""
    with contextlib.suppress(_Undo), store.transaction():
        yield
        raise _Undo


class _Recorder:
    """A plugin that records ``record_changed`` events."""

    def __init__(self) -> None:
        self.events: list[tuple[str, str, str, int]] = []

    @hookimpl
    def record_changed(
        self, store_url: str, kind: str, record_id: str, action: str, revision: int
    ) -> None:
        self.events.append((kind, record_id, action, revision))


def _id(record: Any) -> str:
    return str(record.id)


def _ids(records: list[Any]) -> list[str]:
    return [record.id for record in records]


def _network(store: Store) -> None:
    """Two centres, offers that differ by category, audience and title, partners, referrals."""
    store.add(make_centre("sonnenblume"))
    store.add(make_centre("ohja-nord", name=Text("OHJA Nord", {"tr": "Kuzey Evi"})))
    store.add(
        make_offer(
            "fruehstueck",
            "sonnenblume",
            title=Text("Familienfrühstück", {"en": "Family breakfast"}),
            category=Category.BREAKFAST,
            audiences=(Audience.FAMILIES, Audience.PARENTS),
        )
    )
    store.add(
        make_offer(
            "hausaufgaben",
            "sonnenblume",
            title=Text("Hausaufgabenhilfe"),
            category=Category.HOMEWORK_SUPERVISION,
            audiences=(Audience.SCHOOL_CHILDREN,),
        )
    )
    store.add(
        make_offer(
            "a-sprachcafe",
            "ohja-nord",
            title=Text("Sprachcafé STRASSE", {"uk": "Мовне кафе"}),
            category=Category.INTEGRATION,
            audiences=(Audience.MIGRANT_FAMILIES, Audience.FAMILIES),
        )
    )
    store.add(
        make_offer(
            "z-fruehstueck",
            "ohja-nord",
            title=Text("Frühstück für alle"),
            category=Category.BREAKFAST,
            audiences=(),
        )
    )
    store.add(make_partner("beratung", kind=PartnerKind.FAMILY_COUNSELLING))
    store.add(
        make_partner("jobcenter", name=Text("Jobcenter Dortmund"), kind=PartnerKind.JOB_CENTRE)
    )
    store.add(make_referral("r-1", "sonnenblume", "beratung", family="fam-a"))
    store.add(make_referral("r-2", "ohja-nord", "jobcenter", family="fam-a"))
    store.add(make_referral("r-3", "sonnenblume", "jobcenter", family="fam-b"))


_SELECTIONS: list[dict[str, Any]] = [
    {},
    {"year": 2025},
    {"year": 2026},
    {"centre": "eins"},
    {"centre": "zwei", "year": 2026},
    {"centre": "drei"},
]
"""The selections the monthly totals are checked with (``drei`` has no records)."""


def _month(record: Any) -> dt.date:
    return dt.date(record.day.year, record.day.month, 1)


def _attendance_sums(records: list[Attendance]) -> list[MonthlyAttendance]:
    """Attendance added up by centre, month and offer, written out apart from the library."""
    sums: dict[tuple[str, str, str], dict[str, Any]] = {}
    for record in records:
        key = (record.centre, _month(record).isoformat(), record.offer)
        entry = sums.setdefault(key, {"records": 0, "people": 0, "first": None, "groups": {}})
        entry["records"] += 1
        entry["people"] += record.participants
        if record.first_time is not None:
            entry["first"] = (entry["first"] or 0) + record.first_time
        for item in record.audiences:
            entry["groups"][item.audience] = entry["groups"].get(item.audience, 0) + item.count
    return [
        MonthlyAttendance(
            centre=centre,
            offer=offer,
            month=dt.date.fromisoformat(month),
            records=entry["records"],
            participants=entry["people"],
            first_time=entry["first"],
            audiences=[
                AudienceCount(group, entry["groups"][group])
                for group in Audience
                if group in entry["groups"]
            ],
        )
        for (centre, month, offer), entry in sorted(sums.items())
    ]


def _help_sums(records: list[HelpCase]) -> list[MonthlyHelp]:
    """Help added up by centre, month, kind and need (none first), apart from the library."""
    sums: dict[tuple[str, str, str, str], list[Any]] = {}
    for record in records:
        need = "" if record.need is None else record.need.value
        key = (record.centre, _month(record).isoformat(), record.kind.value, need)
        entry = sums.setdefault(key, [0, 0, []])
        entry[0] += 1
        entry[1] += record.cases
        entry[2].append(record.hours or 0.0)
    return [
        MonthlyHelp(
            centre=centre,
            kind=kind,
            need=need or None,
            month=dt.date.fromisoformat(month),
            records=count,
            cases=cases,
            hours=math.fsum(hours),
        )
        for (centre, month, kind, need), (count, cases, hours) in sorted(sums.items())
    ]


class StoreConformance:
    """The conformance suite. Subclass it and provide a ``store`` fixture.

    The fixture yields a new, empty store for each test. Every test uses only the
    public :class:`~familycentre.storage.Store` interface.
    """

    @pytest.fixture
    def store(self) -> Store:
        """Override: yield a new, empty store of the backend under test."""
        raise NotImplementedError("a StoreConformance subclass provides the store fixture")

    @pytest.fixture
    def events(self, store: Store) -> Iterator[_Recorder]:
        """A recorder of change events on a fresh plugin manager that hears ``store``."""
        manager = PluginManager(entry_points=False)
        recorder = _Recorder()
        manager.register(recorder, name="conformance-recorder")
        store.set_event_sink(manager.notify)
        yield recorder
        store.set_event_sink(None)

    # --- add and get --------------------------------------------------------------------------

    def test_add_and_get_every_kind(self, store: Store) -> None:
        values: list[Any] = [make_centre(), make_partner(), make_offer(), make_referral()]
        for value in values:
            stored = store.add(value)
            assert stored.value == value
            assert stored.revision == 1
        for value in values:
            assert store.get(type(value), value.id) == value

    def test_record_has_revision_and_utc_modified(self, store: Store) -> None:
        before = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
        store.add(make_centre())
        record = store.record(Centre, "sonnenblume")
        assert record.revision == 1
        assert record.modified.utcoffset() == dt.timedelta(0)
        assert before <= record.modified <= dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)
        assert record.id == "sonnenblume"
        assert record.kind == "centre"

    def test_add_twice_is_a_conflict(self, store: Store) -> None:
        store.add(make_centre())
        with pytest.raises(ConflictError, match="sonnenblume"):
            store.add(make_centre(municipality="Bochum"))
        assert store.get(Centre, "sonnenblume").municipality == "Dortmund"

    def test_same_id_in_different_kinds(self, store: Store) -> None:
        store.add(make_centre("gemeinsam"))
        store.add(make_partner("gemeinsam"))
        store.add(make_offer("gemeinsam", "gemeinsam"))
        assert store.get(Offer, "gemeinsam").centre == "gemeinsam"
        assert store.get(Partner, "gemeinsam").id == "gemeinsam"

    def test_get_missing_is_not_found(self, store: Store) -> None:
        with pytest.raises(NotFound, match="offer"):
            store.get(Offer, "nirgends")
        assert not store.exists(Offer, "nirgends")

    @pytest.mark.parametrize("record_id", HOSTILE_IDS)
    def test_hostile_ids_are_simply_not_found(self, store: Store, record_id: str) -> None:
        store.add(make_centre())
        with pytest.raises(NotFound):
            store.get(Centre, record_id)
        assert not store.exists(Centre, record_id)
        with pytest.raises(NotFound):
            store.delete(Centre, record_id)
        assert store.get(Centre, "sonnenblume") == make_centre()

    def test_references_must_exist(self, store: Store) -> None:
        with pytest.raises(NotFound, match="centre 'sonnenblume'"):
            store.add(make_offer())
        store.add(make_centre())
        with pytest.raises(NotFound, match="partner 'erziehungsberatung'"):
            store.add(make_referral())
        assert store.offers() == []
        assert store.referrals() == []

    def test_not_a_record(self, store: Store) -> None:
        with pytest.raises(TypeError):
            store.add("sonnenblume")  # type: ignore[type-var]
        with pytest.raises(TypeError):
            store.get(CentreData, "sonnenblume")  # type: ignore[type-var]

    # --- update -------------------------------------------------------------------------------

    def test_update_raises_revision(self, store: Store) -> None:
        first = store.add(make_centre())
        second = store.update(make_centre(municipality="Bochum"), revision=1)
        assert second.revision == 2
        assert second.modified >= first.modified
        third = store.update(make_centre(municipality="Herne"), revision=2)
        assert third.revision == 3
        record = store.record(Centre, "sonnenblume")
        assert record.value.municipality == "Herne"
        assert record.revision == 3

    def test_stale_update_is_a_conflict(self, store: Store) -> None:
        store.add(make_centre())
        store.add(make_offer())
        store.update(make_offer(location="Raum 1"), revision=1)  # staff member A
        with pytest.raises(ConflictError, match="revision 2"):
            store.update(make_offer(location="Raum 2"), revision=1)  # staff member B
        record = store.record(Offer, "fruehstueck")
        assert (record.value.location, record.revision) == ("Raum 1", 2)

    def test_update_with_future_revision_is_a_conflict(self, store: Store) -> None:
        store.add(make_centre())
        with pytest.raises(ConflictError):
            store.update(make_centre(municipality="Bochum"), revision=5)
        assert store.record(Centre, "sonnenblume").revision == 1

    def test_update_missing_is_not_found(self, store: Store) -> None:
        with pytest.raises(NotFound):
            store.update(make_centre(), revision=1)

    def test_update_checks_references(self, store: Store) -> None:
        store.add(make_centre())
        store.add(make_offer())
        with pytest.raises(NotFound, match="anderswo"):
            store.update(make_offer(centre="anderswo"), revision=1)
        assert store.record(Offer, "fruehstueck").revision == 1

    def test_update_moves_offer_between_centres(self, store: Store) -> None:
        store.add(make_centre())
        store.add(make_centre("ohja"))
        store.add(make_offer())
        store.update(make_offer(centre="ohja"), revision=1)
        assert store.offers(centre="sonnenblume") == []
        assert _ids(store.offers(centre="ohja")) == ["fruehstueck"]

    # --- delete -------------------------------------------------------------------------------

    def test_delete(self, store: Store) -> None:
        store.add(make_centre())
        store.add(make_offer())
        store.delete(Offer, "fruehstueck")
        assert not store.exists(Offer, "fruehstueck")
        with pytest.raises(NotFound):
            store.delete(Offer, "fruehstueck")
        store.add(make_offer())  # the id can be used again
        assert store.record(Offer, "fruehstueck").revision == 1

    def test_delete_with_stale_revision_is_a_conflict(self, store: Store) -> None:
        store.add(make_centre())
        store.update(make_centre(municipality="Bochum"), revision=1)
        with pytest.raises(ConflictError):
            store.delete(Centre, "sonnenblume", revision=1)
        assert store.exists(Centre, "sonnenblume")
        store.delete(Centre, "sonnenblume", revision=2)
        assert not store.exists(Centre, "sonnenblume")

    def test_delete_centre_with_offers_needs_cascade(self, store: Store) -> None:
        _network(store)
        with pytest.raises(ConflictError, match="2 offers and 2 referrals"):
            store.delete(Centre, "sonnenblume")
        assert store.exists(Centre, "sonnenblume")
        assert len(store.offers(centre="sonnenblume")) == 2
        store.delete(Centre, "sonnenblume", cascade=True)
        assert not store.exists(Centre, "sonnenblume")
        assert store.offers(centre="sonnenblume") == []
        assert store.referrals(centre="sonnenblume") == []
        assert _ids(store.offers()) == ["a-sprachcafe", "z-fruehstueck"]
        assert _ids(store.referrals()) == ["r-2"]

    def test_delete_partner_with_referrals_needs_cascade(self, store: Store) -> None:
        _network(store)
        with pytest.raises(ConflictError, match="2 referrals"):
            store.delete(Partner, "jobcenter")
        store.delete(Partner, "jobcenter", cascade=True)
        assert _ids(store.referrals()) == ["r-1"]
        assert _ids(store.partners()) == ["beratung"]

    # --- queries ------------------------------------------------------------------------------

    def test_listings_are_ordered_by_id(self, store: Store) -> None:
        _network(store)
        assert _ids(store.centres()) == ["ohja-nord", "sonnenblume"]
        assert _ids(store.offers()) == [
            "a-sprachcafe",
            "fruehstueck",
            "hausaufgaben",
            "z-fruehstueck",
        ]
        assert _ids(store.partners()) == ["beratung", "jobcenter"]
        assert _ids(store.referrals()) == ["r-1", "r-2", "r-3"]
        records = store.records(Offer)
        assert [r.revision for r in records] == [1, 1, 1, 1]
        assert [r.value for r in records] == store.offers()

    def test_offers_by_centre(self, store: Store) -> None:
        _network(store)
        assert _ids(store.offers(centre="sonnenblume")) == ["fruehstueck", "hausaufgaben"]
        assert _ids(store.offers(centre="ohja-nord")) == ["a-sprachcafe", "z-fruehstueck"]
        assert store.offers(centre="nirgends") == []

    def test_offers_by_category(self, store: Store) -> None:
        _network(store)
        assert _ids(store.offers(category=Category.BREAKFAST)) == ["fruehstueck", "z-fruehstueck"]
        assert _ids(store.offers(category="breakfast", centre="ohja-nord")) == ["z-fruehstueck"]
        assert store.offers(category=Category.SECOND_HAND_SHOP) == []

    def test_offers_by_audience(self, store: Store) -> None:
        _network(store)
        assert _ids(store.offers(audience=Audience.FAMILIES)) == ["a-sprachcafe", "fruehstueck"]
        assert _ids(store.offers(audience="school_children")) == ["hausaufgaben"]
        assert store.offers(audience=Audience.SENIORS) == []

    def test_audience_follows_updates(self, store: Store) -> None:
        _network(store)
        offer = store.get(Offer, "fruehstueck")
        changed: Offer = attrs.evolve(offer, audiences=cast(Any, (Audience.SENIORS,)))
        store.update(changed, revision=1)
        assert _ids(store.offers(audience=Audience.SENIORS)) == ["fruehstueck"]
        assert _ids(store.offers(audience=Audience.FAMILIES)) == ["a-sprachcafe"]
        store.delete(Offer, "fruehstueck")
        assert store.offers(audience=Audience.SENIORS) == []

    def test_offers_by_text(self, store: Store) -> None:
        _network(store)
        assert _ids(store.offers(text="frühstück")) == ["fruehstueck", "z-fruehstueck"]
        assert _ids(store.offers(text="FRÜHSTÜCK")) == ["fruehstueck", "z-fruehstueck"]
        assert _ids(store.offers(text="breakfast")) == ["fruehstueck"]  # a translation
        assert _ids(store.offers(text="мовне")) == ["a-sprachcafe"]
        assert _ids(store.offers(text="straße")) == ["a-sprachcafe"]  # ß case-folds to ss
        assert store.offers(text="%") == []
        assert store.offers(text="_") == []
        assert store.offers(text="'; DROP TABLE offers; --") == []
        assert len(store.offers()) == 4

    def test_combined_offer_query(self, store: Store) -> None:
        _network(store)
        found = store.offers(centre="sonnenblume", category="breakfast", audience="parents")
        assert _ids(found) == ["fruehstueck"]
        assert store.offers(centre="ohja-nord", audience="parents") == []

    def test_centres_and_partners_by_text_and_kind(self, store: Store) -> None:
        _network(store)
        assert _ids(store.centres(text="kuzey")) == ["ohja-nord"]
        assert _ids(store.partners(kind=PartnerKind.JOB_CENTRE)) == ["jobcenter"]
        assert _ids(store.partners(kind="family_counselling")) == ["beratung"]
        assert _ids(store.partners(text="DORTMUND")) == ["jobcenter"]
        assert store.partners(kind=PartnerKind.DOCTOR) == []

    def test_referrals_by_centre_partner_family(self, store: Store) -> None:
        _network(store)
        assert _ids(store.referrals(centre="sonnenblume")) == ["r-1", "r-3"]
        assert _ids(store.referrals(partner="jobcenter")) == ["r-2", "r-3"]
        assert _ids(store.referrals(family="fam-a")) == ["r-1", "r-2"]
        assert _ids(store.referrals(family="fam-a", centre="ohja-nord")) == ["r-2"]

    def test_query_fields_must_apply(self, store: Store) -> None:
        with pytest.raises(ValueError, match="category"):
            store.records(Partner, Query(category=Category.BREAKFAST))
        with pytest.raises(ValueError, match=r"unknown|not a valid"):
            store.offers(category="no-such-category")

    def test_query_matches_is_the_reference(self, store: Store) -> None:
        _network(store)
        everything = store.records(Offer)
        for query in (
            Query(centre="sonnenblume"),
            Query(audience=Audience.FAMILIES, text="früh"),
            Query(category=Category.INTEGRATION, text="cafe"),
        ):
            expected = [r.id for r in everything if query.matches(r.value)]
            assert _ids(store.records(Offer, query)) == expected

    # --- load ---------------------------------------------------------------------------------

    def test_load_is_idempotent(self, store: Store) -> None:
        data = make_centre_data(offers=5, partners=3)
        assert store.load(data) == LoadResult(added=9)
        revisions = {r.id: r.revision for r in store.records(Offer)}
        again = store.load(data)
        assert again == LoadResult(unchanged=9)
        assert not again.changed
        assert {r.id: r.revision for r in store.records(Offer)} == revisions

    def test_load_updates_and_removes_offers(self, store: Store) -> None:
        store.load(make_centre_data(offers=4))
        changed = make_centre_data(offers=3, tag=" (neu)")
        result = store.load(changed)
        assert result == LoadResult(updated=6, deleted=1)
        assert {r.revision for r in store.records(Offer)} == {2}
        assert set(store.offers()) == set(changed.offers)

    def test_load_keeps_other_centres(self, store: Store) -> None:
        store.load([make_centre_data("eins"), make_centre_data("zwei")])
        store.load(make_centre_data("eins", offers=1))
        assert len(store.offers(centre="zwei")) == 3
        assert len(store.offers(centre="eins")) == 1

    def test_centre_data_round_trip(self, store: Store) -> None:
        data = make_centre_data(offers=4, partners=2)
        store.load(data)
        back = store.centre_data("sonnenblume")
        assert back.centre == data.centre
        assert set(back.offers) == set(data.offers)
        assert set(back.partners) == set(data.partners)
        with pytest.raises(NotFound):
            store.centre_data("nirgends")

    def test_random_data_round_trips(self, store: Store) -> None:
        # The @given function is made per call, so that each backend's subclass
        # runs its own hypothesis test.
        @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
        @given(data=strategies.centre_data())
        def check(data: CentreData) -> None:
            with rolled_back(store):
                store.load(data)
                back = store.centre_data(data.centre.id)
                assert back.centre == data.centre
                assert sorted(back.offers, key=_id) == sorted(data.offers, key=_id)
                assert sorted(back.partners, key=_id) == sorted(data.partners, key=_id)
                assert not store.load(data).changed
            assert store.centres() == []

        check()

    # --- text ---------------------------------------------------------------------------------

    @pytest.mark.parametrize("text", [*strategies.HOSTILE, "x" * 100_000])
    def test_texts_are_kept_exactly(self, store: Store, text: str) -> None:
        centre = make_centre(name=Text(text, {"en": text}), municipality=text, district=text)
        store.add(centre)
        store.add(make_offer(title=Text(text), location=text, description=Text(text)))
        assert store.get(Centre, "sonnenblume") == centre
        assert store.get(Offer, "fruehstueck").location == text
        assert _ids(store.offers(text=text[:50])) == ["fruehstueck"]

    def test_nul_is_refused_by_the_model(self, store: Store) -> None:
        with pytest.raises(ValueError, match="NUL"):
            make_centre(municipality="Dort\x00mund")
        with pytest.raises(InvalidData, match="NUL"):
            structure({"id": "x", "name": "a\x00b", "kind": "ohja", "municipality": "D"}, Centre)
        assert store.centres() == []

    # --- transactions ---------------------------------------------------------------------

    def test_transaction_is_all_or_nothing(self, store: Store) -> None:
        store.add(make_centre())
        store.add(make_offer())
        with pytest.raises(ConflictError), store.transaction():
            store.add(make_centre("ohja"))
            store.update(make_offer(location="Keller"), revision=1)
            store.delete(Offer, "fruehstueck")
            store.add(make_partner())
            store.add(make_centre("ohja"))  # fails: the whole block is undone
        assert _ids(store.centres()) == ["sonnenblume"]
        assert store.partners() == []
        record = store.record(Offer, "fruehstueck")
        assert (record.value.location, record.revision) == (None, 1)

    def test_transaction_rolls_back_on_any_exception(self, store: Store) -> None:
        with pytest.raises(KeyError), store.transaction():
            store.load(make_centre_data())
            raise KeyError("boom")
        assert store.centres() == []
        assert store.offers() == []

    def test_transaction_commits(self, store: Store) -> None:
        with store.transaction():
            store.add(make_centre())
            store.add(make_offer())
            assert store.exists(Offer, "fruehstueck")  # visible inside
        assert store.record(Offer, "fruehstueck").revision == 1

    def test_nested_transactions_join_the_outer_one(self, store: Store) -> None:
        with pytest.raises(RuntimeError), store.transaction():
            store.add(make_centre())
            with store.transaction():
                store.add(make_offer())
            assert store.exists(Offer, "fruehstueck")
            raise RuntimeError
        assert store.centres() == []
        assert store.offers() == []

    def test_failed_load_changes_nothing(self, store: Store) -> None:
        store.load(make_centre_data(offers=2))
        bad = make_centre_data(offers=3, tag="!")
        with pytest.raises(NotFound), store.transaction():
            store.load(bad)
            store.add(make_referral("r-y", "sonnenblume", "fehlt"))
        assert {r.revision for r in store.records(Offer)} == {1}
        assert len(store.offers()) == 2

    # --- events -------------------------------------------------------------------------------

    def test_changes_are_announced_after_commit(self, store: Store, events: _Recorder) -> None:
        store.add(make_centre())
        store.update(make_centre(municipality="Bochum"), revision=1)
        with store.transaction():
            store.add(make_offer())
            assert events.events == [
                ("centre", "sonnenblume", "added", 1),
                ("centre", "sonnenblume", "updated", 2),
            ]  # nothing announced before the commit
        store.delete(Centre, "sonnenblume", cascade=True)
        assert events.events[2:] == [
            ("offer", "fruehstueck", "added", 1),
            ("offer", "fruehstueck", "deleted", 1),
            ("centre", "sonnenblume", "deleted", 2),
        ]

    def test_rolled_back_changes_are_not_announced(self, store: Store, events: _Recorder) -> None:
        with pytest.raises(ConflictError), store.transaction():
            store.add(make_centre())
            store.add(make_centre())
        assert events.events == []
        store.add(make_centre())
        with pytest.raises(ConflictError):
            store.update(make_centre(municipality="Bochum"), revision=7)
        with pytest.raises(ConflictError):
            store.delete(Centre, "sonnenblume", revision=7)
        assert events.events == [("centre", "sonnenblume", "added", 1)]

    def test_unchanged_load_announces_nothing(self, store: Store, events: _Recorder) -> None:
        data = make_centre_data(offers=2, partners=1)
        store.load(data)
        assert len(events.events) == 4
        store.load(data)
        assert len(events.events) == 4

    # --- activity records -------------------------------------------------------------------

    def test_activity_records_round_trip_through_a_file(self, store: Store) -> None:
        # object -> activity file (TOML and JSON) -> store -> object, every kind
        @settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
        @given(data=strategies.activity_data("sonnenblume", partners=("erziehungsberatung",)))
        def check(data: ActivityData) -> None:
            with rolled_back(store):
                store.add(make_centre())
                store.add(make_partner())
                for fmt in ("toml", "json"):
                    read = loads_activities(dumps_activities(data, fmt), fmt)
                    assert read == data
                result = store.load_activities(read)
                assert result.added == len(data)
                back = store.activity_data("sonnenblume")
                for section in ACTIVITY_SECTIONS:
                    assert list(getattr(back, section)) == sorted(
                        getattr(data, section), key=_id
                    ), section
                assert not store.load_activities(data).changed
            assert store.centres() == []

        check()

    def test_monthly_totals_add_up_the_stored_records(self, store: Store) -> None:
        # the backend's totals equal the stored records' sums, added up here on their own
        @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
        @given(records=strategies.tallies(("eins", "zwei"), ("cafe", "fruehstueck", "weg")))
        def check(records: list[Attendance | HelpCase]) -> None:
            with rolled_back(store):
                store.add(make_centre("eins"))
                store.add(make_centre("zwei"))
                for centre in ("eins", "zwei"):
                    mine = [r for r in records if r.centre == centre]
                    store.load_activities(
                        ActivityData(
                            centre,
                            attendance=[r for r in mine if isinstance(r, Attendance)],
                            help=[r for r in mine if isinstance(r, HelpCase)],
                        )
                    )
                for selection in _SELECTIONS:
                    stored = store.activities(Attendance, **selection)
                    assert store.monthly_totals(Attendance, **selection) == _attendance_sums(
                        stored
                    ), selection
                    cases = store.activities(HelpCase, **selection)
                    assert store.monthly_totals(HelpCase, **selection) == _help_sums(cases), (
                        selection
                    )
            assert store.activities(Attendance) == []

        check()

    def test_monthly_totals_of_other_kinds_are_refused(self, store: Store) -> None:
        with pytest.raises(TypeError, match="attendance and help"):
            store.monthly_totals(cast(Any, Cooperation))
        for hostile in HOSTILE_IDS:
            assert store.monthly_totals(Attendance, centre=hostile) == []
        assert store.monthly_totals(HelpCase, year=2026) == []

    def test_activity_records_by_centre_and_year(self, store: Store) -> None:
        store.add(make_centre("eins"))
        store.add(make_centre("zwei"))
        records = [
            Attendance(
                id=f"a-{centre}-{day.isoformat()}",
                centre=centre,
                offer="fruehstueck",
                date=day,
                participants=n,
            )
            for n, (centre, day) in enumerate(
                (c, d)
                for c in ("eins", "zwei")
                for d in (dt.date(2025, 12, 31), dt.date(2026, 1, 1), dt.date(2026, 12, 31))
            )
        ]
        for record in records:
            store.add(record)
        in_2026 = store.activities(Attendance, centre="eins", year=2026)
        assert [r.date for r in in_2026] == [dt.date(2026, 1, 1), dt.date(2026, 12, 31)]
        assert len(store.activities(Attendance, year=2025)) == 2
        assert len(store.activities(Attendance)) == 6
        for query in (Query(year=2026), Query(centre="zwei"), Query(centre="zwei", year=2025)):
            assert [r.value for r in store.records(Attendance, query)] == [
                r for r in sorted(records, key=_id) if query.matches(r)
            ]
        with pytest.raises(ValueError, match="year"):
            store.records(Offer, Query(year=2026))

    def test_activity_records_need_their_centre_and_partner(self, store: Store) -> None:
        help_case = HelpCase(
            id="h-1", centre="sonnenblume", date=dt.date(2026, 3, 2), kind="household_help"
        )
        with pytest.raises(NotFound, match="centre"):
            store.add(help_case)
        with pytest.raises(NotFound, match="centre"):
            store.load_activities(ActivityData("sonnenblume", help=[help_case]))
        store.add(make_centre())
        cooperation = Cooperation(
            id="k-1",
            centre="sonnenblume",
            partner="erziehungsberatung",
            subject="Offene Sprechstunde",
            since=dt.date(2024, 1, 1),
        )
        with pytest.raises(NotFound, match="partner"):
            store.load_activities(ActivityData("sonnenblume", cooperations=[cooperation]))
        assert store.activities(Cooperation) == []
        store.add(make_partner())
        store.add(cooperation)
        assert store.activities(Cooperation, year=2024) == [cooperation]

    def test_activity_ids_are_unique_across_centres(self, store: Store) -> None:
        store.add(make_centre("eins"))
        store.add(make_centre("zwei"))
        first = HelpCase(id="h-1", centre="eins", date=dt.date(2026, 3, 2), kind="laundry")
        store.add(first)
        clash = attrs.evolve(first, centre="zwei")
        with pytest.raises(ConflictError):
            store.load_activities(ActivityData("zwei", help=[clash]))
        assert store.activities(HelpCase) == [first]

    def test_load_activities_updates_and_is_all_or_nothing(self, store: Store) -> None:
        store.add(make_centre())
        day = dt.date(2026, 3, 2)
        one = Attendance(id="a-1", centre="sonnenblume", offer="x", date=day, participants=4)
        two = attrs.evolve(one, id="a-2", participants=7)
        assert store.load_activities(ActivityData("sonnenblume", attendance=[one])).added == 1
        changed = attrs.evolve(one, participants=5)
        result = store.load_activities(ActivityData("sonnenblume", attendance=[changed, two]))
        assert (result.added, result.updated, result.unchanged) == (1, 1, 0)
        assert store.record(Attendance, "a-1").revision == 2
        bad = ActivityData(
            "sonnenblume",
            attendance=[attrs.evolve(two, participants=9)],
            help=[HelpCase(id="h", centre="sonnenblume", date=day, kind="laundry")],
            cooperations=[
                Cooperation(id="k", centre="sonnenblume", partner="fehlt", subject="x", since=day)
            ],
        )
        with pytest.raises(NotFound):
            store.load_activities(bad)
        assert store.get(Attendance, "a-2").participants == 7
        assert store.activities(HelpCase) == []

    def test_delete_centre_with_activities_needs_cascade(self, store: Store) -> None:
        store.add(make_centre())
        store.add(make_partner())
        day = dt.date(2026, 3, 2)
        store.add(HelpCase(id="h-1", centre="sonnenblume", date=day, kind="laundry"))
        store.add(
            Cooperation(
                id="k-1",
                centre="sonnenblume",
                partner="erziehungsberatung",
                subject="x",
                since=day,
            )
        )
        with pytest.raises(ConflictError, match="help case"):
            store.delete(Centre, "sonnenblume")
        with pytest.raises(ConflictError, match="cooperation"):
            store.delete(Partner, "erziehungsberatung")
        store.delete(Centre, "sonnenblume", cascade=True)
        assert store.activities(HelpCase) == []
        assert store.activities(Cooperation) == []
        store.delete(Partner, "erziehungsberatung")

    def test_bulk_load_announces_every_record_in_order(
        self, store: Store, events: _Recorder
    ) -> None:
        # updates as they are made, then the added records section by section, each
        # with its revision; a second centre's records after the first's
        store.add(make_centre("eins"))
        store.add(make_centre("zwei"))
        day = dt.date(2026, 3, 2)
        first = Attendance(id="a-1", centre="eins", offer="x", date=day, participants=4)
        store.load_activities(ActivityData("eins", attendance=[first]))
        events.events.clear()
        attendance = [attrs.evolve(first, participants=5)] + [
            attrs.evolve(first, id=f"a-{n}") for n in (3, 2)
        ]
        help_cases = [HelpCase(id="h-1", centre="eins", date=day, kind="laundry")]
        other = [HelpCase(id="h-2", centre="zwei", date=day, kind="laundry")]
        result = store.load_activities(
            [
                ActivityData("eins", attendance=attendance, help=help_cases),
                ActivityData("zwei", help=other),
            ]
        )
        assert (result.added, result.updated) == (4, 1)
        assert events.events == [
            ("attendance", "a-1", "updated", 2),
            ("attendance", "a-3", "added", 1),
            ("attendance", "a-2", "added", 1),
            ("help_case", "h-1", "added", 1),
            ("help_case", "h-2", "added", 1),
        ]
        events.events.clear()
        assert not store.load_activities(ActivityData("zwei", help=other)).changed
        assert events.events == []

    def test_activity_changes_are_announced(self, store: Store, events: _Recorder) -> None:
        store.add(make_centre())
        day = dt.date(2026, 3, 2)
        store.load_activities(
            ActivityData(
                "sonnenblume",
                help=[HelpCase(id="h-1", centre="sonnenblume", date=day, kind="laundry")],
            )
        )
        found = [(kind, i, action) for kind, i, action, _ in events.events if kind != "centre"]
        assert found == [("help_case", "h-1", "added")]

    # --- the backend contract, import and copy ---------------------------------------------

    def test_backend_implements_the_contract(self, store: Store) -> None:
        assert isinstance(store.backend, StorageBackend)
        assert store.backend.url == store.url
        assert isinstance(store.backend.holds_family_contacts, bool)

    def test_import_keeps_revisions_and_times(self, store: Store, events: _Recorder) -> None:
        when = dt.datetime(2025, 3, 4, 5, 6, 7, tzinfo=dt.UTC)
        records: list[Stored[Any]] = [
            Stored(make_centre(), 4, when),
            Stored(make_partner(), 2, when),
            Stored(make_offer(), 7, when),
            Stored(make_referral(), 3, when),
        ]
        assert store.import_records(records) == 4
        for record in records:
            assert store.record(type(record.value), record.id) == record
        assert [(kind, action, rev) for kind, _, action, rev in events.events] == [
            ("centre", "added", 4),
            ("partner", "added", 2),
            ("offer", "added", 7),
            ("referral", "added", 3),
        ]
        with pytest.raises(ConflictError):
            store.import_records([Stored(make_centre(), 1, when)])
        with pytest.raises(NotFound), store.transaction():
            store.import_records([Stored(make_offer("x", "fehlt"), 1, when)])
        assert len(store.offers()) == 1

    def test_copy_store_keeps_everything(self, store: Store) -> None:
        _network(store)
        store.update(make_centre("sonnenblume", municipality="Bochum"), revision=1)
        if store.holds_family_contacts:
            store.add(FamilyContact(family="fam-a", centre="sonnenblume", name="A"))
        with open_store("memory:") as copy:
            counts = copy_store(store, copy)
            for kind in PARENTS_FIRST:
                assert copy.records(kind) == store.records(kind)
            assert counts["centre"] == 2
            assert counts["referral"] == 3
            with pytest.raises(ConflictError, match="not empty"):
                copy_store(store, copy)

    def test_family_contacts_have_revisions(self, store: Store) -> None:
        store.add(make_centre())
        contact = FamilyContact(family="fam-x", centre="sonnenblume", name="X")
        if not store.holds_family_contacts:
            with pytest.raises(StoreError):
                store.add(contact)
            assert store.records(FamilyContact) == []
            return
        assert store.add(contact).revision == 1
        with pytest.raises(ConflictError):
            store.add(contact)
        renamed = attrs.evolve(contact, name="Y")
        assert store.update(renamed, revision=1).revision == 2
        with pytest.raises(ConflictError):
            store.update(renamed, revision=1)
        assert store.get(FamilyContact, "fam-x") == renamed
        assert [r.id for r in store.records(FamilyContact, Query(centre="sonnenblume"))] == [
            "fam-x"
        ]
        with pytest.raises(ConflictError, match="family contact"):
            store.delete(Centre, "sonnenblume")
        store.delete(FamilyContact, "fam-x")
        assert not store.exists(FamilyContact, "fam-x")

    def test_family_contacts_are_never_announced(self, store: Store, events: _Recorder) -> None:
        store.add(make_centre())
        if store.holds_family_contacts:
            store.add(FamilyContact(family="fam-x", centre="sonnenblume"))
            store.delete(FamilyContact, "fam-x")
        assert [event[0] for event in events.events] == ["centre"]

    def test_checkpoint_without_other_connections_completes(self, store: Store) -> None:
        store.add(make_centre())
        assert store.checkpoint(timeout=1.0) is None

    def test_referrals_and_contacts_come_after_their_parents(self) -> None:
        assert PARENTS_FIRST.index(Referral) > PARENTS_FIRST.index(Partner)
        assert PARENTS_FIRST.index(FamilyContact) > PARENTS_FIRST.index(Centre)

    # --- the change version --------------------------------------------------------------

    def test_version_changes_with_every_committed_write(self, store: Store) -> None:
        seen = [store.version()]
        assert version_time(seen[0]) > dt.datetime(2020, 1, 1, tzinfo=dt.UTC)

        def changed() -> None:
            version = store.version()
            assert isinstance(version, int)
            assert version not in seen, f"version {version} repeats an earlier one"
            assert version >= seen[-1] + 1_000_000, "a version is at least a second later"
            assert version_time(version) >= dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
            seen.append(version)

        store.add(make_centre())
        changed()
        store.add(make_offer())
        changed()
        store.update(make_offer(location="Keller"), revision=1)
        changed()
        store.delete(Offer, "fruehstueck")
        changed()
        store.add(make_offer())  # the same record as before the deletion: a new version
        changed()
        with store.transaction():
            store.add(make_partner())
            store.add(make_referral())
        changed()
        store.load(make_centre_data(offers=2, tag="2"))
        changed()
        store.import_records([Stored(make_centre("ohja"), 3, dt.datetime.now(dt.UTC))])
        changed()
        if store.holds_family_contacts:
            store.add(FamilyContact(family="fam-x", centre="sonnenblume"))
            changed()
            store.delete(FamilyContact, "fam-x")
            changed()
        store.delete(Centre, "ohja")
        changed()

    def test_version_stays_without_a_committed_write(self, store: Store) -> None:
        store.load(make_centre_data(offers=2))
        before = store.version()
        store.offers()
        store.records(Centre)
        with store.reading():
            store.centre_data("sonnenblume")
            assert store.version() == before
        with pytest.raises(ConflictError), store.transaction():
            store.add(make_partner("neu"))
            store.add(make_partner("neu"))  # fails: the block is rolled back
        assert store.version() == before
        with rolled_back(store):
            store.delete(Centre, "sonnenblume", cascade=True)
        assert store.version() == before
        with pytest.raises(ConflictError):
            store.update(make_centre(municipality="Bochum"), revision=9)
        assert not store.load(make_centre_data(offers=2)).changed
        assert store.version() == before
        with store.transaction():
            pass
        assert store.version() == before

    # --- closing ------------------------------------------------------------------------------

    def test_closed_store_refuses_use(self, store: Store) -> None:
        store.add(make_centre())
        store.close()
        assert store.closed
        with pytest.raises(StoreError, match="closed"):
            store.get(Centre, "sonnenblume")
        with pytest.raises(StoreError, match="closed"):
            store.add(make_partner())
        store.close()  # twice is fine


class SharedStoreConformance(StoreConformance):
    """The conformance suite for backends that several connections or processes share.

    Everything :class:`StoreConformance` checks, and that a write through one handle
    gives every other handle a new :meth:`~familycentre.storage.Store.version`, while
    a handle inside ``reading()`` keeps seeing one state. Provide the ``store``
    fixture and ``other_store``: another handle (connection) on the same store.
    SQLite and PostgreSQL run it; memory and the example JSON-file backend, used
    through one handle at a time, run :class:`StoreConformance`.
    """

    @pytest.fixture
    def other_store(self, store: Store) -> Store:
        """Override: another handle (connection) on the same store as ``store``."""
        raise NotImplementedError("a SharedStoreConformance subclass provides other_store")

    def test_version_is_seen_by_other_handles(self, store: Store, other_store: Store) -> None:
        store.add(make_centre())
        assert other_store.version() == store.version()
        before = store.version()
        with other_store.reading():
            assert other_store.version() == before
            assert other_store.offers() == []
            store.add(make_offer())  # committed while the other handle reads
            # the reading handle keeps seeing one state: its version and its data
            assert other_store.version() == before
            assert other_store.offers() == []
        after = other_store.version()
        assert after == store.version() != before
        assert [o.id for o in other_store.offers()] == ["fruehstueck"]
        other_store.delete(Offer, "fruehstueck")
        assert store.version() not in (before, after)
