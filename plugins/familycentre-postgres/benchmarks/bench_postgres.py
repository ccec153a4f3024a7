"""Benchmark of the PostgreSQL store against the SQLite store and bare psycopg.

Run (from the repository root, with a server)::

    export FAMILYCENTRE_TEST_POSTGRES_URL=postgresql://USER:PASSWORD@127.0.0.1/DBNAME
    python plugins/familycentre-postgres/benchmarks/bench_postgres.py [--quick]

1. Bulk-load the state network (benchmarks/network.py: 400 centres x 40 offers =
   16,000 offers, 2,000 partners, fixed seed) with ``store.load()`` into a new
   PostgreSQL store and into a new SQLite store, and with bare psycopg into the same
   tables: the same rows (the converter's JSON and the indexed columns) with
   ``COPY`` in one transaction, measured with the serialization (the work the store
   must do for model objects: goal at most 1.5x) and with the rows ready.
2. Run the common queries on the PostgreSQL store, the SQLite store and bare psycopg
   (the same SELECT, decoded with the same converter).

The benchmark works in a schema of its own (``fc_bench_<pid>``), dropped at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

import familycentre as fc
from familycentre.storage import Store, search_text
from familycentre.taxonomy import Audience, Category, PartnerKind
from familycentre_postgres import PostgresBackend

ROOT = Path(__file__).resolve().parents[3]
DEFAULT_URL = "postgresql://familycentre:familycentre@127.0.0.1:5432/familycentre_test"
URL = os.environ.get("FAMILYCENTRE_TEST_POSTGRES_URL") or DEFAULT_URL


def network(centres: int) -> list[fc.CentreData]:
    """The state network of benchmarks/network.py (fixed seed)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from network import generate_network  # type: ignore[import-not-found]

    result: list[fc.CentreData] = generate_network(centres, 40, 5)
    return result


def best_of(
    repeat: int, action: Callable[[], Any], before: Callable[[], Any] | None = None
) -> float:
    """The shortest of ``repeat`` runs of ``action`` in seconds (``before`` is not timed)."""
    times = []
    for _ in range(repeat):
        if before is not None:
            before()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def with_schema(schema: str) -> str:
    return f"{URL}{'&' if '?' in URL else '?'}schema={schema}"


COLUMNS = {
    "centres": "id, revision, modified, data, search",
    "partners": "id, revision, modified, data, kind, search",
    "offers": "id, revision, modified, data, centre, category, audiences, search",
}


def rows(items: list[fc.CentreData]) -> dict[str, list[tuple[Any, ...]]]:
    """The rows the store writes for the network: JSON and the indexed columns."""
    stamp = dt.datetime.now(dt.UTC)  # one modification time, as load() writes
    out: dict[str, list[tuple[Any, ...]]] = {"centres": [], "partners": [], "offers": []}
    seen: set[str] = set()
    for data in items:
        centre = data.centre
        out["centres"].append((centre.id, 1, stamp, fc.to_json(centre), search_text(centre)))
        for partner in data.partners:
            if partner.id in seen:
                continue
            seen.add(partner.id)
            out["partners"].append(
                (
                    partner.id,
                    1,
                    stamp,
                    fc.to_json(partner),
                    str(partner.kind),
                    search_text(partner),
                )
            )
        for offer in data.offers:
            out["offers"].append(
                (
                    offer.id,
                    1,
                    stamp,
                    fc.to_json(offer),
                    offer.centre,
                    str(offer.category),
                    [str(a) for a in offer.audiences],
                    search_text(offer),
                )
            )
    return out


def bare_load(connection: psycopg.Connection[Any], schema: str, data: Any) -> None:
    """Bare psycopg: the rows into the same tables with COPY, in one transaction."""
    table_rows = rows(data) if isinstance(data, list) else data
    with connection.transaction(), connection.cursor() as cursor:
        for table, columns in COLUMNS.items():
            name = sql.Identifier(schema, table).as_string(connection)
            with cursor.copy(f"COPY {name} ({columns}) FROM STDIN") as copy:
                for row in table_rows[table]:
                    copy.write_row(row)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="40 centres instead of 400")
    args = parser.parse_args()
    items = network(40 if args.quick else 400)
    n_offers = sum(len(d.offers) for d in items)
    n_partners = len({p.id for d in items for p in d.partners})
    print(f"network: {len(items)} centres, {n_offers} offers, {n_partners} partners")
    schema = f"fc_bench_{os.getpid()}"
    url = with_schema(schema)
    admin = psycopg.connect(URL, autocommit=True)
    server = admin.execute("SHOW server_version").fetchone()
    print(f"server: PostgreSQL {server[0] if server else '?'}; psycopg {psycopg.__version__}")
    tables = ", ".join(sql.Identifier(schema, t).as_string(admin) for t in (*COLUMNS, "referrals"))

    def truncate() -> None:
        admin.execute(f"TRUNCATE {tables}")

    try:
        Store(PostgresBackend(url)).close()  # creates the schema
        runs = 5
        with tempfile.TemporaryDirectory() as directory:
            # --- load ---
            pg = Store(PostgresBackend(url))

            def sqlite_load() -> None:
                path = Path(directory) / f"store-{time.perf_counter_ns()}.db"
                with fc.open_store(f"sqlite://{path}") as store:
                    store.load(items)

            ready = rows(items)
            timings: dict[str, list[float]] = {"pg": [], "sqlite": [], "bare": [], "ready": []}
            for _ in range(runs):  # interleaved, so that a busy machine hurts all alike
                timings["pg"].append(best_of(1, lambda: pg.load(items), truncate))
                timings["bare"].append(
                    best_of(1, lambda: bare_load(admin, schema, items), truncate)
                )
                timings["ready"].append(
                    best_of(1, lambda: bare_load(admin, schema, ready), truncate)
                )
                timings["sqlite"].append(best_of(1, sqlite_load))
            t_pg, t_sqlite, t_bare, t_ready = (
                min(timings[name]) for name in ("pg", "sqlite", "bare", "ready")
            )
            print(f"\nbulk load (best of {runs}, interleaved)")
            print(f"  PostgreSQL store             {t_pg * 1000:9.1f} ms")
            print(
                f"  bare psycopg COPY + to_json  {t_bare * 1000:9.1f} ms   "
                f"ratio {t_pg / t_bare:5.2f}x (goal <= 1.5x)"
            )
            print(
                f"  bare psycopg COPY, rows ready{t_ready * 1000:9.1f} ms   "
                f"ratio {t_pg / t_ready:5.2f}x"
            )
            print(
                f"  SQLite store (same run)      {t_sqlite * 1000:9.1f} ms   "
                f"ratio {t_pg / t_sqlite:5.2f}x (PostgreSQL / SQLite)"
            )

            # --- queries ---
            truncate()
            pg.load(items)
            sqlite_path = Path(directory) / "query.db"
            sqlite_store = fc.open_store(f"sqlite://{sqlite_path}")
            sqlite_store.load(items)
            sample = [d.centre.id for d in random.Random(7).sample(items, min(50, len(items)))]
            offers = sql.Identifier(schema, "offers").as_string(admin)
            partners = sql.Identifier(schema, "partners").as_string(admin)

            def bare(query: str, params: tuple[Any, ...], kind: type[Any]) -> list[Any]:
                found = admin.execute(query, params).fetchall()
                return [fc.from_json(row[0], kind) for row in found]

            select = f"SELECT data::text FROM {offers} WHERE "
            queries: list[tuple[str, Callable[[fc.Store], Any], Callable[[], Any]]] = [
                (
                    "one centre's offers (x50)",
                    lambda s: [s.offers(centre=c) for c in sample],
                    lambda: [
                        bare(select + "centre = %s ORDER BY id", (c,), fc.Offer) for c in sample
                    ],
                ),
                (
                    "offers by category",
                    lambda s: s.offers(category=Category.BREAKFAST),
                    lambda: bare(select + "category = %s ORDER BY id", ("breakfast",), fc.Offer),
                ),
                (
                    "offers by audience",
                    lambda s: s.offers(audience=Audience.SENIORS),
                    lambda: bare(
                        select + "audiences @> ARRAY[%s]::text[] ORDER BY id",
                        ("seniors",),
                        fc.Offer,
                    ),
                ),
                (
                    "offers by title text",
                    lambda s: s.offers(text="sprach"),
                    lambda: bare(
                        select + "strpos(search, %s) > 0 ORDER BY id", ("sprach",), fc.Offer
                    ),
                ),
                (
                    "partners by kind",
                    lambda s: s.partners(kind=PartnerKind.DOCTOR),
                    lambda: bare(
                        f"SELECT data::text FROM {partners} WHERE kind = %s ORDER BY id",
                        ("doctor",),
                        fc.Partner,
                    ),
                ),
                (
                    "one offer by id (x200)",
                    lambda s: [s.get(fc.Offer, o.id) for o in items[0].offers * 5],
                    lambda: [
                        bare(select + "id = %s", (o.id,), fc.Offer) for o in items[0].offers * 5
                    ],
                ),
            ]
            assert pg.offers(centre=sample[0]) == sqlite_store.offers(centre=sample[0])
            print(
                "\nqueries (best of 5)          PostgreSQL      SQLite  ratio"
                "   bare psycopg  ratio"
            )
            for title, ours, theirs in queries:
                t_pg_q = best_of(5, lambda q=ours: q(pg))  # type: ignore[misc]
                t_sq = best_of(5, lambda q=ours: q(sqlite_store))  # type: ignore[misc]
                t_bare_q = best_of(5, theirs)
                print(
                    f"  {title:<26}{t_pg_q * 1000:9.2f} ms {t_sq * 1000:8.2f} ms "
                    f"{t_pg_q / t_sq:5.2f}x {t_bare_q * 1000:10.2f} ms {t_pg_q / t_bare_q:5.2f}x"
                )
            sqlite_store.close()
            pg.close()
    finally:
        admin.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
        admin.close()


if __name__ == "__main__":
    main()
