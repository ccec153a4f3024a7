"""vCard phones keep their labels and mobiles are typed ``cell`` (read with vobject)."""

from __future__ import annotations

from pathlib import Path

import pytest
import vobject

from familycentre.cli import main

DATA = """
[centre]
id = "linde"
name = "Familienzentrum Linde"
kind = "family_centre"
municipality = "Essen"

[centre.contact]
phones = [
    "0201 123456",
    "0171 2345678",
    { number = "0151 23456789", kind = "mobile", label = "Notfall-Kinderbetreuung" },
    { number = "0201 654321", label = "Büro, nur Mo–Fr" },
]

[[partners]]
id = "beratung"
name = "Familienberatung"
kind = "family_counselling"
[partners.contact]
phones = [{ number = "0201 777777", kind = "fax", label = "Fax Sekretariat" }]
"""


def cards(tmp_path: Path, version: str) -> list[vobject.base.Component]:
    data = tmp_path / "linde.toml"
    data.write_text(DATA, "utf-8")
    out = tmp_path / f"{version}.vcf"
    assert (
        main(["export", "vcard", str(data), "-o", str(out), "--vcard-version", version, "-q"]) == 0
    )
    return list(vobject.readComponents(out.read_text("utf-8")))


def phones(card: vobject.base.Component) -> dict[str, tuple[set[str], str | None]]:
    labels = {
        line.group: line.value for line in card.lines() if line.name == "X-ABLABEL" and line.group
    }
    found = {}
    for line in card.contents.get("tel", []):
        number = line.value.removeprefix("tel:").replace(" ", "")
        types = {t.lower() for t in line.params.get("TYPE", [])}
        found[number] = (types, labels.get(line.group) if line.group else None)
    return found


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_labels_and_mobile_types(tmp_path: Path, version: str) -> None:
    centre, partner = cards(tmp_path, version)
    found = phones(centre)
    assert found["+49201123456"] == ({"work", "voice"}, None)
    assert found["+491712345678"] == ({"work", "cell"}, None)  # a mobile number: cell
    assert found["+4915123456789"] == ({"work", "cell"}, "Notfall-Kinderbetreuung")
    assert found["+49201654321"] == ({"work", "voice"}, "Büro, nur Mo–Fr")
    assert phones(partner)["+49201777777"] == ({"work", "fax"}, "Fax Sekretariat")


def test_each_label_has_its_own_group(tmp_path: Path) -> None:
    (centre, _) = cards(tmp_path, "4.0")
    groups = [line.group for line in centre.contents["tel"] if line.group]
    assert len(groups) == len(set(groups)) == 2
