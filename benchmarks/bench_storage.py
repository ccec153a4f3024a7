"""Benchmark of the SQLite store against bare sqlite3, and of ``import familycentre``.

Run: ``python benchmarks/bench_storage.py`` (``--quick`` for a smaller network).

1. Bulk-load the network (400 centres x 40 offers = 16,000 offers, 2,000 partners,
   fixed seed) into a new SQLite store, and the same records into bare sqlite3 tables
   in the same process. The baseline writes the same JSON (made by the one converter)
   with ``executemany`` in one transaction; it is measured with the serialization
   (the same work the store must do for model objects) and without it.
2. Run the common queries on both: one centre's offers (goal: at most 1.5x), offers
   by category, by audience, by title text, partners by kind. The baseline selects
   the same JSON by the same indexed columns and decodes it into model objects with
   the same converter; the figure without decoding is printed beside it.
3. ``import familycentre`` against ``import icalendar`` (its heaviest dependency),
   each in a fresh interpreter, several runs, median (goal: at most 1.2x).
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import familycentre as fc
from familycentre.storage import search_text
from familycentre.taxonomy import Audience, Category, PartnerKind

SEED = 20261125


def generate_network(
    centres: int, offers: int, partners: int, seed: int = SEED
) -> list[fc.CentreData]:
    """A network of centres with offers and partners, the same for the same seed."""
    rng = random.Random(seed)
    categories = list(Category)
    audiences = list(Audience)
    kinds = list(PartnerKind)
    words = [
        "Frühstück",
        "Café",
        "Eltern",
        "Kinder",
        "Treff",
        "Beratung",
        "Kurs",
        "Sprach",
        "Familie",
    ]
    weekdays = ["mon", "tue", "wed", "thu", "fri"]
    per_centre = partners // centres
    network = []
    for c in range(centres):
        centre_id = f"zentrum-{c:04d}"
        centre = fc.Centre(
            id=centre_id,
            name=fc.Text(f"Familienzentrum {c}", {"en": f"Family centre {c}"}),
            kind=rng.choice(list(fc.CentreKind)),
            municipality=rng.choice(["Dortmund", "Bochum", "Essen", "Köln", "Münster"]),
        )
        offer_list = []
        for o in range(offers):
            start = rng.randrange(8, 18)
            offer_list.append(
                fc.Offer(
                    id=f"{centre_id}-angebot-{o:03d}",
                    centre=centre_id,
                    title=fc.Text(
                        f"{rng.choice(words)} {rng.choice(words)} {o}",
                        {"en": f"Offer {o}", "tr": f"Teklif {o}"},
                    ),
                    category=rng.choice(categories),
                    audiences=tuple(rng.sample(audiences, rng.randrange(1, 4))),
                    description=fc.Text("Ein Angebot für alle, ohne Anmeldung. " * 3),
                    schedule=(
                        fc.Schedule(
                            weekly=tuple(rng.sample(weekdays, rng.randrange(1, 3))),
                            times=(fc.TimeWindow.parse(f"{start:02d}:00-{start + 2:02d}:00"),),
                        ),
                    ),
                    location="Raum 1",
                )
            )
        partner_list = [
            fc.Partner(
                id=f"{centre_id}-partner-{p}",
                name=fc.Text(f"Beratungsstelle {c}-{p}"),
                kind=rng.choice(kinds),
            )
            for p in range(per_centre)
        ]
        network.append(fc.CentreData(centre, tuple(offer_list), tuple(partner_list)))
    return network


def load_network(centres: int, offers: int, partners: int) -> list[fc.CentreData]:
    """The network of benchmarks/network.py with exactly these sizes, else our own generator.

    ``partners`` is the total; benchmarks/network.py counts partners per centre.
    """
    sys.path.insert(0, str(Path(__file__).parent))
    try:
        import network as shared  # type: ignore[import-not-found]
    except ImportError:
        return generate_network(centres, offers, partners)
    per_centre = max(1, partners // max(1, centres))
    result = list(shared.generate_network(centres, offers, per_centre))
    assert len(result) == centres, f"asked for {centres} centres, got {len(result)}"
    print(f"network: benchmarks/network.py, {centres} centres x {offers} offers")
    return result


def best_of(repeat: int, action: Callable[[], Any]) -> float:
    """The shortest of ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


# --- the bare sqlite3 baseline ----------------------------------------------------------------

BASELINE_SCHEMA = [
    "CREATE TABLE centres (id TEXT PRIMARY KEY, data TEXT NOT NULL)",
    "CREATE TABLE offers (id TEXT PRIMARY KEY, centre TEXT NOT NULL, category TEXT NOT NULL,"
    " search TEXT NOT NULL, data TEXT NOT NULL)",
    "CREATE INDEX offers_by_centre ON offers (centre, id)",
    "CREATE INDEX offers_by_category ON offers (category, id)",
    "CREATE TABLE offer_audiences (audience TEXT, offer TEXT, PRIMARY KEY (audience, offer))"
    " WITHOUT ROWID",
    "CREATE TABLE partners (id TEXT PRIMARY KEY, kind TEXT NOT NULL, data TEXT NOT NULL)",
    "CREATE INDEX partners_by_kind ON partners (kind, id)",
]


def baseline_rows(network: list[fc.CentreData]) -> dict[str, list[tuple[Any, ...]]]:
    """The rows the baseline inserts: the same JSON the store writes."""
    rows: dict[str, list[tuple[Any, ...]]] = {
        "centres": [],
        "offers": [],
        "offer_audiences": [],
        "partners": [],
    }
    for data in network:
        rows["centres"].append((data.centre.id, fc.to_json(data.centre)))
        for offer in data.offers:
            search = search_text(offer)
            rows["offers"].append(
                (offer.id, offer.centre, str(offer.category), search, fc.to_json(offer))
            )
            rows["offer_audiences"] += [(str(a), offer.id) for a in offer.audiences]
        for partner in data.partners:
            rows["partners"].append((partner.id, str(partner.kind), fc.to_json(partner)))
    return rows


def baseline_load(path: Path, network: list[fc.CentreData] | None, rows: Any = None) -> None:
    """Create the baseline database and insert the network in one transaction."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")
    connection.execute("BEGIN IMMEDIATE")
    for statement in BASELINE_SCHEMA:
        connection.execute(statement)
    if rows is None:
        assert network is not None
        rows = baseline_rows(network)
    connection.executemany("INSERT INTO centres VALUES (?, ?)", rows["centres"])
    connection.executemany("INSERT INTO offers VALUES (?, ?, ?, ?, ?)", rows["offers"])
    connection.executemany("INSERT INTO offer_audiences VALUES (?, ?)", rows["offer_audiences"])
    connection.executemany("INSERT INTO partners VALUES (?, ?, ?)", rows["partners"])
    connection.execute("COMMIT")
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="40 centres instead of 400")
    parser.add_argument("--import-runs", type=int, default=9, help="runs per import timing")
    args = parser.parse_args()
    centres = 40 if args.quick else 400
    network = load_network(centres, 40, centres * 5)
    n_offers = sum(len(d.offers) for d in network)
    n_partners = sum(len(d.partners) for d in network)
    print(f"network: {len(network)} centres, {n_offers} offers, {n_partners} partners")

    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)

        # --- load ---
        runs = 3

        def store_load() -> None:
            path = root / f"store-{time.perf_counter_ns()}.db"
            with fc.open_store(f"sqlite://{path}") as store:
                store.load(network)

        def base_load() -> None:
            baseline_load(root / f"base-{time.perf_counter_ns()}.db", network)

        rows = baseline_rows(network)

        def base_load_raw() -> None:
            baseline_load(root / f"raw-{time.perf_counter_ns()}.db", None, rows)

        t_store = best_of(runs, store_load)
        t_base = best_of(runs, base_load)
        t_raw = best_of(runs, base_load_raw)
        print("\nbulk load (best of 3)")
        print(f"  familycentre SQLite store   {t_store * 1000:9.1f} ms")
        print(
            f"  bare sqlite3 + to_json      {t_base * 1000:9.1f} ms   "
            f"ratio {t_store / t_base:5.2f}x (goal <= 2x)"
        )
        print(
            f"  bare sqlite3, JSON ready    {t_raw * 1000:9.1f} ms   ratio {t_store / t_raw:5.2f}x"
        )

        # --- queries ---
        store_path = root / "query-store.db"
        with fc.open_store(f"sqlite://{store_path}") as store:
            store.load(network)
        base_path = root / "query-base.db"
        baseline_load(base_path, None, rows)
        rng = random.Random(SEED)
        sample = [d.centre.id for d in rng.sample(network, min(50, len(network)))]
        base = sqlite3.connect(base_path, isolation_level=None)

        def base_select(sql: str, parameters: tuple[Any, ...], decode: bool) -> list[Any]:
            found = [row[0] for row in base.execute(sql, parameters)]
            return [fc.from_json(text, fc.Offer) for text in found] if decode else found

        by_centre = "SELECT data FROM offers WHERE centre = ? ORDER BY id"
        by_category = "SELECT data FROM offers WHERE category = ? ORDER BY id"
        by_audience = (
            "SELECT data FROM offers WHERE id IN "
            "(SELECT offer FROM offer_audiences WHERE audience = ?) ORDER BY id"
        )
        by_text = "SELECT data FROM offers WHERE instr(search, ?) > 0 ORDER BY id"
        partners_by_kind = "SELECT data FROM partners WHERE kind = ? ORDER BY id"
        with fc.open_store(f"sqlite://{store_path}") as store:
            queries: list[tuple[str, Callable[[], Any], Callable[[], Any], Callable[[], Any]]] = [
                (
                    "one centre's offers (x50)",
                    lambda: [store.offers(centre=c) for c in sample],
                    lambda: [base_select(by_centre, (c,), True) for c in sample],
                    lambda: [base_select(by_centre, (c,), False) for c in sample],
                ),
                (
                    "offers by category",
                    lambda: store.offers(category=Category.BREAKFAST),
                    lambda: base_select(by_category, ("breakfast",), True),
                    lambda: base_select(by_category, ("breakfast",), False),
                ),
                (
                    "offers by audience",
                    lambda: store.offers(audience=Audience.SENIORS),
                    lambda: base_select(by_audience, ("seniors",), True),
                    lambda: base_select(by_audience, ("seniors",), False),
                ),
                (
                    "offers by title text",
                    lambda: store.offers(text="sprach"),
                    lambda: base_select(by_text, ("sprach",), True),
                    lambda: base_select(by_text, ("sprach",), False),
                ),
                (
                    "partners by kind",
                    lambda: store.partners(kind=PartnerKind.DOCTOR),
                    lambda: [
                        fc.from_json(t, fc.Partner)
                        for t in base_select(partners_by_kind, ("doctor",), False)
                    ],
                    lambda: base_select(partners_by_kind, ("doctor",), False),
                ),
            ]
            assert len(store.offers(centre=sample[0])) == len(
                base_select(by_centre, (sample[0],), True)
            )
            print(
                "\nqueries (best of 9)             store      baseline  ratio"
                "   (baseline without decoding)"
            )
            for title, ours, theirs, raw in queries:
                t_ours, t_theirs, t_raw = (best_of(9, q) for q in (ours, theirs, raw))
                goal = " (goal <= 1.5x)" if title.startswith("one centre") else ""
                print(
                    f"  {title:<28}{t_ours * 1000:8.2f} ms {t_theirs * 1000:8.2f} ms "
                    f"{t_ours / t_theirs:5.2f}x{goal}   ({t_raw * 1000:.2f} ms, "
                    f"{t_ours / t_raw:.0f}x)"
                )
        base.close()

    # --- import time ---
    def import_time(module: str) -> float:
        code = (
            "import time; t = time.perf_counter(); "
            f"import {module}; print(time.perf_counter() - t)"
        )
        return float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )

    ours_times, theirs_times, floor_times, storage_times = [], [], [], []
    model_times = []
    for _ in range(args.import_runs):
        ours_times.append(import_time("familycentre"))
        # the first use of the model and converter (what a script that loads data pays)
        model_times.append(import_time("familycentre; familycentre.Centre; familycentre.load"))
        theirs_times.append(import_time("icalendar"))
        floor_times.append(import_time("attrs, cattrs"))
        storage_times.append(import_time("familycentre, familycentre.storage.sqlite"))
    ours_import, theirs_import = statistics.median(ours_times), statistics.median(theirs_times)
    print(f"\nimport time (median of {args.import_runs} fresh interpreters)")
    print(f"  import familycentre   {ours_import * 1000:7.1f} ms")
    print(
        f"  import icalendar      {theirs_import * 1000:7.1f} ms   "
        f"ratio {ours_import / theirs_import:5.2f}x (goal <= 1.2x)"
    )
    print(
        f"  + first use: model and converter {statistics.median(model_times) * 1000:7.1f} ms "
        f"({statistics.median(model_times) / theirs_import:.2f}x import icalendar)"
    )
    print(
        f"  import attrs, cattrs  {statistics.median(floor_times) * 1000:7.1f} ms   "
        "(the model's own dependencies: the floor)"
    )
    print(
        f"  ... + the SQLite store {statistics.median(storage_times) * 1000:6.1f} ms   "
        "(what open_store adds when first used)"
    )
    print(
        json.dumps(
            {
                "load_ratio": round(t_store / t_base, 2),
                "import_ratio": round(ours_import / theirs_import, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
