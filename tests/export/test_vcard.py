"""The vCard partner list, read back by vobject."""

from __future__ import annotations

from pathlib import Path

import pytest
import vobject
from hypothesis import given
from hypothesis import strategies as st

import familycentre as fc
from familycentre.testing import strategies as s
from tests.export.conftest import MODIFIED, export_bytes


@pytest.fixture(scope="module")
def example() -> fc.CentreData:
    return fc.load(Path(__file__).parents[2] / "examples" / "sonnenblume.toml")


def cards(data: bytes) -> list[vobject.base.Component]:
    return list(vobject.readComponents(data.decode("utf-8")))


def by_uid(parsed: list[vobject.base.Component]) -> dict[str, vobject.base.Component]:
    return {card.uid.value: card for card in parsed}


def phone_numbers(card: vobject.base.Component, version: str) -> list[str]:
    values = [tel.value for tel in card.contents.get("tel", [])]
    if version == "4.0":
        assert all(value.startswith("tel:+") for value in values)
        return [value.removeprefix("tel:") for value in values]
    return ["+" + "".join(ch for ch in value if ch.isdigit()) for value in values]


def check_partner(
    partner: fc.Partner, parsed: dict[str, vobject.base.Component], version: str
) -> None:
    from familycentre.export.vcard import card_uid

    card = parsed[card_uid("partner", partner.id)]
    assert card.version.value == version
    assert card.fn.value == partner.name.de
    assert card.org.value == [partner.name.de]
    assert phone_numbers(card, version) == [p.number for p in partner.contact.phones]
    assert [e.value for e in card.contents.get("email", [])] == list(partner.contact.emails)
    assert card.categories.value == [partner.kind.label("de")]
    if version == "4.0":
        assert card.kind.value == "org"
    if partner.address is None:
        assert "adr" not in card.contents
    else:
        adr = card.adr.value
        assert (adr.street, adr.code, adr.city) == (
            partner.address.street,
            partner.address.postal_code,
            partner.address.city,
        )
    if partner.notes is not None:
        assert card.note.value == partner.notes.de
    if partner.contact.website:
        assert card.url.value == partner.contact.website
    assert card.rev.value == MODIFIED.strftime("%Y%m%dT%H%M%SZ")
    for index, person in enumerate(partner.contacts):
        person_card = parsed[card_uid("person", partner.id, str(index), person.name)]
        assert person_card.fn.value == person.name
        assert person_card.org.value == [partner.name.de]
        assert phone_numbers(person_card, version) == [p.number for p in person.phones]
        assert [e.value for e in person_card.contents.get("email", [])] == list(person.emails)
        if person.role:
            assert person_card.title.value == person.role
        if version == "4.0":
            assert person_card.related.value == card_uid("partner", partner.id)


@pytest.mark.parametrize("version", ["4.0", "3.0"])
def test_example_partners_come_back_equal(example: fc.CentreData, version: str) -> None:
    parsed = cards(export_bytes(example, "vcard", extra={"version": version}))
    people = sum(len(p.contacts) for p in example.partners)
    assert len(parsed) == 1 + len(example.partners) + people
    index = by_uid(parsed)
    for partner in example.partners:
        check_partner(partner, index, version)


def test_centre_card(example: fc.CentreData) -> None:
    (centre,) = [
        c for c in cards(export_bytes(example, "vcard")) if c.fn.value.startswith("Mütter")
    ]
    assert centre.kind.value == "org"
    assert centre.geo.value == "geo:51.4893,7.5125"
    assert [lang.value for lang in centre.contents["lang"]] == ["de", "tr", "ar", "uk", "en"]
    assert centre.categories.value == ["Mütterzentrum"]


def test_person_names_are_split(example: fc.CentreData) -> None:
    parsed = cards(export_bytes(example, "vcard"))
    hoffmann = next(c for c in parsed if c.fn.value == "Dr. Lena Hoffmann")
    assert (hoffmann.n.value.prefix, hoffmann.n.value.given, hoffmann.n.value.family) == (
        "Dr.",
        "Lena",
        "Hoffmann",
    )


def test_same_data_gives_identical_bytes(example: fc.CentreData) -> None:
    assert export_bytes(example, "vcard") == export_bytes(example, "vcard")
    assert export_bytes(example, "vcard", extra={"version": "3.0"}) == export_bytes(
        example, "vcard", extra={"version": "3.0"}
    )


def test_unknown_version(example: fc.CentreData) -> None:
    with pytest.raises(fc.InvalidData, match=r"must be one of 4\.0, 3\.0, not '2\.1'"):
        export_bytes(example, "vcard", extra={"version": "2.1"})


@pytest.mark.slow
@given(data=s.centre_data(), version=st.sampled_from(["4.0", "3.0"]))
def test_random_partners_round_trip_through_vobject(data: fc.CentreData, version: str) -> None:
    parsed = by_uid(cards(export_bytes(data, "vcard", extra={"version": version})))
    for partner in data.partners:
        check_partner(partner, parsed, version)
