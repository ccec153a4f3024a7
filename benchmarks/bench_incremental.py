"""Re-exporting a network's programme after one offer changed, against a full export.

Run: ``python benchmarks/bench_incremental.py`` (200 centres; ``--centres 1000`` for the
network of the issue; ``--quick`` for 20). Goal: the re-export takes at most 5% of a
full export's time.

In process, interleaved, best of N: a store holds the network; each round changes one
offer (a new title), then exports the whole programme twice: once with the cache of
parts kept from the previous round (only the changed offer is rendered again), once
without any cache (everything rendered). Both outputs are checked byte for byte equal,
and their sizes printed. End to end, as a user runs it: ``familycentre export ical
--store URL -o FILE`` after one change (the cache beside FILE from the run before)
against the same command with ``--no-cache``, each a fresh process.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import attrs

sys.path.insert(0, str(Path(__file__).resolve().parent))

from network import generate_network

import familycentre as fc
from familycentre.export import ExportOptions, export
from familycentre.export.parts import PartCache


def retitle(store: fc.Store, number: int) -> None:
    record = store.records(fc.Offer)[number * 7919 % len(store.ids(fc.Offer))]
    changed = attrs.evolve(record.value, title=fc.Text(f"Geändert {number}"))
    store.update(changed, revision=record.revision)


def run(store: fc.Store, parts: PartCache | None) -> tuple[float, bytes]:
    stream = io.BytesIO()
    options = ExportOptions(extra={}, parts=parts)
    start = time.perf_counter()
    export(store, "ical", stream, options)
    return time.perf_counter() - start, stream.getvalue()


def in_process(url: str, rounds: int) -> None:
    with fc.open_store(url) as store:
        parts = PartCache(limit=1 << 30)
        run(store, parts)  # the export before the change fills the cache
        full: list[float] = []
        again: list[float] = []
        for number in range(rounds):
            retitle(store, number)
            took, incremental = run(store, parts)
            again.append(took)
            took, everything = run(store, None)
            full.append(took)
            assert incremental == everything, "the incremental export differs"
        events = everything.count(b"BEGIN:VEVENT")
        print(f"in process: {events} events, {len(everything) / 1e6:.1f} MB, both sides equal")
        print(f"  full export           {min(full):.3f} s")
        print(f"  after one change      {min(again):.3f} s   {min(again) / min(full):.1%}")


def end_to_end(url: str, folder: Path, rounds: int) -> None:
    out, plain = folder / "programme.ics", folder / "plain.ics"
    base = [sys.executable, "-m", "familycentre", "export", "ical", "--store", url, "-q"]
    subprocess.run([*base, "-o", str(out)], check=True)  # the cache of the run before
    full: list[float] = []
    again: list[float] = []
    for number in range(rounds):
        with fc.open_store(url) as store:
            retitle(store, 1000 + number)
        start = time.perf_counter()
        subprocess.run([*base, "-o", str(out)], check=True)
        again.append(time.perf_counter() - start)
        start = time.perf_counter()
        subprocess.run([*base, "-o", str(plain), "--no-cache"], check=True)
        full.append(time.perf_counter() - start)
        assert out.read_bytes() == plain.read_bytes(), "the incremental export differs"
    print(f"end to end: {plain.stat().st_size / 1e6:.1f} MB, both files equal")
    print(f"  familycentre export --no-cache   {min(full):.3f} s")
    print(f"  familycentre export (cached)     {min(again):.3f} s   {min(again) / min(full):.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--centres", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="20 centres")
    args = parser.parse_args()
    centres = 20 if args.quick else args.centres
    network = generate_network(centres, 40, 5)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        url = f"sqlite://{folder / 'network.db'}"
        with fc.open_store(url) as store:
            store.load(network)
        print(f"{centres} centres, {centres * 40} offers")
        in_process(url, args.rounds)
        end_to_end(url, folder, args.rounds)


if __name__ == "__main__":
    main()
