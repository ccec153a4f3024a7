"""VTIMEZONE: compact yearly rules, checked with parsers the project did not write."""

from __future__ import annotations

import datetime as dt
import io
import zoneinfo

import pytest
import vobject
from dateutil import tz

from familycentre.export.vtimezone import transitions, vtimezone_bytes

ZONES = [
    "Europe/Berlin",
    "Europe/London",
    "Europe/Istanbul",
    "Europe/Kyiv",
    "America/New_York",
    "Australia/Sydney",
    "Asia/Tehran",
    "UTC",
]


def parsed_with_dateutil(name: str, first: int, last: int) -> dt.tzinfo:
    text = vtimezone_bytes(name, first, last).decode()
    zone = tz.tzical(io.StringIO(text)).get(name)
    assert zone is not None
    return zone


def instants(first: int, last: int) -> list[dt.datetime]:
    """Every sixth hour of the years, in UTC."""
    start = dt.datetime(first, 1, 1, tzinfo=dt.UTC)
    end = dt.datetime(last + 1, 1, 1, tzinfo=dt.UTC)
    result = []
    while start < end:
        result.append(start)
        start += dt.timedelta(hours=6)
    return result


@pytest.mark.parametrize("name", ZONES)
def test_offsets_equal_zoneinfo_every_six_hours(name: str) -> None:
    ours = parsed_with_dateutil(name, 2026, 2027)
    truth = zoneinfo.ZoneInfo(name)
    for instant in instants(2026, 2027):
        assert instant.astimezone(ours).utcoffset() == instant.astimezone(truth).utcoffset(), (
            instant
        )


def test_berlin_is_the_compact_form() -> None:
    text = vtimezone_bytes("Europe/Berlin", 2026, 2030).decode()
    assert text.count("BEGIN:DAYLIGHT") == 1
    assert text.count("BEGIN:STANDARD") == 1
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in text
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10" in text
    assert "RDATE" not in text


@pytest.mark.parametrize(
    ("local", "offset"),
    [
        (dt.datetime(2026, 1, 15, 9, 0), dt.timedelta(hours=1)),
        (dt.datetime(2026, 7, 15, 9, 0), dt.timedelta(hours=2)),
        (dt.datetime(2026, 3, 29, 9, 0), dt.timedelta(hours=2)),  # the day clocks go forward
        (dt.datetime(2026, 10, 25, 9, 0), dt.timedelta(hours=1)),  # the day they go back
        (dt.datetime(2027, 3, 27, 9, 0), dt.timedelta(hours=1)),
    ],
)
def test_winter_and_summer_offsets_with_vobject(local: dt.datetime, offset: dt.timedelta) -> None:
    """A 9:00 event is read at 9:00 local time in winter and in summer, by vobject."""
    text = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        + vtimezone_bytes("Europe/Berlin", 2026, 2027).decode()
        + "BEGIN:VEVENT\r\nUID:x\r\nDTSTAMP:20260101T000000Z\r\n"
        + f"DTSTART;TZID=Europe/Berlin:{local:%Y%m%dT%H%M%S}\r\n"
        + "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    event = vobject.readOne(text).vevent
    start = event.dtstart.value
    assert start.replace(tzinfo=None) == local
    assert start.utcoffset() == offset


def test_transitions_of_berlin_2026() -> None:
    found = list(transitions("Europe/Berlin", 2026, 2026))
    assert [(t.local, t.daylight) for t in found] == [
        (dt.datetime(2026, 3, 29, 2, 0), True),
        (dt.datetime(2026, 10, 25, 3, 0), False),
    ]


def test_zone_whose_rules_changed_is_written_per_transition() -> None:
    # Europe/Istanbul stopped daylight-saving time in 2016: no yearly rule fits 2015-2017.
    text = vtimezone_bytes("Europe/Istanbul", 2015, 2017).decode()
    assert "RRULE" not in text
    ours = parsed_with_dateutil("Europe/Istanbul", 2015, 2017)
    truth = zoneinfo.ZoneInfo("Europe/Istanbul")
    for instant in instants(2015, 2017):
        assert instant.astimezone(ours).utcoffset() == instant.astimezone(truth).utcoffset()
