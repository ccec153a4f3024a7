"""The familycentre pytest plugin (entry point ``pytest11``): fixtures for plugin authors.

``fc_plugin_manager``
    A fresh :class:`~familycentre.plugins.PluginManager` with the built-in plugins and
    no installed ones, installed as the process's manager for the test. Register the
    plugin under test on it with ``fc_plugin_manager.register(module)``.
``fc_store``
    A new SQLite store in a temporary directory, closed after the test.
``fc_memory_store``
    A new in-memory store.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from familycentre.plugins import PluginManager
    from familycentre.storage import Store

__all__ = ["fc_memory_store", "fc_plugin_manager", "fc_store"]


@pytest.fixture
def fc_plugin_manager() -> Iterator[PluginManager]:
    """A fresh plugin manager (built-ins only), the process's manager during the test."""
    from familycentre.plugins import PluginManager, set_plugin_manager

    manager = PluginManager(entry_points=False)
    manager.load()
    previous = set_plugin_manager(manager)
    try:
        yield manager
    finally:
        set_plugin_manager(previous)


@pytest.fixture
def fc_store(tmp_path: Path) -> Iterator[Store]:
    """A new SQLite store in a temporary directory."""
    from familycentre.storage import open_store

    with open_store(f"sqlite://{(tmp_path / 'familycentre.db').as_posix()}") as store:
        yield store


@pytest.fixture
def fc_memory_store() -> Iterator[Store]:
    """A new in-memory store."""
    from familycentre.storage import open_store

    with open_store("memory:") as store:
        yield store
