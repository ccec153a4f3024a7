"""A connection dropped in the middle of a transaction (pg_terminate_backend).

The server rolls the transaction back; the caller gets a StoreError that says what
happened, never a raw psycopg exception; the store opens a new connection on its
next use and holds exactly the committed state.
"""

from __future__ import annotations

import psycopg
import pytest

import familycentre as fc
from familycentre.storage import Store, StoreError
from familycentre.testing import make_centre, make_centre_data, make_offer, make_partner
from familycentre_postgres import PostgresBackend

Admin = psycopg.Connection[tuple[object, ...]]


def terminate(admin: Admin, store: Store) -> None:
    """End the server process of ``store``'s connection, as an administrator would."""
    row = admin.execute("SELECT pg_terminate_backend(%s)", (store.backend.backend_pid,)).fetchone()
    assert row == (True,)


def test_dropped_in_the_middle_of_a_transaction(
    pg_store: Store, pg_admin: Admin, pg_url: str
) -> None:
    pg_store.add(make_centre("vorher"))

    def work() -> None:
        with pg_store.transaction():
            pg_store.add(make_centre())
            pg_store.add(make_offer())
            terminate(pg_admin, pg_store)
            pg_store.add(make_partner())

    with pytest.raises(StoreError, match="connection to the server was lost") as caught:
        work()
    assert not isinstance(caught.value, psycopg.Error)
    assert caught.value.__cause__ is None or not isinstance(caught.value.__cause__, psycopg.Error)
    with Store(PostgresBackend(pg_url)) as other:
        assert [centre.id for centre in other.centres()] == ["vorher"]
        assert other.offers() == []
        assert other.partners() == []
    # the store connects again and goes on
    pg_store.add(make_centre())
    assert [centre.id for centre in pg_store.centres()] == ["sonnenblume", "vorher"]


def test_dropped_before_the_commit(pg_store: Store, pg_admin: Admin, pg_url: str) -> None:
    def work() -> None:
        with pg_store.transaction():
            pg_store.load(make_centre_data(offers=5))  # buffered: sent at the commit
            terminate(pg_admin, pg_store)

    with pytest.raises(StoreError, match="lost"):
        work()
    other = Store(PostgresBackend(pg_url))
    with other:
        assert set(other.backend.counts().values()) == {0}
    pg_store.load(make_centre_data(offers=5))
    assert len(pg_store.offers()) == 5


def test_dropped_between_transactions(pg_store: Store, pg_admin: Admin) -> None:
    # Nothing was under way: the store connects again and the caller notices nothing.
    pg_store.add(make_centre())
    old = pg_store.backend.backend_pid
    terminate(pg_admin, pg_store)
    assert pg_store.get(fc.Centre, "sonnenblume") == make_centre()
    assert pg_store.backend.backend_pid != old
    terminate(pg_admin, pg_store)
    pg_store.add(make_offer())
    assert pg_store.offers() == [make_offer()]


def test_unreachable_server_is_a_store_error() -> None:
    with pytest.raises(StoreError, match="cannot connect") as caught:
        Store(PostgresBackend("postgresql://nobody:geheim@127.0.0.1:1/nichts?connect_timeout=2"))
    assert "geheim" not in str(caught.value)
    assert "***" in str(caught.value)
