"""The batched ``load`` gives exactly what every store's ``load`` gives.

The PostgreSQL store reads what a load needs in a few queries and buffers its
writes; the memory store is the reference: the same loads give the same results,
records, revisions and change events on both.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import familycentre as fc
from familycentre.model.data import CentreData
from familycentre.storage import Store, open_store
from familycentre.testing import make_centre, make_centre_data, make_offer, strategies

KINDS: tuple[type[Any], ...] = (fc.Centre, fc.Partner, fc.Offer, fc.Referral)


def state(store: Store) -> list[tuple[str, str, int, Any]]:
    return [(r.kind, r.id, r.revision, r.value) for k in KINDS for r in store.records(k)]


def centre_id(data: CentreData) -> str:
    return data.centre.id


batches = st.lists(strategies.centre_data(), min_size=1, max_size=2, unique_by=centre_id)


@st.composite
def sessions(draw: st.DrawFn) -> list[list[CentreData]]:
    """Loads that reuse centres: some again unchanged, some with fewer offers."""
    first = draw(batches)
    steps = [first]
    for _ in range(draw(st.integers(1, 2))):
        step = []
        for data in draw(st.lists(st.sampled_from(first), max_size=2, unique_by=centre_id)):
            keep = draw(st.integers(0, len(data.offers)))
            step.append(attrs.evolve(data, offers=data.offers[:keep]))
        step += draw(batches)
        unique = {data.centre.id: data for data in step}
        steps.append(list(unique.values()))
    return steps


def test_same_as_the_memory_store(pg_store: Store, pg_empty: Callable[[], None]) -> None:
    @settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
    @given(sessions())
    def check(steps: list[list[CentreData]]) -> None:
        pg_empty()
        with open_store("memory:") as reference:
            for step in steps:
                assert pg_store.load(step) == reference.load(step)
                assert state(pg_store) == state(reference)

    check()


def test_load_in_a_transaction_with_other_writes(pg_store: Store) -> None:
    with pg_store.transaction():
        pg_store.add(make_centre())
        pg_store.add(make_offer("alt"))
        pg_store.update(make_centre(municipality="Bochum"), revision=1)
        result = pg_store.load(make_centre_data(offers=2))
        assert [offer.id for offer in pg_store.offers(centre="sonnenblume")] == [
            "sonnenblume-offer-0",
            "sonnenblume-offer-1",
        ]
    assert (result.added, result.updated, result.deleted) == (4, 1, 1)
    assert pg_store.record(fc.Centre, "sonnenblume").revision == 3
    assert [offer.id for offer in pg_store.offers()] == [
        "sonnenblume-offer-0",
        "sonnenblume-offer-1",
    ]
