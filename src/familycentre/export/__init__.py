"""Exporters: publish a store's or data files' content in a format.

Built-in: ``ical`` (the programme as an iCalendar file families subscribe to) and
``vcard`` (the partner list for staff phones). Plugins add more through the
``register_exporters`` hook. Run one with :func:`export` (to a stream) or
:func:`export_file` (written atomically)::

    import familycentre as fc
    from familycentre.export import ExportOptions, export_file

    with fc.open_store("sqlite:centre.db") as store:
        export_file(store, "ical", "programme.ics", ExportOptions(centres=("sonnenblume",)))
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import IO, Any

from familycentre.errors import InvalidData, NotFound, PrivateDataError, Problem
from familycentre.export.base import Exporter, ExportOptions, Option, Visibility
from familycentre.export.sources import DataSource, ExportSource, PublicView
from familycentre.i18n import check_language
from familycentre.plugins import PluginManager, get_plugin_manager

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
    "parse_options",
]


def _exporter_entry(exporter: Any) -> tuple[str, Exporter]:
    if isinstance(exporter, type) and issubclass(exporter, Exporter):
        instance = exporter()
    elif isinstance(exporter, Exporter):
        instance = exporter
    else:
        raise TypeError(f"{exporter!r} is not an Exporter (familycentre.export.Exporter)")
    return instance.name, instance


def exporters(plugin_manager: PluginManager | None = None) -> dict[str, Exporter]:
    """The available exporters by name, built-in and from plugins (``register_exporters``).

    :raises PluginError: when two plugins register the same name.
    """
    manager = plugin_manager or get_plugin_manager()
    entries = manager.registry("register_exporters", _exporter_entry, "the exporter")
    return {name: entry.value for name, entry in entries.items()}


def get_exporter(name: str, plugin_manager: PluginManager | None = None) -> Exporter:
    """The exporter called ``name``.

    :raises NotFound: naming the available exporters.
    """
    found = exporters(plugin_manager)
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

    :raises InvalidData: naming ``lang`` when ``options.language`` has no catalogue
        (:data:`familycentre.i18n.LANGUAGES`).
    """
    chosen = get_exporter(exporter) if isinstance(exporter, str) else exporter
    options = options or ExportOptions()
    check_language(options.language)
    chosen.check_options(options.extra)
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


def parse_options(exporter: Exporter, settings: Iterable[str]) -> dict[str, Any]:
    """Format options from ``name=value`` texts (the command line's ``-O``), checked.

    Each value is converted to its option's type (see :meth:`Option.parse`).

    :raises InvalidData: listing every setting without ``=``, unknown option and bad
        value, each naming the option and what it allows.
    """
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for setting in settings:
        name, equals, text = setting.partition("=")
        name = name.strip()
        if not equals or not name:
            problems.append(Problem(("options",), f"{setting!r}: give an option as name=value"))
            continue
        try:
            values[name] = exporter.option(name).parse(text)
        except InvalidData as exc:
            problems += exc.problems
    if problems:
        raise InvalidData(problems)
    return values
