"""An example familycentre storage backend: the whole store in one JSON file.

URLs: ``jsonfile:///absolute/path/store.json`` or ``jsonfile:relative/store.json``.
The file is read when the store opens and replaced atomically when a transaction
commits, so a crash leaves the previous version. One process at a time. It keeps
family contact details too; erasing them rewrites the whole file, so no old copy
remains.
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.parse
from pathlib import Path
from typing import Any

import familycentre as fc
from familycentre.files import atomic_write
from familycentre.hookspecs import StorageRegister
from familycentre.storage import Query, StorageBackend, Stored, StoreError, next_version

__all__ = ["JsonFileBackend", "register_storage_backends"]

__version__ = "0.1.0"

_KINDS: dict[str, type[Any]] = {
    "centres": fc.Centre,
    "offers": fc.Offer,
    "partners": fc.Partner,
    "referrals": fc.Referral,
    "family_contacts": fc.FamilyContact,
    "attendance": fc.Attendance,
    "help_cases": fc.HelpCase,
    "counselling_contacts": fc.CounsellingContact,
    "engagement": fc.Engagement,
    "participation": fc.Participation,
    "cooperations": fc.Cooperation,
    "network_meetings": fc.NetworkMeeting,
    "demand": fc.Demand,
    "families_reached": fc.FamiliesReached,
}
_NAMES = {kind: name for name, kind in _KINDS.items()}


class JsonFileBackend(StorageBackend):
    """A store in one JSON file."""

    holds_family_contacts = True

    def __init__(self, url: str) -> None:
        super().__init__(url)
        rest = url.removeprefix("jsonfile:")
        if rest.startswith("//"):
            rest = urllib.parse.urlsplit(url).path
        self.path = Path(urllib.parse.unquote(rest))
        self._tables: dict[type[Any], dict[str, Stored[Any]]] = {k: {} for k in _NAMES}
        self._saved: dict[type[Any], dict[str, Stored[Any]]] | None = None
        self._version = next_version(0)  # a new store: the time it was created
        self._saved_version = self._version
        if self.path.exists():
            self._read()

    @classmethod
    def from_url(cls, url: str) -> JsonFileBackend:
        """Open the store of a ``jsonfile:`` URL."""
        return cls(url)

    def _read(self) -> None:
        try:
            plain = json.loads(self.path.read_text(encoding="utf-8"))
            for name, kind in _KINDS.items():
                for record_id, item in plain.get(name, {}).items():
                    value = fc.structure(item["data"], kind)
                    modified = dt.datetime.fromisoformat(item["modified"])
                    self._tables[kind][record_id] = Stored(value, item["revision"], modified)
            self._version = int(plain.get("version", self._version))
        except (ValueError, KeyError, TypeError, fc.InvalidData) as exc:
            message = f"{self.path}: not a store of familycentre-example-store: {exc}"
            raise StoreError(message) from None

    def _write(self) -> None:
        plain: dict[str, Any] = {"version": self._version}
        plain |= {
            _NAMES[kind]: {
                record_id: {
                    "revision": record.revision,
                    "modified": record.modified.isoformat(),
                    "data": fc.to_plain(record.value),
                }
                for record_id, record in sorted(table.items())
            }
            for kind, table in self._tables.items()
        }
        with atomic_write(self.path) as stream:
            stream.write(json.dumps(plain, ensure_ascii=False, indent=1).encode("utf-8"))

    # the backend interface: a copy of the tables is the undo log
    def begin(self) -> None:
        self._saved = {kind: dict(table) for kind, table in self._tables.items()}
        self._saved_version = self._version

    def commit(self) -> None:
        self._write()
        self._saved = None

    def rollback(self) -> None:
        if self._saved is not None:
            self._tables, self._saved = self._saved, None
            self._version = self._saved_version

    # the change version is kept in the file beside the records (one process at a time)
    def version(self) -> int:
        return self._version

    def advance_version(self) -> None:
        self._version = next_version(self._version)

    def fetch(self, kind: type[Any], record_id: str) -> Stored[Any] | None:
        return self._tables[kind].get(record_id)

    def fetch_all(self, kind: type[Any], query: Query) -> list[Stored[Any]]:
        table = self._tables[kind]
        return [table[key] for key in sorted(table) if query.matches(table[key].value)]

    def insert(self, record: Stored[Any]) -> None:
        self._tables[type(record.value)][record.id] = record

    def replace(self, record: Stored[Any]) -> None:
        self._tables[type(record.value)][record.id] = record

    def remove(self, kind: type[Any], record_id: str) -> None:
        self._tables[kind].pop(record_id, None)


@fc.hookimpl
def register_storage_backends(register: StorageRegister) -> None:
    """Register the ``jsonfile:`` backend."""
    register("jsonfile", JsonFileBackend.from_url)
