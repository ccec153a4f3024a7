"""Reloading unchanged data: ``familycentre load`` of a network, then again unchanged.

Run: ``python benchmarks/bench_reload.py`` (``--centres 1000`` by default, ``--quick``
for 100). Goal: the unchanged reload costs at most 0.3x of the first load.

Two variants, each interleaved and best of N:

1. In process: ``store.load(network)`` into a new SQLite store (the first load), and
   ``store.load(network)`` again into the loaded store (the reload). Both sides get the
   same model objects; each prints what the load counted, and the counts are checked
   (all added, then all unchanged).
2. End to end, as a user runs it: ``familycentre load FILE...`` of one data file per
   centre into a new store, then the same command twice more, each in a fresh process
   (process start, imports, reading and validating the files included). The first
   reload reads and compares every record (the load before it wrote, so the journal
   cannot vouch for the store); the second finds in the load journal that neither the
   files nor the store changed since, and reads no file: the nightly reload of
   unchanged data.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from network import generate_network

import familycentre as fc


def best(times: list[float]) -> float:
    return min(times)


def in_process(network: list[fc.CentreData], rounds: int, folder: Path) -> tuple[float, float]:
    first: list[float] = []
    again: list[float] = []
    records = sum(1 + len(item.offers) + len(item.partners) for item in network)
    for number in range(rounds):
        url = f"sqlite://{folder / f'inproc-{number}.db'}"
        with fc.open_store(url) as store:
            start = time.perf_counter()
            result = store.load(network)
            first.append(time.perf_counter() - start)
            assert (result.added, result.updated) == (records, 0), result
            start = time.perf_counter()
            result = store.load(network)
            again.append(time.perf_counter() - start)
            assert (result.unchanged, result.changed) == (records, False), result
    print(
        f"in process, {records} records: first load {best(first):.3f} s, "
        f"unchanged reload {best(again):.3f} s, ratio {best(again) / best(first):.2f}x"
    )
    return best(first), best(again)


def end_to_end(network: list[fc.CentreData], rounds: int, folder: Path) -> None:
    files = []
    for item in network:
        path = folder / f"{item.centre.id}.json"
        fc.dump(item, path)
        files.append(str(path))
    command = [sys.executable, "-m", "familycentre", "load", *files]
    environment = {**os.environ, "FAMILYCENTRE_LOAD_JOURNAL": str(folder / "journal.json")}
    times: dict[str, list[float]] = {"first": [], "compare": [], "journal": []}
    outputs: dict[str, set[str]] = {name: set() for name in times}
    for number in range(rounds):
        url = f"sqlite://{folder / f'cli-{number}.db'}"
        for name in times:  # a new store, then the same files twice
            start = time.perf_counter()
            done = subprocess.run(
                [*command, "--store", url], capture_output=True, text=True, env=environment
            )
            times[name].append(time.perf_counter() - start)
            assert done.returncode == 0, done.stderr
            outputs[name].add(done.stdout.split(": ", 1)[1].strip())
    first = best(times["first"])
    print(f"end to end, {len(files)} files, best of {rounds}:")
    print(f"  first load into a new store      {first:.3f} s   {sorted(outputs['first'])}")
    for name, label in (
        ("compare", "reload, every record compared"),
        ("journal", "reload, no file changed since"),
    ):
        took = best(times[name])
        print(f"  {label:32} {took:.3f} s   {took / first:.2f}x   {sorted(outputs[name])}")
    records = str(sum(1 + len(item.offers) + len(item.partners) for item in network))
    assert all(records in text for texts in outputs.values() for text in texts), outputs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--centres", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="100 centres, 2 rounds")
    args = parser.parse_args()
    centres, rounds = (100, 2) if args.quick else (args.centres, args.rounds)
    network = generate_network(centres, 40, 5)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        in_process(network, rounds, folder)
        end_to_end(network, rounds, folder)


if __name__ == "__main__":
    main()
