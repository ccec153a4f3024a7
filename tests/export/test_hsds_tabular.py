"""The hsds exporter's tabular layout: CSV tables and a data package, checked by Frictionless.

Each export is checked twice by the ``frictionless`` framework (types, formats,
required values, primary and foreign keys): against the ``datapackage.json`` it
carries, and against the specification's own ``datapackage.json`` of HSDS 3.0 (tag
``v3.0``, in ``tests/data/hsds``). The tables, re-read with the ``csv`` module, hold
exactly the objects of the nested JSON export, which is validated against the
official JSON schemas in ``test_hsds.py``.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import gzip
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import attrs
import frictionless
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import familycentre as fc
from familycentre.cli import main
from familycentre.export.hsds_tabular import TABLES
from familycentre.i18n import LANGUAGES
from familycentre.testing import strategies as s
from tests.export.conftest import export_bytes

SPECIFICATION = Path(__file__).resolve().parents[1] / "data" / "hsds" / "datapackage.json.gz"
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "sonnenblume.toml"
YEAR = dt.date(2026, 9, 1), dt.date(2027, 8, 31)
NESTED = {
    "phones",
    "locations",
    "addresses",
    "accessibility",
    "languages",
    "schedules",
    "services",
    "cost_options",
    "service_at_locations",
    "attributes",
    "taxonomy_term",
}


@functools.cache
def specification() -> dict[str, Any]:
    return json.loads(gzip.decompress(SPECIFICATION.read_bytes()))  # type: ignore[no-any-return]


def unpack(archive: bytes, folder: Path) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        assert opened.testzip() is None
        names = opened.namelist()
        opened.extractall(folder)
    return names


def problems(report: frictionless.Report) -> list[Any]:
    return report.flatten(["rowNumber", "fieldName", "type", "note"])  # type: ignore[no-any-return]


def check_package(archive: bytes, folder: Path) -> dict[str, list[dict[str, str]]]:
    """Validate the archive both ways; return its tables as read by the csv module."""
    names = unpack(archive, folder)
    assert names[0] == "datapackage.json"
    ours = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    # 1. The package against the descriptor it carries (the Data Package profile too).
    report = frictionless.validate(str(folder / "datapackage.json"))
    assert report.valid, problems(report)
    # 2. The same CSV files against the specification's descriptor, with its tables
    # that the export fills (foreign keys to the others dropped: their columns empty).
    paths = {r["path"] for r in ours["resources"]}
    official = json.loads(json.dumps(specification()))
    official["resources"] = [r for r in official["resources"] if r["path"] in paths]
    present = {r["name"] for r in official["resources"]}
    tables: dict[str, list[dict[str, str]]] = {}
    for resource in official["resources"]:
        with (folder / resource["path"]).open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            assert reader.fieldnames == [field["name"] for field in resource["schema"]["fields"]]
            tables[resource["name"]] = list(reader)
        keys = resource["schema"].get("foreignKeys", [])
        for key in keys:
            if key["reference"]["resource"] not in present:
                assert all(row[key["fields"]] == "" for row in tables[resource["name"]])
        resource["schema"]["foreignKeys"] = [
            k for k in keys if k["reference"]["resource"] in present
        ]
    (folder / "official.json").write_text(json.dumps(official), encoding="utf-8")
    report = frictionless.validate(str(folder / "official.json"))
    assert report.valid, problems(report)
    assert len(official["resources"]) == len(ours["resources"])
    return tables


def flatten(table: str, item: dict[str, Any], into: dict[str, dict[str, dict[str, Any]]]) -> None:
    """The definition: every object of the nested form, as a row of its table."""
    kinds = {
        "phones": "phone",
        "locations": "location",
        "addresses": "address",
        "accessibility": "accessibility",
        "languages": "language",
        "schedules": "schedule",
        "services": "service",
        "cost_options": "cost_option",
        "service_at_locations": "service_at_location",
        "attributes": "attribute",
        "taxonomy_term": "taxonomy_term",
    }
    row = {}
    for key, value in item.items():
        if key in NESTED:
            for child in value if isinstance(value, list) else [value]:
                flatten(kinds[key], child, into)
        else:
            row[key] = value
    into.setdefault(table, {})[row["id"]] = row


def same_data(tables: dict[str, list[dict[str, str]]], nested: list[dict[str, Any]]) -> None:
    """The CSV rows are the nested export's objects, value for value."""
    expected: dict[str, dict[str, dict[str, Any]]] = {}
    for item in nested:
        flatten("organization", item, expected)
    assert {name for name, rows in tables.items() if rows} == set(expected)
    for name, rows in tables.items():
        assert len({row["id"] for row in rows}) == len(rows)
        by_id = {row["id"]: row for row in rows}
        assert set(by_id) == set(expected.get(name, {}))
        for row_id, want in expected.get(name, {}).items():
            got = {k: v for k, v in by_id[row_id].items() if v != ""}
            for key, value in want.items():
                if key in ("opens_at", "closes_at"):  # seconds added: 09:00 -> 09:00:00
                    assert got.pop(key) == value[:5] + ":00" + value[5:]
                elif isinstance(value, float | int) and not isinstance(value, bool):
                    assert float(got.pop(key)) == value
                elif value == "":  # in CSV an empty text is no text
                    assert key not in got
                else:
                    assert got.pop(key) == str(value), (name, key)
            assert got == {}, (name, got)


@pytest.fixture(scope="module")
def example() -> fc.CentreData:
    return fc.load(EXAMPLE)


@pytest.mark.parametrize("language", LANGUAGES)
def test_example_is_a_valid_hsds_tabular_package(
    example: fc.CentreData, language: str, tmp_path: Path
) -> None:
    archive = export_bytes(
        example, "hsds", start=YEAR[0], end=YEAR[1], language=language, extra={"layout": "tabular"}
    )
    tables = check_package(archive, tmp_path)
    nested = json.loads(
        export_bytes(example, "hsds", start=YEAR[0], end=YEAR[1], language=language)
    )
    same_data(tables, nested)
    assert len(tables["service"]) == len(example.offers)
    assert archive == export_bytes(
        example, "hsds", start=YEAR[0], end=YEAR[1], language=language, extra={"layout": "tabular"}
    )


def test_the_package_check_can_fail(example: fc.CentreData, tmp_path: Path) -> None:
    archive = export_bytes(
        example, "hsds", start=YEAR[0], end=YEAR[1], extra={"layout": "tabular"}
    )
    unpack(archive, tmp_path)
    assert frictionless.validate(str(tmp_path / "datapackage.json")).valid
    # a service whose organization does not exist breaks a foreign key
    path = tmp_path / "services.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    rows[1][rows[0].index("organization_id")] = "00000000-0000-4000-8000-000000000000"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert not report.valid
    assert "foreign-key" in {error[2] for error in problems(report)}


def test_tables_are_the_specifications(tmp_path: Path) -> None:
    official = {r["name"]: r for r in specification()["resources"]}
    for table in TABLES:
        resource = official[table.name]
        assert table.path == resource["path"]
        fields = resource["schema"]["fields"]
        assert table.columns == [f["name"] for f in fields]
        for ours, theirs in zip(table.fields, fields, strict=True):
            assert ours["type"] == theirs["type"]
            assert ours.get("format") == theirs.get("format")
            required = theirs.get("constraints", {}).get("required", False)
            assert ours.get("constraints", {}).get("required", False) == required


@st.composite
def nrw_data(draw: st.DrawFn) -> fc.CentreData:
    data = draw(s.centre_data())
    centre = attrs.evolve(data.centre, region="DE-NW", timezone="Europe/Berlin")
    return attrs.evolve(data, centre=centre)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    network=st.lists(nrw_data(), min_size=1, max_size=3, unique_by=lambda d: d.centre.id),
    language=st.sampled_from(LANGUAGES),
)
def test_random_centres_give_valid_packages(
    network: list[fc.CentreData], language: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    offers = [o.id for d in network for o in d.offers]
    assume(len(set(offers)) == len(offers))  # offer ids are unique in a store
    folder = tmp_path_factory.mktemp("package")
    archive = export_bytes(
        network, "hsds", start=YEAR[0], end=YEAR[1], language=language, extra={"layout": "tabular"}
    )
    tables = check_package(archive, folder)
    nested = json.loads(
        export_bytes(network, "hsds", start=YEAR[0], end=YEAR[1], language=language)
    )
    same_data(tables, nested)


def test_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "directory.zip"
    code = main(
        [
            "export", "hsds", str(EXAMPLE), "--from", "2026-09-01", "--to", "2026-12-31",
            "-O", "layout=tabular", "-q", "-o", str(out),
        ]
    )  # fmt: skip
    assert code == 0
    check_package(out.read_bytes(), tmp_path / "unpacked")
    code = main(["export", "hsds", str(EXAMPLE), "-O", "layout=csv", "-q", "-o", str(out)])
    assert code != 0
    assert "layout" in capsys.readouterr().err
