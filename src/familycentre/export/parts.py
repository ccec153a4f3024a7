"""Rendered parts of exports, kept for the next export: re-exporting renders only what changed.

An exporter that supports incremental export (the iCal exporter) renders each offer's
events on their own and asks a :class:`PartCache` first. The key of a part names
everything that determines its bytes: the exporter and its format options, the
language, the date window, the centre's and the offer's ids, revisions and
modification times, and the versions of familycentre and of the holiday data. A part
is therefore never stale: a changed record has another revision, so its old part is
simply not asked for again (and is evicted as the least recently used). Change events
(:meth:`PartCache.observer`) drop the parts of a changed record at once, so that
memory is not spent on them.

The cache is bounded by the bytes it holds. ``familycentre export ... -o FILE`` keeps
one beside the output file (:meth:`PartCache.load`, :meth:`PartCache.save`); a cache
file that cannot be read, or that another version of familycentre wrote, is ignored:
any doubt means a full export.
"""

from __future__ import annotations

import json
import os
import threading
from collections import OrderedDict
from collections.abc import Hashable
from pathlib import Path
from typing import Any

__all__ = ["DEFAULT_LIMIT", "PartCache", "cache_path"]

DEFAULT_LIMIT = 64 * 1024 * 1024
"""The most bytes of parts a cache holds by default (64 MiB)."""

_FORMAT = 1


def _versions() -> str:
    from importlib.metadata import version

    from familycentre._version import __version__

    try:
        holidays = version("holidays")
    except Exception:  # pragma: no cover - holidays is a dependency
        holidays = "?"
    return f"familycentre {__version__}; holidays {holidays}; parts {_FORMAT}"


def cache_path(output: str | os.PathLike[str]) -> Path:
    """Where ``familycentre export -o OUTPUT`` keeps its cache: ``.OUTPUT.familycentre-parts``."""
    path = Path(output)
    return path.with_name(f".{path.name}.familycentre-parts")


class PartCache:
    """A bounded, least-recently-used store of rendered export parts.

    Safe to share between threads (a feed server's).

    :param limit: The most bytes of parts it holds; the least recently used go first.
    """

    def __init__(self, limit: int = DEFAULT_LIMIT) -> None:
        self.limit = limit
        self.versions = _versions()
        self._parts: OrderedDict[tuple[Hashable, ...], bytes] = OrderedDict()
        self._size = 0
        self.hits = 0
        self.misses = 0
        self.touched: set[tuple[Hashable, ...]] = set()
        """The keys asked for or stored since the cache was made or loaded."""
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._parts)

    @property
    def size(self) -> int:
        """The bytes of parts it holds."""
        return self._size

    def key(self, *parts: Hashable) -> tuple[Hashable, ...]:
        """A part's key: ``parts`` with the versions of familycentre and the holiday data."""
        return (self.versions, *parts)

    def get(self, key: tuple[Hashable, ...]) -> bytes | None:
        """The part stored under ``key``, or ``None`` (counted as a hit or a miss)."""
        with self._lock:
            return self._get(key)

    def _get(self, key: tuple[Hashable, ...]) -> bytes | None:
        found = self._parts.get(key)
        if found is None:
            self.misses += 1
            return None
        self._parts.move_to_end(key)
        self.hits += 1
        self.touched.add(key)
        return found

    def put(self, key: tuple[Hashable, ...], part: bytes) -> None:
        """Keep ``part`` under ``key``, evicting the least recently used beyond the limit."""
        with self._lock:
            self._put(key, part)

    def _put(self, key: tuple[Hashable, ...], part: bytes) -> None:
        old = self._parts.pop(key, None)
        if old is not None:
            self._size -= len(old)
        if len(part) > self.limit:
            return
        self._parts[key] = part
        self._size += len(part)
        self.touched.add(key)
        while self._size > self.limit:
            _, dropped = self._parts.popitem(last=False)
            self._size -= len(dropped)

    def forget(self, record_id: str) -> int:
        """Drop every part that a record with ``record_id`` determines; return how many."""
        with self._lock:
            doomed = [key for key in self._parts if record_id in key]
            for key in doomed:
                self._size -= len(self._parts.pop(key))
            return len(doomed)

    def clear(self) -> None:
        """Drop every part."""
        with self._lock:
            self._parts.clear()
            self._size = 0

    def observer(self) -> object:
        """A plugin object that drops a changed record's parts (register it on a manager).

        ``plugin_manager.register(cache.observer(), name="export-parts")``: the
        ``record_changed`` events of the stores opened with that manager then evict
        the parts of every added, updated or deleted centre and offer at once.
        """
        from familycentre.hookspecs import hookimpl

        cache = self

        class _Observer:
            @hookimpl
            def record_changed(self, kind: str, record_id: str) -> None:
                if kind in ("centre", "offer"):
                    cache.forget(record_id)

        return _Observer()

    # --- persistence, for the command line -------------------------------------------------

    @classmethod
    def load(cls, path: str | os.PathLike[str], limit: int = DEFAULT_LIMIT) -> PartCache:
        """The cache kept in ``path``; an empty one when it is missing or in doubt."""
        cache = cls(limit)
        try:
            plain = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cache
        if not isinstance(plain, dict) or plain.get("versions") != cache.versions:
            return cache
        parts = plain.get("parts")
        if not isinstance(parts, list):
            return cache
        for item in parts:
            if (
                isinstance(item, list)
                and len(item) == 2
                and isinstance(item[0], list)
                and isinstance(item[1], str)
            ):
                cache.put((cache.versions, *_hashable(item[0])), item[1].encode("utf-8"))
        cache.hits = cache.misses = 0
        cache.touched.clear()
        return cache

    def save(
        self, path: str | os.PathLike[str], keep: set[tuple[Hashable, ...]] | None = None
    ) -> None:
        """Write the cache to ``path`` atomically (only the parts in ``keep``, when given)."""
        from familycentre.files import atomic_write

        parts = [
            [list(key[1:]), part.decode("utf-8")]
            for key, part in self._parts.items()
            if keep is None or key in keep
        ]
        text = json.dumps({"versions": self.versions, "parts": parts}, ensure_ascii=False)
        with atomic_write(path) as stream:
            stream.write(text.encode("utf-8"))


def _hashable(items: list[Any]) -> tuple[Hashable, ...]:
    return tuple(tuple(item) if isinstance(item, list) else item for item in items)
