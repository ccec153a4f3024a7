"""The example exporter of the documentation works and passes the conformance suite."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import io
import sys
from pathlib import Path
from types import ModuleType

import pytest

import familycentre as fc
from familycentre.export import DataSource, ExportOptions, export, exporters
from familycentre.export.base import Exporter
from familycentre.plugins import PluginManager
from familycentre.testing.exporters import ExporterConformance

EXAMPLES = Path(__file__).parents[2] / "examples"


def _module() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "offers_csv_exporter", EXAMPLES / "offers_csv_exporter.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("offers_csv_exporter", module)
    spec.loader.exec_module(module)
    return module


example = _module()


class TestOfferCsvExporter(ExporterConformance):
    @pytest.fixture
    def exporter(self) -> Exporter:
        return example.OfferCsvExporter()  # type: ignore[no-any-return]


def test_rows() -> None:
    data = fc.load(EXAMPLES / "sonnenblume.toml")
    stream = io.BytesIO()
    source = DataSource([data], dt.datetime(2026, 11, 1, tzinfo=dt.UTC))
    export(source, example.OfferCsvExporter(), stream, ExportOptions(language="en"))
    rows = list(csv.reader(io.StringIO(stream.getvalue().decode())))
    assert rows[0][0] == "centre"
    assert len(rows) == 1 + len(data.offers)
    assert [
        "sonnenblume",
        "Sunflower Mothers' Centre",
        "fruehstueck",
        "Family breakfast",
        "Breakfast",
        "1",
    ] in rows


def test_registered_through_the_hook() -> None:
    manager = PluginManager(builtins=[])
    manager.register(example, name="offers-csv-example")
    assert list(exporters(manager)) == ["offers-csv"]
