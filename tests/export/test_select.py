"""Selecting centres for an export: by id, from a store or data files, unknown ids named."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import familycentre as fc
from familycentre.export import DataSource, ExportOptions
from familycentre.export.select import any_offers, selected_centres, selected_offers
from familycentre.testing import strategies

MODIFIED = dt.datetime(2026, 11, 1, 8, 30, tzinfo=dt.UTC)
EXAMPLE = Path(__file__).parents[2] / "examples" / "sonnenblume.toml"
IDS = [f"zentrum-{n:02d}" for n in range(12)]


def _network() -> list[fc.CentreData]:
    example = fc.load(EXAMPLE)
    return [
        fc.CentreData(attrs.evolve(example.centre, id=centre_id), (), ())
        for centre_id in reversed(IDS)
    ]


@pytest.fixture(params=["data", "memory", "sqlite"])
def source(request: pytest.FixtureRequest, tmp_path: Path) -> fc.Store | DataSource:
    if request.param == "data":
        yield DataSource(_network(), MODIFIED)
        return
    url = "memory:" if request.param == "memory" else f"sqlite:///{tmp_path / 'fc.db'}"
    with fc.open_store(url) as opened:
        for item in _network():
            opened.add(item.centre)
        yield opened


@pytest.mark.parametrize(
    "named",
    [
        (),
        ("zentrum-03",),
        ("zentrum-07", "zentrum-01", "zentrum-07"),
        tuple(reversed(IDS[:9])),  # more than are read one by one
        tuple(IDS),
    ],
)
def test_named_centres_come_once_each_ordered_by_id(
    source: fc.Store | DataSource, named: tuple[str, ...]
) -> None:
    found = selected_centres(source, ExportOptions(centres=named))
    expected = sorted(set(named)) if named else IDS
    assert [record.id for record in found] == expected
    everything = {record.id: record for record in source.records(fc.Centre)}
    assert found == [everything[centre_id] for centre_id in expected]


@pytest.mark.parametrize(
    "named", [("nirgendwo",), ("zentrum-02", "nirgendwo", "Kein Id!"), tuple([*IDS, "nirgendwo"])]
)
def test_every_unknown_centre_is_named(
    source: fc.Store | DataSource, named: tuple[str, ...]
) -> None:
    with pytest.raises(fc.NotFound) as info:
        selected_centres(source, ExportOptions(centres=named))
    message = str(info.value)
    unknown = [centre_id for centre_id in named if centre_id not in IDS]
    assert message.startswith("unknown centre " + ", ".join(repr(c) for c in unknown))
    assert "(known: zentrum-00, zentrum-01," in message


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=strategies.centre_data(),
    categories=st.lists(
        st.sampled_from([c.value for c in fc.Category] + ["kein-begriff"]), max_size=2
    ),
    audiences=st.lists(st.sampled_from([a.value for a in fc.Audience]), max_size=2),
)
def test_any_offers_says_whether_selected_offers_finds_one(
    tmp_path_factory: pytest.TempPathFactory,
    data: fc.CentreData,
    categories: list[str],
    audiences: list[str],
) -> None:
    """From data files and from a store, counted without decoding where one query can."""
    options = ExportOptions(categories=tuple(categories), audiences=tuple(audiences))
    url = f"sqlite:///{tmp_path_factory.mktemp('select') / 'fc.db'}"
    with fc.open_store(url) as store:
        store.add(data.centre)
        for offer in data.offers:
            store.add(offer)
        for source in (DataSource([data], MODIFIED), store):
            expected = bool(selected_offers(source, options, data.centre.id))
            assert any_offers(source, options, [data.centre.id]) is expected
            assert any_offers(source, options, ["anderes-zentrum", data.centre.id]) is expected
            assert any_offers(source, options, []) is False
