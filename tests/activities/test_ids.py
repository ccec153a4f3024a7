"""Activity ids: made part by part, they are what joining the parts first gives."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from hypothesis import example, given
from hypothesis import strategies as st

from familycentre.model.activities import activity_id, id_part, join_id_parts


def joined_then_spelt(*parts: object) -> str:
    """The first definition of activity ids: join the parts, then spell the whole."""
    text = "-".join(str(part) for part in parts).lower()
    for umlaut, spelt in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, spelt)
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "record"
    if len(slug) <= 64:
        return slug
    digest = hashlib.sha1(slug.encode()).hexdigest()[:12]
    return f"{slug[:51].rstrip('-')}-{digest}"


parts = st.one_of(
    st.text(max_size=30),
    st.text(alphabet="aZ-_ äÄöÖüÜßẞΣσς İi.0", max_size=12),
    st.dates().map(str),
    st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}", fullmatch=True),
)


@given(st.lists(parts, max_size=6))
@example(["att", "zentrum-0000", "2026-01-05", "z0000-breakfast", "day"])
@example(["help", "zentrum-0000", "2026-01-05", "emergency_childcare"])
@example(["x-", "-y"])
@example(["", "", ""])
@example(["ΑΣ", "Σa"])
@example(["Straße", "Übergang", "a" * 70])
def test_part_by_part_is_joined_then_spelt(items: list[str]) -> None:
    assert activity_id(*items) == joined_then_spelt(*items)
    assert join_id_parts(id_part(item) for item in items) == joined_then_spelt(*items)


def test_parts_of_any_type() -> None:
    assert activity_id("att", dt.date(2026, 3, 2), 7) == "att-2026-03-02-7"
    assert id_part(" Café – Ü ") == "caf-ue"
