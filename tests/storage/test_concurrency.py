"""Four processes update the same records at once: no lost update, no crash, no lock error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import familycentre as fc
from familycentre.testing import make_centre, make_offer

OFFERS = ["eins", "zwei", "drei"]
ATTEMPTS = 40

UPDATER = """
import json, sys, time
import attrs
import familycentre as fc

url, name, start = sys.argv[1], sys.argv[2], float(sys.argv[3])
ids, attempts = json.loads(sys.argv[4]), int(sys.argv[5])
won = {i: [] for i in ids}
conflicts = 0
store = fc.open_store(url)
while time.time() < start:
    time.sleep(0.001)
for attempt in range(attempts):
    offer_id = ids[attempt % len(ids)]
    record = store.record(fc.Offer, offer_id)
    location = f"{name}-{attempt}"
    try:
        store.update(attrs.evolve(record.value, location=location), revision=record.revision)
    except fc.ConflictError:
        conflicts += 1
    else:
        won[offer_id].append(location)
store.close()
print(json.dumps({"won": won, "conflicts": conflicts}))
"""


def test_concurrent_updates_lose_nothing(tmp_path: Path) -> None:
    url = f"sqlite://{tmp_path / 'fc.db'}"
    with fc.open_store(url) as store:
        store.add(make_centre())
        for offer_id in OFFERS:
            store.add(make_offer(offer_id))
    start = time.time() + 1.5  # every process is up before the first update
    env = {**os.environ, "FAMILYCENTRE_LOAD_PLUGINS": ""}
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                UPDATER,
                url,
                f"p{n}",
                str(start),
                json.dumps(OFFERS),
                str(ATTEMPTS),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for n in range(4)
    ]
    reports = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        assert "locked" not in err
        reports.append(json.loads(out))
    assert (
        sum(len(r["won"][i]) for r in reports for i in OFFERS)
        + sum(r["conflicts"] for r in reports)
        == 4 * ATTEMPTS
    )
    with fc.open_store(url) as store:
        for offer_id in OFFERS:
            won = [location for r in reports for location in r["won"][offer_id]]
            record = store.record(fc.Offer, offer_id)
            # every successful update counted: initial revision 1, one more per success
            assert record.revision == 1 + len(won)
            assert record.value.location in won
