"""Any string: refused when it validates not, and exported faithfully when it does.

Strings are drawn from every part of Unicode (controls, surrogates, format
characters, private use, astral planes), written into a JSON data file as title,
description and partner note, and read with :func:`familycentre.loads`. When the
file is refused, the message names the place. When it is accepted, the iCal and
vCard exports hold no control character and icalendar and vobject read the very
same string back.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import icalendar
import vobject
from hypothesis import example, given, settings
from hypothesis import strategies as st

import familycentre as fc
from tests.export.conftest import export_bytes

# In a content line only HTAB and the CRLF line ends may be controls (RFC 5545 3.1, RFC 6350 3.3).
CONTROLS = re.compile(rb"[\x00-\x08\x0a-\x1f\x7f]|\xc2[\x80-\x9f]")

any_text = st.text(
    alphabet=st.characters(codec=None, exclude_categories=()),
    min_size=0,
    max_size=40,
) | st.sampled_from(["\x1b[31mrot", "\u200b", "\ud800", "a\rb", "\u202eevil", "\t", "\n"])


def data_file(text: str) -> str:
    return json.dumps(
        {
            "centre": {
                "id": "c",
                "name": "Zentrum",
                "kind": "ohja",
                "municipality": "Köln",
            },
            "offers": [
                {
                    "id": "o",
                    "title": text,
                    "description": text,
                    "category": "other",
                    "schedule": [{"weekly": ["mon"], "times": ["10:00-11:00"]}],
                }
            ],
            "partners": [
                {"id": "p", "name": text, "kind": "other", "notes": text},
            ],
        },
        ensure_ascii=True,  # surrogates travel as \\ud800 escapes, as in a hostile file
    )


def without_controls(data: bytes) -> bool:
    return CONTROLS.search(data.replace(b"\r\n", b"")) is None


@settings(max_examples=300, deadline=None)
@given(text=any_text)
@example(text="\x1b[2J")
@example(text="\u3164")
@example(text="مركز الأمهات\u200f")
def test_a_text_validates_only_if_it_exports_and_parses_back_equal(text: str) -> None:
    try:
        data = fc.loads(data_file(text), "json")
    except fc.InvalidData as exc:
        refused = exc
    else:
        refused = None
    if refused is not None:
        places = {problem.location for problem in refused.problems}
        assert places <= {
            "offers[0].title",
            "offers[0].description",
            "partners[0].name",
            "partners[0].notes",
        }, places
        assert places, refused
        return
    ics = export_bytes(data, "ical", start=dt.date(2026, 9, 1), end=dt.date(2026, 9, 30))
    vcf = export_bytes(data, "vcard")
    assert without_controls(ics)
    assert without_controls(vcf)
    (event,) = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    assert str(event["SUMMARY"]) == text
    assert str(event["DESCRIPTION"]).startswith(text)
    card = next(c for c in vobject.readComponents(vcf.decode("utf-8")) if c.fn.value == text)
    assert card.note.value == text
    for line in vcf.split(b"\r\n"):
        assert len(line) <= 75
