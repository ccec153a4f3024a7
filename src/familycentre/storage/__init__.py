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
from pathlib import Path
from typing import TYPE_CHECKING

from familycentre.storage.base import (
    KINDS,
    LoadResult,
    Query,
    Record,
    Store,
    Stored,
    StoreError,
    kind_of,
    search_text,
)

if TYPE_CHECKING:
    from familycentre.plugins import PluginManager

__all__ = [
    "KINDS",
    "STORE_ENV",
    "LoadResult",
    "Query",
    "Record",
    "Store",
    "StoreError",
    "Stored",
    "default_store_path",
    "default_store_url",
    "kind_of",
    "open_store",
    "scheme_of",
    "search_text",
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


def open_store(url: str | None = None, *, plugin_manager: PluginManager | None = None) -> Store:
    """Open the store at ``url``; the URL's scheme picks the backend.

    ``memory:`` (a new empty store in memory), ``sqlite:///path/to/file.db`` (or a
    plain file path), or a scheme a plugin registers. Without ``url``, the default
    store (:func:`default_store_url`); its directory is created when missing.

    :raises StoreError: for an unknown scheme or a store that cannot be opened.
    """
    from familycentre.plugins import get_plugin_manager

    if url is None:
        url = default_store_url()
        if url == f"sqlite://{default_store_path().as_posix()}":
            default_store_path().parent.mkdir(parents=True, exist_ok=True)
    manager = plugin_manager or get_plugin_manager()
    backends = manager.storage_backends()
    scheme = scheme_of(url)
    try:
        backend = backends[scheme]
    except KeyError:
        known = ", ".join(sorted(backends)) or "none"
        raise StoreError(
            f"{url}: no storage backend for the scheme {scheme!r} (known: {known}); "
            "is the plugin that provides it installed?"
        ) from None
    return backend.opener(url)
