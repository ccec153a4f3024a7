"""Erasure that really erases: no marker stays in the database files, or the command says why.

Another connection holding a read transaction (an ``sqlite3`` shell, a backup job, a
second ``familycentre`` process) keeps the old pages alive in the database file until
it ends. ``erase`` then exits with status 1 and says so; ``erase --finish`` completes
it once the reader is gone. Also: new store files are private (0600 in a 0700
directory), and a shared one is reported.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

import familycentre as fc
from familycentre.cli import main
from familycentre.errors import StoreWarning
from familycentre.testing.referrals import MARKERS, add_marked_family


def _bytes_of(path: Path) -> bytes:
    return b"".join(
        candidate.read_bytes()
        for candidate in (path, path.with_name(path.name + "-wal"))
        if candidate.exists()
    )


def _markers_in(path: Path) -> list[str]:
    raw = _bytes_of(path)
    return [marker for marker in MARKERS if marker.encode() in raw]


def _reader(path: Path) -> subprocess.Popen[str]:
    """Another process that holds a read transaction on the store until told to stop."""
    code = (
        "import sqlite3, sys\n"
        f"c = sqlite3.connect({str(path)!r}, isolation_level=None)\n"
        "c.execute('BEGIN')\n"
        "c.execute('SELECT count(*) FROM referrals').fetchone()\n"
        "print('reading', flush=True)\n"
        "sys.stdin.readline()\n"
        "c.execute('COMMIT')\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "reading"
    return process


def test_erase_with_a_concurrent_reader_fails_loudly_then_finishes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("familycentre.referrals.privacy.ERASURE_WAIT", 0.5)
    path = tmp_path / "fc.db"
    url = f"sqlite://{path}"
    with fc.open_store(url) as store:
        add_marked_family(store)
        assert store.checkpoint() is None
    assert _markers_in(path) == list(MARKERS)  # the check can see them
    reader = _reader(path)
    try:
        status = main(["erase", MARKERS[0], "--store", url])
        err = capsys.readouterr().err
        assert status == 1
        assert "the erasure is recorded" in err
        assert "old copies remain" in err
        assert "erase --finish" in err
        assert "Traceback" not in err
        with fc.open_store(url) as store:  # no longer readable through the store
            assert fc.family_contact(store, MARKERS[0]) is None
            assert store.referrals(family=MARKERS[0]) == []
        assert _markers_in(path) != []  # still on disk: that is why it failed
    finally:
        assert reader.stdin is not None
        reader.stdin.write("\n")
        reader.stdin.flush()
        reader.wait(timeout=10)
    assert main(["erase", "--finish", "--store", url]) == 0
    assert _markers_in(path) == []
    with fc.open_store(url) as store:
        assert fc.family_contact(store, "OTHERFAMILY") is not None


def test_erase_without_readers_leaves_no_marker(tmp_path: Path) -> None:
    path = tmp_path / "fc.db"
    url = f"sqlite://{path}"
    with fc.open_store(url) as store:
        add_marked_family(store)
    assert main(["erase", MARKERS[0], "--store", url, "-q"]) == 0
    assert _markers_in(path) == []


def test_purge_with_a_concurrent_reader_fails_loudly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("familycentre.referrals.privacy.ERASURE_WAIT", 0.5)
    path = tmp_path / "fc.db"
    url = f"sqlite://{path}"
    with fc.open_store(url) as store:
        at = add_marked_family(store)
        fc.transition_referral(store, "r-1", "requested", at=at)
        fc.transition_referral(
            store, "r-1", "cancelled", at=at, reason="no_longer_needed", note=MARKERS[5]
        )
    reader = _reader(path)
    try:
        today = (at.date().replace(year=at.year + 3)).isoformat()
        status = main(["purge", "--older-than", "1m", "--today", today, "--store", url])
        assert status == 1
        assert "old copies remain" in capsys.readouterr().err
    finally:
        assert reader.stdin is not None
        reader.stdin.write("\n")
        reader.stdin.flush()
        reader.wait(timeout=10)
    assert main(["erase", "--finish", "--store", url]) == 0


def test_new_store_files_are_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("FAMILYCENTRE_STORE", raising=False)
    previous = os.umask(0o022)
    try:
        with fc.open_store() as store:
            add_marked_family(store)
    finally:
        os.umask(previous)
    folder = tmp_path / "data" / "familycentre"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for name in ("familycentre.db", "familycentre.db-wal", "familycentre.db-shm"):
        candidate = folder / name
        if candidate.exists():
            assert stat.S_IMODE(candidate.stat().st_mode) == 0o600, name
    assert (folder / "familycentre.db").exists()


def test_a_shared_store_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "fc.db"
    sqlite3.connect(path).close()
    path.chmod(0o644)
    with pytest.warns(StoreWarning, match="chmod 600"), fc.open_store(f"sqlite://{path}"):
        pass
    path.chmod(0o600)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fc.open_store(f"sqlite://{path}").close()


def test_invalid_stored_contact_is_erased_and_never_echoed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "fc.db"
    url = f"sqlite://{path}"
    with fc.open_store(url) as store:
        add_marked_family(store)
    secret = "geheim " + MARKERS[8].replace("@", " bei ")
    with sqlite3.connect(path) as connection:  # a value that no longer validates
        connection.execute(
            "UPDATE family_contacts SET data = json_set(data, '$.emails[0]', ?) WHERE id = ?",
            (secret, MARKERS[0]),
        )
    assert main(["copy", url, f"sqlite://{tmp_path / 'copy.db'}"]) == 1
    err = capsys.readouterr().err
    assert "emails" in err
    assert "value not shown" in err
    assert secret not in err
    assert MARKERS[0] not in err
    assert main(["erase", MARKERS[0], "--store", url]) == 0
    assert secret.encode() not in _bytes_of(path)
    assert _markers_in(path) == []
