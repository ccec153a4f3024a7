"""The example store passes familycentre's storage conformance suite, unchanged."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import familycentre as fc
from familycentre.testing import StoreConformance


class TestJsonFileStore(StoreConformance):
    @pytest.fixture
    def store(self, tmp_path: Path) -> Iterator[fc.Store]:
        with fc.open_store(f"jsonfile://{tmp_path / 'store.json'}") as store:
            yield store


def test_data_survives_reopening(tmp_path: Path) -> None:
    url = f"jsonfile://{tmp_path / 'store.json'}"
    data = fc.load(Path(__file__).parents[3] / "examples" / "sonnenblume.toml")
    with fc.open_store(url) as store:
        store.load(data)
    with fc.open_store(url) as store:
        assert not store.load(data).changed
        assert store.get(fc.Centre, data.centre.id) == data.centre
