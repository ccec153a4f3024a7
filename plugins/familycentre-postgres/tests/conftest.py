"""Fixtures for the PostgreSQL store's tests: a real server, never a mock.

The server's URL comes from ``FAMILYCENTRE_TEST_POSTGRES_URL``. Without it, or when
the server cannot be reached, the tests skip with a message saying how to start one;
with ``CI=true`` (or ``FAMILYCENTRE_REQUIRE_POSTGRES=1``, which ``.ci/run`` sets) they
fail instead, so that CI never passes without running them.
Each test session works in its own schema, dropped at the end.
"""

from __future__ import annotations

import os
import urllib.parse
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from familycentre.storage import Store
from familycentre_postgres.store import TABLES as STORE_TABLES

URL_ENV = "FAMILYCENTRE_TEST_POSTGRES_URL"
REQUIRED = os.environ.get("CI", "").lower() == "true" or os.environ.get(
    "FAMILYCENTRE_REQUIRE_POSTGRES", ""
) not in ("", "0")
"""Whether the tests must run (CI): then a missing server or plugin fails them."""

try:
    import psycopg
    from psycopg import sql

    from familycentre_postgres import PostgresBackend
except ImportError:  # the plugin is not installed: its tests cannot even be collected
    if REQUIRED:
        raise
    collect_ignore_glob = ["test_*.py"]

    def pytest_report_header() -> str:
        """Say why the PostgreSQL store's tests are missing."""
        return (
            "familycentre-postgres is not installed, its tests were not collected: "
            "pip install -e plugins/familycentre-postgres"
        )


HOW_TO = (
    "start a PostgreSQL server and point FAMILYCENTRE_TEST_POSTGRES_URL at a database "
    "whose role may create schemas, e.g. (Debian): sudo pg_ctlcluster 15 main start; "
    "sudo -u postgres psql -c \"CREATE ROLE familycentre LOGIN PASSWORD 'familycentre'\"; "
    "sudo -u postgres createdb -O familycentre familycentre_test; export "
    f"{URL_ENV}=postgresql://familycentre:familycentre@127.0.0.1:5432/familycentre_test"
)

TABLES = tuple(STORE_TABLES.values())


def with_schema(url: str, schema: str) -> str:
    """``url`` with ``?schema=`` set to ``schema``."""
    parts = urllib.parse.urlsplit(url)
    query = [(k, v) for k, v in urllib.parse.parse_qsl(parts.query) if k != "schema"]
    query.append(("schema", schema))
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


_UNAVAILABLE: list[str] = []


def _unavailable(reason: str) -> None:
    if REQUIRED:
        message = f"PostgreSQL tests cannot run: {reason}. To run them, {HOW_TO}"
        pytest.fail(
            f"{message} (CI=true or FAMILYCENTRE_REQUIRE_POSTGRES=1: these tests must run)",
            pytrace=False,
        )
    _UNAVAILABLE.append(reason)
    # short, so that the summary of skips says it in one line; how to run them is
    # said once, at the end (pytest_terminal_summary)
    pytest.skip(f"PostgreSQL tests cannot run: {reason} (how to run them: end of the report)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without a server URL, skip the tests that need one at once, with one short reason.

    pytest folds skips by marker per file, so the summary has a line per file rather
    than one per test; the hint how to run them follows once at the end.
    """
    if REQUIRED or os.environ.get(URL_ENV):
        return
    here = Path(__file__).resolve().parent
    reason = f"{URL_ENV} is not set"
    marker = pytest.mark.skip(
        reason=f"PostgreSQL tests cannot run: {reason} (how to run them: end of the report)"
    )
    for item in items:
        if "pg_server_url" in getattr(item, "fixturenames", ()) and here in item.path.parents:
            item.add_marker(marker)
            _UNAVAILABLE.append(reason)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say once how to run the PostgreSQL tests that were skipped."""
    if _UNAVAILABLE:
        terminalreporter.write_sep("-", "PostgreSQL tests")
        terminalreporter.write_line(
            f"{len(_UNAVAILABLE)} PostgreSQL tests skipped ({_UNAVAILABLE[0]}). To run them, "
            f"{HOW_TO}"
        )


@pytest.fixture(scope="session")
def pg_server_url() -> str:
    """The test server's URL, checked to be reachable."""
    url = os.environ.get(URL_ENV, "").strip()
    if not url:
        _unavailable(f"{URL_ENV} is not set")
    try:
        with psycopg.connect(url, connect_timeout=5) as connection:
            connection.execute("SELECT 1")
    except psycopg.Error as exc:
        _unavailable(f"the server at {URL_ENV} cannot be reached ({str(exc).strip()})")
    return url


@pytest.fixture(scope="session")
def pg_admin(pg_server_url: str) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    """A second connection to the test database (autocommit), for inspection."""
    with psycopg.connect(pg_server_url, autocommit=True) as connection:
        yield connection


def new_schema() -> str:
    """A fresh, unique schema name."""
    return f"fc_test_{uuid.uuid4().hex[:12]}"


def drop_schema(admin: psycopg.Connection[tuple[object, ...]], schema: str) -> None:
    """Drop ``schema`` and everything in it."""
    admin.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


@pytest.fixture
def fresh_schema_url(
    pg_server_url: str, pg_admin: psycopg.Connection[tuple[object, ...]]
) -> Iterator[str]:
    """The URL of a schema that does not exist yet; dropped after the test."""
    schema = new_schema()
    yield with_schema(pg_server_url, schema)
    drop_schema(pg_admin, schema)


@pytest.fixture(scope="session")
def pg_url(pg_server_url: str, pg_admin: psycopg.Connection[tuple[object, ...]]) -> Iterator[str]:
    """The URL of this session's schema (created on first open, dropped at the end)."""
    schema = new_schema()
    url = with_schema(pg_server_url, schema)
    Store(PostgresBackend(url)).close()
    yield url
    drop_schema(pg_admin, schema)


def schema_of(url: str) -> str:
    """The ``?schema=`` of a store URL."""
    return urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)["schema"][-1]


def empty(admin: psycopg.Connection[tuple[object, ...]], url: str) -> None:
    """Delete every record of the store at ``url``."""
    tables = [sql.Identifier(schema_of(url), name) for name in TABLES]
    admin.execute(sql.SQL("TRUNCATE {}").format(sql.SQL(", ").join(tables)))


@pytest.fixture
def pg_empty(pg_url: str, pg_admin: psycopg.Connection[tuple[object, ...]]) -> Callable[[], None]:
    """A function that deletes every record of the session's store."""
    return lambda: empty(pg_admin, pg_url)


@pytest.fixture
def pg_store(pg_url: str, pg_admin: psycopg.Connection[tuple[object, ...]]) -> Iterator[Store]:
    """A new, empty PostgreSQL store (the session's schema, emptied)."""
    empty(pg_admin, pg_url)
    store = Store(PostgresBackend(pg_url))
    with store:
        yield store
