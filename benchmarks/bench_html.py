"""Benchmark: programme pages (html) and print-outs (pdf) for a state network.

Run: ``python benchmarks/bench_html.py [--centres 400] [--offers 40] [--repeat 3]
[--pdf-centres 3]``

Prints, from runs in the same process:

- the week grid and the programme list (``--layout list``, half a year) of every
  centre of the network, one page per centre, by our ``html`` exporter, against
  rendering the same Jinja2 template with bare Jinja2 from rows precomputed before the
  clock starts (goal: at most 1.3x). Both write the same bytes (checked: size and
  SHA-256).
  Runs are interleaved (ours, bare, ours, bare, ...) and the best of ``--repeat`` is
  taken, in CPU time of this process (``time.process_time``);
- the same week grids end to end: the network in a SQLite store, ``familycentre
  export html --centre ID`` through the command's entry point, for a sample of centres;
- the time per printed page of the ``pdf`` exporter (headless Chromium, wall-clock
  time, since the work is done in Chromium's processes), when Chromium is installed.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import io
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from network import generate_network

import familycentre as fc
from familycentre.export import DataSource, ExportOptions, export
from familycentre.export.html import HtmlExporter, page_context

WEEK = dt.date(2026, 9, 28), dt.date(2026, 10, 4)
HALF_YEAR = dt.date(2026, 9, 1), dt.date(2027, 2, 28)
MODIFIED = dt.datetime(2026, 11, 1, 8, 30, tzinfo=dt.UTC)


def window(layout: str) -> tuple[dt.date, dt.date]:
    return WEEK if layout == "week" else HALF_YEAR


def ours(source: DataSource, ids: list[str], layout: str) -> tuple[int, str]:
    """Our exporter, one page per centre: the bytes written and their digest."""
    start, end = window(layout)
    size = 0
    digest = hashlib.sha256()
    for centre in ids:
        stream = io.BytesIO()
        options = ExportOptions(centres=(centre,), start=start, end=end, extra={"layout": layout})
        export(source, "html", stream, options)
        written = stream.getvalue()
        size += len(written)
        digest.update(written)
    return size, digest.hexdigest()


def precompute(network: list[fc.CentreData], layout: str) -> list[dict[str, Any]]:
    """The rows of every page, computed before the clock starts."""
    start, end = window(layout)
    if layout == "week":
        start, end = HtmlExporter.window(ExportOptions(start=start, end=end))[1:]
    return [
        page_context(item.centre, list(item.offers), start, end, "de", layout) for item in network
    ]


def bare_environment() -> Any:
    import jinja2

    from familycentre.i18n import translator

    t = translator("de")
    folder = Path(fc.__file__).parent / "export" / "templates"
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.install_gettext_callables(  # type: ignore[attr-defined]
        t.gettext, t.ngettext, newstyle=True, pgettext=t.pgettext, npgettext=t.npgettext
    )
    return environment


def bare(environment: Any, pages: list[dict[str, Any]], layout: str) -> tuple[int, str]:
    """Bare Jinja2: the same template filled with the precomputed rows (and JSON-LD)."""
    template = environment.get_template("document.html")
    size = 0
    digest = hashlib.sha256()
    for page in pages:
        text = template.render(
            pages=[page],
            title=page["centre"]["name"]["text"],
            language="de",
            direction="ltr",
            layout=layout,
        )
        written = text.encode("utf-8")
        size += len(written)
        digest.update(written)
    return size, digest.hexdigest()


def interleaved(
    repeat: int, runs: dict[str, Callable[[], tuple[int, str]]]
) -> dict[str, tuple[float, tuple[int, str]]]:
    best: dict[str, float] = {name: float("inf") for name in runs}
    sizes: dict[str, tuple[int, str]] = {}
    for _ in range(repeat):
        for name, run in runs.items():
            started = time.process_time()
            sizes[name] = run()
            best[name] = min(best[name], time.process_time() - started)
    return {name: (best[name], sizes[name]) for name in runs}


def end_to_end(network: list[fc.CentreData], sample: int) -> tuple[float, int]:
    from familycentre.cli import main

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/network.db"
        with fc.open_store(url) as store:
            for item in network:
                store.add(item.centre)
                for offer in item.offers:
                    store.add(offer)
        ids = [item.centre.id for item in network[:sample]]
        started = time.perf_counter()
        size = 0
        for centre in ids:
            out = Path(folder) / f"{centre}.html"
            code = main(
                [
                    "export", "html", "--store", url, "--centre", centre,
                    "--from", WEEK[0].isoformat(), "--to", WEEK[1].isoformat(),
                    "-q", "-o", str(out),
                ]
            )  # fmt: skip
            assert code == 0
            size += out.stat().st_size
        return time.perf_counter() - started, size


def pdf_per_page(network: list[fc.CentreData], sample: int) -> str:
    from familycentre.export.pdf import ChromiumMissing, chromium

    if sample < 1:
        return "pdf: not measured (--pdf-centres 0)"
    try:
        chromium()
    except ChromiumMissing as error:
        return f"pdf: not measured ({error})"
    import pypdf

    source = DataSource(network[:sample], MODIFIED)
    lines = []
    for layout in ("week", "list"):
        start, end = window(layout)
        pages = 0
        started = time.perf_counter()
        for item in network[:sample]:
            stream = io.BytesIO()
            options = ExportOptions(
                centres=(item.centre.id,), start=start, end=end, extra={"layout": layout}
            )
            export(source, "pdf", stream, options)
            pages += len(pypdf.PdfReader(io.BytesIO(stream.getvalue())).pages)
        took = time.perf_counter() - started
        lines.append(
            f"pdf {layout:4}: {sample} centres, {pages} pages in {took:.2f} s wall-clock: "
            f"{took / pages * 1000:.0f} ms per page"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--centres", type=int, default=400)
    parser.add_argument("--offers", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--end-to-end", type=int, default=20, help="centres through the CLI")
    parser.add_argument("--pdf-centres", type=int, default=3)
    args = parser.parse_args()

    network = generate_network(args.centres, args.offers)
    source = DataSource(network, MODIFIED)
    ids = [item.centre.id for item in network]
    environment = bare_environment()
    print(f"network: {len(network)} centres, {sum(len(i.offers) for i in network)} offers")
    for layout in ("week", "list"):
        pages = precompute(network, layout)
        results = interleaved(
            args.repeat,
            {
                "ours": lambda layout=layout: ours(source, ids, layout),
                "bare": lambda pages=pages, layout=layout: bare(environment, pages, layout),
            },
        )
        (mine, (size, digest)), (theirs, (bare_size, bare_digest)) = (
            results["ours"],
            results["bare"],
        )
        assert (size, digest) == (bare_size, bare_digest), (
            f"different output: {size} != {bare_size} bytes or different contents"
        )
        per_centre = mine / len(ids) * 1000
        print(
            f"html {layout:4}: ours {mine:.2f} s ({per_centre:.1f} ms per centre), "
            f"bare Jinja2 {theirs:.2f} s, ratio {mine / theirs:.2f}x (goal <= 1.3x); "
            f"{size / 1e6:.1f} MB each"
        )
    with contextlib.redirect_stderr(io.StringIO()):
        took, size = end_to_end(network, args.end_to_end)
    print(
        f"html week end to end (SQLite store, CLI): {args.end_to_end} centres in {took:.2f} s "
        f"wall-clock, {took / args.end_to_end * 1000:.0f} ms per centre, {size / 1e3:.0f} kB"
    )
    print(pdf_per_page(network, args.pdf_centres))


if __name__ == "__main__":
    main()
