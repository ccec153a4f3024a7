"""familycentre-postgres: a PostgreSQL storage backend for familycentre.

Install it beside familycentre and open a store by URL::

    import familycentre as fc

    with fc.open_store("postgresql://familycentre@db.example.org/network") as store:
        store.offers(centre="sonnenblume")

It uses only familycentre's public API, as any third-party plugin would.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from familycentre_postgres.schema import DEFAULT_SCHEMA, MIGRATIONS, SCHEMA_VERSION

try:
    __version__ = version("familycentre-postgres")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

__all__ = ["DEFAULT_SCHEMA", "MIGRATIONS", "SCHEMA_VERSION", "PostgresBackend", "redact"]


def __getattr__(name: str) -> object:
    # The backend (and psycopg with it) is imported on first use only, so that
    # installing this plugin does not slow down commands that never open a store.
    if name in ("PostgresBackend", "redact"):
        from familycentre_postgres import store

        return getattr(store, name)
    raise AttributeError(f"module 'familycentre_postgres' has no attribute {name!r}")
