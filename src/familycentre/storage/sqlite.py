"""The ``sqlite:`` store: one file, the embedded default.

URLs: ``sqlite:///absolute/path/fc.db`` (three slashes, like ``file:`` URLs; four,
``sqlite:////absolute/path/fc.db`` as SQLAlchemy writes it, mean the same),
``sqlite:relative/path/fc.db``, or a plain path without a scheme. A file directly
in the filesystem root (``sqlite:///fc.db``, which SQLAlchemy would read as a
relative path) is refused: write ``sqlite:fc.db`` for the working directory.

Each record is kept as JSON written by the one converter, beside indexed columns
for the queries. The connection runs in WAL mode with a busy timeout, foreign keys
and ``secure_delete`` on (deleted personal data is overwritten, not left in free
pages). Writers take the write lock at the start of a transaction
(``BEGIN IMMEDIATE``) and retry while another process holds it, so concurrent
writers wait for each other instead of failing with "database is locked". The
schema carries a version (``PRAGMA user_version``); migrations run when a store is
opened. The store-wide change version (:meth:`StorageBackend.version`) is one row of
the table ``change_version``, advanced by every write transaction; writers hold the
write lock, so versions follow the order of commits. A file that is not a
familycentre store is refused before anything is written to it.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sqlite3
import stat
import threading
import time
import urllib.parse
import warnings
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import Any, TypeVar

from familycentre.errors import ConflictError, StoreError, StoreWarning
from familycentre.hookspecs import StorageRegister, hookimpl
from familycentre.model.attendance import Attendance
from familycentre.model.centre import Centre
from familycentre.model.counselling import CounsellingContact
from familycentre.model.demand import Demand
from familycentre.model.engagement import Engagement
from familycentre.model.help import DEFAULT_CASES, HelpCase
from familycentre.model.network import Cooperation, NetworkMeeting
from familycentre.model.offer import Offer
from familycentre.model.participation import Participation
from familycentre.model.partner import Partner
from familycentre.model.reach import FamiliesReached
from familycentre.model.referral import FamilyContact, Referral
from familycentre.model.totals import TOTALLED, MonthlyAttendance, MonthlyHelp, MonthlyTotal
from familycentre.serialization import from_json, to_json
from familycentre.storage.base import (
    Query,
    R,
    Stamp,
    StorageBackend,
    Stored,
    next_version,
    search_text,
)

__all__ = [
    "ACTIVITY_TABLES",
    "APPLICATION_ID",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "SQLiteBackend",
    "StoreWarning",
    "path_from_url",
    "register_storage_backends",
]

APPLICATION_ID = 0x46434E54
"""``PRAGMA application_id`` of a familycentre store (``FCNT``)."""

T = TypeVar("T")

_PARTNER_COLUMN = "partner TEXT NOT NULL REFERENCES partners (id),"
_MAGIC = b"SQLite format 3\x00"
_COLUMNS = "id, revision, modified, data"

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: the first schema
    (
        f"PRAGMA application_id = {APPLICATION_ID}",
        """CREATE TABLE centres (
            id TEXT PRIMARY KEY,
            revision INTEGER NOT NULL,
            modified TEXT NOT NULL,
            search TEXT NOT NULL,
            data TEXT NOT NULL
        )""",
        """CREATE TABLE offers (
            id TEXT PRIMARY KEY,
            centre TEXT NOT NULL REFERENCES centres (id),
            category TEXT NOT NULL,
            revision INTEGER NOT NULL,
            modified TEXT NOT NULL,
            search TEXT NOT NULL,
            data TEXT NOT NULL
        )""",
        "CREATE INDEX offers_by_centre ON offers (centre, id)",
        "CREATE INDEX offers_by_category ON offers (category, id)",
        """CREATE TABLE offer_audiences (
            audience TEXT NOT NULL,
            offer TEXT NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
            PRIMARY KEY (audience, offer)
        ) WITHOUT ROWID""",
        "CREATE INDEX offer_audiences_by_offer ON offer_audiences (offer)",
        """CREATE TABLE partners (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            revision INTEGER NOT NULL,
            modified TEXT NOT NULL,
            search TEXT NOT NULL,
            data TEXT NOT NULL
        )""",
        "CREATE INDEX partners_by_kind ON partners (kind, id)",
        """CREATE TABLE referrals (
            id TEXT PRIMARY KEY,
            centre TEXT NOT NULL REFERENCES centres (id),
            partner TEXT NOT NULL REFERENCES partners (id),
            family TEXT NOT NULL,
            revision INTEGER NOT NULL,
            modified TEXT NOT NULL,
            data TEXT NOT NULL
        )""",
        "CREATE INDEX referrals_by_centre ON referrals (centre, id)",
        "CREATE INDEX referrals_by_partner ON referrals (partner, id)",
        "CREATE INDEX referrals_by_family ON referrals (family, id)",
    ),
    # 2: families' contact details, apart from their referrals (erased on their own)
    (
        """CREATE TABLE family_contacts (
            id TEXT PRIMARY KEY,
            centre TEXT NOT NULL,
            revision INTEGER NOT NULL,
            modified TEXT NOT NULL,
            data TEXT NOT NULL
        )""",
    ),
    # 3: the store-wide change version, one row, advanced by every write transaction;
    # it starts at the time of the migration (microseconds since 1970)
    (
        """CREATE TABLE change_version (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            version INTEGER NOT NULL
        )""",
        """INSERT INTO change_version (id, version)
            VALUES (1, CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER))""",
    ),
    # 4: activity records (anonymous counts), each kind in its table, by centre and day
    tuple(
        statement
        for table in (
            "attendance",
            "help_cases",
            "counselling_contacts",
            "engagement",
            "participation",
            "cooperations",
            "network_meetings",
            "demand",
            "families_reached",
        )
        for statement in (
            f"""CREATE TABLE {table} (
                id TEXT PRIMARY KEY,
                centre TEXT NOT NULL REFERENCES centres (id),
                day TEXT NOT NULL,
                {_PARTNER_COLUMN if table == "cooperations" else ""}
                revision INTEGER NOT NULL,
                modified TEXT NOT NULL,
                data TEXT NOT NULL
            )""",
            f"CREATE INDEX {table}_by_centre_and_day ON {table} (centre, day, id)",
            f"CREATE INDEX {table}_by_day ON {table} (day, id)",
        )
    ),
)
"""The schema migrations: ``MIGRATIONS[n]`` takes a store from version ``n`` to ``n + 1``.

Append a tuple of statements to change the schema; never edit a released one.
"""

SCHEMA_VERSION = len(MIGRATIONS)
"""The schema version this release writes."""

ACTIVITY_TABLES: dict[type[Any], str] = {
    Attendance: "attendance",
    HelpCase: "help_cases",
    CounsellingContact: "counselling_contacts",
    Engagement: "engagement",
    Participation: "participation",
    Cooperation: "cooperations",
    NetworkMeeting: "network_meetings",
    Demand: "demand",
    FamiliesReached: "families_reached",
}
"""The table of each activity record kind."""

_TABLES: dict[type[Any], str] = {
    Centre: "centres",
    Offer: "offers",
    Partner: "partners",
    Referral: "referrals",
    FamilyContact: "family_contacts",
    **ACTIVITY_TABLES,
}

_DAY_TABLES: dict[type[Any], str] = {
    kind: table for kind, table in ACTIVITY_TABLES.items() if kind is not Cooperation
}
"""The activity tables with the columns ``centre`` and ``day`` only (by exact class)."""

_BATCH = 500
"""Ids per ``IN (...)`` list (SQLite allows 999 parameters by default)."""

BUSY_TIMEOUT = 10.0
"""Seconds SQLite itself waits for a lock before the store's own retries begin."""

BULK_CACHE_KIB = 65536
"""The page cache (KiB) of a connection once it writes many rows at a time.

SQLite's default (2 MiB) is less than the indexes a year of tallies touches: pages
would be written out in the middle of the transaction and read and written again.
Only pages in use take memory."""

BULK_ROWS = 1000
"""Rows in one :meth:`SQLiteBackend.insert_many` from which the page cache is enlarged."""

LOCK_PATIENCE = 60.0
"""Seconds a write waits in all for another process's write lock."""


def path_from_url(url: str) -> Path:
    """The file path of an ``sqlite:`` URL (or of a plain path).

    ``sqlite:///srv/fc.db`` and ``sqlite:////srv/fc.db`` are ``/srv/fc.db``;
    ``sqlite:fc.db`` and ``fc.db`` are relative to the working directory; ``%20`` and
    the like are decoded.

    :raises StoreError: for ``sqlite:///fc.db``: a database directly in the
        filesystem root is not what anyone means (other tools read three slashes as
        a relative path); the message says how to write either.
    """
    if url.startswith("sqlite:"):
        rest = url[len("sqlite:") :]
        if rest.startswith("//"):
            parts = urllib.parse.urlsplit(url)
            if parts.netloc not in ("", "localhost"):
                raise StoreError(
                    f"{url}: an sqlite URL names a local file (sqlite:///path/to/file.db), "
                    f"not a host ({parts.netloc!r})"
                )
            rest = parts.path
            if rest.startswith("//"):
                rest = rest[1:]  # sqlite:////srv/fc.db, as SQLAlchemy writes absolute paths
            if rest.startswith("/") and rest.count("/") == 1 and len(rest) > 1:
                name = urllib.parse.unquote(rest[1:])
                raise StoreError(
                    f"{url}: this names {rest!r} in the filesystem root; for a file in the "
                    f"working directory write sqlite:{name}, for an absolute path "
                    f"sqlite:///path/to/{name} (or sqlite:////path/to/{name})"
                )
        path = urllib.parse.unquote(rest)
    else:
        path = url
    if not path:
        raise StoreError(f"{url!r}: name the database file (sqlite:///path/to/file.db)")
    return Path(path)


def _describe_start(head: bytes) -> str:
    if not head:
        return "it is empty"
    printable = head[:16].decode("ascii", "replace")
    shown = "".join(c if c.isprintable() else "." for c in printable)
    return f"it begins with {shown!r}"


def check_file(path: Path) -> None:
    """Refuse a file that is not an SQLite database, before SQLite touches it.

    A missing or empty file is fine (a new store is created there).

    :raises StoreError: naming the file and what is wrong.
    """
    if path.is_dir():
        raise StoreError(f"{path}: is a directory, not a database file")
    if not path.parent.is_dir():
        raise StoreError(f"{path}: the directory {path.parent} does not exist")
    try:
        with path.open("rb") as stream:
            head = stream.read(100)
            size = os.fstat(stream.fileno()).st_size
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the database file: {exc.strerror}") from None
    if size == 0:
        return
    if len(head) < 100 or not head.startswith(_MAGIC):
        raise StoreError(
            f"{path}: not a familycentre store: the file is not an SQLite database "
            f"({_describe_start(head)}); the file was left untouched"
        )
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    valid_page = 512 <= page_size <= 65536 and page_size & (page_size - 1) == 0
    if not valid_page or head[18] not in (1, 2) or head[19] not in (1, 2) or size % page_size:
        raise StoreError(
            f"{path}: the database file is damaged (its header is invalid or the file is "
            "truncated); the file was left untouched. Restore it from a backup."
        )
    application_id = int.from_bytes(head[68:72], "big")
    if application_id not in (0, APPLICATION_ID):
        raise StoreError(
            f"{path}: an SQLite database of another application (application_id "
            f"0x{application_id:08x}), not a familycentre store; the file was left untouched"
        )


def _create_private(path: Path) -> None:
    """Create a missing store file readable by its owner only; warn about a shared one.

    SQLite gives the ``-wal`` and ``-shm`` files the database file's permissions, so
    they are private too.
    """
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        mode = path.stat().st_mode
        if os.name == "posix" and mode & 0o077 and stat.S_ISREG(mode):
            warnings.warn(
                f"{path}: the store holds families' contact details but other users may "
                f"read it (permissions {stat.filemode(mode)}); run: chmod 600 {path}",
                StoreWarning,
                stacklevel=4,
            )
        return
    except OSError as exc:
        raise StoreError(f"{path}: cannot create the database file: {exc.strerror}") from None
    os.close(descriptor)


_OPEN_FILES: dict[tuple[int, int], int] = {}
_OPEN_LOCK = threading.Lock()


def _file_key(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


def _in_use(path: Path) -> bool:
    """Whether a connection of this process has the database file ``path`` open.

    Then the file is not opened again from Python (:func:`check_file`): closing any
    descriptor of a file drops every POSIX lock the process holds on it, also the
    locks of its SQLite connections. Without them, another process closing its last
    connection would believe it is the last user, checkpoint and delete the
    write-ahead log under this process's open connections (which then keep reading
    an old state). SQLite's own opens are safe: it shares one descriptor per file.
    """
    key = _file_key(path)
    with _OPEN_LOCK:
        return key is not None and _OPEN_FILES.get(key, 0) > 0


def _hold(path: Path) -> tuple[int, int] | None:
    key = _file_key(path)
    if key is not None:
        with _OPEN_LOCK:
            _OPEN_FILES[key] = _OPEN_FILES.get(key, 0) + 1
    return key


def _release(key: tuple[int, int] | None) -> None:
    if key is None:
        return
    with _OPEN_LOCK:
        left = _OPEN_FILES.get(key, 0) - 1
        if left > 0:
            _OPEN_FILES[key] = left
        else:
            _OPEN_FILES.pop(key, None)


_ATTENDANCE_TOTALS = """
    SELECT a.centre, substr(a.day, 1, 7), a.data ->> '$.offer',
        json_extract(a.data, e.fullkey || '.audience'),
        count(CASE WHEN e.key IS NULL OR e.key = 0 THEN 1 END),
        sum(CASE WHEN e.key IS NULL OR e.key = 0 THEN a.data ->> '$.participants' END),
        sum(CASE WHEN e.key IS NULL OR e.key = 0 THEN a.data ->> '$.first_time' END),
        sum(json_extract(a.data, e.fullkey || '.count'))
    FROM attendance AS a LEFT JOIN json_each(a.data, '$.audiences') AS e
    WHERE a.centre = ? AND a.day >= ? AND a.day < ?
    GROUP BY 1, 2, 3, 4"""
"""Attendance by centre, month, offer and audience group, in one pass over the records.

The join gives a record once per audience group it counts (once with ``NULL`` when
it counts none); its participants and first-time visitors are taken from its first
row only, so each is added once. :func:`_attendance_totals` adds the groups of one
offer and month together."""

_HELP_TOTALS = """
    SELECT a.centre, substr(a.day, 1, 7), a.data ->> '$.kind', a.data ->> '$.need',
        count(*), sum(coalesce(a.data ->> '$.cases', ?)), total(a.data ->> '$.hours')
    FROM help_cases AS a
    WHERE a.centre = ? AND a.day >= ? AND a.day < ?
    GROUP BY 1, 2, 3, 4"""
"""Help by centre, month, kind and need; hours without a value count 0 (``total``).

The converter leaves out fields that have their default value: a record without
``cases`` has the default number (the first parameter,
:data:`familycentre.model.help.DEFAULT_CASES`)."""


def _months(first: str, last: str) -> list[tuple[str, str]]:
    """The months from the day ``first`` to the day ``last`` (ISO days).

    Each as ``(its first day, the first day of the next month)``.
    """
    year, month = int(first[:4]), int(first[5:7])
    end = (int(last[:4]), int(last[5:7]))
    found = []
    while (year, month) <= end:
        following = (year + month // 12, month % 12 + 1)
        found.append((f"{year:04d}-{month:02d}-01", f"{following[0]:04d}-{following[1]:02d}-01"))
        year, month = following
    return found


def _month_of(text: str) -> dt.date:
    """The first day of the month ``YYYY-MM``."""
    return dt.date(int(text[:4]), int(text[5:7]), 1)


def _attendance_totals(rows: Sequence[Sequence[Any]]) -> list[MonthlyTotal]:
    """Totals of attendance from the rows of :data:`_ATTENDANCE_TOTALS`."""
    merged: dict[tuple[str, str, str], list[Any]] = {}
    for centre, month, offer, audience, records, participants, first_time, count in rows:
        entry = merged.get((centre, month, offer))
        if entry is None:
            entry = merged[(centre, month, offer)] = [0, 0, None, []]
        entry[0] += records
        entry[1] += participants or 0
        if first_time is not None:
            entry[2] = first_time + (entry[2] or 0)
        if audience is not None:
            entry[3].append((audience, count))
    months: dict[str, dt.date] = {}
    totals: list[MonthlyTotal] = []
    for (centre, month, offer), (records, participants, first_time, audiences) in merged.items():
        first = months.get(month)
        if first is None:
            first = months[month] = _month_of(month)
        totals.append(
            MonthlyAttendance(
                centre=centre,
                offer=offer,
                month=first,
                records=records,
                participants=participants,
                first_time=first_time,
                audiences=audiences,
            )
        )
    return totals


class SQLiteBackend(StorageBackend):
    """A store in an SQLite database file (see the module documentation)."""

    holds_family_contacts = True

    def __init__(self, url: str, *, path: Path | None = None) -> None:
        super().__init__(url)
        self.path = path if path is not None else path_from_url(url)
        self._file: tuple[int, int] | None = None
        self._bulk_cache = False  # whether BULK_CACHE_KIB is set (see insert_many)
        if not _in_use(self.path):  # see _in_use: never open a file this process has open
            check_file(self.path)
            _create_private(self.path)
        try:
            self._connection = sqlite3.connect(
                self.path, timeout=BUSY_TIMEOUT, isolation_level=None
            )
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open the database: {exc}") from None
        try:
            self._inspect()
            self._configure()
            self._migrate()
        except BaseException:
            self._connection.close()
            raise
        self._file = _hold(self.path)

    @property
    def connection(self) -> sqlite3.Connection:
        """The backend's SQLite connection, for inspection and SQLite-specific queries.

        Writing through it bypasses the store's revisions and events: read only.
        """
        return self._connection

    @classmethod
    def from_url(cls, url: str) -> SQLiteBackend:
        """Open (or create) the store of an ``sqlite:`` URL."""
        return cls(url)

    # --- opening --------------------------------------------------------------------------

    def _damaged(self, exc: sqlite3.Error) -> StoreError:
        """The error to raise for ``exc``: a damaged file, or another failure named plainly."""
        message = str(exc).lower()
        if isinstance(exc, sqlite3.OperationalError) and not any(
            word in message for word in ("malformed", "not a database", "corrupt")
        ):
            return StoreError(f"{self.path}: the database cannot be used: {exc}")
        return StoreError(
            f"{self.path}: the database is damaged or not a familycentre store ({exc}); "
            "restore it from a backup"
        )

    def _inspect(self) -> None:
        """Check, reading only, that this is a readable familycentre store."""
        execute = self._connection.execute
        try:
            # One read transaction: another process creating the store at this moment
            # is seen either before its schema exists or after, never half way.
            self._retrying(lambda: execute("BEGIN DEFERRED"))
            try:
                version = execute("PRAGMA user_version").fetchone()[0]
                application_id = execute("PRAGMA application_id").fetchone()[0]
                tables = {
                    row[0]
                    for row in execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                }
            finally:
                execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            raise self._damaged(exc) from None
        if version == 0 and tables:
            raise StoreError(
                f"{self.path}: an SQLite database with other tables ({', '.join(sorted(tables))})"
                ", not a familycentre store; the file was left untouched"
            )
        if version and application_id != APPLICATION_ID:
            raise StoreError(
                f"{self.path}: an SQLite database of another application, not a "
                "familycentre store; the file was left untouched"
            )
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: the store was written by a newer familycentre (schema "
                f"version {version}, this one knows up to {SCHEMA_VERSION}); upgrade familycentre"
            )

    def _configure(self) -> None:
        execute = self._connection.execute
        try:
            execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
            execute("PRAGMA foreign_keys = ON")
            execute("PRAGMA secure_delete = ON")
            mode = self._retrying(lambda: execute("PRAGMA journal_mode = WAL").fetchone()[0])
            if str(mode).lower() != "wal":
                raise StoreError(f"{self.path}: cannot switch the database to WAL mode ({mode})")
            execute("PRAGMA synchronous = NORMAL")
        except sqlite3.DatabaseError as exc:
            raise self._damaged(exc) from None

    def _migrate(self) -> None:
        version = self._connection.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA_VERSION:
            return
        self.begin()
        try:
            version = self._connection.execute("PRAGMA user_version").fetchone()[0]
            for number in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[number]:
                    self._connection.execute(statement)
            self._connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except BaseException:
            self.rollback()
            raise
        self.commit()

    def _retrying(self, action: Callable[[], T]) -> T:
        """Run ``action``, retrying while another process holds a lock.

        SQLite's busy timeout waits first; this waits on, with growing pauses, up to
        :data:`LOCK_PATIENCE` seconds in all.
        """
        deadline = time.monotonic() + LOCK_PATIENCE
        delay = 0.005
        while True:
            try:
                return action()
            except sqlite3.OperationalError as exc:
                message = str(exc).lower()
                if "locked" not in message and "busy" not in message:
                    raise
                if time.monotonic() > deadline:
                    raise StoreError(
                        f"{self.path}: the database stayed locked by another process for "
                        f"{LOCK_PATIENCE:.0f} seconds"
                    ) from None
            time.sleep(delay * (1 + random.random()))
            delay = min(delay * 2, 0.25)

    # --- the backend interface ---------------------------------------------------------------

    def close(self) -> None:
        self._connection.close()
        _release(self._file)
        self._file = None

    def begin(self) -> None:
        try:
            self._retrying(lambda: self._connection.execute("BEGIN IMMEDIATE"))
        except sqlite3.DatabaseError as exc:
            raise self._damaged(exc) from None

    def begin_read(self) -> None:
        try:
            self._retrying(lambda: self._connection.execute("BEGIN DEFERRED"))
        except sqlite3.DatabaseError as exc:
            raise self._damaged(exc) from None

    def end_read(self) -> None:
        self.rollback()

    def commit(self) -> None:
        try:
            self._connection.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"{self.path}: the transaction could not be committed: {exc}"
            ) from exc

    def rollback(self) -> None:
        if self._connection.in_transaction:
            self._connection.execute("ROLLBACK")

    def version(self) -> int:
        return int(self._query("SELECT version FROM change_version")[0][0])

    def advance_version(self) -> None:
        # writers hold the write lock: the row read here is the latest one
        current = self._query("SELECT version FROM change_version")[0][0]
        self._write_sql("UPDATE change_version SET version = ?", (next_version(int(current)),))

    def _query(self, sql: str, parameters: Sequence[Any] = ()) -> list[Any]:
        try:
            return self._retrying(lambda: self._connection.execute(sql, parameters).fetchall())
        except sqlite3.DatabaseError as exc:
            raise self._damaged(exc) from None

    def _write_sql(self, sql: str, parameters: Sequence[Any] = ()) -> None:
        try:
            self._connection.execute(sql, parameters)
        except sqlite3.IntegrityError as exc:
            raise ConflictError(f"{self.path}: the change breaks a reference: {exc}") from None
        except sqlite3.DatabaseError as exc:
            raise self._damaged(exc) from None

    def _stored(self, kind: type[R], row: Any) -> Stored[R]:
        record_id, revision, modified, data = row
        personal = kind in (Referral, FamilyContact)
        shown = "(a family's pseudonym)" if kind is FamilyContact else repr(record_id)
        value = from_json(
            data, kind, source=f"{self.path}: {_TABLES[kind]} {shown}", personal=personal
        )
        return Stored(value, revision, dt.datetime.fromisoformat(modified))

    def fetch(self, kind: type[R], record_id: str) -> Stored[R] | None:
        rows = self._query(f"SELECT {_COLUMNS} FROM {_TABLES[kind]} WHERE id = ?", (record_id,))
        return self._stored(kind, rows[0]) if rows else None

    def exists(self, kind: type[Any], record_id: str) -> bool:
        sql = f"SELECT 1 FROM {_TABLES[kind]} WHERE id = ?"
        return bool(self._query(sql, (record_id,)))

    def fetch_ids(self, kind: type[Any], query: Query) -> list[str]:
        clause, parameters = self._where(query)
        rows = self._query(f"SELECT id FROM {_TABLES[kind]}{clause} ORDER BY id", parameters)
        return [row[0] for row in rows]

    def fetch_stamps(self, kind: type[Any], query: Query) -> list[Stamp]:
        clause, parameters = self._where(query)
        sql = f"SELECT id, revision, modified FROM {_TABLES[kind]}{clause} ORDER BY id"
        return [
            (record_id, revision, dt.datetime.fromisoformat(modified))
            for record_id, revision, modified in self._query(sql, parameters)
        ]

    def fetch_all(self, kind: type[R], query: Query) -> list[Stored[R]]:
        clause, parameters = self._where(query)
        sql = f"SELECT {_COLUMNS} FROM {_TABLES[kind]}{clause} ORDER BY id"
        return [self._stored(kind, row) for row in self._query(sql, parameters)]

    def monthly_totals(self, kind: type[Any], query: Query) -> list[MonthlyTotal]:
        """Add up attendance or help records by month, one centre's month at a time.

        The figures are read from each record's JSON with ``->>`` (SQLite 3.38 or
        later) without decoding it into an object; an attendance record's audience
        counts with ``json_each``. SQLite's ``GROUP BY`` sorts the rows it groups, and
        a sort of a million rows costs more than reading them; a total never spans
        two months or two centres, so each centre's months are added up by one
        query each, read in order from the index by centre and day, with small
        sorts. All in one read transaction. See :meth:`StorageBackend.monthly_totals`.
        """
        if kind not in TOTALLED:
            return super().monthly_totals(kind, query)
        table = ACTIVITY_TABLES[kind]
        first, after = query.days() or ("0000-01-01", "9999-12-31")
        own = not self._connection.in_transaction
        if own:
            self.begin_read()
        try:
            if query.centre is not None:
                centres = [query.centre]
            else:
                centres = [row[0] for row in self._query("SELECT id FROM centres ORDER BY id")]
            rows: list[Any] = []
            for centre in centres:
                span = self._query(
                    f"SELECT min(day), max(day) FROM {table} "
                    "WHERE centre = ? AND day >= ? AND day < ?",
                    (centre, first, after),
                )[0]
                if span[0] is None:
                    continue
                for start, end in _months(span[0], span[1]):
                    if kind is HelpCase:
                        rows += self._query(_HELP_TOTALS, (DEFAULT_CASES, centre, start, end))
                    else:
                        rows += self._query(_ATTENDANCE_TOTALS, (centre, start, end))
        finally:
            if own:
                self.end_read()
        if kind is Attendance:
            return _attendance_totals(rows)
        months: dict[str, dt.date] = {}
        return [
            MonthlyHelp(
                centre=centre,
                kind=help_kind,
                need=need,
                month=months.get(month) or months.setdefault(month, _month_of(month)),
                records=records,
                cases=cases,
                hours=hours,
            )
            for centre, month, help_kind, need, records, cases, hours in rows
        ]

    def encoded(self, kind: type[Any], ids: Collection[str]) -> dict[str, tuple[int, str]]:
        table = _TABLES[kind]
        wanted = list(ids)
        if not wanted:
            return {}
        found: dict[str, tuple[int, str]] = {}
        if len(wanted) > _BATCH:  # many: one pass over the table beats many IN lists
            chosen = set(wanted)
            for record_id, revision, data in self._query(
                f"SELECT id, revision, data FROM {table}"
            ):
                if record_id in chosen:
                    found[record_id] = (revision, data)
            return found
        marks = ", ".join("?" * len(wanted))
        sql = f"SELECT id, revision, data FROM {table} WHERE id IN ({marks})"
        for record_id, revision, data in self._query(sql, wanted):
            found[record_id] = (revision, data)
        return found

    def _where(self, query: Query) -> tuple[str, list[Any]]:
        where: list[str] = []
        parameters: list[Any] = []
        for column, wanted in query.equalities():  # columns are named like the attributes
            where.append(f"{column} = ?")
            parameters.append(wanted)
        if query.audience is not None:
            where.append("id IN (SELECT offer FROM offer_audiences WHERE audience = ?)")
            parameters.append(str(query.audience))
        if query.needle is not None:
            where.append("instr(search, ?) > 0")
            parameters.append(query.needle)
        days = query.days()
        if days is not None:
            where.append("day >= ? AND day < ?")
            parameters += days
        return (f" WHERE {' AND '.join(where)}" if where else ""), parameters

    def _row(
        self, record: Stored[Any], modified: str | None = None
    ) -> tuple[str, list[str], list[Any]]:
        """The table, the extra column names and the values of a record's row.

        :param modified: ``record.modified`` as ISO text, when the caller has it already.
        """
        value = record.value
        text = modified if modified is not None else record.modified.isoformat()
        common = [value.id, record.revision, text, to_json(value)]
        table = _DAY_TABLES.get(type(value))
        if table is not None:  # an activity record (but a cooperation): filed by centre, day
            return table, ["centre", "day"], [*common, value.centre, value.day.isoformat()]
        if isinstance(value, Centre):
            return "centres", ["search"], [*common, search_text(value)]
        if isinstance(value, Offer):
            return (
                "offers",
                ["centre", "category", "search"],
                [*common, value.centre, str(value.category), search_text(value)],
            )
        if isinstance(value, Partner):
            return "partners", ["kind", "search"], [*common, str(value.kind), search_text(value)]
        if isinstance(value, FamilyContact):
            return "family_contacts", ["centre"], [*common, value.centre]
        if isinstance(value, Cooperation):
            return (
                "cooperations",
                ["centre", "day", "partner"],
                [*common, value.centre, value.day.isoformat(), value.partner],
            )
        return (
            "referrals",
            ["centre", "partner", "family"],
            [
                *common,
                value.centre,
                value.partner,
                value.family,
            ],
        )

    def _audiences(self, record: Stored[Any], *, new: bool = False) -> None:
        if not isinstance(record.value, Offer):
            return
        if not new:
            self._write_sql("DELETE FROM offer_audiences WHERE offer = ?", (record.id,))
        rows = [(str(audience), record.id) for audience in record.value.audiences]
        if rows:
            try:
                self._connection.executemany(
                    "INSERT INTO offer_audiences (audience, offer) VALUES (?, ?)", rows
                )
            except sqlite3.IntegrityError as exc:
                raise ConflictError(f"{self.path}: the change breaks a reference: {exc}") from None
            except sqlite3.DatabaseError as exc:
                raise self._damaged(exc) from None

    def insert(self, record: Stored[Any]) -> None:
        table, extra, values = self._row(record)
        names = ", ".join(["id", "revision", "modified", "data", *extra])
        marks = ", ".join("?" * len(values))
        self._write_sql(f"INSERT INTO {table} ({names}) VALUES ({marks})", values)
        self._audiences(record, new=True)

    def insert_many(self, records: Sequence[Stored[Any]]) -> None:
        if len(records) >= BULK_ROWS and not self._bulk_cache:
            self._connection.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
            self._bulk_cache = True
        batches: dict[str, tuple[list[str], list[Sequence[Any]]]] = {}
        audiences: list[tuple[str, str]] = []
        moment: dt.datetime | None = None  # a bulk load writes one time: its text once
        modified = ""
        for record in records:
            if record.modified is not moment:  # the same object (equal times may differ in text)
                moment, modified = record.modified, record.modified.isoformat()
            value = record.value
            day_table = _DAY_TABLES.get(type(value))
            if day_table is not None:  # an activity record: the row as _row() makes it
                batch = batches.get(day_table)
                if batch is None:
                    batch = batches[day_table] = (["centre", "day"], [])
                batch[1].append(
                    (
                        value.id,
                        record.revision,
                        modified,
                        to_json(value),
                        value.centre,
                        value.day.isoformat(),
                    )
                )
                continue
            table, extra, values = self._row(record, modified)
            batches.setdefault(table, (extra, []))[1].append(values)
            if isinstance(record.value, Offer):
                audiences += [(str(a), record.id) for a in record.value.audiences]
        try:
            first = ("centres", "partners", "offers", "referrals")  # references first
            order = [t for t in first if t in batches] + [t for t in batches if t not in first]
            for table in order:
                extra, rows = batches[table]
                if rows:
                    names = ", ".join(["id", "revision", "modified", "data", *extra])
                    marks = ", ".join("?" * (4 + len(extra)))
                    sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"
                    self._connection.executemany(sql, rows)
            if audiences:
                self._connection.executemany(
                    "INSERT INTO offer_audiences (audience, offer) VALUES (?, ?)", audiences
                )
        except sqlite3.IntegrityError as exc:
            raise ConflictError(f"{self.path}: the change breaks a reference: {exc}") from None
        except sqlite3.DatabaseError as exc:
            raise self._damaged(exc) from None

    def replace(self, record: Stored[Any]) -> None:
        table, extra, values = self._row(record)
        names = ["revision", "modified", "data", *extra]
        assignments = ", ".join(f"{name} = ?" for name in names)
        self._write_sql(f"UPDATE {table} SET {assignments} WHERE id = ?", [*values[1:], values[0]])
        self._audiences(record)

    def remove(self, kind: type[Any], record_id: str) -> None:
        if kind is Offer:
            self._write_sql("DELETE FROM offer_audiences WHERE offer = ?", (record_id,))
        self._write_sql(f"DELETE FROM {_TABLES[kind]} WHERE id = ?", (record_id,))

    # --- extras -------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """How many records of each kind the store holds (``{"offers": 40, ...}``)."""
        return {
            table: self._query(f"SELECT count(*) FROM {table}")[0][0] for table in _TABLES.values()
        }

    def checkpoint(self, *, timeout: float = 5.0) -> str | None:
        """Copy the write-ahead log into the database file and truncate the log.

        Deleted and overwritten pages are already zeroed (``secure_delete``); this
        removes the old pages from the ``-wal`` file too. While another connection
        holds a read transaction, the log cannot be truncated: the checkpoint is
        retried until ``timeout`` seconds have passed.

        :return: ``None`` when the log was copied and truncated, else what blocks it.
        """
        deadline = time.monotonic() + max(timeout, 0.0)
        delay = 0.01
        execute = self._connection.execute
        execute(f"PRAGMA busy_timeout = {int(min(max(timeout, 0.0), BUSY_TIMEOUT) * 1000)}")
        try:
            return self._checkpoint_until(deadline, delay)
        finally:
            execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")

    def _checkpoint_until(self, deadline: float, delay: float) -> str | None:
        while True:
            try:
                busy, log, copied = self._connection.execute(
                    "PRAGMA wal_checkpoint(TRUNCATE)"
                ).fetchone()
            except sqlite3.OperationalError as exc:
                busy, log, copied = 1, -1, -1
                if "locked" not in str(exc).lower() and "busy" not in str(exc).lower():
                    raise self._damaged(exc) from None
            if not busy and log in (0, -1) and copied in (0, -1):
                return None
            if time.monotonic() >= deadline:
                return (
                    f"another connection to {self.path} holds a read or write transaction, so "
                    "the write-ahead log (with the old values) cannot be emptied yet"
                )
            time.sleep(delay)
            delay = min(delay * 2, 0.2)


@hookimpl(trylast=True)
def register_storage_backends(register: StorageRegister) -> None:
    """Register the built-in ``sqlite:`` backend."""
    register("sqlite", SQLiteBackend.from_url)
