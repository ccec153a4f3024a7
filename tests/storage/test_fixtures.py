"""The fixtures of the familycentre pytest plugin (entry point pytest11)."""

from __future__ import annotations

import familycentre as fc
from familycentre.plugins import PluginManager, get_plugin_manager
from familycentre.storage import storage_backends
from familycentre.storage.memory import MemoryBackend
from familycentre.storage.sqlite import SQLiteBackend
from familycentre.testing import make_centre_data


def test_fc_store_is_a_new_sqlite_store(fc_store: fc.Store) -> None:
    assert isinstance(fc_store.backend, SQLiteBackend)
    assert fc_store.centres() == []
    fc_store.load(make_centre_data())
    assert len(fc_store.offers()) == 3


def test_fc_memory_store(fc_memory_store: fc.Store) -> None:
    assert isinstance(fc_memory_store.backend, MemoryBackend)
    assert fc_memory_store.centres() == []


def test_fc_plugin_manager_is_fresh_and_installed(fc_plugin_manager: PluginManager) -> None:
    assert get_plugin_manager() is fc_plugin_manager
    assert fc_plugin_manager.plugins() == []  # no installed plugins
    assert {"memory", "sqlite"} <= set(storage_backends(fc_plugin_manager))
    fc_plugin_manager.check_pending()


def test_centre_data_reads_one_state(fc_store: fc.Store) -> None:
    data = make_centre_data(offers=4)
    fc_store.load(data)
    with fc_store.transaction():  # inside a transaction, it sees the transaction's writes
        fc_store.delete(fc.Offer, data.offers[0].id)
        assert len(fc_store.centre_data("sonnenblume").offers) == 3
    assert len(fc_store.centre_data("sonnenblume").offers) == 3
