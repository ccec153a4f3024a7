"""The ``postgresql:`` store: a network's shared directory on a PostgreSQL server.

URLs are libpq connection URIs, ``postgresql://user:password@host:5432/dbname``
(``postgres://`` works too), with every libpq parameter (``?sslmode=require``,
``?connect_timeout=5``) and the environment variables libpq reads (``PGPASSWORD``,
``PGHOST``, ``~/.pgpass`` ...). One parameter is the store's own: ``?schema=name``
picks the database schema the tables live in (default :data:`DEFAULT_SCHEMA`).

Each record is kept as the JSON of familycentre's converter (a ``jsonb`` column)
beside indexed columns for the store's queries. Transactions run at ``REPEATABLE
READ``: reads inside one see one state; the records they read are locked against
deletion (``SELECT ... FOR KEY SHARE``); updates check the revision in SQL
(``UPDATE ... WHERE revision = ...``). A write to a record that another transaction
changed meanwhile (PostgreSQL's serialization failure), a deadlock or an id added
twice at the same time raises
:class:`~familycentre.ConflictError`. Writes are buffered inside a transaction and
sent in batches (``COPY`` for new records) when the transaction reads a listing or
commits. The store-wide change version is the largest number in the table
``changes``, which gets one row per write transaction, numbered (with the sequence
``change_numbers``) under an advisory lock held from the numbering to the commit, so
the numbers follow the order of commits (``DELETE FROM changes WHERE version <
(SELECT max(version) FROM changes)`` keeps the table small and may run at any time).
Every database or connection failure becomes a :class:`~familycentre.storage.StoreError`
with a plain message; a lost connection is opened again on the next use.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import urllib.parse
import warnings
from collections.abc import Iterable, Sequence
from typing import Any, Literal, TypeAlias, cast

import psycopg
from psycopg import errors, sql

from familycentre import (
    Attendance,
    Centre,
    CentreData,
    ConflictError,
    Cooperation,
    CounsellingContact,
    Demand,
    Engagement,
    FamiliesReached,
    FamilyContact,
    HelpCase,
    MonthlyAttendance,
    MonthlyHelp,
    NetworkMeeting,
    Offer,
    Participation,
    Partner,
    Referral,
    StoreError,
    from_json,
    to_json,
)
from familycentre.model.help import DEFAULT_CASES
from familycentre.storage import ACTIVITY_KINDS, Query, StorageBackend, Stored, search_text
from familycentre.storage.base import R
from familycentre_postgres.schema import DEFAULT_SCHEMA, migrate

__all__ = ["DEFAULT_SCHEMA", "PostgresBackend", "redact"]


TABLES: dict[type[Any], str] = {
    Centre: "centres",
    Partner: "partners",
    Offer: "offers",
    Referral: "referrals",
    FamilyContact: "family_contacts",
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
"""The table of each record kind, parents before children (the order of inserts)."""

_EXTRA: dict[type[Any], tuple[str, ...]] = {
    Centre: ("search",),
    Partner: ("kind", "search"),
    Offer: ("centre", "category", "audiences", "search"),
    Referral: ("centre", "partner", "family"),
    FamilyContact: ("centre",),
    **{kind: ("centre", "day") for kind in ACTIVITY_KINDS},
    Cooperation: ("centre", "day", "partner"),
}
_COMMON = ("id", "revision", "modified", "data")
_SELECT = "SELECT id, revision, modified, data::text FROM {table}"

_COMMITTING = "commit the transaction"

_NEXT_VERSION = """INSERT INTO changes (version) SELECT setval('change_numbers', greatest(
    (SELECT last_value FROM change_numbers) + 1000000,
    (SELECT max(version) FROM changes) + 1000000,
    (extract(epoch FROM clock_timestamp()) * 1000000)::bigint))"""
"""Number a write transaction's change (under the advisory lock): the sequence holds
the latest number, committed or not, whatever the transaction's snapshot shows."""

_ATTENDANCE_TOTALS = """
    SELECT a.centre, date_trunc('month', a.day)::date AS month, a.data ->> 'offer' AS offer,
        count(*), sum((a.data ->> 'participants')::bigint),
        sum((a.data ->> 'first_time')::bigint),
        (SELECT array_agg(ARRAY[g.audience, g.count::text] ORDER BY g.audience)
            FROM (SELECT e.value ->> 'audience' AS audience,
                        sum((e.value ->> 'count')::bigint) AS count
                  FROM unnest(array_agg(a.data -> 'audiences')) AS lists (list),
                       jsonb_array_elements(lists.list) AS e
                  GROUP BY 1) AS g)
    FROM attendance AS a
    WHERE {where}
    GROUP BY 1, 2, 3"""
"""Attendance by centre, month and offer; the audience counts of each group summed
per audience in a subquery over the group's lists (a missing list adds nothing)."""

_HELP_TOTALS = """
    SELECT a.centre, date_trunc('month', a.day)::date, a.data ->> 'kind', a.data ->> 'need',
        count(*), sum(coalesce((a.data ->> 'cases')::bigint, %s)),
        coalesce(sum((a.data ->> 'hours')::numeric), 0)
    FROM help_cases AS a
    WHERE {where}
    GROUP BY 1, 2, 3, 4"""
"""Help by centre, month, kind and need; hours without a value count 0. familycentre's
converter leaves out fields that have their default value: a record without
``cases`` has the default number (the first parameter)."""


Key: TypeAlias = tuple[type[Any], str]
Op: TypeAlias = tuple[Literal["insert", "update", "delete"], type[Any], str, "Stored[Any] | None"]


DEFAULT_PARAMETERS = {
    "connect_timeout": ("PGCONNECT_TIMEOUT", "10"),
    "application_name": ("PGAPPNAME", "familycentre"),
}
"""libpq parameters a store URL gets unless it (or libpq's environment variable) sets them:
give up connecting after 10 seconds instead of never; show ``familycentre`` in
``pg_stat_activity``."""


def redact(url: str) -> str:
    """``url`` with its password replaced by ``***`` (for messages and ``store.url``)."""
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rpartition("@")[2]
    user = urllib.parse.quote(urllib.parse.unquote(parts.username or ""), safe="")
    return urllib.parse.urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


def split_url(url: str) -> tuple[str, str]:
    """Split a store URL into the libpq connection URI and the schema name."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in ("postgresql", "postgres"):
        raise StoreError(f"{redact(url)}: not a PostgreSQL URL (postgresql://...)")
    query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    schemas = [value for name, value in query if name == "schema"]
    rest = [(name, value) for name, value in query if name != "schema"]
    schema = schemas[-1] if schemas else DEFAULT_SCHEMA
    if not schema:
        raise StoreError(f"{redact(url)}: ?schema= names no schema")
    names = {name for name, _ in rest}
    for name, (env, default) in DEFAULT_PARAMETERS.items():
        if name not in names and not os.environ.get(env):
            rest.append((name, default))
    query_text = urllib.parse.urlencode(rest)
    # Written out by hand: urlunsplit() would drop the "//" of "postgresql:///db".
    conninfo = f"postgresql://{parts.netloc}{parts.path}{'?' if query_text else ''}{query_text}"
    return conninfo, schema


def _row(record: Stored[Any]) -> list[Any]:
    """The column values of a record, in the order of ``_COMMON + _EXTRA[kind]``."""
    value = record.value
    row: list[Any] = [value.id, record.revision, record.modified, to_json(value)]
    if isinstance(value, Centre):
        row.append(search_text(value))
    elif isinstance(value, Partner):
        row += [str(value.kind), search_text(value)]
    elif isinstance(value, Offer):
        row += [
            value.centre,
            str(value.category),
            [str(audience) for audience in value.audiences],
            search_text(value),
        ]
    elif isinstance(value, Referral):
        row += [value.centre, value.partner, value.family]
    elif isinstance(value, Cooperation):
        row += [value.centre, value.day, value.partner]
    elif type(value) in ACTIVITY_KINDS:
        row += [value.centre, value.day]
    else:
        row.append(value.centre)
    return row


class PostgresBackend(StorageBackend):
    """A storage backend in a PostgreSQL database (see the module documentation).

    One backend holds one connection; use one store per thread or process. Open it
    with ``familycentre.open_store("postgresql://...")``.
    """

    holds_family_contacts = True

    def __init__(self, url: str) -> None:
        conninfo, schema = split_url(url)
        super().__init__(redact(url))
        self._conninfo = conninfo
        self.schema = schema
        """The database schema that holds the store's tables."""
        self._in_transaction = False
        self._read_only = False
        self._cache: dict[Key, Stored[Any] | None] = {}
        self._by_centre: dict[str, set[str]] = {}
        self._listed: set[str] = set()
        self._pending: list[Op] = []
        self._erased = False
        self._advance = False
        self._connection = self._connect()
        try:
            self._guard(lambda: migrate(self._connection, schema), "prepare the schema")
        except BaseException:
            self._connection.close()
            raise

    @classmethod
    def from_url(cls, url: str) -> PostgresBackend:
        """Open the store of a ``postgresql://`` URL, creating or migrating its schema."""
        return cls(url)

    # --- connection and errors ------------------------------------------------------------

    def _connect(self) -> psycopg.Connection[Any]:
        try:
            connection = psycopg.connect(self._conninfo, autocommit=True)
        except psycopg.Error as exc:
            raise StoreError(
                f"{self.url}: cannot connect to the PostgreSQL server: {_first_line(exc)}"
            ) from None
        try:
            connection.execute("SELECT set_config('TimeZone', 'UTC', false)")
            connection.execute(
                "SELECT set_config('search_path', %s, false)",
                (sql.Identifier(self.schema).as_string(connection),),
            )
        except psycopg.Error as exc:
            connection.close()
            raise StoreError(f"{self.url}: cannot set up the connection: {exc}") from None
        return connection

    @property
    def backend_pid(self) -> int:
        """The process id of the server process serving this store's connection."""
        return int(self._connection.info.backend_pid)

    def _usable(self) -> psycopg.Connection[Any]:
        """The connection; a lost one is replaced when no transaction is open."""
        if self._connection.closed or self._connection.broken:
            if self._in_transaction:
                raise StoreError(
                    f"{self.url}: the connection to the server was lost; "
                    "the transaction was rolled back"
                )
            self._connection = self._connect()
        return self._connection

    def _error(self, exc: psycopg.Error, doing: str) -> Exception:
        """The familycentre error for a database error met while ``doing`` something."""
        message = _first_line(exc)
        if isinstance(exc, errors.SerializationFailure | errors.DeadlockDetected):
            return ConflictError(
                f"{self.url}: another writer changed the same records at the same time "
                f"({message}); nothing was changed: read them again and redo your change"
            )
        if isinstance(exc, errors.UniqueViolation):
            return ConflictError(
                f"{self.url}: a record with this id was added by someone else meanwhile "
                f"({message})"
            )
        if isinstance(exc, errors.ForeignKeyViolation):
            return ConflictError(f"{self.url}: the change breaks a reference: {message}")
        if isinstance(exc, errors.InsufficientPrivilege):
            return StoreError(
                f"{self.url}: permission denied to {doing}: {message}. The database role "
                "needs CREATE on the database (or on the schema) to create and migrate "
                "the tables, and SELECT, INSERT, UPDATE and DELETE on them"
            )
        lost = isinstance(exc, psycopg.OperationalError) or self._connection.broken
        if lost and doing == _COMMITTING:
            return StoreError(
                f"{self.url}: the connection to the server was lost while committing "
                f"({message}); the changes may or may not have been saved: read the "
                "records again to see"
            )
        if lost:
            return StoreError(
                f"{self.url}: the connection to the server was lost while trying to "
                f"{doing} ({message}); the transaction was rolled back"
            )
        return StoreError(f"{self.url}: the database failed to {doing}: {message}")

    def _guard(self, action: Any, doing: str) -> Any:
        try:
            return action()
        except psycopg.Error as exc:
            raise self._error(exc, doing) from None

    def _execute(self, query: str, params: Sequence[Any] = (), *, doing: str) -> list[Any]:
        """Run one statement and return its rows, raising familycentre's errors.

        Outside a transaction, a connection found lost is opened again and the
        statement tried once more (nothing was under way on the old one).
        """
        connection = self._usable()

        def run() -> list[Any]:
            with connection.cursor() as cursor:
                cursor.execute(cast("Any", query), params)
                return cursor.fetchall() if cursor.description else []

        retry = not self._in_transaction and query != "COMMIT"
        try:
            return run()
        except psycopg.OperationalError as exc:
            if not (retry and connection.broken):
                raise self._error(exc, doing) from None
        except psycopg.Error as exc:
            raise self._error(exc, doing) from None
        connection = self._usable()  # a new connection
        result: list[Any] = self._guard(run, doing)
        return result

    # --- transactions ------------------------------------------------------------------------

    def _reset(self) -> None:
        self._in_transaction = False
        self._read_only = False
        self._cache = {}
        self._by_centre = {}
        self._listed = set()
        self._pending = []
        self._advance = False

    def begin(self) -> None:
        self._usable()
        self._execute("BEGIN ISOLATION LEVEL REPEATABLE READ", doing="begin a transaction")
        self._reset()
        self._in_transaction = True
        self._erased = False

    def commit(self) -> None:
        self._flush()
        if self._advance:
            # Writers do not wait for each other until here: the lock makes the order
            # of the change numbers the order of the commits (released at commit).
            self._execute(
                "SELECT pg_advisory_xact_lock(hashtext(%s))",
                (f"familycentre-postgres:changes:{self.schema}",),
                doing="number the change",
            )
            self._execute(_NEXT_VERSION, doing="number the change")
        self._execute("COMMIT", doing=_COMMITTING)
        self._reset()
        if self._erased:
            self._erased = False
            blocked = self._vacuum()
            if blocked is not None:
                warnings.warn(blocked, RuntimeWarning, stacklevel=2)

    def begin_read(self) -> None:
        self._usable()
        self._execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", doing="begin reading")
        self._reset()
        self._in_transaction = True
        self._read_only = True

    def end_read(self) -> None:
        self.rollback()

    def rollback(self) -> None:
        self._reset()
        self._erased = False
        connection = self._connection
        if not connection.closed and not connection.broken:
            with contextlib.suppress(psycopg.Error):
                connection.execute("ROLLBACK")

    def _vacuum(self) -> str | None:
        """Rewrite the tables of personal data, so that erased data leaves no old rows.

        The referrals and family contacts tables: a deleted or updated row's old
        version stays in the table file until it is vacuumed; ``VACUUM FULL``
        writes the live rows to a new file. It needs the table's owner (or the
        MAINTAIN privilege); without it, PostgreSQL skips it with a warning. It
        waits at most ``timeout`` seconds for readers of the table; when it cannot
        run, it returns why (the erasure itself is committed).
        """
        return self._vacuum_within(5.0)

    def _vacuum_within(self, timeout: float) -> str | None:
        milliseconds = max(int(timeout * 1000), 1)
        try:
            self._execute(f"SET lock_timeout = {milliseconds}", doing="prepare a vacuum")
            try:
                self._execute(
                    "VACUUM (FULL) referrals, family_contacts",
                    doing="remove erased personal data for good",
                )
            finally:
                self._execute("RESET lock_timeout", doing="end a vacuum")
        except StoreError as exc:  # the erasure is committed; only the rewrite is missing
            return (
                f"{exc}; old row versions stay in the table files until "
                "VACUUM (FULL) referrals, family_contacts runs"
            )
        return None

    # --- the change version ------------------------------------------------------------------

    def version(self) -> int:
        """The largest change number visible: in a transaction, that of its snapshot."""
        rows = self._execute("SELECT max(version) FROM changes", doing="read the change version")
        return int(rows[0][0])

    def advance_version(self) -> None:
        """Number this transaction's change when it commits (see :meth:`commit`)."""
        self._advance = True

    # --- the transaction's view: a cache of reads and buffered writes ------------------------

    def _remember(self, kind: type[Any], record_id: str, record: Stored[Any] | None) -> None:
        if kind is Offer:
            old = self._cache.get((kind, record_id))
            if old is not None:
                self._by_centre.get(old.value.centre, set()).discard(record_id)
            if record is not None:
                self._by_centre.setdefault(record.value.centre, set()).add(record_id)
        self._cache[(kind, record_id)] = record

    def _flush(self) -> None:
        """Send the buffered writes: ``COPY`` for new records, batches for the others."""
        pending, self._pending = self._pending, []
        run: list[Op] = []
        for op in pending:
            if run and (run[0][0] == "delete") != (op[0] == "delete"):
                self._send(run)
                run = []
            run.append(op)
        if run:
            self._send(run)

    def _send(self, run: list[Op]) -> None:
        # Each table's rows go in the order of their ids (a stable sort keeps two
        # changes of one record in order), so that two transactions that change
        # the same records wait for each other instead of deadlocking.
        run = sorted(run, key=lambda op: op[2])
        if run[0][0] == "delete":
            for kind in reversed(TABLES):
                ids = [(op[2],) for op in run if op[1] is kind]
                if ids:
                    self._many(f"DELETE FROM {TABLES[kind]} WHERE id = %s", ids, len(ids))
            return
        for kind, table in TABLES.items():
            inserts = [op[3] for op in run if op[1] is kind and op[0] == "insert"]
            if inserts:
                columns = ", ".join(_COMMON + _EXTRA[kind])
                self._copy(f"COPY {table} ({columns}) FROM STDIN", inserts)
            updates = [op[3] for op in run if op[1] is kind and op[0] == "update"]
            if updates:
                names = (_COMMON + _EXTRA[kind])[1:]
                assignments = ", ".join(f"{name} = %s" for name in names)
                rows = [[*_row(r)[1:], r.id, r.revision - 1] for r in updates if r is not None]
                self._many(
                    f"UPDATE {table} SET {assignments} WHERE id = %s AND revision = %s",
                    rows,
                    len(rows),
                )

    def _copy(self, statement: str, records: Iterable[Stored[Any] | None]) -> None:
        connection = self._usable()

        def run() -> None:
            with connection.cursor() as cursor, cursor.copy(cast("Any", statement)) as copy:
                for record in records:
                    if record is not None:
                        copy.write_row(_row(record))

        self._guard(run, "store new records")

    def _many(self, statement: str, rows: Sequence[Sequence[Any]], expected: int) -> None:
        connection = self._usable()

        def run() -> int:
            with connection.cursor() as cursor:
                cursor.executemany(cast("Any", statement), rows)
                return cursor.rowcount

        changed = self._guard(run, "store changes")
        if changed != expected:
            raise ConflictError(
                f"{self.url}: {expected - changed} of {expected} records were changed or "
                "deleted by someone else meanwhile; nothing was changed: read them again "
                "and redo your change"
            )

    # --- the backend interface -------------------------------------------------------------

    def close(self) -> None:
        self._reset()
        self._connection.close()

    def _stored(self, kind: type[R], row: Sequence[Any]) -> Stored[R]:
        record_id, revision, modified, data = row
        personal = kind in (Referral, FamilyContact)
        shown = "(a family's pseudonym)" if kind is FamilyContact else repr(record_id)
        value = from_json(
            data, kind, source=f"{self.url}: {TABLES[kind]} {shown}", personal=personal
        )
        return Stored(value, int(revision), modified.astimezone(dt.UTC))

    def fetch(self, kind: type[R], record_id: str) -> Stored[R] | None:
        if self._in_transaction:
            key = (kind, record_id)
            if key in self._cache:
                return cast("Stored[R] | None", self._cache[key])
            rows = self._execute(
                _SELECT.format(table=TABLES[kind])
                + (" WHERE id = %s" if self._read_only else " WHERE id = %s FOR KEY SHARE"),
                (record_id,),
                doing=f"read the {TABLES[kind][:-1]} {record_id!r}",
            )
            found = self._stored(kind, rows[0]) if rows else None
            self._remember(kind, record_id, found)
            return found
        rows = self._execute(
            _SELECT.format(table=TABLES[kind]) + " WHERE id = %s",
            (record_id,),
            doing=f"read the {TABLES[kind][:-1]} {record_id!r}",
        )
        return self._stored(kind, rows[0]) if rows else None

    def _listed_ids(self, kind: type[Any], query: Query) -> list[str] | None:
        """The ids a query selects when the transaction's cache knows them, else ``None``."""
        if (
            self._in_transaction
            and kind is Offer
            and query.centre in self._listed
            and query == Query(centre=query.centre)
        ):
            return sorted(self._by_centre.get(query.centre or "", ()))
        return None

    def _select(self, columns: str, kind: type[Any], query: Query) -> list[Any]:
        """Rows of ``kind`` that ``query`` selects, ordered by id (after sending writes)."""
        self._flush()
        where: list[str] = []
        params: list[Any] = []
        for column, wanted in query.equalities():  # columns are named like the attributes
            where.append(f"{column} = %s")
            params.append(wanted)
        if query.audience is not None:
            where.append("audiences @> ARRAY[%s]::text[]")
            params.append(str(query.audience))
        if query.needle is not None:
            where.append("strpos(search, %s) > 0")
            params.append(query.needle)
        days = query.days()
        if days is not None:
            where.append("day >= %s::date AND day < %s::date")
            params += days
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        return self._execute(
            f"SELECT {columns} FROM {TABLES[kind]}{clause} ORDER BY id",
            params,
            doing=f"list {TABLES[kind]}",
        )

    def fetch_all(self, kind: type[R], query: Query) -> list[Stored[R]]:
        ids = self._listed_ids(kind, query)
        if ids is not None:
            return [cast("Stored[R]", self._cache[(kind, i)]) for i in ids]
        rows = self._select("id, revision, modified, data::text", kind, query)
        return [self._stored(kind, row) for row in rows]

    def fetch_ids(self, kind: type[Any], query: Query) -> list[str]:
        ids = self._listed_ids(kind, query)
        if ids is not None:
            return ids
        return [row[0] for row in self._select("id", kind, query)]

    def monthly_totals(
        self, kind: type[Any], query: Query
    ) -> list[MonthlyAttendance | MonthlyHelp]:
        """Add up attendance or help records by month in one ``GROUP BY`` query.

        The figures are read from the ``jsonb`` column without decoding the records;
        an attendance record's audience counts with ``jsonb_array_elements``. See
        :meth:`familycentre.storage.StorageBackend.monthly_totals`.
        """
        if kind not in (Attendance, HelpCase):
            return super().monthly_totals(kind, query)
        self._flush()
        where = ["true"]
        params: list[Any] = []
        if query.centre is not None:
            where.append("a.centre = %s")
            params.append(query.centre)
        days = query.days()
        if days is not None:
            where.append("a.day >= %s::date AND a.day < %s::date")
            params += days
        clause = " AND ".join(where)
        if kind is HelpCase:
            rows = self._execute(
                _HELP_TOTALS.format(where=clause),
                [DEFAULT_CASES, *params],
                doing="add up help_cases",
            )
            return [
                MonthlyHelp(
                    centre=centre,
                    kind=help_kind,
                    need=need,
                    month=month,
                    records=int(records),
                    cases=int(cases),
                    hours=float(hours),
                )
                for centre, month, help_kind, need, records, cases, hours in rows
            ]
        rows = self._execute(
            _ATTENDANCE_TOTALS.format(where=clause), params, doing="add up attendance"
        )
        return [
            MonthlyAttendance(
                centre=centre,
                offer=offer,
                month=month,
                records=int(records),
                participants=int(participants),
                first_time=None if first_time is None else int(first_time),
                audiences=[(audience, int(count)) for audience, count in audiences or ()],
            )
            for centre, month, offer, records, participants, first_time, audiences in rows
        ]

    def insert(self, record: Stored[Any]) -> None:
        kind = type(record.value)
        self._pending.append(("insert", kind, record.id, record))
        self._remember(kind, record.id, record)

    def replace(self, record: Stored[Any]) -> None:
        kind = type(record.value)
        self._pending.append(("update", kind, record.id, record))
        self._remember(kind, record.id, record)
        if kind is FamilyContact:  # the old contact details must not linger
            self._erased = True

    def remove(self, kind: type[Any], record_id: str) -> None:
        self._pending.append(("delete", kind, record_id, None))
        self._remember(kind, record_id, None)
        if kind in (Referral, FamilyContact):
            self._erased = True

    # --- bulk load ---------------------------------------------------------------------------

    def before_load(self, items: Sequence[CentreData]) -> None:
        """Read (and lock) every record the data names in a few queries, not one each.

        Called by ``Store.load`` inside its transaction; new records are then sent
        with ``COPY`` when the load commits.
        """
        self._flush()
        wanted: dict[type[Any], set[str]] = {Centre: set(), Partner: set(), Offer: set()}
        for item in items:
            wanted[Centre].add(item.centre.id)
            wanted[Partner].update(partner.id for partner in item.partners)
            wanted[Offer].update(offer.id for offer in item.offers)
        for kind, ids in wanted.items():
            fresh = sorted(i for i in ids if (kind, i) not in self._cache)
            extra = ""
            params: list[Any] = [fresh]
            if kind is Offer:
                extra = " OR centre = ANY(%s)"
                params.append(sorted(wanted[Centre]))
            rows = self._execute(
                _SELECT.format(table=TABLES[kind])
                + f" WHERE id = ANY(%s){extra} ORDER BY id FOR KEY SHARE",
                params,
                doing=f"read {TABLES[kind]}",
            )
            for row in rows:
                if (kind, row[0]) not in self._cache:
                    self._remember(kind, row[0], self._stored(kind, row))
            cache = self._cache
            for record_id in fresh:
                cache.setdefault((kind, record_id), None)  # not stored: nothing to index
        self._listed.update(wanted[Centre])

    # --- extras ------------------------------------------------------------------------------

    def checkpoint(self, *, timeout: float = 5.0) -> str | None:
        """Rewrite the referrals and family contacts tables after an erasure.

        An update or a deletion leaves the old row version in the table file until
        it is vacuumed. ``familycentre.erase_family`` and ``purge_referrals`` call
        this after erasing; deleting referrals or family contacts, and replacing
        contacts, does it by itself at commit. It runs ``VACUUM (FULL) referrals,
        family_contacts`` (see the README for the rights it needs), waiting at most
        ``timeout`` seconds for other transactions on those tables. The server's
        write-ahead log, replicas and backups keep old data until they are recycled;
        that is the database administrator's part.

        :return: ``None`` when done, else why it could not run.
        """
        if self._in_transaction:
            raise StoreError(f"{self.url}: checkpoint() cannot run inside a transaction")
        return self._vacuum_within(timeout)

    def counts(self) -> dict[str, int]:
        """How many records of each kind the store holds (``{"offers": 40, ...}``)."""
        self._flush()
        return {
            table: int(self._execute(f"SELECT count(*) FROM {table}", doing="count")[0][0])
            for table in TABLES.values()
        }


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
