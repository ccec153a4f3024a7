"""The familycentre plugin: registers the ``postgresql:`` and ``postgres:`` URL schemes.

Found through the entry point ``postgres`` in the group ``familycentre``.
"""

from __future__ import annotations

from familycentre import hookimpl
from familycentre.hookspecs import StorageRegister
from familycentre_postgres.store import PostgresStore

__all__ = ["register_storage_backends"]


@hookimpl
def register_storage_backends(register: StorageRegister) -> None:
    """Register the PostgreSQL store under ``postgresql`` and ``postgres``."""
    register("postgresql", PostgresStore.from_url)
    register("postgres", PostgresStore.from_url)
