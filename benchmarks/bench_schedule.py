"""Benchmark of schedule expansion: programme() against dateutil, from 1 to 1,000 centres.

Run: ``python benchmarks/bench_schedule.py`` (N = 1, 10, 100 centres; ``--full`` adds
1,000, which takes several minutes; ``--sizes 1,10`` picks sizes).

The network of ``network.py`` (40 offers per centre, fixed seed) is expanded over one
calendar year (2026), and the time-ordered programme of all its centres is produced:

1. familycentre: ``programme(network, start, end)``, iterated to the end (what
   ``familycentre occurrences`` does). The public holiday cache is emptied before
   each run, so every run computes its holidays as the baseline does.
2. dateutil (``benchmarks/bare.py``): from the same data in plain JSON form, per
   centre its closed days (``holidays`` package, the shipped school holidays, its
   closure periods), per schedule and time window an ``rruleset`` built inside the
   timing with the pattern, extra dates as RDATEs and cancelled *and closed* days
   as EXDATEs, expanded with ``between()`` to aware starts, each with its end, and
   all of it sorted by start. Goal: familycentre at most 0.7x at every N.
3. for reference, the per-offer loop ``occurrences(offer, calendar, ...)``.

Both sides must find the same occurrences: the counts are printed and asserted
equal, and up to 100 centres the whole sequences (start, end, all day, offer) are
compared. Runs are interleaved (ours, baseline, ours, ...) and the best of
``--runs`` is shown; the garbage collector stays on, as it is for users. Peak memory
is traced (tracemalloc) in one further run of each side.

End to end (``--cli``, on by default; ``--no-cli`` to skip): ``familycentre
occurrences --store ... --format json`` against ``python benchmarks/bare.py`` reading
the centres' data files and printing the same JSON, each a new process (start-up
included), output compared byte for byte; peak memory is the process's maximum
resident set size.

Finally recurring-ical-events on the iCal mapping of a few centres, for scale.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gc
import json
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bare
import icalendar
import recurring_ical_events
from network import generate_network, load_through_cli

import familycentre as fc
from familycentre.schedule import ClosureCalendar, occurrences, offer_event_patterns, programme
from familycentre.schedule import closures as closures_module

HERE = Path(__file__).resolve().parent
START = dt.date(2026, 1, 1)
END = dt.date(2026, 12, 31)


def clear_caches() -> None:
    """Forget the public holidays computed so far (the baseline computes its own)."""
    closures_module._public_holidays.cache_clear()


def ours_programme(network: list[fc.CentreData]) -> int:
    clear_caches()
    count = 0
    for _ in programme(network, START, END):
        count += 1
    return count


def ours_per_offer(network: list[fc.CentreData]) -> int:
    clear_caches()
    total = 0
    for data in network:
        calendar = ClosureCalendar.for_centre(data.centre, START, END)
        for offer in data.offers:
            total += len(occurrences(offer, calendar, START, END))
    return total


def baseline(plain: list[dict[str, Any]]) -> int:
    return len(bare.expand(plain, START, END))


def interleaved(runs: int, works: list[Callable[[], int]]) -> list[tuple[float, int]]:
    """Best time and count of each work, the works run in turn ``runs`` times."""
    for work in works:  # warm up: first imports, caches of parsed data
        work()
    best = [float("inf")] * len(works)
    counts = [0] * len(works)
    for _ in range(runs):
        for index, work in enumerate(works):
            began = time.perf_counter()
            counts[index] = work()
            best[index] = min(best[index], time.perf_counter() - began)
    return list(zip(best, counts, strict=True))


def traced_peak(work: Callable[[], int]) -> int:
    """Peak bytes allocated (tracemalloc) while the work runs."""
    gc.collect()
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def same_sequences(network: list[fc.CentreData], plain: list[dict[str, Any]]) -> None:
    ours = [(o.start, o.end, o.all_day, o.offer.id) for o in programme(network, START, END)]
    theirs = [row[:4] for row in bare.expand(plain, START, END)]
    assert ours == theirs, "familycentre and dateutil disagree on the occurrences"


def plain_network(network: list[fc.CentreData]) -> list[dict[str, Any]]:
    """The network as its data files would hold it (plain JSON)."""
    return [json.loads(fc.dumps(data, "json")) for data in network]


def scaling(sizes: list[int], runs: int) -> None:
    print(
        "\nprogramme() against dateutil rrulesets with the same EXDATEs, one year "
        f"({START} to {END}), best of {runs} interleaved runs"
    )
    print(
        f"{'centres':>7} {'occurrences':>12} | {'programme':>9} {'us/occ':>6} {'peak MB':>7} | "
        f"{'dateutil':>9} {'us/occ':>6} {'peak MB':>7} | {'ratio':>6} | "
        f"{'per offer':>9} {'ratio':>6}"
    )
    for centres in sizes:
        network = generate_network(centres, 40, 5)
        plain = plain_network(network)
        if centres <= 100:
            same_sequences(network, plain)
        (ours, n_ours), (base, n_base), (loop, n_loop) = interleaved(
            runs,
            [
                functools.partial(ours_programme, network),
                functools.partial(baseline, plain),
                functools.partial(ours_per_offer, network),
            ],
        )
        assert n_ours == n_base == n_loop, (n_ours, n_base, n_loop)
        peak_ours = traced_peak(functools.partial(ours_programme, network))
        peak_base = traced_peak(functools.partial(baseline, plain))
        print(
            f"{centres:>7} {n_ours:>12,} | {ours:8.3f}s {ours / n_ours * 1e6:6.2f} "
            f"{peak_ours / 1e6:7.1f} | {base:8.3f}s {base / n_base * 1e6:6.2f} "
            f"{peak_base / 1e6:7.1f} | {ours / base:5.2f}x | {loop:8.3f}s {loop / base:5.2f}x"
        )
    print("goal: programme() at most 0.70x of dateutil at every N; us/occ flat within 20%")


# --- end to end -----------------------------------------------------------------------------


# A small launcher: a process forked from this (large) one would report this one's
# memory as its own peak, so a fresh small interpreter starts the measured command and
# reports its wall time and peak resident set size.
_LAUNCHER = """
import os, subprocess, sys, time
report, argv = sys.argv[1], sys.argv[2:]
began = time.perf_counter()
process = subprocess.Popen(argv)
_, status, usage = os.wait4(process.pid, 0)
elapsed = time.perf_counter() - began
with open(report, "w") as stream:
    stream.write(f"{elapsed} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}")
"""


def run_measured(argv: list[str], out: Path) -> tuple[float, int]:
    """Wall time and peak resident memory (bytes) of one process writing to ``out``."""
    report = out.with_suffix(".report")
    with out.open("wb") as stream:
        subprocess.run(
            [sys.executable, "-S", "-c", _LAUNCHER, str(report), *argv], stdout=stream, check=True
        )
    elapsed, maxrss, status = report.read_text().split()
    if int(status) != 0:
        raise SystemExit(f"{argv} failed with status {status}")
    return float(elapsed), int(maxrss) * 1024


def end_to_end(sizes: list[int], runs: int) -> None:
    command = Path(sys.executable).with_name("familycentre")
    print(
        f"\nend to end: `familycentre occurrences --store ... --format json` against "
        f"`python benchmarks/bare.py` on the data files, best of {runs} interleaved runs"
    )
    print(
        f"{'centres':>7} {'occurrences':>12} | {'familycentre':>12} {'peak MB':>7} | "
        f"{'bare script':>11} {'peak MB':>7} | {'ratio':>6}"
    )
    for centres in sizes:
        network = generate_network(centres, 40, 5)
        with tempfile.TemporaryDirectory() as directory:
            root = Path(directory)
            store = load_through_cli(command, network, root)
            files = root / "data"  # the data files the store was loaded from
            window = ["--from", START.isoformat(), "--to", END.isoformat()]
            ours_argv = [
                str(command),
                "occurrences",
                "--store",
                store,
                *window,
                "--format",
                "json",
            ]
            bare_argv = [
                sys.executable,
                str(HERE / "bare.py"),
                str(files),
                START.isoformat(),
                END.isoformat(),
            ]
            best_ours = best_bare = float("inf")
            peak_ours = peak_bare = 0
            for _ in range(runs):
                elapsed, peak = run_measured(ours_argv, root / "ours.json")
                best_ours, peak_ours = min(best_ours, elapsed), max(peak_ours, peak)
                elapsed, peak = run_measured(bare_argv, root / "bare.json")
                best_bare, peak_bare = min(best_bare, elapsed), max(peak_bare, peak)
            output = (root / "ours.json").read_bytes()
            assert output == (root / "bare.json").read_bytes(), "outputs differ"
            count = len(json.loads(output))
        print(
            f"{centres:>7} {count:>12,} | {best_ours:11.3f}s {peak_ours / 1e6:7.1f} | "
            f"{best_bare:10.3f}s {peak_bare / 1e6:7.1f} | {best_ours / best_bare:5.2f}x"
        )


# --- recurring-ical-events, for scale -------------------------------------------------------


def ical_calendar(network: list[fc.CentreData]) -> icalendar.Calendar:
    """The network's programme as one VCALENDAR, from the iCal mapping."""
    calendar = icalendar.Calendar()
    calendar.add("PRODID", "-//familycentre benchmark//EN")
    calendar.add("VERSION", "2.0")
    for data in network:
        closures = ClosureCalendar.for_centre(data.centre, START, END)
        for offer in data.offers:
            for number, pattern in enumerate(offer_event_patterns(offer, closures, START, END)):
                event = icalendar.Event()
                event.add("UID", f"{offer.id}-{number}@bench")
                event.add("DTSTAMP", dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
                event.add("SUMMARY", offer.title.de)
                event.add("DTSTART", pattern.dtstart)
                event.add("DTEND", pattern.dtend)
                if pattern.rrule:
                    event.add("RRULE", dict(pattern.rrule))
                if pattern.rdates:
                    event.add("RDATE", list(pattern.rdates))
                if pattern.exdates:
                    event.add("EXDATE", list(pattern.exdates))
                calendar.add_component(event)
    return calendar


def recurring(centres: int, runs: int) -> None:
    network = generate_network(centres, 40, 5)
    calendar = ical_calendar(network)
    end = END + dt.timedelta(days=1)
    (rie, n_rie), (ours, n_ours) = interleaved(
        runs,
        [
            lambda: len(recurring_ical_events.of(calendar).between(START, end)),
            lambda: ours_programme(network),
        ],
    )
    assert n_rie == n_ours, (n_rie, n_ours)
    print(
        f"\nrecurring-ical-events on the iCal mapping of {centres} centres: {rie:.2f} s for "
        f"{n_rie:,} occurrences; programme() {ours:.3f} s: {rie / ours:.0f}x faster "
        "(goal: at least 20x)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="1,10,100", help="numbers of centres (default 1,10,100)"
    )
    parser.add_argument("--full", action="store_true", help="add 1,000 centres (several minutes)")
    parser.add_argument("--runs", type=int, default=3, help="interleaved runs (best is shown)")
    parser.add_argument("--cli", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--cli-sizes", default="1,100", help="sizes end to end (default 1,100)")
    parser.add_argument("--rie-centres", type=int, default=5, help="0 to skip")
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]  # progress
    sizes = [int(n) for n in args.sizes.split(",") if n]
    cli_sizes = [int(n) for n in args.cli_sizes.split(",") if n]
    if args.full:
        sizes.append(1000)
        cli_sizes.append(1000)
    print(f"Python {sys.version.split()[0]}, familycentre {fc.__version__}")
    scaling(sizes, args.runs)
    if args.cli:
        end_to_end(cli_sizes, args.runs)
    if args.rie_centres:
        recurring(args.rie_centres, 1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
