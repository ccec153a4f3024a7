"""SIGKILL a writer in the middle of loads: the store always holds one whole state."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import familycentre as fc
from familycentre.testing import make_centre_data

CENTRES = 8
OFFERS = 15
PARTNERS = 2
KILLS_PER_WORKER = 26  # two workers: 52 kills

WRITER = """
import sys
import familycentre as fc
from familycentre.testing import make_centre_data

url, first = sys.argv[1], sys.argv[2]
centres, offers, partners = (int(n) for n in sys.argv[3:6])
states = {
    tag: [make_centre_data(f"c{i}", offers=offers, partners=partners, tag=tag)
          for i in range(centres)]
    for tag in ("A", "B")
}
store = fc.open_store(url)
print("ready", flush=True)
tag = first
while True:
    tag = "B" if tag == "A" else "A"
    store.load(states[tag])
"""


def state_of(path: Path) -> str:
    """The tag of the whole state; fails when records carry different tags."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        connection.close()
    with fc.open_store(f"sqlite://{path}") as store:
        centres = store.centres()
        offers = store.records(fc.Offer)
        partners = store.partners()
    assert len(centres) == CENTRES
    assert len(offers) == CENTRES * OFFERS
    assert len(partners) == CENTRES * PARTNERS
    tags = {str(c.name)[-1] for c in centres}
    tags |= {str(o.value.title)[-1] for o in offers}
    tags |= {str(p.name)[-1] for p in partners}
    assert len(tags) == 1, f"a mix of states: {tags}"
    assert len({o.revision for o in offers}) == 1, "offers at different revisions"
    return tags.pop()


def kill_loop(path: Path, seed: int) -> set[str]:
    rng = random.Random(seed)
    seen: set[str] = set()
    env = {**os.environ, "FAMILYCENTRE_LOAD_PLUGINS": ""}
    for _ in range(KILLS_PER_WORKER):
        tag = state_of(path)
        seen.add(tag)
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, f"sqlite://{path}", tag]
            + [str(n) for n in (CENTRES, OFFERS, PARTNERS)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == b"ready", writer.stderr
        time.sleep(rng.uniform(0.0, 0.12))
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        assert writer.returncode == -signal.SIGKILL, writer.stderr
        writer.stdout.close()
        if writer.stderr:
            writer.stderr.close()
    seen.add(state_of(path))
    return seen


@pytest.mark.slow
def test_killed_writers_leave_old_or_new_state(tmp_path: Path) -> None:
    paths = [tmp_path / "one.db", tmp_path / "two.db"]
    for path in paths:
        with fc.open_store(f"sqlite://{path}") as store:
            store.load(
                [
                    make_centre_data(f"c{i}", offers=OFFERS, partners=PARTNERS, tag="A")
                    for i in range(CENTRES)
                ]
            )
    with ThreadPoolExecutor(2) as pool:
        seen = set().union(*pool.map(kill_loop, paths, [1, 2]))
    # the writers got somewhere: both states were seen between kills
    assert seen == {"A", "B"}
