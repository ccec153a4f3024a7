"""vCard lines are folded at 75 octets (RFC 6350, 3.2), also for Arabic and emoji text."""

from __future__ import annotations

import vobject
from hypothesis import given, settings
from hypothesis import strategies as st

import familycentre as fc
from familycentre.export.vcard import FOLD_OCTETS, fold_lines, partner_cards, serialize_card

ARABIC = "مركز الأمهات والعائلة في الحي الشمالي يقدم الاستشارات المجانية للأسر الجديدة"


def physical_lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    return data[:-2].split(b"\r\n")


def check_folded(data: bytes) -> None:
    for line in physical_lines(data):
        assert len(line) <= FOLD_OCTETS, (len(line), line)
        line.decode("utf-8")  # no multi-octet character was cut


def partner(name: str, note: str) -> fc.Partner:
    return fc.Partner(
        id="beratung",
        name=name,
        kind=fc.PartnerKind.FAMILY_COUNSELLING,
        notes=note,
    )


def test_arabic_note_is_folded_at_75_octets_and_read_back() -> None:
    item = partner(ARABIC, ARABIC + "\n" + ARABIC)
    for version in ("4.0", "3.0"):
        data = serialize_card(partner_cards(item)[0], version)
        lines = physical_lines(data)
        assert max(len(line) for line in lines) > 70  # long lines were really folded
        assert sum(line.startswith(b" ") for line in lines) >= 4
        check_folded(data)
        card = next(vobject.readComponents(data.decode("utf-8")))
        assert card.fn.value == ARABIC
        assert card.note.value == ARABIC + "\n" + ARABIC


def test_fold_lines_keeps_short_lines_and_cuts_between_characters() -> None:
    assert fold_lines("BEGIN:VCARD\r\nEND:VCARD\r\n") == b"BEGIN:VCARD\r\nEND:VCARD\r\n"
    folded = fold_lines("NOTE:" + "ع" * 100 + "\r\n")
    lines = physical_lines(folded)
    assert [len(line) for line in lines] == [75, 75, 57]  # 5 + 35×2, 1 + 37×2, 1 + 28×2
    assert b"".join(line.removeprefix(b" ") for line in lines).decode() == "NOTE:" + "ع" * 100


@settings(max_examples=60, deadline=None)
@given(
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\t"),
        min_size=1,
        max_size=300,
    ).filter(lambda t: not fc.model._checks.blank(t))
)
def test_any_note_is_folded_and_read_back_equal(note: str) -> None:
    data = serialize_card(partner_cards(partner("Beratung", note))[0], "4.0")
    check_folded(data)
    card = next(vobject.readComponents(data.decode("utf-8")))
    assert card.note.value == note
