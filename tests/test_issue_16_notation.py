"""Notation for people who keep the data: German weekdays, single values, offer closures,
open_on, and messages that list the allowed values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import hypothesis.strategies as st
import icalendar
import pytest
import recurring_ical_events
from hypothesis import given

import familycentre as fc
from familycentre.files import loads
from familycentre.model.schedule import WEEKDAY_NAMES, MonthlyWeekday, OpenOn, Schedule, Weekday
from familycentre.schedule import ClosureCalendar, occurrences
from familycentre.schedule.missed import MissReason, missed_dates

ROOT = Path(__file__).resolve().parent.parent
HEAD = """
[centre]
id = "linde"
name = "Familienzentrum Linde"
kind = "family_centre"
municipality = "Essen"
region = "DE-NW"

[[centre.closures]]
from = 2026-12-23
until = 2027-01-03
reason = "Weihnachten"
"""


def offer(schedule: str, extra: str = "") -> str:
    return (
        HEAD
        + f"""
[[offers]]
id = "mittagstisch"
title = "Mittagstisch"
category = "lunch_table"
{extra}
[[offers.schedule]]
{schedule}
"""
    )


def dates(text: str, start: dt.date, end: dt.date) -> list[dt.date]:
    data = loads(text)
    calendar = ClosureCalendar.for_centre(data.centre, start, end)
    return [o.date for o in occurrences(data.offers[0], calendar, start, end)]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Mo", Weekday.MON),
        ("di", Weekday.TUE),
        ("Mittwoch", Weekday.WED),
        ("donnerstags", Weekday.THU),
        ("Freitag", Weekday.FRI),
        ("Sonnabend", Weekday.SAT),
        ("So", Weekday.SUN),
        ("thu", Weekday.THU),
        ("Friday", Weekday.FRI),
    ],
)
def test_german_and_english_weekday_names(written: str, expected: Weekday) -> None:
    assert Weekday(written) is expected
    schedule = fc.structure({"weekly": written, "times": "09:00-10:00"}, Schedule)
    assert schedule.weekly == (expected,)


@pytest.mark.parametrize(
    ("written", "ordinal", "weekday"),
    [
        ("erster Montag", 1, Weekday.MON),
        ("2. Mittwoch", 2, Weekday.WED),
        ("letzter Freitag im Monat", -1, Weekday.FRI),
        ("vorletzter Do", -2, Weekday.THU),
        ("first mon", 1, Weekday.MON),
    ],
)
def test_monthly_in_german(written: str, ordinal: int, weekday: Weekday) -> None:
    assert MonthlyWeekday.parse(written) == MonthlyWeekday(ordinal, weekday)


@given(st.sampled_from(sorted(WEEKDAY_NAMES)), st.booleans())
def test_every_weekday_name_round_trips_to_the_canonical_value(name: str, upper: bool) -> None:
    written = name.capitalize() if upper else name
    schedule = fc.structure({"weekly": [written], "times": ["09:00-10:00"]}, Schedule)
    plain = fc.unstructure(schedule)
    assert plain["weekly"] == [WEEKDAY_NAMES[name].value]
    assert fc.structure(plain, Schedule) == schedule


@pytest.mark.parametrize(
    ("single", "listed"),
    [
        ('weekly = "tue"\ntimes = "12:00-13:30"', 'weekly = ["tue"]\ntimes = ["12:00-13:30"]'),
        (
            'dates = 2026-06-20\ntimes = "12:00-13:30"',
            'dates = [2026-06-20]\ntimes = ["12:00-13:30"]',
        ),
        (
            'monthly = "first mon"\ntimes = "9:00-10:00"',
            'monthly = ["first mon"]\ntimes = ["09:00-10:00"]',
        ),
        (
            'monthly_days = 15\ntimes = "9:00-10:00"',
            'monthly_days = [15]\ntimes = ["09:00-10:00"]',
        ),
        (
            'weekly = "mon"\ntimes = "9:00-10:00"\nopen_on = "public_holidays"',
            'weekly = ["mon"]\ntimes = ["09:00-10:00"]\nopen_on = ["public_holidays"]',
        ),
    ],
)
def test_a_single_value_stands_for_a_list_of_one(single: str, listed: str) -> None:
    assert loads(offer(single)) == loads(offer(listed))


def test_audiences_and_languages_take_a_single_value_too() -> None:
    one = loads(
        offer('weekly = "mon"\ntimes = "9:00-10:00"', 'audiences = "seniors"\nlanguages = "tr"')
    )
    assert one.offers[0].audiences == (fc.Audience.SENIORS,)
    assert one.offers[0].languages == ("tr",)


def test_a_wrong_single_value_names_the_field_without_an_index() -> None:
    with pytest.raises(fc.InvalidData) as caught:
        loads(offer('weekly = "Dinstag"\ntimes = "9:00-10:00"'))
    (problem,) = caught.value.problems
    assert problem.path == ("offers", 0, "schedule", 0, "weekly")
    assert "did you mean 'dienstag'?" in problem.message
    assert "Mo, Di, Mi" in problem.message


def test_a_wrong_type_lists_the_allowed_values() -> None:
    with pytest.raises(fc.InvalidData) as caught:
        loads(offer('weekly = "mon"\ntimes = "9:00-10:00"\nclosures = ["x"]'))
    (problem,) = caught.value.problems
    assert problem.message.startswith(
        "expected text naming a closure policy (one of: public_holidays, school_days_only, "
        "school_holidays_only, regardless), not a list"
    )


def test_offer_closures_pause_one_offer_only() -> None:
    text = offer(
        'daily = "weekdays"\ntimes = "12:00-13:30"',
        '[[offers.closures]]\nfrom = 2026-07-27\nuntil = 2026-08-07\nreason = "Küche zu"\n',
    )
    found = dates(text, dt.date(2026, 7, 20), dt.date(2026, 8, 14))
    assert dt.date(2026, 7, 24) in found
    assert not [d for d in found if dt.date(2026, 7, 27) <= d <= dt.date(2026, 8, 7)]
    assert dt.date(2026, 8, 10) in found
    data = loads(text)
    calendar = ClosureCalendar.for_centre(data.centre, dt.date(2026, 7, 27), dt.date(2026, 7, 27))
    (gap,) = missed_dates(data.offers[0], calendar, dt.date(2026, 7, 27), dt.date(2026, 7, 27))
    assert (gap.reason, gap.name) == (MissReason.OFFER_CLOSURE, fc.Text("Küche zu"))


def test_offer_closures_round_trip() -> None:
    text = offer(
        'weekly = "mon"\ntimes = "9:00-10:00"',
        '[[offers.closures]]\nfrom = 2026-07-27\nuntil = 2026-08-07\nreason = "Küche zu"\n',
    )
    data = loads(text)
    assert loads(fc.dumps(data)) == data
    assert fc.from_json(fc.to_json(data), fc.CentreData) == data


SATURDAYS = dt.date(2026, 12, 19), dt.date(2027, 1, 9)


def test_the_centre_closure_wins_by_default() -> None:
    found = dates(offer('weekly = "sa"\ntimes = "10:00-12:00"'), *SATURDAYS)
    # 26 December is a public holiday, 2 January lies in the centre's closure
    assert found == [dt.date(2026, 12, 19), dt.date(2027, 1, 9)]


def test_open_on_public_holidays_is_its_own_choice() -> None:
    text = offer('weekly = "sa"\ntimes = "10:00-12:00"\nopen_on = "public_holidays"')
    found = dates(text, *SATURDAYS)
    # open on 26 December (not a closure day? it is: the centre is closed from 23 December)
    assert found == [dt.date(2026, 12, 19), dt.date(2027, 1, 9)]
    text = HEAD.replace("2026-12-23", "2026-12-28") + offer(
        'weekly = "sa"\ntimes = "10:00-12:00"\nopen_on = "public_holidays"'
    ).removeprefix(HEAD)
    assert dates(text, *SATURDAYS) == [
        dt.date(2026, 12, 19),
        dt.date(2026, 12, 26),
        dt.date(2027, 1, 9),
    ]


def test_open_during_the_centre_closure_only_when_said() -> None:
    text = offer(
        'weekly = "sa"\ntimes = "10:00-12:00"\nopen_on = ["public_holidays", "centre_closures"]'
    )
    assert dates(text, *SATURDAYS) == [
        dt.date(2026, 12, 19),
        dt.date(2026, 12, 26),
        dt.date(2027, 1, 2),
        dt.date(2027, 1, 9),
    ]


def test_regardless_keeps_its_meaning() -> None:
    old = offer('weekly = "sa"\ntimes = "10:00-12:00"\nclosures = "regardless"')
    new = offer(
        'weekly = "sa"\ntimes = "10:00-12:00"\nopen_on = ["centre_closures", "public_holidays"]'
    )
    assert dates(old, *SATURDAYS) == dates(new, *SATURDAYS)
    schedule = loads(new).offers[0].schedule[0]
    assert schedule.open_on == (OpenOn.PUBLIC_HOLIDAYS, OpenOn.CENTRE_CLOSURES)
    assert fc.describe(schedule, "de").endswith(
        "auch an Feiertagen, auch während der Schließzeit des Zentrums"
    )


def test_the_example_shop_is_closed_on_26_december_and_2_january_in_every_export(
    tmp_path: Path,
) -> None:
    example = ROOT / "examples" / "sonnenblume.toml"
    data = fc.load(example)
    shop = next(o for o in data.offers if o.id == "secondhand-laden")
    start, end = dt.date(2026, 12, 1), dt.date(2027, 1, 31)
    found = {o.date for o in occurrences(shop, data.centre, start, end)}
    assert dt.date(2026, 12, 26) not in found
    assert dt.date(2027, 1, 2) not in found
    assert dt.date(2027, 1, 9) in found
    from familycentre.cli import main

    out = tmp_path / "p.ics"
    assert (
        main(
            [
                "export",
                "ical",
                str(example),
                "-o",
                str(out),
                "-q",
                "--from",
                "2026-12-01",
                "--to",
                "2027-01-31",
            ]
        )
        == 0
    )
    calendar = icalendar.Calendar.from_ical(out.read_bytes())
    events = recurring_ical_events.of(calendar).between(start, end + dt.timedelta(days=1))
    shop_days = {
        e["DTSTART"].dt.date() for e in events if str(e["SUMMARY"]).startswith("Secondhand")
    }
    assert shop_days
    assert dt.date(2026, 12, 26) not in shop_days
    assert dt.date(2027, 1, 2) not in shop_days
    assert dt.date(2027, 1, 9) in shop_days


def test_the_example_uses_the_new_notation() -> None:
    data = fc.load(ROOT / "examples" / "sonnenblume.toml")
    assert any(offer.closures for offer in data.offers)
    text = (ROOT / "examples" / "sonnenblume.toml").read_text("utf-8")
    assert 'weekly = ["Di", "Do"]' in text
    assert "[[offers.closures]]" in text
