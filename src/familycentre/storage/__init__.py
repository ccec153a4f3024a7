"""Stores: where centres, offers, partners and referrals live.

Open one by URL; the scheme picks the backend (``memory:``, ``sqlite:``, or one a
plugin registers)::

    import familycentre as fc

    with fc.open_store("sqlite:///srv/familycentre/fc.db") as store:
        store.load(fc.load("examples/sonnenblume.toml"))
        store.offers(centre="sonnenblume", category="breakfast")

Without a URL, :func:`open_store` opens the default store (:func:`default_store_url`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from familycentre.errors import ConflictError, StoreError
from familycentre.plugins import PluginManager, Registered, get_plugin_manager
from familycentre.storage.base import (
    ACTIVITY_KINDS,
    KINDS,
    Action,
    Event,
    EventSink,
    Query,
    Record,
    RecordChanged,
    RecordKind,
    ReferralMoved,
    StorageBackend,
    Stored,
    kind_of,
    next_version,
    search_text,
    version_time,
)
from familycentre.storage.store import PARENTS_FIRST, LoadResult, Store

__all__ = [
    "ACTIVITY_KINDS",
    "KINDS",
    "PARENTS_FIRST",
    "STORE_ENV",
    "Action",
    "Event",
    "EventSink",
    "LoadResult",
    "Query",
    "Record",
    "RecordChanged",
    "RecordKind",
    "ReferralMoved",
    "StorageBackend",
    "Store",
    "StoreError",
    "Stored",
    "copy_store",
    "default_store_path",
    "default_store_url",
    "kind_of",
    "next_version",
    "open_store",
    "scheme_of",
    "search_text",
    "storage_backends",
    "version_time",
]

STORE_ENV = "FAMILYCENTRE_STORE"
"""The environment variable naming the default store's URL."""

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


def default_store_path() -> Path:
    """The file of the default SQLite store.

    ``$XDG_DATA_HOME/familycentre/familycentre.db``, where ``XDG_DATA_HOME``
    defaults to ``~/.local/share`` (the XDG base directory rules).
    """
    base = os.environ.get("XDG_DATA_HOME") or ""
    root = Path(base) if Path(base).is_absolute() else Path.home() / ".local" / "share"
    return root / "familycentre" / "familycentre.db"


def default_store_url() -> str:
    """The URL of the store used when none is named.

    The environment variable ``FAMILYCENTRE_STORE`` when it is set and not empty,
    otherwise the SQLite file :func:`default_store_path`.
    """
    return os.environ.get(STORE_ENV) or f"sqlite://{default_store_path().as_posix()}"


def scheme_of(url: str) -> str:
    """The backend scheme of a store URL, lowercase; ``"sqlite"`` for a plain file path."""
    match = _SCHEME.match(url)
    if match is None or len(match.group(1)) == 1:  # "C:" is a Windows drive, not a scheme
        return "sqlite"
    return match.group(1).lower()


_VALID_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*")

Opener = Callable[[str], StorageBackend]


def _backend_entry(scheme: object, opener: object) -> tuple[str, Opener]:
    if not isinstance(scheme, str) or not _VALID_SCHEME.fullmatch(scheme):
        raise ValueError(f"invalid scheme {scheme!r} (lowercase letters, digits, +.-)")
    if not callable(opener):
        raise TypeError(f"the scheme {scheme!r} comes with {opener!r}, which is not callable")
    return scheme, opener


def storage_backends(plugin_manager: PluginManager | None = None) -> dict[str, Registered[Opener]]:
    """The storage backends by URL scheme, from the ``register_storage_backends`` hook.

    :return: ``{scheme: Registered(opener, plugin)}``.
    :raises PluginError: when two plugins register the same scheme.
    """
    manager = plugin_manager or get_plugin_manager()
    return manager.registry(
        "register_storage_backends", _backend_entry, "the storage backend for the scheme"
    )


def open_store(url: str | None = None, *, plugin_manager: PluginManager | None = None) -> Store:
    """Open the store at ``url``; the URL's scheme picks the backend.

    ``memory:`` (a new empty store in memory), ``sqlite:///path/to/file.db`` (or a
    plain file path), or a scheme a plugin registers. Without ``url``, the default
    store (:func:`default_store_url`); its directory is created when missing.

    The store delivers its change events (``record_changed``, ``referral_transition``)
    to the observers registered on ``plugin_manager`` (default: the process's).

    :raises StoreError: for an unknown scheme or a store that cannot be opened.
    """
    if url is None:
        url = default_store_url()
        if url == f"sqlite://{default_store_path().as_posix()}":
            default_store_path().parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    manager = plugin_manager or get_plugin_manager()
    backends = storage_backends(manager)
    scheme = scheme_of(url)
    try:
        entry = backends[scheme]
    except KeyError:
        known = ", ".join(sorted(backends)) or "none"
        raise StoreError(
            f"{url}: no storage backend for the scheme {scheme!r} (known: {known}); "
            "is the plugin that provides it installed?"
        ) from None
    backend = entry.value(url)
    if not isinstance(backend, StorageBackend):
        raise StoreError(
            f"{url}: the backend of the plugin {entry.plugin!r} opened {backend!r}, which is "
            "not a familycentre.storage.StorageBackend"
        )
    return Store(backend, events=manager.notify, observes=manager.observes)


def copy_store(source: Store, destination: Store) -> dict[str, int]:
    """Copy every record of ``source`` into the empty store ``destination``, all or nothing.

    Reads one consistent state of the source and imports it with
    :meth:`Store.import_records`, so revisions and modification times are kept and
    exports from the copy are byte for byte the same. Family contact details are
    copied too (never announced).

    :return: How many records of each kind were copied (``{"centre": 1, ...}``).
    :raises ConflictError: when the destination is not empty.
    :raises StoreError: when the source holds family contacts and the destination
        cannot keep them (they would be lost).
    """
    with source.reading():
        records = [record for kind in PARENTS_FIRST for record in source.records(kind)]
    with destination.transaction():
        held = [KINDS[kind] for kind in PARENTS_FIRST if destination.ids(kind)]
        if held:
            raise ConflictError(
                f"{destination.url} is not empty (it holds "
                f"{', '.join(kind.replace('_', ' ') + 's' for kind in held)}); copy into a "
                "new, empty store"
            )
        contacts = sum(record.kind == "family_contact" for record in records)
        if contacts and not destination.holds_family_contacts:
            raise StoreError(
                f"{destination.url} keeps no family contact details; copying would lose "
                f"the {contacts} the source holds"
            )
        destination.import_records(records)
    counts: dict[str, int] = {KINDS[kind]: 0 for kind in PARENTS_FIRST}
    for record in records:
        counts[record.kind] += 1
    return counts
