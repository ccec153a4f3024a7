"""The example third-party backend in plugins/ passes the conformance suite unchanged."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import familycentre as fc
from familycentre.testing import StoreConformance

sys.path.insert(
    0, str(Path(__file__).parents[2] / "plugins" / "familycentre-example-store" / "src")
)
from familycentre_example_store import JsonFileBackend


class TestExampleJsonFileStore(StoreConformance):
    @pytest.fixture
    def store(self, tmp_path: Path) -> Iterator[fc.Store]:
        with fc.Store(JsonFileBackend.from_url(f"jsonfile://{tmp_path / 'store.json'}")) as store:
            yield store


def test_committed_data_is_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    data = fc.load(Path(__file__).parents[2] / "examples" / "sonnenblume.toml")
    with fc.Store(JsonFileBackend.from_url(f"jsonfile://{path}")) as store:
        store.load(data)
        version = store.version()
    with fc.Store(JsonFileBackend.from_url(f"jsonfile:{path}")) as store:
        assert not store.load(data).changed
        assert store.version() == version  # kept in the file
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(fc.StoreError, match="not a store of familycentre-example-store"):
        fc.Store(JsonFileBackend.from_url(f"jsonfile://{path}"))
