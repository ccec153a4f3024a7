"""Hostile ids and texts: stored and returned unchanged, or refused with a clear error."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import familycentre as fc
from familycentre.testing import make_centre, make_offer
from familycentre.testing.strategies import HOSTILE

BAD_IDS = ["'; DROP TABLE offers; --", "a'b", 'a"b', "a;b", "a\x00b", "A", "", "a b"]


@pytest.mark.parametrize("bad_id", BAD_IDS)
def test_bad_ids_are_refused_by_the_model(bad_id: str) -> None:
    with pytest.raises(ValueError, match=r"not a valid id|must not be empty"):
        make_centre(bad_id)
    with pytest.raises(
        fc.InvalidData, match=r"^id: .*(not a valid id|must not be empty|control characters)"
    ):
        fc.structure({"id": bad_id, "name": "x", "kind": "ohja", "municipality": "D"}, fc.Centre)


@pytest.mark.parametrize("field", ["municipality", "district"])
def test_nul_in_text_is_refused_with_a_clear_error(field: str) -> None:
    with pytest.raises(ValueError, match="must not contain control characters: NUL"):
        make_centre(**{field: "Dort\x00mund"})
    plain = {"id": "x", "name": "x", "kind": "ohja", "municipality": "D", field: "a\x00b"}
    with pytest.raises(fc.InvalidData, match=f"{field}: must not contain control characters: NUL"):
        fc.structure(plain, fc.Centre)


def test_nul_in_a_data_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "nul.json"
    path.write_text(
        '{"centre": {"id": "x", "name": "a\\u0000b", "kind": "ohja", "municipality": "D"}}',
        encoding="utf-8",
    )
    with pytest.raises(
        fc.InvalidData, match=r"centre\.name: must not contain control characters: NUL"
    ):
        fc.load(path)


@pytest.mark.parametrize("text", [*HOSTILE, "ä" * 100_000])
def test_hostile_text_in_sqlite_is_data_not_sql(tmp_path: Path, text: str) -> None:
    path = tmp_path / "fc.db"
    with fc.open_store(f"sqlite://{path}") as store:
        store.add(make_centre(municipality=text))
        store.add(make_offer(location=text, title=fc.Text(text)))
        assert [o.id for o in store.offers(text=text)] == ["fruehstueck"]
    connection = sqlite3.connect(path)
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    offers = connection.execute("SELECT count(*) FROM offers").fetchone()[0]
    connection.close()
    assert {"centres", "offers"} <= tables
    assert offers == 1
    with fc.open_store(f"sqlite://{path}") as store:
        assert store.get(fc.Centre, "sonnenblume").municipality == text
        assert store.get(fc.Offer, "fruehstueck").location == text
