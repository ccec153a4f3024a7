"""Benchmark: ``describe()`` (a schedule in words) against its former implementation.

Run: ``python benchmarks/bench_describe.py [--centres 400] [--offers 40] [--runs 5]``

Every schedule of ``generate_network(400, 40)`` (16,335 schedules) is described in
German and in English, by ``familycentre.schedule.describe`` and by
``reference_describe``: a frozen copy of ``describe()`` as it was before its
word tables and caches, which looked every word up in the catalogue, formatted every
template and sorted every list anew on each call (kept in
``tests/schedule/describe_reference.py`` as the tests' oracle). Both use the same
translators (and so the same Babel formatting memory of familycentre.i18n) and the
same model.

Runs are interleaved (ours, reference, ours, ...) and the best of ``--runs`` is shown
with the ratio. Before the timed runs every text of both sides is compared: they must
be equal, byte for byte. Two figures are printed for ours:

- *warm*: the small caches of ``words.py`` (word tables, weekday phrases, time
  windows, date lists) kept from run to run, as in a long-running process;
- *cold*: those caches emptied before each run, so every run builds them again
  (the translators' Babel formatting memory stays warm for both sides).

End to end (``--end-to-end N`` centres, default 20; 0 skips it): the network in a
SQLite store, and for each of N centres ``familycentre export html --layout list``
(the half-year programme, one line of words per schedule) in German and English
through the command's entry point, with ``describe()`` as it is and with the
exporter's ``describe`` replaced by ``reference_describe``; interleaved, best of
``--runs``, the pages compared byte for byte.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests' reference

from network import generate_network
from tests.schedule.describe_reference import reference_describe

import familycentre as fc
from familycentre.export import html as html_exporter
from familycentre.model.schedule import (
    Schedule,
)
from familycentre.schedule import describe, words

LANGUAGES = ("de", "en")

# ---------------------------------------------------------------------------------------
# The benchmark.
# ---------------------------------------------------------------------------------------


def schedules(network: list[fc.CentreData]) -> list[Schedule]:
    """Every schedule of every offer of the network."""
    return [s for data in network for offer in data.offers for s in offer.schedule]


def run(describe_one: Callable[[Schedule, str], str], items: Sequence[Schedule]) -> int:
    """Describe every schedule in every language; the number of characters written."""
    total = 0
    for language in LANGUAGES:
        for schedule in items:
            total += len(describe_one(schedule, language))
    return total


def ours_cold(items: Sequence[Schedule]) -> int:
    words.clear_caches()
    return run(describe, items)


@contextlib.contextmanager
def exporter_describing_with(describe_one: Callable[[Schedule, str], str]) -> Iterator[None]:
    """The html exporter's ``describe`` replaced for the time being."""
    kept = html_exporter.describe
    html_exporter.describe = describe_one
    try:
        yield
    finally:
        html_exporter.describe = kept


def export_pages(url: str, folder: Path, ids: Sequence[str]) -> bytes:
    """``familycentre export html --layout list`` of each centre in de and en: the pages."""
    from familycentre.cli import main as cli

    pages = []
    for centre in ids:
        for language in LANGUAGES:
            out = folder / f"{centre}-{language}.html"
            code = cli(
                [
                    "export", "html", "--store", url, "--centre", centre, "--layout", "list",
                    "--from", "2026-09-01", "--to", "2027-02-28", "--lang", language,
                    "--no-cache", "-q", "-o", str(out),
                ]
            )  # fmt: skip
            assert code == 0, f"export of {centre} in {language} failed"
            pages.append(out.read_bytes())
    return b"".join(pages)


def end_to_end(network: list[fc.CentreData], sample: int, runs: int) -> None:
    """Programme lists through the command line and a SQLite store, ours and reference."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        url = f"sqlite:///{folder}/network.db"
        with fc.open_store(url) as store:
            for item in network[:sample]:
                store.add(item.centre)
                for offer in item.offers:
                    store.add(offer)
        ids = [item.centre.id for item in network[:sample]]

        def reference_pages() -> bytes:
            with exporter_describing_with(reference_describe):
                return export_pages(url, folder, ids)

        sides: dict[str, Callable[[], bytes]] = {
            "ours": lambda: export_pages(url, folder, ids),
            "reference": reference_pages,
        }
        best = dict.fromkeys(sides, float("inf"))
        pages: dict[str, bytes] = {}
        with contextlib.redirect_stderr(io.StringIO()):
            for side in sides.values():  # warm up: imports, templates, translators
                side()
            for _ in range(runs):
                for name, side in sides.items():
                    began = time.perf_counter()
                    pages[name] = side()
                    best[name] = min(best[name], time.perf_counter() - began)
    assert pages["ours"] == pages["reference"], "the pages differ"
    exports = len(ids) * len(LANGUAGES)
    print(
        f"\nend to end: familycentre export html --layout list (SQLite store, the command's "
        f"entry point), {len(ids)} centres in {', '.join(LANGUAGES)}: {exports} pages, "
        f"{len(pages['ours']):,} bytes each side (equal); best of {runs}"
    )
    for name, seconds in best.items():
        print(
            f"{name:<12} {seconds:8.3f} s {seconds / exports * 1e3:8.2f} ms/page "
            f"{best['reference'] / seconds:8.2f}x"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--centres", type=int, default=400)
    parser.add_argument("--offers", type=int, default=40)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--end-to-end", type=int, default=20, help="centres through the CLI")
    args = parser.parse_args(argv)

    network = generate_network(args.centres, args.offers)
    items = schedules(network)
    for language in LANGUAGES:  # the same text for every schedule, byte for byte
        for schedule in items:
            ours = describe(schedule, language)
            theirs = reference_describe(schedule, language)
            assert ours == theirs, f"{language}: {ours!r} != {theirs!r} for {schedule!r}"
    works: list[tuple[str, Callable[[], int]]] = [
        ("ours (warm)", lambda: run(describe, items)),
        ("ours (cold)", lambda: ours_cold(items)),
        ("reference", lambda: run(reference_describe, items)),
    ]
    best = dict.fromkeys((name for name, _ in works), float("inf"))
    counts: dict[str, int] = {}
    for _ in range(args.runs):
        for name, work in works:
            began = time.perf_counter()
            counts[name] = work()
            best[name] = min(best[name], time.perf_counter() - began)
    assert len(set(counts.values())) == 1, f"the sides wrote different amounts: {counts}"

    calls = len(items) * len(LANGUAGES)
    print(
        f"describe() of {len(items):,} schedules ({args.centres} centres x {args.offers} "
        f"offers) in {', '.join(LANGUAGES)}: {calls:,} calls, {counts['reference']:,} "
        f"characters each side (texts compared: equal); best of {args.runs} interleaved runs"
    )
    print(f"{'':<12} {'seconds':>8} {'us/call':>8} {'speed-up':>9}")
    reference = best["reference"]
    for name, seconds in best.items():
        print(
            f"{name:<12} {seconds:8.3f} {seconds / calls * 1e6:8.2f} {reference / seconds:8.2f}x"
        )
    if args.end_to_end > 0:
        end_to_end(network, args.end_to_end, args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
