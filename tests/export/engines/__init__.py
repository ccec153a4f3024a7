"""Calendar engines that real clients use, run on exported iCalendar files.

Three engines expand the files, each in its own way:

- ``recurring-ical-events`` (Python, in this process);
- ``eds``: evolution-data-server's recurrence engine (GNOME Evolution), through
  PyGObject with the *system* Python (Debian ``python3-gi`` and ``gir1.2-ecal-2.0``),
  driven by ``eds_expand.py``;
- ``ical.js``: the parser behind Thunderbird (npm ``ical.js``, installed with ``npm ci``
  in this folder), driven by ``icaljs_expand.mjs`` under ``node``.

Each engine gets many files in one call (one subprocess per engine and batch), and
gives for every file the instances that take place: ``(offer id, start, end)`` with
unix seconds for timed instances and ISO dates for all-day ones, so that they compare
with :func:`library_instances` as they are.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import shutil
import subprocess
import zoneinfo
from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs
import icalendar
import recurring_ical_events

import familycentre as fc
from familycentre.schedule import programme

HERE = Path(__file__).resolve().parent
SYSTEM_PYTHON = os.environ.get("FAMILYCENTRE_SYSTEM_PYTHON", "/usr/bin/python3")
ENGINES = ("recurring-ical-events", "eds", "ical.js")
REQUIRED = os.environ.get("CI", "").lower() == "true" or os.environ.get(
    "FAMILYCENTRE_REQUIRE_ENGINES", ""
) not in ("", "0")
"""Whether the engines must run (CI): then a missing engine fails the tests, never skips."""

# how far beyond the export window the engines look: instances there are errors too
MARGIN = dt.timedelta(days=8)

Instance = tuple[str, int | str, int | str]


@attrs.frozen
class Job:
    """One exported file to expand, with its export window and the centre's zone."""

    ics: bytes
    start: dt.date
    end: dt.date
    zone: str

    def bounds(self) -> tuple[int, int]:
        """The interval the engines expand, in unix seconds: the window and a margin."""
        zone = zoneinfo.ZoneInfo(self.zone)
        low = dt.datetime.combine(self.start - MARGIN, dt.time(), zone)
        high = dt.datetime.combine(self.end + MARGIN, dt.time(), zone)
        return int(low.timestamp()), int(high.timestamp())


class EngineError(AssertionError):
    """An engine failed on a file (its message and the file are in the text)."""


def _offer(uid: str) -> str:
    return uid.split(".", 1)[0]


@functools.cache
def missing(engine: str) -> str | None:
    """Why ``engine`` cannot run here, or ``None`` when it can."""
    if engine == "recurring-ical-events":
        return None
    if engine == "ical.js":
        if shutil.which("node") is None:
            return "node is not installed (Debian: apt-get install nodejs npm)"
        if not (HERE / "node_modules" / "ical.js" / "package.json").exists():
            return f"ical.js is not installed: run npm ci in {HERE}"
        return None
    if engine == "eds":
        if not Path(SYSTEM_PYTHON).exists():
            return f"no system Python at {SYSTEM_PYTHON} (set FAMILYCENTRE_SYSTEM_PYTHON)"
        probe = subprocess.run(
            [
                SYSTEM_PYTHON,
                "-c",
                "import gi; gi.require_version('ECal', '2.0'); from gi.repository import ECal",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if probe.returncode:
            return (
                "evolution-data-server's engine is not available to "
                f"{SYSTEM_PYTHON} (Debian: apt-get install python3-gi gir1.2-ecal-2.0): "
                + probe.stderr.strip().splitlines()[-1]
            )
        return None
    raise ValueError(f"unknown engine {engine!r}")


def expand(engine: str, jobs: Sequence[Job]) -> list[list[Instance]]:
    """The instances ``engine`` finds in each file, sorted; one subprocess for all files."""
    if engine == "recurring-ical-events":
        return [_recurring_ical_events(job) for job in jobs]
    if engine == "ical.js":
        command = ["node", str(HERE / "icaljs_expand.mjs")]
    elif engine == "eds":
        command = [SYSTEM_PYTHON, str(HERE / "eds_expand.py")]
    else:
        raise ValueError(f"unknown engine {engine!r}")
    payload = []
    for job in jobs:
        low, high = job.bounds()
        payload.append({"ics": job.ics.decode("utf-8"), "start": low, "end": high})
    done = subprocess.run(
        command,
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        check=False,
        cwd=HERE,
    )
    if done.returncode:
        raise EngineError(f"{engine} failed ({done.returncode}): {done.stderr[-3000:]}")
    results = json.loads(done.stdout)
    assert len(results) == len(jobs)
    out: list[list[Instance]] = []
    for job, result in zip(jobs, results, strict=True):
        if "error" in result:
            raise EngineError(f"{engine} failed on a file:\n{result['error']}\n{job.ics.decode()}")
        out.append(
            sorted(
                ((_offer(uid), start, end) for uid, start, end in result["instances"]), key=repr
            )
        )
    return out


def _value(value: dt.date) -> int | str:
    if isinstance(value, dt.datetime):
        return int(value.timestamp())
    return value.isoformat()


def _recurring_ical_events(job: Job) -> list[Instance]:
    zone = zoneinfo.ZoneInfo(job.zone)
    low, high = job.bounds()
    calendar = icalendar.Calendar.from_ical(job.ics)
    found: list[Instance] = []
    for event in recurring_ical_events.of(calendar).between(
        dt.datetime.fromtimestamp(low, zone), dt.datetime.fromtimestamp(high, zone)
    ):
        if event.get("STATUS") == "CANCELLED":
            continue
        begin = event["DTSTART"].dt
        finish = event["DTEND"].dt if "DTEND" in event else begin
        found.append((_offer(str(event["UID"])), _value(begin), _value(finish)))
    return sorted(found, key=repr)


def library_instances(
    data: fc.CentreData | Iterable[fc.CentreData], start: dt.date, end: dt.date
) -> list[Instance]:
    """The library's occurrences in the engines' terms, sorted."""
    found: list[Instance] = [
        (
            occurrence.offer.id,
            _value(occurrence.start.date() if occurrence.all_day else occurrence.start),
            _value(occurrence.end.date() if occurrence.all_day else occurrence.end),
        )
        for occurrence in programme(data, start, end)
    ]
    return sorted(found, key=repr)
