"""A bounded load test on loopback: 20 clients for 20 seconds while a writer changes offers.

Every response must be a 200 or a 304; every body must show one committed state (the
two offers the writer changes together carry the same round number) and the round of
the store version named in its headers; an ETag always stands for one version.
Latency percentiles are printed (run with ``-s`` to see them).
"""

from __future__ import annotations

import gzip
import re
import statistics
import threading
import time
from collections import Counter
from pathlib import Path

import attrs
import icalendar
import pytest

import familycentre as fc
from familycentre.testing.builders import make_centre_data
from tests.serve.server import Server

EXAMPLE = Path(__file__).parents[2] / "examples" / "sonnenblume.toml"
CLIENTS = 20
SECONDS = 20.0
CHANGED = ("ohja-nord-offer-1", "ohja-nord-offer-2")
PATHS = ("/centres/ohja-nord/ical.ics", "/all/ical.ics")
ROUND = re.compile(rb"Runde (\d+)")


@attrs.define
class Seen:
    latencies: list[float] = attrs.Factory(list)
    statuses: Counter[int] = attrs.Factory(Counter)
    bodies: dict[tuple[str, str], tuple[int, bytes]] = attrs.Factory(dict)  # (path, etag)
    errors: list[str] = attrs.Factory(list)
    lock: threading.Lock = attrs.Factory(threading.Lock)


def write_round(store: fc.Store, number: int) -> int:
    """Set both changed offers' location to round ``number`` in one transaction."""
    with store.transaction():
        for offer_id in CHANGED:
            record = store.record(fc.Offer, offer_id)
            store.update(
                attrs.evolve(record.value, location=f"Runde {number}"), revision=record.revision
            )
    return store.version()


def client(server: Server, seen: Seen, stop: threading.Event, index: int) -> None:
    etags: dict[str, str] = {}
    count = 0
    while not stop.is_set():
        path = PATHS[count % len(PATHS)]
        headers = {"Accept-Encoding": "gzip"} if index % 2 else {}
        if path in etags and count % 3:
            headers["If-None-Match"] = etags[path]
        count += 1
        started = time.perf_counter()
        try:
            reply = server.request(path, headers=headers, timeout=20)
        except OSError as exc:
            with seen.lock:
                seen.errors.append(f"{path}: {exc!r}")
            continue
        elapsed = time.perf_counter() - started
        etag = reply.header("etag") or ""
        version = int(reply.header("x-familycentre-version") or 0)
        with seen.lock:
            seen.latencies.append(elapsed)
            seen.statuses[reply.status] += 1
            if reply.status == 200:
                body = reply.body
                if reply.header("content-encoding") == "gzip":
                    body = gzip.decompress(body)
                known = seen.bodies.get((path, etag))
                if known is not None and known != (version, body):
                    seen.errors.append(f"{path}: the ETag {etag} came with two bodies")
                seen.bodies[(path, etag)] = (version, body)
            elif reply.status == 304:
                if etag != headers.get("If-None-Match"):
                    seen.errors.append(f"{path}: a 304 with another ETag than asked for")
            else:
                seen.errors.append(f"{path}: {reply.status} {reply.body[:200]!r}")
        if reply.status == 200:
            etags[path] = etag


@pytest.mark.slow
def test_load_while_writing(tmp_path: Path) -> None:
    url = f"sqlite://{tmp_path / 'fc.db'}"
    rounds: dict[int, int] = {}  # store version -> round number
    with fc.open_store(url) as store:
        store.load(fc.load(EXAMPLE))
        store.load(make_centre_data("ohja-nord", offers=3, partners=1, tag="n"))
        rounds[write_round(store, 0)] = 0
    server = Server(url, tmp_path / "tokens.json")
    seen = Seen()
    stop = threading.Event()
    try:
        threads = [
            threading.Thread(target=client, args=(server, seen, stop, index))
            for index in range(CLIENTS)
        ]
        for thread in threads:
            thread.start()
        with fc.open_store(url) as store:
            deadline = time.monotonic() + SECONDS
            number = 0
            while time.monotonic() < deadline:
                time.sleep(1.0)
                number += 1
                rounds[write_round(store, number)] = number
        stop.set()
        for thread in threads:
            thread.join(60)
    finally:
        stop.set()
        server.stop()

    assert seen.errors == []
    assert set(seen.statuses) <= {200, 304}
    assert seen.statuses[200] > 0
    assert seen.statuses[304] > 0
    versions_seen = set()
    for (path, etag), (version, body) in seen.bodies.items():
        found = set(ROUND.findall(body))
        assert len(found) == 1, f"{path} {etag}: a body mixes rounds {sorted(found)}"
        number = int(found.pop())
        assert rounds.get(version) == number, (
            f"{path} {etag}: the body shows round {number}, its version {version} is round "
            f"{rounds.get(version)}"
        )
        calendar = icalendar.Calendar.from_ical(body)
        locations = {
            str(event.get("LOCATION")).split(",")[0]  # the place, then the centre's address
            for event in calendar.walk("VEVENT")
            if any(offer_id in str(event["UID"]) for offer_id in CHANGED)
        }
        assert locations == {f"Runde {number}"}
        versions_seen.add(version)
    assert len(versions_seen) >= len(rounds) // 2  # the clients followed the changes
    ordered = sorted(seen.latencies)
    p50 = statistics.median(ordered) * 1000
    p99 = ordered[int(len(ordered) * 0.99) - 1] * 1000
    print(
        f"\nload: {len(ordered)} requests by {CLIENTS} clients in {SECONDS:.0f} s while "
        f"{len(rounds) - 1} writes: {dict(seen.statuses)}, {len(versions_seen)} versions "
        f"seen; latency p50 {p50:.1f} ms, p99 {p99:.1f} ms"
    )
