"""The end-to-end baseline of bench_export.py: a script writing the programme with icalendar.

Run: ``python benchmarks/bare_export.py FOLDER FROM TO OUT.ics``

Reads the centres' data files (``FOLDER/*.json``), computes per centre its closure
calendar and per offer its texts and schedule mapping (the pure functions of
familycentre, see bench_export.py), and writes every event with icalendar, one event
at a time, to ``OUT.ics``.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_export import bare_icalendar, ical_inputs

import familycentre as fc


def main(folder: str, first: str, last: str, out: str) -> None:
    network = [fc.load(path) for path in sorted(Path(folder).glob("*.json"))]
    start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    with open(out, "wb") as stream:
        bare_icalendar(ical_inputs(network, start, end), stream)


if __name__ == "__main__":
    main(*sys.argv[1:5])
