"""Eight writers with their own connections on the same records.

No update is lost, no deadlock stays unresolved, and every collision reaches the
caller as ConflictError: never as a raw database error, never as a silent overwrite.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import attrs
import pytest

import familycentre as fc
from familycentre.storage import Store
from familycentre.testing import make_centre, make_offer
from familycentre_postgres import PostgresBackend

WRITERS = 8
ROUNDS = 15


def counter(store: Store, offer_id: str) -> int:
    return int(store.get(fc.Offer, offer_id).location or "0")


def bump(store: Store, offer_id: str) -> None:
    """Read an offer and write it back with its counter (the location) one higher."""
    record = store.record(fc.Offer, offer_id)
    value = attrs.evolve(record.value, location=str(int(record.value.location or "0") + 1))
    store.update(value, revision=record.revision)


def run_writers(
    url: str, work: Callable[[Store, int], None], rounds: int = ROUNDS
) -> dict[str, int]:
    """Run ``work(store, writer)`` ``rounds`` times in each of WRITERS threads at once."""
    tally = {"committed": 0, "conflicts": 0}
    failures: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(WRITERS)

    def writer(number: int) -> None:
        try:
            store = Store(PostgresBackend(url))
            with store:
                start.wait()
                for _ in range(rounds):
                    try:
                        work(store, number)
                    except fc.ConflictError:
                        outcome = "conflicts"
                    else:
                        outcome = "committed"
                    with lock:
                        tally[outcome] += 1
        except BaseException as exc:
            with lock:
                failures.append(exc)

    threads = [threading.Thread(target=writer, args=(n,), daemon=True) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert not [t for t in threads if t.is_alive()], "a writer is stuck (unresolved deadlock?)"
    assert failures == []
    assert tally["committed"] + tally["conflicts"] == WRITERS * rounds
    return tally


@pytest.fixture
def shared(pg_store: Store) -> Store:
    """A store with one centre and two offers whose counters (locations) start at 0."""
    pg_store.add(make_centre())
    pg_store.add(make_offer("a", location="0"))
    pg_store.add(make_offer("b", location="0"))
    return pg_store


def test_single_updates_lose_nothing(shared: Store, pg_url: str) -> None:
    tally = run_writers(pg_url, lambda store, _: bump(store, "a"))
    assert tally["committed"] >= 1
    assert tally["conflicts"] >= 1  # eight writers on one record must collide
    assert counter(shared, "a") == tally["committed"]
    assert shared.record(fc.Offer, "a").revision == 1 + tally["committed"]


def test_transactions_in_opposite_orders(shared: Store, pg_url: str) -> None:
    def both(store: Store, writer: int) -> None:
        order = ("a", "b") if writer % 2 else ("b", "a")
        with store.transaction():
            for offer_id in order:
                bump(store, offer_id)

    tally = run_writers(pg_url, both)
    assert tally["committed"] >= 1
    assert counter(shared, "a") == counter(shared, "b") == tally["committed"]
    assert shared.record(fc.Offer, "b").revision == 1 + tally["committed"]


def test_concurrent_adds_of_one_id(shared: Store, pg_url: str) -> None:
    def add(store: Store, writer: int) -> None:
        offers = store.offers()
        store.add(make_offer(f"neu-{len(offers)}", location=str(writer)))

    tally = run_writers(pg_url, add)
    ids = [offer.id for offer in shared.offers()]
    assert len(ids) == 2 + tally["committed"]
    assert len(set(ids)) == len(ids)


def test_crossing_transactions_end_in_one_conflict(shared: Store, pg_url: str) -> None:
    first, second = Store(PostgresBackend(pg_url)), Store(PostgresBackend(pg_url))
    outcome: dict[str, BaseException | None] = {}
    holding = threading.Barrier(2)

    def work(store: Store, name: str, order: tuple[str, str]) -> None:
        try:
            with store.transaction():
                bump(store, order[0])
                holding.wait(timeout=10)  # both hold one record, then want the other
                bump(store, order[1])
        except BaseException as exc:
            outcome[name] = exc
        else:
            outcome[name] = None

    threads = [
        threading.Thread(target=work, args=(first, "first", ("a", "b"))),
        threading.Thread(target=work, args=(second, "second", ("b", "a"))),
    ]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert not any(thread.is_alive() for thread in threads)
    finally:
        first.close()
        second.close()
    errors = [exc for exc in outcome.values() if exc is not None]
    assert len(errors) == 1
    assert isinstance(errors[0], fc.ConflictError)
    assert "at the same time" in str(errors[0])
    assert counter(shared, "a") == counter(shared, "b") == 1
