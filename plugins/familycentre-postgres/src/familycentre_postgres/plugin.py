"""The familycentre plugin: registers the ``postgresql:`` and ``postgres:`` URL schemes.

Found through the entry point ``postgres`` in the group ``familycentre``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from familycentre import hookimpl
from familycentre.hookspecs import StorageRegister

if TYPE_CHECKING:
    from familycentre_postgres.store import PostgresBackend

__all__ = ["register_storage_backends"]


@hookimpl
def register_storage_backends(register: StorageRegister) -> None:
    """Register the PostgreSQL store under ``postgresql`` and ``postgres``."""
    register("postgresql", open_backend)
    register("postgres", open_backend)


def open_backend(url: str) -> PostgresBackend:
    """Open the backend of a ``postgresql://`` URL; psycopg is imported only now."""
    from familycentre_postgres.store import PostgresBackend

    return PostgresBackend.from_url(url)
