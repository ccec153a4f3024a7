"""Issue 17: every calendar shows the same programme, on clock-change nights too.

The iCal export is expanded by three engines that calendar applications use
(recurring-ical-events, evolution-data-server's engine behind GNOME Evolution, and
ical.js behind Thunderbird) and each must find exactly the library's occurrences:
for the five cases of the issue (data files in ``fixtures/clock_changes``) and for
random programmes placed on clock-change nights in zones with and without daylight
saving time.

The engines are required in CI (``CI=true`` or ``FAMILYCENTRE_REQUIRE_ENGINES=1``):
there a missing engine fails the tests. Elsewhere the tests skip, naming what to install.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import zoneinfo
from collections import Counter
from pathlib import Path

import icalendar
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import familycentre as fc
from familycentre.testing import strategies as s
from tests.export.conftest import export_bytes
from tests.export.engines import (
    ENGINES,
    REQUIRED,
    Instance,
    Job,
    expand,
    library_instances,
    missing,
)

FIXTURES = Path(__file__).parent / "fixtures" / "clock_changes"
CASES = sorted(p.name for p in FIXTURES.glob("*.toml"))
YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
MODES = ("rrule", "list", "expand")
UTC = dt.UTC
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def require(engine: str) -> None:
    """Skip (locally) or fail (in CI) when ``engine`` cannot run here."""
    reason = missing(engine)
    if reason is None:
        return
    if REQUIRED:
        pytest.fail(f"{engine} is required here (CI): {reason}")
    pytest.skip(f"{engine} not available: {reason}")


def load(name: str) -> fc.CentreData:
    return fc.load(FIXTURES / name)


def events(data: fc.CentreData, mode: str = "rrule") -> list[icalendar.Event]:
    ics = export_bytes(data, "ical", start=YEAR[0], end=YEAR[1], extra={"recurrence": mode})
    return list(icalendar.Calendar.from_ical(ics).walk("VEVENT"))


def test_all_cases_are_there() -> None:
    assert [name.split("_")[0] for name in CASES] == ["1", "2", "3", "4", "5", "5", "5", "5"]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("case", CASES)
def test_case_expands_to_the_librarys_occurrences(case: str, engine: str) -> None:
    require(engine)
    data = load(case)
    jobs = [
        Job(
            export_bytes(data, "ical", start=YEAR[0], end=YEAR[1], extra={"recurrence": mode}),
            *YEAR,
            data.centre.timezone,
        )
        for mode in MODES
    ]
    expected = library_instances(data, *YEAR)
    for mode, found in zip(MODES, expand(engine, jobs), strict=True):
        assert found == expected, f"{engine}, recurrence={mode}"


def _local(value: int | str, zone: str) -> str:
    assert isinstance(value, int)
    return dt.datetime.fromtimestamp(value, zoneinfo.ZoneInfo(zone)).isoformat()


def test_library_rule_on_change_nights() -> None:
    """The documented rule, with the issue's examples (docs/how-to/schedules.md)."""
    spring = {
        (_local(a, "Europe/Berlin"), _local(b, "Europe/Berlin"))
        for _, a, b in library_instances(load("3_start_in_spring_gap.toml"), *YEAR)
    }
    assert ("2026-03-29T03:30:00+02:00", "2026-03-29T04:00:00+02:00") in spring
    ends = {
        (_local(a, "Europe/Berlin"), _local(b, "Europe/Berlin"))
        for _, a, b in library_instances(load("4_end_in_spring_gap.toml"), *YEAR)
    }
    assert ("2026-03-29T01:00:00+01:00", "2026-03-29T03:30:00+02:00") in ends
    autumn = {
        (_local(a, "Europe/Berlin"), _local(b, "Europe/Berlin"))
        for _, a, b in library_instances(load("5_repeated_hour_berlin.toml"), *YEAR)
    }
    assert ("2026-10-25T02:30:00+02:00", "2026-10-25T04:00:00+01:00") in autumn
    havana = {
        (_local(a, "America/Havana"), _local(b, "America/Havana"))
        for _, a, b in library_instances(load("5_repeated_hour_havana.toml"), *YEAR)
    }
    assert ("2026-11-01T00:30:00-04:00", "2026-11-01T02:00:00-05:00") in havana
    assert ("2026-03-08T01:30:00-04:00", "2026-03-08T02:00:00-04:00") in havana
    santiago = {
        (_local(a, "America/Santiago"), _local(b, "America/Santiago"))
        for _, a, b in library_instances(load("5_repeated_hour_santiago.toml"), *YEAR)
    }
    assert ("2026-04-04T23:15:00-03:00", "2026-04-04T23:45:00-03:00") in santiago
    lord_howe = {
        (_local(a, "Australia/Lord_Howe"), _local(b, "Australia/Lord_Howe"))
        for _, a, b in library_instances(load("5_repeated_hour_lord_howe.toml"), *YEAR)
    }
    assert ("2026-04-05T01:45:00+11:00", "2026-04-05T03:00:00+10:30") in lord_howe
    assert ("2026-10-04T01:45:00+10:30", "2026-10-04T03:00:00+11:00") in lord_howe


@pytest.mark.parametrize("mode", MODES)
def test_cancelled_one_off_date_is_one_cancelled_event(mode: str) -> None:
    found = events(load("1_cancelled_one_off.toml"), mode)
    market = [e for e in found if str(e["UID"]).startswith("flohmarkt.")]
    assert len(market) == 1
    (event,) = market
    assert "RECURRENCE-ID" not in event
    assert "RRULE" not in event
    assert "RDATE" not in event
    assert event["STATUS"] == "CANCELLED"
    assert event["DTSTART"].dt == dt.datetime(2026, 6, 13, 10, tzinfo=BERLIN)
    # a cancelled date of a recurring event is a cancelled instance of it
    crafts = [e for e in found if str(e["UID"]).startswith("basteln.")]
    if mode == "expand":
        assert sorted(str(e["STATUS"]) for e in crafts) == ["CANCELLED", "CONFIRMED"]
        assert not [e for e in crafts if "RECURRENCE-ID" in e]
    else:
        series, instance = crafts
        assert "RDATE" in series
        assert series["STATUS"] == "CONFIRMED"
        assert instance["RECURRENCE-ID"].dt.date() == dt.date(2026, 6, 20)
        assert instance["STATUS"] == "CANCELLED"
    # never a RECURRENCE-ID for an event that does not recur
    recurring = {str(e["UID"]) for e in found if "RRULE" in e or "RDATE" in e}
    assert all(str(e["UID"]) in recurring for e in found if "RECURRENCE-ID" in e)


def test_first_date_on_change_night_keeps_nominal_times() -> None:
    found = {str(e["UID"]): e for e in events(load("2_first_date_on_change_night.toml"))}
    spring = found["fruehling.0.0@zentrum.familycentre"]
    assert spring["DTSTART"].dt == dt.datetime(2026, 4, 5, 2, 30, tzinfo=BERLIN)
    assert spring["DTEND"].dt == dt.datetime(2026, 4, 5, 4, 0, tzinfo=BERLIN)
    assert spring["RRULE"]["UNTIL"] == [dt.datetime(2026, 4, 19, 0, 30, tzinfo=UTC)]
    night = found["fruehling.0.0.20260329@zentrum.familycentre"]
    assert night["DTSTART"].dt == dt.datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert night["DTEND"].dt == dt.datetime(2026, 3, 29, 2, 0, tzinfo=UTC)
    assert night.categories == spring.categories
    assert night["SUMMARY"] == spring["SUMMARY"]
    assert "RRULE" not in night
    assert "RDATE" not in night
    autumn = found["herbst.0.0@zentrum.familycentre"]
    assert autumn["DTSTART"].dt == dt.datetime(2026, 11, 1, 1, 30, tzinfo=BERLIN)
    assert autumn["DTEND"].dt == dt.datetime(2026, 11, 1, 3, 30, tzinfo=BERLIN)
    first = found["herbst.0.0.20261025@zentrum.familycentre"]
    # 01:30 CEST to 03:30 CET: three hours, in UTC
    assert first["DTSTART"].dt == dt.datetime(2026, 10, 24, 23, 30, tzinfo=UTC)
    assert first["DTEND"].dt == dt.datetime(2026, 10, 25, 2, 30, tzinfo=UTC)


def test_change_night_is_excluded_from_its_series() -> None:
    found = {str(e["UID"]): e for e in events(load("5_repeated_hour_berlin.toml"))}
    series = found["nachtcafe.0.0@zentrum.familycentre"]
    excluded = [d.dt for prop in [series["EXDATE"]] for d in prop.dts]
    assert dt.date(2026, 10, 25) in {d.date() for d in excluded}
    night = found["nachtcafe.0.0.20261025@zentrum.familycentre"]
    assert night["DTSTART"].dt == dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert night["TRANSP"] == series["TRANSP"] == "OPAQUE"


def test_series_is_split_where_its_start_time_does_not_exist() -> None:
    """Evolution's engine carries a moved start over to the next instance: no rule makes one."""
    found = {str(e["UID"]): e for e in events(load("3_start_in_spring_gap.toml"))}
    assert sorted(found) == [
        "sternwarte.0.0.20260329@zentrum.familycentre",
        "sternwarte.0.0.20260405@zentrum.familycentre",
        "sternwarte.0.0@zentrum.familycentre",
    ]
    before = found["sternwarte.0.0@zentrum.familycentre"]
    assert before["RRULE"]["UNTIL"] == [dt.datetime(2026, 3, 22, 1, 30, tzinfo=UTC)]


# --- random programmes on change nights ----------------------------------------------------

BATCH = int(os.environ.get("FAMILYCENTRE_ENGINE_BATCH", "10"))
"""Programmes per example: each engine expands a whole batch in one subprocess."""
EXAMPLES = int(os.environ.get("FAMILYCENTRE_ENGINE_EXAMPLES", "30"))
"""Examples (batches) per run; raise it for a longer search (300 gives 3000 programmes)."""
STATS = os.environ.get("FAMILYCENTRE_ENGINE_STATS")


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    # each example expands a batch of files in subprocesses: shrinking a batch is slow
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target]
    if os.environ.get("FAMILYCENTRE_ENGINE_SHRINK", "") in ("", "0")
    else list(Phase),
)
@given(batch=st.lists(s.change_night_programmes(), min_size=1, max_size=BATCH))
def test_engines_agree_with_the_library_on_random_programmes(
    batch: list[tuple[fc.CentreData, dt.date, dt.date, str]],
) -> None:
    for engine in ENGINES:
        require(engine)
    jobs = [
        Job(
            export_bytes(data, "ical", start=start, end=end, extra={"recurrence": mode}),
            start,
            end,
            data.centre.timezone,
        )
        for data, start, end, mode in batch
    ]
    expected = [library_instances(data, start, end) for data, start, end, _ in batch]
    results = {engine: expand(engine, jobs) for engine in ENGINES}
    if STATS:
        _record(
            results, expected, [_on_change_days(data, start, end) for data, start, end, _ in batch]
        )
    for engine, found in results.items():
        for (data, start, end, mode), theirs, ours in zip(batch, found, expected, strict=True):
            assert theirs == ours, (
                f"{engine} (recurrence={mode}, {start} to {end}) differs from the library:\n"
                f"only {engine}: {sorted((Counter(theirs) - Counter(ours)).elements())}\n"
                f"only library: {sorted((Counter(ours) - Counter(theirs)).elements())}\n"
                f"{fc.dumps(data)}"
            )


def _on_change_days(data: fc.CentreData, start: dt.date, end: dt.date) -> int:
    """How many of the library's timed occurrences fall on a day whose UTC offset changes."""
    zone = zoneinfo.ZoneInfo(data.centre.timezone)
    count = 0
    for occurrence in fc.programme(data, start, end):
        day = occurrence.start.date()
        offsets = {
            dt.datetime.combine(
                day + dt.timedelta(days=days), dt.time(fold=fold), zone
            ).utcoffset()
            for days in (0, 1)
            for fold in (0, 1)
        }
        count += not occurrence.all_day and len(offsets) > 1
    return count


def _record(
    results: dict[str, list[list[Instance]]], expected: list[list[Instance]], nights: list[int]
) -> None:
    """Add this batch's agreement counts to the JSON file named by FAMILYCENTRE_ENGINE_STATS."""
    assert STATS is not None
    path = Path(STATS)
    stats = json.loads(path.read_text()) if path.exists() else {}
    for engine, found in results.items():
        row = stats.setdefault(
            engine,
            {
                "programmes": 0,
                "programmes_equal": 0,
                "occurrences": 0,
                "matched": 0,
                "on_change_days": 0,
            },
        )
        for theirs, ours in zip(found, expected, strict=True):
            row["programmes"] += 1
            row["programmes_equal"] += theirs == ours
            row["occurrences"] += len(ours)
            row["matched"] += sum(
                (Counter(map(tuple, theirs)) & Counter(map(tuple, ours))).values()
            )
        row["on_change_days"] += sum(nights)
    path.write_text(json.dumps(stats, indent=1))


DOCUMENTED = [  # the table in docs/how-to/schedules.md, "Daylight saving time"
    ("Europe/Berlin", "2026-03-29", "02:30-04:00", "03:30+02:00", "04:00+02:00"),
    ("Europe/Berlin", "2026-03-29", "01:00-02:30", "01:00+01:00", "03:30+02:00"),
    ("Europe/Berlin", "2026-03-29", "02:00-02:30", "03:00+02:00", "03:30+02:00"),
    ("Europe/Berlin", "2026-03-29", "02:15-03:15", "03:15+02:00", "03:15+02:00"),
    ("Europe/Berlin", "2026-03-29", "02:45-03:15", "03:45+02:00", "03:45+02:00"),
    ("Europe/Berlin", "2026-03-29", "01:00-04:00", "01:00+01:00", "04:00+02:00"),
    ("Europe/Berlin", "2026-10-25", "02:30-04:00", "02:30+02:00", "04:00+01:00"),
    ("Europe/Berlin", "2026-10-25", "01:30-03:30", "01:30+02:00", "03:30+01:00"),
    ("America/Havana", "2026-11-01", "00:30-02:00", "00:30-04:00", "02:00-05:00"),
    ("America/Havana", "2026-03-08", "00:30-02:00", "01:30-04:00", "02:00-04:00"),
    ("America/Santiago", "2026-04-04", "23:15-23:45", "23:15-03:00", "23:45-03:00"),
    ("Australia/Lord_Howe", "2026-04-05", "01:45-03:00", "01:45+11:00", "03:00+10:30"),
    ("Australia/Lord_Howe", "2026-10-04", "01:45-03:00", "01:45+10:30", "03:00+11:00"),
]


@pytest.mark.parametrize(("zone", "day", "window", "begin", "finish"), DOCUMENTED)
@pytest.mark.parametrize("engine", ENGINES)
def test_documented_examples(
    zone: str, day: str, window: str, begin: str, finish: str, engine: str
) -> None:
    """Each row of the documented table: the library's occurrence, and what engines show."""
    require(engine)
    data = fc.CentreData(
        fc.Centre(id="z", name="Z", kind="family_centre", municipality="Köln", timezone=zone),
        (
            fc.Offer(
                id="o",
                centre="z",
                title="T",
                category="other",
                schedule=(
                    fc.Schedule(
                        weekly=(
                            fc.Weekday(list(fc.Weekday)[dt.date.fromisoformat(day).weekday()]),
                        ),
                        times=(fc.TimeWindow.parse(window),),
                        closures="regardless",  # type: ignore[arg-type]
                    ),
                ),
            ),
        ),
    )
    night = dt.date.fromisoformat(day)
    start, end = night - dt.timedelta(days=14), night + dt.timedelta(days=14)
    ours = library_instances(data, start, end)
    expected = (
        dt.datetime.fromisoformat(f"{day}T{begin}"),
        dt.datetime.fromisoformat(f"{day}T{finish}"),
    )
    assert ("o", int(expected[0].timestamp()), int(expected[1].timestamp())) in ours
    assert len(ours) == 5
    jobs = [
        Job(
            export_bytes(data, "ical", start=start, end=end, extra={"recurrence": m}),
            start,
            end,
            zone,
        )
        for m in MODES
    ]
    assert expand(engine, jobs) == [ours, ours, ours]


def test_mapping_detaches_change_nights_and_splits_at_gaps() -> None:
    """The patterns behind the export, for a daily rule across both Berlin nights."""
    schedule = fc.Schedule(
        daily="every_day",  # type: ignore[arg-type]
        times=(fc.TimeWindow.parse("02:30-03:30"),),
        closures="regardless",  # type: ignore[arg-type]
        cancelled=(dt.date(2026, 10, 25), dt.date(2026, 10, 27)),
    )
    window = (dt.date(2026, 3, 27), dt.date(2026, 10, 28))
    calendar = fc.ClosureCalendar.for_centre(
        fc.Centre(id="z", name="Z", kind="family_centre", municipality="Köln"), *window
    )
    patterns = fc.schedule.event_patterns(schedule, calendar, *window, cancelled_instances=True)
    series = [p for p in patterns if not p.detached]
    detached = [p for p in patterns if p.detached]
    # 02:30 does not exist on the spring night (moved to 03:30, the end: nothing is left
    # of the window), so the rule ends on the 28th and goes on from the 30th
    assert [(p.part, p.dtstart) for p in series] == [
        (None, dt.datetime(2026, 3, 27, 2, 30, tzinfo=BERLIN)),
        (dt.date(2026, 3, 30), dt.datetime(2026, 3, 30, 2, 30, tzinfo=BERLIN)),
    ]
    assert series[0].rrule is not None
    assert series[0].rrule["UNTIL"] == dt.datetime(2026, 3, 28, 1, 30, tzinfo=UTC)
    # both nights on their own, in UTC; the autumn one is cancelled, and excluded
    assert [(p.part, p.dtstart, p.dtend, p.cancelled != ()) for p in detached] == [
        (
            dt.date(2026, 3, 29),
            dt.datetime(2026, 3, 29, 1, 30, tzinfo=UTC),
            dt.datetime(2026, 3, 29, 1, 30, tzinfo=UTC),
            False,
        ),
        (
            dt.date(2026, 10, 25),
            dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC),  # 02:30 CEST, the first
            dt.datetime(2026, 10, 25, 2, 30, tzinfo=UTC),  # 03:30 CET
            True,
        ),
    ]
    assert dt.datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN) in series[1].exdates
    assert series[1].cancelled == (dt.datetime(2026, 10, 27, 2, 30, tzinfo=BERLIN),)
    assert all(p.window_number == 0 for p in patterns)
    # without cancelled_instances the cancelled dates are simply not there
    plain = fc.schedule.event_patterns(schedule, calendar, *window)
    assert not any(p.cancelled for p in plain)
    assert [p.part for p in plain if p.detached] == [dt.date(2026, 3, 29)]
