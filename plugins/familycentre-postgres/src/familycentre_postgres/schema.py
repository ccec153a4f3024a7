"""The store's tables, and the migrations that create and change them.

The schema carries a version: the table ``schema_version`` holds one row per applied
migration. :func:`migrate` runs when a store is opened. It applies the missing
migrations in one transaction under a transaction-level advisory lock, so that two
processes opening a new database at the same moment do not both try to create the
tables: the second waits, then finds the work done.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import psycopg

from familycentre import StoreError

__all__ = ["DEFAULT_SCHEMA", "MIGRATIONS", "SCHEMA_VERSION", "migrate", "schema_version"]

DEFAULT_SCHEMA = "familycentre"
"""The database schema of a store whose URL names none (``?schema=...``)."""

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: the first schema. Ids compare bytewise (COLLATE "C"), as Python orders them.
    (
        """CREATE TABLE {schema}.centres (
            id text COLLATE "C" PRIMARY KEY,
            revision integer NOT NULL,
            modified timestamptz NOT NULL,
            search text NOT NULL,
            data jsonb NOT NULL
        )""",
        """CREATE TABLE {schema}.partners (
            id text COLLATE "C" PRIMARY KEY,
            kind text NOT NULL,
            revision integer NOT NULL,
            modified timestamptz NOT NULL,
            search text NOT NULL,
            data jsonb NOT NULL
        )""",
        "CREATE INDEX partners_by_kind ON {schema}.partners (kind, id)",
        """CREATE TABLE {schema}.offers (
            id text COLLATE "C" PRIMARY KEY,
            centre text COLLATE "C" NOT NULL REFERENCES {schema}.centres (id),
            category text NOT NULL,
            audiences text[] NOT NULL,
            revision integer NOT NULL,
            modified timestamptz NOT NULL,
            search text NOT NULL,
            data jsonb NOT NULL
        )""",
        "CREATE INDEX offers_by_centre ON {schema}.offers (centre, id)",
        "CREATE INDEX offers_by_category ON {schema}.offers (category, id)",
        "CREATE INDEX offers_by_audience ON {schema}.offers USING gin (audiences)",
        """CREATE TABLE {schema}.referrals (
            id text COLLATE "C" PRIMARY KEY,
            centre text COLLATE "C" NOT NULL REFERENCES {schema}.centres (id),
            partner text COLLATE "C" NOT NULL REFERENCES {schema}.partners (id),
            family text NOT NULL,
            revision integer NOT NULL,
            modified timestamptz NOT NULL,
            data jsonb NOT NULL
        )""",
        "CREATE INDEX referrals_by_centre ON {schema}.referrals (centre, id)",
        "CREATE INDEX referrals_by_partner ON {schema}.referrals (partner, id)",
        "CREATE INDEX referrals_by_family ON {schema}.referrals (family, id)",
    ),
    # 2: families' contact details, apart from their referrals (erased on their own)
    (
        """CREATE TABLE {schema}.family_contacts (
            id text COLLATE "C" PRIMARY KEY,
            centre text COLLATE "C" NOT NULL,
            revision integer NOT NULL,
            modified timestamptz NOT NULL,
            data jsonb NOT NULL
        )""",
        "CREATE INDEX family_contacts_by_centre ON {schema}.family_contacts (centre, id)",
    ),
    # 3: the store-wide change version: one row per write transaction, numbered in the
    # order of commits (microseconds since 1970, see StorageBackend.version); the
    # sequence holds the latest number whatever a transaction's snapshot shows
    (
        "CREATE SEQUENCE {schema}.change_numbers AS bigint",
        "CREATE TABLE {schema}.changes (version bigint PRIMARY KEY)",
        """INSERT INTO {schema}.changes (version)
            VALUES ((extract(epoch FROM clock_timestamp()) * 1000000)::bigint)""",
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
            f"""CREATE TABLE {{schema}}.{table} (
            id text COLLATE "C" PRIMARY KEY,
            centre text COLLATE "C" NOT NULL REFERENCES {{schema}}.centres (id),
            day date NOT NULL,{
                ' partner text COLLATE "C" NOT NULL REFERENCES {schema}.partners (id),'
                if table == "cooperations"
                else ""
            }
            revision integer NOT NULL,
            modified timestamptz NOT NULL,
            data jsonb NOT NULL
        )""",
            f"CREATE INDEX {table}_by_centre_and_day ON {{schema}}.{table} (centre, day, id)",
            f"CREATE INDEX {table}_by_day ON {{schema}}.{table} (day, id)",
        )
    ),
)
"""The migrations: ``MIGRATIONS[n]`` takes a store from version ``n`` to ``n + 1``.

``{schema}`` stands for the quoted schema name. Append a tuple of statements to
change the schema; never edit a released one.
"""

SCHEMA_VERSION = len(MIGRATIONS)
"""The schema version this release writes."""


def _name(connection: psycopg.Connection[Any], schema: str, table: str) -> str:
    from psycopg import sql

    return sql.Identifier(schema, table).as_string(connection)


def schema_version(connection: psycopg.Connection[Any], schema: str) -> int:
    """The version of the store's tables in ``schema``; 0 when there are none yet."""
    table = _name(connection, schema, "schema_version")
    row = connection.execute("SELECT to_regclass(%s)", (table,)).fetchone()
    if row is None or row[0] is None:
        return 0
    found = connection.execute(f"SELECT coalesce(max(version), 0) FROM {table}").fetchone()
    return int(found[0]) if found else 0


def migrate(connection: psycopg.Connection[Any], schema: str) -> int:
    """Create or migrate the store's tables in ``schema``; return the schema version.

    ``connection`` is in autocommit mode. A store already at :data:`SCHEMA_VERSION`
    is only read, so a role without CREATE can use a schema an administrator made.

    :raises StoreError: when the schema was written by a newer release, or holds
        tables of another application.
    """
    version = schema_version(connection, schema)
    if version == SCHEMA_VERSION:
        return version
    if version > SCHEMA_VERSION:
        raise _too_new(schema, version)
    from psycopg import errors, sql

    quoted = sql.Identifier(schema).as_string(connection)
    versions = _name(connection, schema, "schema_version")
    connection.execute("BEGIN")
    try:
        connection.execute(
            "SELECT pg_advisory_xact_lock(hashtext(%s))", (f"familycentre-postgres:{schema}",)
        )
        exists = connection.execute(
            "SELECT 1 FROM pg_namespace WHERE nspname = %s", (schema,)
        ).fetchone()
        if exists is None:
            connection.execute(f"CREATE SCHEMA {quoted}")
        connection.execute(
            f"CREATE TABLE IF NOT EXISTS {versions} ("
            "version integer PRIMARY KEY, applied timestamptz NOT NULL DEFAULT now())"
        )
        version = schema_version(connection, schema)
        if version > SCHEMA_VERSION:
            raise _too_new(schema, version)
        for number in range(version, SCHEMA_VERSION):
            for statement in MIGRATIONS[number]:
                connection.execute(statement.format(schema=quoted))
            connection.execute(f"INSERT INTO {versions} (version) VALUES (%s)", (number + 1,))
    except errors.DuplicateTable as exc:
        connection.execute("ROLLBACK")
        raise StoreError(
            f"the schema {schema!r} already holds tables of another application "
            f"({str(exc).strip().splitlines()[0]}); name another one with ?schema=..."
        ) from None
    except BaseException:
        if not connection.broken:
            connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")
    return SCHEMA_VERSION


def _too_new(schema: str, version: int) -> StoreError:
    return StoreError(
        f"the schema {schema!r} was written by a newer familycentre-postgres (schema "
        f"version {version}, this one knows up to {SCHEMA_VERSION}); upgrade the plugin"
    )
