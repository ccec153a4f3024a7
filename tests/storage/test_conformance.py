"""The storage conformance suite, run against the built-in backends."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import familycentre as fc
from familycentre.storage.memory import MemoryBackend
from familycentre.storage.sqlite import SQLiteBackend
from familycentre.testing import SharedStoreConformance, StoreConformance


class TestMemoryStore(StoreConformance):
    @pytest.fixture
    def store(self) -> Iterator[fc.Store]:
        with fc.open_store("memory:") as store:
            assert isinstance(store.backend, MemoryBackend)
            yield store


class TestSQLiteStore(SharedStoreConformance):
    @pytest.fixture
    def store(self, tmp_path: Path) -> Iterator[fc.Store]:
        with fc.open_store(f"sqlite://{tmp_path / 'fc.db'}") as store:
            assert isinstance(store.backend, SQLiteBackend)
            yield store

    @pytest.fixture
    def other_store(self, store: fc.Store) -> Iterator[fc.Store]:
        with fc.open_store(store.url) as other:
            yield other
