"""Model-based test: any sequence of writes leaves the memory and SQLite stores alike."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

import familycentre as fc
from familycentre.storage import Query, Store, open_store
from familycentre.testing import (
    make_centre,
    make_centre_data,
    make_offer,
    make_partner,
    make_referral,
)
from familycentre.testing.strategies import texts

CENTRES = st.sampled_from(["c1", "c2"])
OFFERS = st.sampled_from(["o1", "o2", "o3"])
AUDIENCES = st.lists(st.sampled_from(list(fc.Audience)[:4]), max_size=2, unique=True)
CATEGORIES = st.sampled_from([fc.Category.BREAKFAST, fc.Category.EDUCATION])
PARTNERS = st.sampled_from(["p1", "p2"])
REFERRALS = st.sampled_from(["r1", "r2", "r3"])
KINDS = st.sampled_from([fc.Centre, fc.Offer, fc.Partner, fc.Referral])
IDS = {fc.Centre: CENTRES, fc.Offer: OFFERS, fc.Partner: PARTNERS, fc.Referral: REFERRALS}
DRIFT = st.sampled_from([0, 0, 0, -1, 1])  # mostly the current revision, sometimes stale


class _Undo(Exception):
    pass


class StoresAgree(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.directory = tempfile.mkdtemp(prefix="fc-stateful-")
        self.memory: Store = open_store("memory:")
        self.sqlite: Store = open_store(f"sqlite://{self.directory}/fc.db")

    def teardown(self) -> None:
        self.memory.close()
        self.sqlite.close()
        shutil.rmtree(self.directory, ignore_errors=True)

    def both(self, operation: Callable[[Store], Any]) -> None:
        outcomes = []
        for store in (self.memory, self.sqlite):
            try:
                result = operation(store)
            except (fc.FamilyCentreError, _Undo) as exc:
                outcomes.append(("error", type(exc).__name__))
            else:
                if isinstance(result, fc.Stored):
                    result = (result.value, result.revision)
                outcomes.append(("ok", result))
        assert outcomes[0] == outcomes[1]

    def revision(self, kind: type[Any], record_id: str, drift: int) -> int:
        found = self.memory.records(kind)
        current = next((r.revision for r in found if r.id == record_id), 1)
        return max(current + drift, 1)

    @rule(centre=CENTRES, name=texts)
    def add_centre(self, centre: str, name: fc.Text) -> None:
        self.both(lambda s: s.add(make_centre(centre, name=name)))

    @rule(centre=CENTRES, municipality=st.sampled_from(["Dortmund", "Bochum"]), drift=DRIFT)
    def update_centre(self, centre: str, municipality: str, drift: int) -> None:
        revision = self.revision(fc.Centre, centre, drift)
        value = make_centre(centre, municipality=municipality)
        self.both(lambda s: s.update(value, revision=revision))

    @rule(
        offer=OFFERS,
        centre=CENTRES,
        title=texts,
        category=CATEGORIES,
        audiences=AUDIENCES,
    )
    def add_offer(
        self,
        offer: str,
        centre: str,
        title: fc.Text,
        category: fc.Category,
        audiences: list[fc.Audience],
    ) -> None:
        value = make_offer(offer, centre, title=title, category=category, audiences=audiences)
        self.both(lambda s: s.add(value))

    @rule(
        offer=OFFERS,
        centre=CENTRES,
        title=texts,
        category=CATEGORIES,
        audiences=AUDIENCES,
        drift=DRIFT,
    )
    def update_offer(
        self,
        offer: str,
        centre: str,
        title: fc.Text,
        category: fc.Category,
        audiences: list[fc.Audience],
        drift: int,
    ) -> None:
        revision = self.revision(fc.Offer, offer, drift)
        value = make_offer(offer, centre, title=title, category=category, audiences=audiences)
        self.both(lambda s: s.update(value, revision=revision))

    @rule(partner=PARTNERS, kind=st.sampled_from(list(fc.PartnerKind)[:3]))
    def add_partner(self, partner: str, kind: fc.PartnerKind) -> None:
        self.both(lambda s: s.add(make_partner(partner, kind=kind)))

    @rule(referral=REFERRALS, centre=CENTRES, partner=PARTNERS)
    def add_referral(self, referral: str, centre: str, partner: str) -> None:
        self.both(lambda s: s.add(make_referral(referral, centre, partner)))

    @rule(
        kind=KINDS,
        data=st.data(),
        cascade=st.booleans(),
        with_revision=st.booleans(),
        drift=DRIFT,
    )
    def delete(
        self, kind: type[Any], data: st.DataObject, cascade: bool, with_revision: bool, drift: int
    ) -> None:
        record_id = data.draw(IDS[kind])
        revision = self.revision(kind, record_id, drift) if with_revision else None
        self.both(lambda s: s.delete(kind, record_id, revision=revision, cascade=cascade))

    @rule(centre=CENTRES, offers=st.integers(0, 3), tag=st.sampled_from(["", "x"]))
    def load(self, centre: str, offers: int, tag: str) -> None:
        data = make_centre_data(centre, offers=offers, partners=1, tag=tag)
        self.both(lambda s: s.load(data))

    @rule(centre=CENTRES, offer=OFFERS)
    def failed_transaction(self, centre: str, offer: str) -> None:
        def attempt(store: Store) -> None:
            with store.transaction():
                store.add(make_centre(centre))
                store.add(make_offer(offer, centre))
                raise _Undo

        self.both(attempt)

    @invariant()
    def same_records(self) -> None:
        for kind in (fc.Centre, fc.Offer, fc.Partner, fc.Referral):
            mine = [(r.value, r.revision) for r in self.memory.records(kind)]
            theirs = [(r.value, r.revision) for r in self.sqlite.records(kind)]
            assert mine == theirs

    @invariant()
    def same_answers(self) -> None:
        for query in (
            Query(audience=fc.Audience.FAMILIES),
            Query(audience=fc.Audience.MOTHERS),
            Query(category=fc.Category.BREAKFAST, centre="c1"),
            Query(text="a"),
        ):
            mine = [r.id for r in self.memory.records(fc.Offer, query)]
            assert mine == [r.id for r in self.sqlite.records(fc.Offer, query)]


StoresAgree.TestCase.settings = settings(max_examples=80, stateful_step_count=30, deadline=None)
TestStoresAgree = StoresAgree.TestCase
