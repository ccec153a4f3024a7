"""The direct JSON writers of the activity records write what the converter writes.

``to_json`` writes activity records without the converter (a year of tallies is a
million records); stores compare and keep that text, so it must be the converter's
text byte for byte: checked here on generated records of every class.
"""

from __future__ import annotations

import datetime as dt
import json

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import familycentre as fc
from familycentre.model.activities import ACTIVITY_CLASSES
from familycentre.serialization import direct_json_writer, generic_json, to_json
from familycentre.testing import strategies as s


@pytest.mark.parametrize("cls", ACTIVITY_CLASSES, ids=lambda cls: cls.__name__)
def test_every_activity_class_has_a_direct_writer(cls: type) -> None:
    nested = {
        kind: writer
        for kind in (fc.AudienceCount, fc.AgeCount, fc.Response)
        if (writer := direct_json_writer(kind)) is not None
    }
    assert len(nested) == 3
    assert direct_json_writer(cls, nested) is not None


@pytest.mark.parametrize("cls", [fc.Offer, fc.Centre, fc.Schedule, fc.Phone, fc.Text])
def test_classes_with_their_own_forms_have_none(cls: type) -> None:
    # fields of types with hooks of their own (texts, schedules, phones): only the
    # converter writes them
    assert direct_json_writer(cls) is None


@pytest.mark.parametrize("cls", ACTIVITY_CLASSES, ids=lambda cls: cls.__name__)
def test_direct_json_is_the_converters_json(cls: type) -> None:
    @given(s.ACTIVITY_STRATEGIES[cls]())
    def check(record: object) -> None:
        text = to_json(record)
        assert text == generic_json(record)
        assert fc.from_json(text, cls) == record

    check()


@given(
    st.builds(
        fc.HelpCase,
        id=s.slugs,
        centre=s.slugs,
        date=s.dates,
        kind=st.sampled_from(fc.HelpKind),
        cases=st.integers(1, 10**6),
        hours=st.none() | st.floats(0, 10_000) | st.integers(0, 10_000),
        note=st.none() | s.plain_text,
    )
)
def test_numbers_and_texts_are_written_alike(record: fc.HelpCase) -> None:
    # float repr (1e-07, 10000.0), whole hours given as int, escapes and any script
    assert to_json(record) == generic_json(record)


class _Label(str):
    """A str subclass: valid for a text field, but not what the direct writer knows."""


def test_an_unknown_value_type_falls_back_to_the_converter() -> None:
    record = fc.Attendance(
        id="a",
        centre="c",
        offer="o",
        date=dt.date(2026, 3, 2),
        participants=3,
        note=_Label("Notiz „Café“"),
    )
    assert to_json(record) == generic_json(record)
    assert json.loads(to_json(record))["note"] == "Notiz „Café“"
    dated = attrs.evolve(record, note=None)
    moment = dt.datetime(2026, 3, 2, 9, 0)
    object.__setattr__(dated, "date", moment)  # a datetime, which the validator refuses
    assert to_json(dated) == generic_json(dated)
    assert '"date": "2026-03-02T09:00:00"' in to_json(dated)


def test_indented_json_is_the_converters() -> None:
    record = fc.HelpCase(id="h", centre="c", date=dt.date(2026, 3, 2), kind="laundry")
    assert to_json(record, indent=2) == generic_json(record, indent=2)
    assert "\n" in to_json(record, indent=2)
