"""The ``memory:`` store: records in dictionaries, gone when the process ends.

Useful for tests, for scripts that read a data file and export it, and as the
reference the other backends are compared with. Each ``open_store("memory:")``
gives a new, empty store.
"""

from __future__ import annotations

from typing import Any

from familycentre.hookspecs import StorageRegister, hookimpl
from familycentre.storage.base import (
    Query,
    R,
    StorageBackend,
    Stored,
    cast_stored,
    next_version,
)

__all__ = ["MemoryBackend", "register_storage_backends"]


class MemoryBackend(StorageBackend):
    """Records in memory. Transactions keep an undo log and replay it on rollback."""

    holds_family_contacts = True

    def __init__(self, url: str = "memory:") -> None:
        super().__init__(url)
        self._tables: dict[type[Any], dict[str, Stored[Any]]] = {}
        self._undo: list[tuple[type[Any], str, Stored[Any] | None]] = []
        self._version = next_version(0)  # the time the store was created
        self._committed_version = self._version

    @classmethod
    def from_url(cls, url: str) -> MemoryBackend:
        """Open a new, empty store; ``url`` is ``"memory:"`` (anything after it is ignored)."""
        return cls(url)

    def _table(self, kind: type[Any]) -> dict[str, Stored[Any]]:
        return self._tables.setdefault(kind, {})

    def begin(self) -> None:
        self._undo = []

    def commit(self) -> None:
        self._undo = []
        self._committed_version = self._version

    def version(self) -> int:
        return self._version

    def advance_version(self) -> None:
        self._version = next_version(self._version)

    def rollback(self) -> None:
        self._version = self._committed_version
        for kind, record_id, previous in reversed(self._undo):
            table = self._table(kind)
            if previous is None:
                table.pop(record_id, None)
            else:
                table[record_id] = previous
        self._undo = []

    def fetch(self, kind: type[R], record_id: str) -> Stored[R] | None:
        found = self._table(kind).get(record_id)
        return None if found is None else cast_stored(kind, found)

    def fetch_all(self, kind: type[R], query: Query) -> list[Stored[R]]:
        table = self._table(kind)
        return [
            cast_stored(kind, table[key])
            for key in sorted(table)
            if query.matches(table[key].value)
        ]

    def _write(self, record: Stored[Any]) -> None:
        table = self._table(type(record.value))
        self._undo.append((type(record.value), record.id, table.get(record.id)))
        table[record.id] = record

    def insert(self, record: Stored[Any]) -> None:
        self._write(record)

    def replace(self, record: Stored[Any]) -> None:
        self._write(record)

    def remove(self, kind: type[Any], record_id: str) -> None:
        table = self._table(kind)
        self._undo.append((kind, record_id, table.get(record_id)))
        table.pop(record_id, None)


@hookimpl(trylast=True)
def register_storage_backends(register: StorageRegister) -> None:
    """Register the built-in ``memory:`` backend."""
    register("memory", MemoryBackend.from_url)
