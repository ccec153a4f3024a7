"""Benchmark of tally import and the network report against bare sqlite3.

Run: ``python benchmarks/bench_report.py`` (``--quick`` for 20 centres instead of 400).

A network of 400 centres (fixed seed), each with 10 offers and a year of
daily tally sheets: attendance per offer and day, help given on request per day and
kind; about 1.5 million records in all, written as CSV sheets in a temporary folder.

1. **Import.** The library reads every sheet (``familycentre.tally.read_tally``: every
   cell checked, model objects built, ids made) and loads them into a new SQLite store
   (``Store.load_activities``, one transaction). The baseline reads the same sheets
   with the ``csv`` module and writes the same rows (id, centre, day, the record's
   JSON, written by the same converter from plain dicts) into a bare sqlite3 table
   with ``executemany`` in one transaction. Goal: at most 2x. After the runs, both
   tables are compared: the same ids with the same JSON text, byte for byte.
2. **Network report.** ``network_store_report`` over the store: every section of the
   report built and suppressed, the key figures of every centre beside the median.
   The store adds up attendance and help records by centre, month and offer (or kind
   and need) in SQL (``Store.monthly_totals``: ``->>`` on the records' JSON,
   ``GROUP BY``), so the report no longer decodes each record; the other, sparse
   kinds, the centres and the offers are decoded as before, and the occurrences of
   every offer are counted by the schedule engine. The baseline is the minimal
   bare-SQL equivalent of the per-centre key figures the two sides are compared on:
   visits and help cases per centre with ``json_extract`` and ``GROUP BY`` over the
   baseline's table, nothing precomputed. Both give the per-centre sums, compared
   equal. The library does far more work than the baseline (every section, the
   monthly split, audiences, first-time visitors, needs, hours, occurrences), so the
   ratio is an upper bound on its overhead. Goal: at most 2x.
3. **End to end**: ``familycentre load``, ``familycentre record import`` (one command
   per centre) and ``familycentre report --network --format json`` through the command
   line, once, for the first 20 centres (each command is a new process).

Each pair runs interleaved, best of N; counts are printed and checked equal.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import itertools
import json
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import familycentre as fc
from familycentre.report import network_store_report
from familycentre.tally import read_tally

SEED = 20261201
YEAR = 2026
CATEGORIES = [
    "open_meeting_point",
    "breakfast",
    "lunch_table",
    "homework_supervision",
    "second_hand_shop",
    "integration",
    "intergenerational",
    "education",
    "peer_counselling",
    "career_reentry",
]
HELP_KINDS = ["emergency_childcare", "household_help", "transport_ride", "laundry"]


def centres_and_offers(count: int) -> list[fc.CentreData]:
    """``count`` centres with 10 offers each (three weekdays, one time window)."""
    items = []
    for n in range(count):
        centre = fc.Centre(
            id=f"zentrum-{n:04d}",
            name=f"Familienzentrum {n:04d}",
            kind="family_centre",
            municipality="Dortmund",
            opening_hours=[fc.Schedule(weekly=["mon", "tue", "wed", "thu", "fri"],
                                       times=["09:00-12:00"])],
        )  # fmt: skip
        offers = [
            fc.Offer(
                id=f"z{n:04d}-{category.replace('_', '-')}",
                centre=centre.id,
                title=category,
                category=category,
                schedule=[fc.Schedule(weekly=["mon", "wed", "fri"], times=["09:00-11:00"])],
            )
            for category in CATEGORIES
        ]
        items.append(fc.CentreData(centre, offers))
    return items


def write_sheets(folder: Path, items: list[fc.CentreData]) -> list[tuple[str, Path, Path]]:
    """A year of daily attendance and help sheets per centre: ``(centre, attendance, help)``."""
    rng = random.Random(SEED)
    days = [dt.date(YEAR, 1, 1) + dt.timedelta(days=i) for i in range(365)]
    weekdays = [d for d in days if d.weekday() < 5]
    sheets = []
    for item in items:
        attendance = folder / f"teilnahme-{item.centre.id}.csv"
        with attendance.open("w", encoding="utf-8-sig", newline="") as stream:
            writer = csv.writer(stream, delimiter=";")
            writer.writerow(["Datum", "Angebot", "Teilnehmende", "Kinder"])
            for day in weekdays:
                for offer in item.offers:
                    people = rng.randint(0, 30)
                    writer.writerow(
                        [day.strftime("%d.%m.%Y"), offer.id, people, rng.randint(0, people)]
                    )
        help_sheet = folder / f"hilfe-{item.centre.id}.csv"
        with help_sheet.open("w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(["date", "kind", "cases", "hours"])
            for day in days:
                for kind in rng.sample(HELP_KINDS, 3):
                    writer.writerow(
                        [day.isoformat(), kind, rng.randint(1, 4), f"{rng.randint(1, 12) / 2}"]
                    )
        sheets.append((item.centre.id, attendance, help_sheet))
    return sheets


# --- 1. import -------------------------------------------------------------------------------


def library_import(path: Path, items: list[fc.CentreData], sheets: list[Any]) -> int:
    """Read every sheet with the library and load it into a new SQLite store."""
    offers = {item.centre.id: {o.id for o in item.offers} for item in items}
    with fc.open_store(f"sqlite:///{path}") as store:
        store.load(items)
        data = []
        for centre, attendance, help_sheet in sheets:
            data.append(read_tally(attendance, centre=centre, year=YEAR, offers=offers[centre]))
            data.append(read_tally(help_sheet, centre=centre, year=YEAR, offers=offers[centre]))
        result = store.load_activities(data)
    return result.added


def same_rows(store: Path, bare: Path) -> bool:
    """Whether the store holds the same ids with the same JSON text as the bare table."""
    ours = sqlite3.connect(store)
    theirs = sqlite3.connect(bare)
    try:
        mine = ours.execute(
            "SELECT id, data FROM attendance UNION ALL SELECT id, data FROM help_cases ORDER BY id"
        )
        other = theirs.execute("SELECT id, data FROM activity ORDER BY id")
        return all(a == b for a, b in itertools.zip_longest(mine, other))
    finally:
        ours.close()
        theirs.close()


def _german_date(text: str) -> str:
    day, month, year = text.split(".")
    return f"{year}-{month}-{day}"


def baseline_import(path: Path, sheets: list[Any]) -> int:
    """The same rows with the csv module and bare sqlite3 executemany."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute(
        "CREATE TABLE activity (id TEXT PRIMARY KEY, kind TEXT NOT NULL, centre TEXT NOT NULL, "
        "day TEXT NOT NULL, data TEXT NOT NULL)"
    )
    connection.execute("CREATE INDEX activity_by_centre ON activity (centre, day, id)")
    connection.execute("BEGIN")
    rows: list[tuple[str, str, str, str, str]] = []
    for centre, attendance, help_sheet in sheets:
        with attendance.open(encoding="utf-8-sig", newline="") as stream:
            reader = csv.reader(stream, delimiter=";")
            next(reader)
            for date, offer, people, children in reader:
                day = _german_date(date)
                plain = {
                    "id": f"att-{centre}-{day}-{offer}-day",
                    "centre": centre,
                    "offer": offer,
                    "date": day,
                    "participants": int(people),
                    "audiences": [{"audience": "children", "count": int(children)}],
                }
                rows.append((plain["id"], "attendance", centre, day, fc.to_json(plain)))
        with help_sheet.open(encoding="utf-8", newline="") as stream:
            reader = csv.reader(stream)
            next(reader)
            for day, kind, cases, hours in reader:
                plain = {
                    "id": f"help-{centre}-{day}-{kind.replace('_', '-')}",
                    "centre": centre,
                    "date": day,
                    "kind": kind,
                }
                if int(cases) != 1:  # the default, left out as the converter does
                    plain["cases"] = int(cases)
                plain["hours"] = float(hours)
                rows.append((plain["id"], "help", centre, day, fc.to_json(plain)))
    connection.executemany("INSERT INTO activity VALUES (?, ?, ?, ?, ?)", rows)
    connection.execute("COMMIT")
    connection.close()
    return len(rows)


# --- 2. the network report -------------------------------------------------------------------


def library_report(path: Path) -> dict[str, tuple[int, int]]:
    """The network report over the store; the per-centre visits and help cases.

    The store is opened anew each time, so nothing read before is reused.
    """
    with fc.open_store(f"sqlite:///{path}") as store:
        report = network_store_report(store, year=YEAR)
    table = report.table("network_key_figures")
    columns = [key for key, _ in table.columns]
    visits, cases = columns.index("visits"), columns.index("help_cases")
    return {
        key: (int(cells[visits].value or 0), int(cells[cases].value or 0))
        for (key, _), cells in zip(table.rows, table.cells, strict=True)
    }


def baseline_report(path: Path) -> dict[str, tuple[int, int]]:
    """The same sums per centre in bare SQL: the minimal query for the key figures."""
    connection = sqlite3.connect(path)
    found: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    query = (  # a help record without "cases" is one case (the default is left out)
        "SELECT centre, kind, sum(coalesce(json_extract(data, ?), ?)) FROM activity "
        "WHERE day >= ? AND day < ? GROUP BY centre, kind"
    )
    for field, kind, default in (("$.participants", "attendance", 0), ("$.cases", "help", 1)):
        for centre, row_kind, total in connection.execute(
            query, (field, default, f"{YEAR}-01-01", f"{YEAR + 1}-01-01")
        ):
            if row_kind == kind:
                found[centre][0 if kind == "attendance" else 1] = int(total)
    connection.close()
    return {centre: (v[0], v[1]) for centre, v in found.items()}


# --- running ---------------------------------------------------------------------------------


def best_of(
    runs: int, library: Callable[[int], Any], baseline: Callable[[int], Any]
) -> tuple[float, float, Any, Any]:
    """Run both ``runs`` times, interleaved; the best times and the last results."""
    best = [float("inf"), float("inf")]
    results: list[Any] = [None, None]
    for run in range(runs):
        for index, work in enumerate((library, baseline) if run % 2 == 0 else (baseline, library)):
            which = 0 if work is library else 1
            start = time.perf_counter()
            results[which] = work(run)
            best[which] = min(best[which], time.perf_counter() - start)
            del index
    return best[0], best[1], results[0], results[1]


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20 centres instead of 400")
    parser.add_argument("--runs", type=int, default=3, help="runs of each, best of (3)")
    args = parser.parse_args()
    count = 20 if args.quick else 400
    with tempfile.TemporaryDirectory(prefix="bench-report-") as name:
        folder = Path(name)
        items = centres_and_offers(count)
        sheets_folder = folder / "sheets"
        sheets_folder.mkdir()
        started = time.perf_counter()
        sheets = write_sheets(sheets_folder, items)
        print(f"{count} centres: sheets written in {time.perf_counter() - started:.1f} s")

        stores = [folder / f"store-{run}.db" for run in range(args.runs)]
        bases = [folder / f"bare-{run}.db" for run in range(args.runs)]
        lib, base, added, rows = best_of(
            args.runs,
            lambda run: library_import(stores[run], items, sheets),
            lambda run: baseline_import(bases[run], sheets),
        )
        print(f"import: {added:,} records (library) / {rows:,} rows (bare sqlite3)")
        assert added == rows, (added, rows)
        assert same_rows(stores[0], bases[0]), "the library and bare sqlite3 stored other rows"
        print(
            f"  read_tally + load_activities {lib:8.2f} s   csv + executemany {base:8.2f} s"
            f"   ratio {lib / base:5.2f}x (goal <= 2x)"
        )

        lib, base, ours, bare = best_of(
            args.runs,
            lambda run: library_report(stores[0]),
            lambda run: baseline_report(bases[0]),
        )
        assert ours == bare, "the network report and bare SQL disagree"
        total = sum(v for v, _ in ours.values()), sum(c for _, c in ours.values())
        print(f"network report: {len(ours)} centres, {total[0]:,} visits, {total[1]:,} help cases")
        print(
            f"  network_store_report {lib:8.2f} s   bare SQL GROUP BY {base:8.2f} s"
            f"   ratio {lib / base:5.2f}x (goal <= 2x)"
        )

        url = f"sqlite:///{folder / 'cli.db'}"
        exe = [sys.executable, "-m", "familycentre"]
        few = min(count, 20)
        subprocess.run([*exe, "load", "-q", "--store", url, *write_data(folder, items[:few])],
                       check=True)  # fmt: skip
        started = time.perf_counter()
        for centre, attendance, help_sheet in sheets[:few]:
            subprocess.run(
                [*exe, "record", "import", "-q", "--store", url, "--centre", centre,
                 "--year", str(YEAR), str(attendance), str(help_sheet)],
                check=True,
            )  # fmt: skip
        imported = time.perf_counter() - started
        started = time.perf_counter()
        output = subprocess.run(
            [*exe, "report", "--store", url, "--year", str(YEAR), "--network", "--format", "json"],
            check=True,
            capture_output=True,
        ).stdout
        reported = time.perf_counter() - started
        plain = json.loads(output)
        rows_cli = plain["sections"]["network_comparison"]["tables"]["network_key_figures"]
        assert len(rows_cli["rows"]) == few
        print(
            f"end to end (CLI, {few} centres): record import of {2 * few} sheets "
            f"{imported:8.2f} s, "
            f"report --network --format json {reported:8.2f} s"
        )


def write_data(folder: Path, items: list[fc.CentreData]) -> list[str]:
    """The centres' data files, for the command-line run."""
    paths = []
    for item in items:
        path = folder / f"{item.centre.id}.toml"
        fc.dump(item, path)
        paths.append(str(path))
    return paths


if __name__ == "__main__":
    main()
