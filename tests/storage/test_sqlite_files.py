"""The SQLite store and its file: refusing what is not ours, untouched; migrations; URLs."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import familycentre as fc
from familycentre.storage import default_store_path, default_store_url, scheme_of
from familycentre.storage.sqlite import SCHEMA_VERSION, SQLiteBackend, path_from_url
from familycentre.testing import make_centre_data
from familycentre.testing.builders import make_centre


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def siblings(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir()}


def make_store(path: Path) -> None:
    with fc.open_store(f"sqlite://{path}") as store:
        store.load(make_centre_data(offers=30, partners=5))


def assert_refused(path: Path, match: str) -> None:
    before, files = digest(path), siblings(path)
    with pytest.raises(fc.StoreError, match=match) as caught:
        fc.open_store(f"sqlite://{path}")
    assert str(path) in str(caught.value)
    assert digest(path) == before
    assert siblings(path) == files  # no -wal, -shm or -journal files left behind


def test_random_bytes_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "random.db"
    path.write_bytes(os.urandom(8192))
    assert_refused(path, "not an SQLite database")


def test_a_text_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("[centre]\nid = 'sonnenblume'\n", encoding="utf-8")
    assert_refused(path, r'not an SQLite database \(it begins with "\[centre\]')


def test_sqlite_header_with_garbage_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "garbage.db"
    header = bytearray(b"SQLite format 3\x00" + os.urandom(84))
    header[16:18] = (4096).to_bytes(2, "big")
    header[18:20] = b"\x01\x01"
    header[68:72] = b"\x00\x00\x00\x00"
    path.write_bytes(bytes(header) + os.urandom(4096 * 3 - 100))
    assert_refused(path, "damaged")


def test_truncated_store_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "truncated.db"
    make_store(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 100])
    assert_refused(path, "damaged")


def test_overwritten_pages_give_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "overwritten.db"
    make_store(path)
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    for page in range(1, len(data) // page_size):
        data[page * page_size : page * page_size + 200] = b"\xff" * 200
    path.write_bytes(bytes(data))
    before = digest(path)
    with pytest.raises(fc.StoreError, match="damaged"), fc.open_store(f"sqlite://{path}") as s:
        s.offers()
    assert digest(path) == before


def test_another_applications_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    connection.execute("INSERT INTO invoices (total) VALUES (12.5)")
    connection.commit()
    connection.close()
    assert_refused(path, "other tables \\(invoices\\)")


def test_foreign_application_id_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "app.db"
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA application_id = 1234")
    connection.execute("CREATE TABLE t (x)")
    connection.commit()
    connection.close()
    assert_refused(path, "another application")


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    make_store(path)
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.commit()
    connection.close()
    assert_refused(path, "newer familycentre")


def test_directory_and_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(fc.StoreError, match="is a directory"):
        fc.open_store(f"sqlite://{tmp_path}")
    with pytest.raises(fc.StoreError, match="does not exist"):
        fc.open_store(f"sqlite://{tmp_path}/missing/fc.db")
    assert not (tmp_path / "missing").exists()


def test_new_store_is_set_up(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    with fc.open_store(f"sqlite://{path}"):
        pass
    connection = sqlite3.connect(path)
    pragma = lambda name: connection.execute(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
    assert pragma("user_version") == SCHEMA_VERSION
    assert pragma("journal_mode") == "wal"
    assert pragma("application_id") == 0x46434E54
    indexes = {
        row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='index'")
    }
    assert {"offers_by_centre", "offers_by_category", "partners_by_kind"} <= indexes
    connection.close()
    with fc.Store(SQLiteBackend(f"sqlite://{path}")) as store:  # connection settings
        execute = store.backend.connection.execute
        assert execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert execute("PRAGMA secure_delete").fetchone()[0] == 1
        assert execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_offer_queries_use_indexes(tmp_path: Path) -> None:
    with fc.Store(SQLiteBackend(f"sqlite://{tmp_path / 'fc.db'}")) as store:
        plan = " ".join(
            str(row[-1])
            for row in store.backend.connection.execute(
                "EXPLAIN QUERY PLAN SELECT data FROM offers WHERE centre = ? ORDER BY id", ("x",)
            )
        )
    assert "offers_by_centre" in plan


def test_empty_file_becomes_a_store(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    with fc.open_store(str(path)) as store:
        store.load(make_centre_data())
    with fc.open_store(f"sqlite:{path}") as store:
        assert len(store.offers()) == 3


def test_data_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "fc.db"
    data = make_centre_data(offers=5, tag=" ü'; DROP TABLE offers; --" + "x" * 100_000)
    with fc.open_store(f"sqlite://{path}") as store:
        store.load(data)
        modified = store.record(fc.Offer, data.offers[0].id).modified
    with fc.open_store(f"sqlite://{path}") as store:
        assert set(store.offers()) == set(data.offers)
        record = store.record(fc.Offer, data.offers[0].id)
        assert record.modified == modified
        assert record.modified.tzinfo is not None
    connection = sqlite3.connect(path)
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    connection.close()
    assert {"centres", "offers", "partners", "referrals"} <= tables


def test_url_forms(tmp_path: Path) -> None:
    assert path_from_url("sqlite:///srv/fc.db") == Path("/srv/fc.db")
    assert path_from_url("sqlite://localhost/srv/fc.db") == Path("/srv/fc.db")
    assert path_from_url("sqlite:data/fc.db") == Path("data/fc.db")
    assert path_from_url("sqlite:///srv/my%20centre.db") == Path("/srv/my centre.db")
    assert path_from_url("fc.db") == Path("fc.db")
    with pytest.raises(fc.StoreError, match="not a host"):
        path_from_url("sqlite://server/fc.db")
    with pytest.raises(fc.StoreError, match="name the database file"):
        path_from_url("sqlite:")
    assert scheme_of("SQLite:///x.db") == "sqlite"
    assert scheme_of("/var/lib/fc.db") == "sqlite"
    assert scheme_of("memory:") == "memory"
    assert scheme_of("postgresql://host/db") == "postgresql"


def test_unknown_scheme(tmp_path: Path) -> None:
    with pytest.raises(
        fc.StoreError, match=r"no storage backend for the scheme 'nosuch' \(known: "
    ):
        fc.open_store("nosuch://x")


def test_default_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FAMILYCENTRE_STORE", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_store_path() == tmp_path / "data" / "familycentre" / "familycentre.db"
    with fc.open_store() as store:
        store.load(make_centre_data())
    assert default_store_path().is_file()
    monkeypatch.setenv("XDG_DATA_HOME", "relative/is/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_store_path() == tmp_path / "home" / ".local/share/familycentre/familycentre.db"
    monkeypatch.setenv("FAMILYCENTRE_STORE", "memory:")
    assert default_store_url() == "memory:"
    with fc.open_store() as store:
        assert store.centres() == []


def test_migrations_run_on_open(tmp_path: Path) -> None:
    from familycentre.storage.sqlite import APPLICATION_ID, MIGRATIONS

    path = tmp_path / "old.db"
    connection = sqlite3.connect(path, isolation_level=None)
    for statement in MIGRATIONS[0]:  # a store as the first release wrote it
        connection.execute(statement)
    connection.execute("PRAGMA user_version = 1")
    data = make_centre_data(offers=2)
    connection.execute(
        "INSERT INTO centres VALUES (?, 1, '2026-01-01T00:00:00+00:00', 'x', ?)",
        (data.centre.id, fc.to_json(data.centre)),
    )
    connection.close()
    with fc.open_store(f"sqlite://{path}") as store:
        assert store.get(fc.Centre, data.centre.id) == data.centre
        store.load(data)
        assert len(store.offers()) == 2
        help_case = fc.HelpCase(
            id="h-1", centre=data.centre.id, date=dt.date(2026, 3, 2), kind="household_help"
        )
        store.add(help_case)  # the activity tables of schema version 3
        assert store.activities(fc.HelpCase, year=2026) == [help_case]
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    connection.close()
    assert SCHEMA_VERSION == len(MIGRATIONS) >= 3


def test_two_processes_opening_a_new_store_at_once(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "new.db"
    code = "import sys, familycentre as fc; fc.open_store(sys.argv[1]).close()"
    workers = [
        subprocess.Popen([sys.executable, "-c", code, f"sqlite://{path}"], stderr=subprocess.PIPE)
        for _ in range(4)
    ]
    for worker in workers:
        _, err = worker.communicate(timeout=60)
        assert worker.returncode == 0, err
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    connection.close()


def test_a_second_store_keeps_the_first_ones_locks(tmp_path: Path) -> None:
    """Opening the file again in this process must not drop the first connection's locks.

    Otherwise another process, closing its connection, takes itself for the last user and
    deletes the write-ahead log under the first connection, which then reads an old state.
    """
    url = f"sqlite://{tmp_path / 'fc.db'}"
    first = fc.open_store(url)
    first.add(make_centre())
    with first.reading():
        first.version()
    second = fc.open_store(url)  # the same file, the same process
    reader = (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
        "c.execute('SELECT * FROM centres').fetchall(); c.close()"
    )
    writer = (
        "import familycentre as fc, sys\n"
        "with fc.open_store(sys.argv[1]) as s:\n"
        "    s.update(s.get(fc.Centre, 'sonnenblume'), revision=1)"
    )
    subprocess.run([sys.executable, "-c", reader, str(tmp_path / "fc.db")], check=True)
    before = first.version()
    subprocess.run([sys.executable, "-c", writer, url], check=True)
    with first.reading():
        assert first.version() != before
        assert first.record(fc.Centre, "sonnenblume").revision == 2
    second.close()
    first.close()
