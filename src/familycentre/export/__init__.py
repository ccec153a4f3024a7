"""Exporters: publish a store's or data files' content in a format.

Built-in: ``ical`` (the programme as an iCalendar file families subscribe to) and
``vcard`` (the partner list for staff phones). Plugins add more through the
``register_exporters`` hook. Run one with :func:`export` (to a stream) or
:func:`export_file` (written atomically)::

    import familycentre as fc
    from familycentre.export import ExportOptions, export_file

    with fc.open_store("sqlite:///centre.db") as store:
        export_file(store, "ical", "programme.ics", ExportOptions(centres=("sonnenblume",)))
"""

from __future__ import annotations

import os
from typing import IO

from familycentre.errors import NotFound
from familycentre.export.base import Exporter, ExportOptions, Option, Visibility
from familycentre.export.sources import DataSource, ExportSource, PrivateDataError, PublicView

__all__ = [
    "DataSource",
    "ExportOptions",
    "ExportSource",
    "Exporter",
    "Option",
    "PrivateDataError",
    "PublicView",
    "Visibility",
    "export",
    "export_file",
    "exporters",
    "get_exporter",
]


def exporters() -> dict[str, Exporter]:
    """The available exporters by name, built-in and from plugins."""
    from familycentre.plugins import get_plugin_manager

    return get_plugin_manager().exporters()


def get_exporter(name: str) -> Exporter:
    """The exporter called ``name``.

    :raises NotFound: naming the available exporters.
    """
    found = exporters()
    if name not in found:
        raise NotFound(
            f"unknown exporter {name!r} (available: {', '.join(sorted(found)) or 'none'})"
        )
    return found[name]


def export(
    source: ExportSource,
    exporter: str | Exporter,
    stream: IO[bytes],
    options: ExportOptions | None = None,
) -> None:
    """Write ``source``'s data with ``exporter`` (a name or an instance) to ``stream``.

    A public exporter reads through a :class:`PublicView`: it cannot see referrals.
    """
    chosen = get_exporter(exporter) if isinstance(exporter, str) else exporter
    options = options or ExportOptions()
    if chosen.visibility is Visibility.PUBLIC:
        source = PublicView(source)
    chosen.write(source, options, stream)


def export_file(
    source: ExportSource,
    exporter: str | Exporter,
    path: str | os.PathLike[str],
    options: ExportOptions | None = None,
) -> None:
    """Like :func:`export`, into the file ``path``, replaced atomically.

    If the export fails, the previous file stays as it was and no partial file is
    left behind (see :func:`familycentre.files.atomic_write`). A symbolic link is
    written through to its target; the path is checked before any work is done
    (the temporary file is opened first).

    :raises familycentre.files.UnsafeOutput: when ``path`` is (or leads to) a
        directory, FIFO, device or socket.
    """
    from familycentre.files import atomic_write

    chosen = get_exporter(exporter) if isinstance(exporter, str) else exporter
    with atomic_write(path) as stream:
        export(source, chosen, stream, options)
