"""Round trips: object -> plain data -> object, and through data files."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import familycentre as fc
from familycentre.testing import strategies as s

MODEL_STRATEGIES = {
    "text": s.texts,
    "phone": s.phones,
    "contact": s.contacts,
    "address": s.addresses,
    "contact_person": s.contact_persons,
    "time_window": s.time_windows(),
    "monthly_weekday": s.monthly_weekdays,
    "schedule": s.schedules(),
    "closure": s.closures(),
    "cost": s.costs(),
    "registration": s.registrations,
    "centre": s.centres,
    "offer": s.offers(),
    "partner": s.partners,
    "referral": s.referrals(),
    "centre_data": s.centre_data(),
}


@pytest.mark.parametrize("name", sorted(MODEL_STRATEGIES))
def test_structure_unstructure_round_trip(name: str) -> None:
    @given(MODEL_STRATEGIES[name])
    def check(obj: object) -> None:
        plain = fc.unstructure(obj)
        assert fc.structure(plain, type(obj)) == obj
        # and through JSON text, where dates become ISO 8601 strings
        assert fc.from_json(fc.to_json(obj), type(obj)) == obj

    check()


@given(s.centre_data())
def test_toml_text_round_trip(data: fc.CentreData) -> None:
    text = fc.dumps(data, "toml")
    tomllib.loads(text)  # what we write is TOML that the standard library reads
    assert fc.loads(text, "toml") == data


@given(s.centre_data())
def test_json_text_round_trip(data: fc.CentreData) -> None:
    text = fc.dumps(data, "json")
    json.loads(text)
    assert fc.loads(text, "json") == data


@given(data=s.centre_data(), suffix=st.sampled_from([".toml", ".json"]))
def test_file_round_trip(
    tmp_path_factory: pytest.TempPathFactory, data: fc.CentreData, suffix: str
) -> None:
    path = tmp_path_factory.mktemp("data") / f"centre{suffix}"
    fc.dump(data, path)
    assert fc.load(path) == data


def test_example_round_trips(example_path: Path, tmp_path: Path) -> None:
    data = fc.load(example_path)
    fc.dump(data, tmp_path / "copy.toml")
    fc.dump(data, tmp_path / "copy.json")
    assert fc.load(tmp_path / "copy.toml") == data
    assert fc.load(tmp_path / "copy.json") == data


def test_right_to_left_text_survives(tmp_path: Path) -> None:
    arabic = "مركز الأمهات عباد الشمس"
    data = fc.CentreData(
        fc.Centre(
            id="rtl", name=fc.Text("Zentrum", {"ar": arabic}), kind="ohja", municipality="Köln"
        )
    )
    fc.dump(data, tmp_path / "rtl.toml")
    assert fc.load(tmp_path / "rtl.toml").centre.name.get("ar") == arabic
    assert arabic in (tmp_path / "rtl.toml").read_text(encoding="utf-8")
